"""Reading a template before it runs: parsing, the static checks, and compiling once per text.

The static checks find what no render should have to: `{% include %}`, `{% extends %}` and
`{% import %}` (a message template must stand on its own), unknown filters and tests, and the
variables a template reads, with their lines, so that an unknown name is reported where it stands.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError

from .context import VARIABLES
from .environment import ENVIRONMENT, GLOBALS
from .errors import TemplateProblem, TemplateRenderError
from .guards import LOOP_GUARD
from .limits import MAX_SOURCE
from .syntax import explain

_FORBIDDEN_TAGS = {
    nodes.Include: "include",
    nodes.Extends: "extends",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
}


@dataclass(frozen=True)
class Compiled:
    """A template as compile_template leaves it: ready to render, or its problems."""

    template: Any = None
    names: frozenset = frozenset()  # the variables the template reads from its context
    uses: tuple = ()  # (line, name) of each read, for error messages
    problems: tuple = ()  # why the template cannot be compiled


def analyse(tree) -> tuple[list[tuple[int, str]], list[TemplateProblem]]:
    """Walk the parsed template: free variables with their lines, forbidden tags, unknown filters."""
    uses: list[tuple[int, str]] = []
    problems: list[TemplateProblem] = []

    def targets(node) -> set[str]:
        return {name.name for name in node.find_all(nodes.Name)} | (
            {node.name} if isinstance(node, nodes.Name) else set()
        )

    def body(statements, scope):
        for statement in statements:
            walk(statement, scope)

    def walk(node, scope: set[str]):
        if isinstance(node, nodes.Name):
            if node.ctx == "load" and node.name not in scope:
                uses.append((node.lineno, node.name))
            return
        if isinstance(node, nodes.NSRef):
            if node.name not in scope:
                uses.append((node.lineno, node.name))
            return
        if type(node) in _FORBIDDEN_TAGS:
            tag = _FORBIDDEN_TAGS[type(node)]
            problems.append(
                TemplateProblem(node.lineno, f"{{% {tag} %}} is not allowed: a message template must stand on its own")
            )
            return
        if isinstance(node, nodes.Filter) and node.name not in ENVIRONMENT.filters:
            problems.append(TemplateProblem(node.lineno, _unknown("filter", node.name, _public_filters())))
        elif isinstance(node, nodes.Test) and node.name not in ENVIRONMENT.tests:
            problems.append(TemplateProblem(node.lineno, _unknown("test", node.name, sorted(ENVIRONMENT.tests))))
        if isinstance(node, nodes.For):
            walk(node.iter, scope)
            inner = scope | targets(node.target) | {"loop"}
            if node.test is not None:
                walk(node.test, inner)
            body(node.body, inner)
            body(node.else_, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            if isinstance(node, nodes.Macro):
                scope.add(node.name)
            else:
                walk(node.call, scope)
            inner = scope | {arg.name for arg in node.args} | {"varargs", "kwargs", "caller"}
            body(node.defaults, inner)
            body(node.body, inner)
        elif isinstance(node, nodes.With):
            body(node.values, scope)
            inner = set(scope)
            for target in node.targets:
                inner |= targets(target)
            body(node.body, inner)
        elif isinstance(node, nodes.Assign):
            walk(node.node, scope)
            if isinstance(node.target, nodes.NSRef):
                walk(node.target, scope)
            else:
                scope |= targets(node.target)
        elif isinstance(node, nodes.AssignBlock):
            if node.filter is not None:
                walk(node.filter, scope)
            body(node.body, scope)
            scope |= targets(node.target)
        else:
            for child in node.iter_child_nodes():
                walk(child, scope)

    walk(tree, set(GLOBALS))
    return uses, problems


def _public_filters() -> list[str]:
    return sorted(name for name in ENVIRONMENT.filters if name != LOOP_GUARD)


def _unknown(kind: str, name: str, available: list[str]) -> str:
    close = difflib.get_close_matches(name, available, n=1)
    return f"unknown {kind} {name!r}" + (f". Did you mean {close[0]!r}?" if close else "")


def unknown_variable(name: str) -> str:
    close = difflib.get_close_matches(name, list(VARIABLES), n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return f"unknown variable {name!r}.{hint} Available: {', '.join(VARIABLES)}"


def parse(source: str):
    """Parse, or raise TemplateRenderError with the line, column and reason in plain words."""
    if len(source) > MAX_SOURCE:
        raise TemplateRenderError(f"the template is longer than {MAX_SOURCE:,} characters", 1)
    try:
        return ENVIRONMENT.parse(source)
    except TemplateSyntaxError as error:
        problem = explain(source, error)
        raise TemplateRenderError(problem.message, problem.line, problem.column) from None
    except RecursionError:
        raise TemplateRenderError("the template is nested too deeply", 1) from None


@functools.lru_cache(maxsize=256)
def compile_template(source: str) -> Compiled:
    """The template ready to render, or why it cannot be. Cached: the workers render one text for
    thousands of orders. Every loop's iterable passes through the loop guard (its clock)."""
    try:
        tree = parse(source)
    except TemplateRenderError as error:
        return Compiled(problems=(TemplateProblem(error.line or 1, error.message, error.column),))
    uses, problems = analyse(tree)
    if problems:
        return Compiled(problems=tuple(sorted(problems, key=lambda problem: problem.line)))
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, LOOP_GUARD, [], [], None, None, lineno=loop.iter.lineno)
    try:
        template = ENVIRONMENT.from_string(tree)
    except TemplateSyntaxError as error:  # TemplateAssertionError: e.g. a block defined twice
        return Compiled(problems=(TemplateProblem(error.lineno or 1, error.message or "invalid template"),))
    except RecursionError:
        return Compiled(problems=(TemplateProblem(1, "the template is nested too deeply"),))
    return Compiled(template=template, names=frozenset(name for _, name in uses), uses=tuple(uses))
