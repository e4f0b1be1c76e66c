"""Rendering one template for one order, in the sandbox, in this process.

Callers outside this package render through the pool (pool.py), which runs this in a render
process under OS limits; only the render processes and the tests call it directly. Any error,
whatever the template did, comes back as TemplateRenderError with the template line when known.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator
from typing import Any, cast

from jinja2 import Template
from jinja2.exceptions import SecurityError, UndefinedError

from .checks import compile_template, unknown_variable
from .errors import TemplateRenderError
from .formatting import babel_locale, zone_info
from .limits import MAX_OUTPUT, MAX_SOURCE
from .render_state import CURRENT, RenderState


def render(source: str, context: dict[str, Any], *, locale: str, time_zone: str) -> str:
    """Render a seller's template for one order: text in `locale` (e.g. "de-DE"), dates in
    `time_zone` (e.g. "Europe/Berlin"). Raises TemplateRenderError, with the template line when
    known, on any error or when a limit (MAX_OUTPUT, TIME_BUDGET, ...) is reached."""
    template = _checked(source, context)
    state = RenderState(babel_locale(locale), zone_info(time_zone))
    token = CURRENT.set(state)
    stream = cast(Generator[str, None, None], template.generate(context))  # Jinja's is a generator
    try:
        return _collect(stream, template, state)
    except TemplateRenderError as error:
        if error.line is None:
            error.line = _template_line(error)
        raise
    except SecurityError as error:
        raise TemplateRenderError(f"not allowed: {error}", _template_line(error)) from None
    except UndefinedError as error:
        raise TemplateRenderError(str(error), _template_line(error)) from None
    except RecursionError as error:
        raise TemplateRenderError("macros call each other too deeply", _template_line(error)) from None
    except MemoryError:
        raise  # the render process's memory limit (pool.py) reports it with its budget
    except Exception as error:  # noqa: BLE001 - a template can raise anything Python can: report, never crash
        raise TemplateRenderError(_explain(error), _template_line(error)) from None
    finally:
        stream.close()
        CURRENT.reset(token)


def _checked(source: str, context: dict[str, Any]) -> Template:
    """The compiled template, once its source, its syntax and the variables it uses are fine."""
    if len(source) > MAX_SOURCE:
        raise TemplateRenderError(f"the template is longer than {MAX_SOURCE:,} characters", 1)
    compiled = compile_template(source)
    if compiled.problems:
        problem = compiled.problems[0]
        raise TemplateRenderError(problem.message, problem.line)
    if not context.keys() >= compiled.names:
        line, name = next((line, name) for line, name in compiled.uses if name not in context)
        raise TemplateRenderError(unknown_variable(name), line)
    return compiled.template


def _collect(stream: Iterator[str], template: Template, state: RenderState) -> str:
    """The rendered text, chunk by chunk, within MAX_OUTPUT and the render's time budget."""
    chunks = []
    size = 0
    for chunk in stream:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateRenderError(
                f"the message would be longer than {MAX_OUTPUT:,} characters", _current_line(stream, template)
            )
        chunks.append(chunk)
        if time.perf_counter() > state.deadline:
            try:
                state.overtime()
            except TemplateRenderError as error:
                error.line = _current_line(stream, template)
                raise
    return "".join(chunks)


def _explain(error: Exception) -> str:
    message = str(error)
    if isinstance(error, TypeError | ValueError | ArithmeticError | LookupError):
        return message or type(error).__name__
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _template_line(error: BaseException) -> int | None:
    """The template line an exception came from: the innermost traceback frame Jinja rewrote."""
    line = getattr(error, "lineno", None)
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _current_line(stream, template) -> int | None:
    """The template line of the output a suspended template generator just produced."""
    generator = stream
    while getattr(generator, "gi_yieldfrom", None) is not None and hasattr(generator.gi_yieldfrom, "gi_frame"):
        generator = generator.gi_yieldfrom
    frame = getattr(generator, "gi_frame", None)
    if frame is None or frame.f_code.co_filename != "<template>":
        return None
    return template.get_corresponding_lineno(frame.f_lineno)
