"""Size guards: every value a template builds is bounded before or as it is built.

`*`, `**`, `+` and `%` are intercepted and refused before they allocate something too large
(`{{ "x" * 10**9 }}`, `{{ 9 ** 9 ** 9 }}`); `~` and every captured block (macro, `{% set %}`,
`{% filter %}`) are joined with their size checked; list and dict displays are weighed (MAX_DATA);
filters estimate their output before building it; filters and methods refuse huge widths and
counts; `range()` stops at MAX_RANGE items; every loop reads the CPU clock. environment.py wires
these into the sandbox.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator

from jinja2 import pass_context

from .errors import TemplateRenderError
from .limits import MAX_ARGUMENT, MAX_DATA, MAX_INT_BITS, MAX_OUTPUT, MAX_RANGE
from .render_state import tick
from .values import SCALARS, allowed

LOOP_GUARD = "loop guard"  # an internal filter; the space keeps it out of templates' reach


def too_long(what="the text") -> TemplateRenderError:
    return TemplateRenderError(f"{what} would be longer than {MAX_OUTPUT:,} characters")


def checked(value):
    """Refuse a string longer than the output cap, or a list or mapping heavier than MAX_DATA.

    A list's weight counts every item and character it reaches, a shared item as often as it is
    reached: that is what printing or comparing it costs (`[l] * 10000` refers to `l` 10,000
    times and prints it 10,000 times).
    """
    if isinstance(value, str):
        if len(value) > MAX_OUTPUT:
            raise too_long()
    elif isinstance(value, _CONTAINERS):
        if _weight(value) > MAX_DATA:
            raise _too_heavy()
    else:
        allowed(value)  # bytes, or anything else the context never hands out
    return value


_CONTAINERS = (list, tuple, dict, set, frozenset)


def _weight(value, limit=MAX_DATA) -> int:
    """Items and characters reachable from `value`, counted until past `limit` (then it stops)."""
    total = 0
    pending = [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item) + 1
        elif isinstance(item, dict):
            total += 2 * len(item) + 1
            if total <= limit:
                pending.extend(item.keys())
                pending.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item) + 1
            if total <= limit:
                pending.extend(item)
        elif isinstance(item, range):
            total += len(item) + 1
        else:
            total += 1
            if type(item) not in SCALARS:
                allowed(item)
    return total


def _too_heavy() -> TemplateRenderError:
    return TemplateRenderError(f"the list would hold more than {MAX_DATA:,} items and characters")


def check_arguments(args, kwargs):
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and abs(value) > MAX_ARGUMENT:
            raise TemplateRenderError(f"the number {value} is too large here (the limit is {MAX_ARGUMENT:,})")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent_format(text: str):
    for match in _PERCENT_SPEC.finditer(text):
        for group in match.groups():
            if group == "*" or (group and (len(group) > 6 or int(group) > MAX_ARGUMENT)):
                raise TemplateRenderError(f"the format width {group!r} is too large or not allowed")


def _estimate_join(value, d="", attribute=None):
    return _weight(value) + len(str(d)) * len(value)


def _estimate_replace(s, old, new, count=None):
    s, old, new = str(s), str(old), str(new)
    occurrences = len(s) + 1 if not old else s.count(old)
    if count is not None and count >= 0:
        occurrences = min(occurrences, count)
    return len(s) + occurrences * len(new)


def _estimate_indent(s, width=4, first=False, blank=False):
    s = str(s)
    return len(s) + (s.count("\n") + 1) * (len(width) if isinstance(width, str) else max(width, 0))


def _estimate_wordwrap(s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
    s = str(s)
    breaks = len(s) // max(width, 1) + s.count("\n") + 1
    return len(s) + breaks * len(wrapstring or "\n")


def _estimate_sum(iterable, attribute=None, start=0):
    sequences = [item for item in iterable if isinstance(item, str | list | tuple)]
    return (sum(len(item) for item in sequences) + _weight(start)) if sequences else 0


def _estimate_format(value, *args, **kwargs):
    _check_percent_format(str(value))
    return len(str(value)) + sum(_weight(arg) for arg in (*args, *kwargs.values()))


def _estimate_tojson(value, indent=None):
    size = _weight(value)
    return size * (1 + (indent if isinstance(indent, int) else len(str(indent or "")))) if indent else size


def _estimate_generic(value, *args, **kwargs):
    # Filters that insert an argument around each word or item (urlize's target, xmlattr, ...):
    # assume the worst, each argument once per character of the value. Allows ~100x the cap.
    extra = sum(_weight(arg) for arg in (*args, *kwargs.values()) if isinstance(arg, str))
    return (_weight(value) + 1) * max(extra, 1) // 100


_ESTIMATES = {
    "join": _estimate_join,
    "replace": _estimate_replace,
    "indent": _estimate_indent,
    "wordwrap": _estimate_wordwrap,
    "sum": _estimate_sum,
    "format": _estimate_format,
    "tojson": _estimate_tojson,
    "urlize": _estimate_generic,
    "xmlattr": _estimate_generic,
}
_MATERIALIZE = {"join", "sum"}  # filters whose input is consumed twice: by the estimate, then for real
# Filters whose whole-number arguments are widths or counts that the output grows with.
_WIDTH_FILTERS = {"batch", "center", "indent", "round", "slice", "tojson", "truncate", "urlize", "wordwrap"}


def guard_filter(name, func):
    """Wrap one of Jinja's filters: check the clock, the arguments, the estimated and real size."""
    skip = 0 if getattr(func, "jinja_pass_arg", None) is None else 1  # the context/environment
    estimate = _ESTIMATES.get(name)
    check_numbers = name in _WIDTH_FILTERS

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        tick()
        if check_numbers:
            check_arguments(args[skip + 1 :], kwargs)
        if estimate is not None and len(args) > skip:
            if name in _MATERIALIZE and not isinstance(args[skip], list | tuple | str | dict):
                args = (*args[:skip], checked(list(args[skip])), *args[skip + 1 :])
            if estimate(*args[skip:], **kwargs) > MAX_OUTPUT:
                raise too_long()
        return checked(func(*args, **kwargs))

    return guarded


@pass_context
def loop_guard(context, iterable):
    """Wraps the iterable of every {% for %}: a clock check on entry and every 256 items."""
    tick()
    try:
        if len(iterable) <= 256:
            return iterable
    except TypeError:
        pass
    return _ticking(iterable)


def _ticking(iterable: Iterable) -> Iterator:
    for count, item in enumerate(iterable):
        if not count & 255:
            tick()
        yield item


def bounded_range(*args):
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise TemplateRenderError(f"range() is limited to {MAX_RANGE:,} items")
    return rng


def join_checked(parts) -> str:
    """Environment.concat: joins captured blocks and macro bodies, refusing oversized results."""
    total = 0
    for part in parts:
        total += len(part)
    if total > MAX_OUTPUT:
        raise too_long()
    return "".join(parts)


def check_binop(operator, left, right):
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str) and isinstance(times, int):
                if len(seq) * times > MAX_OUTPUT:
                    raise too_long()
                return
            if isinstance(seq, list | tuple) and isinstance(times, int):
                if _weight(seq) * times > MAX_DATA:
                    raise _too_heavy()
                return
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _too_big()
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if right * math.log2(abs(left)) > MAX_INT_BITS:
                raise _too_big()
    elif operator == "+":
        if isinstance(left, str) and isinstance(right, str) and len(left) + len(right) > MAX_OUTPUT:
            raise too_long()
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left)


def _too_big() -> TemplateRenderError:
    return TemplateRenderError(f"the number would be too large (the limit is 2**{MAX_INT_BITS})")
