"""The kinds of value a seller's template may hold: what the context hands out, and nothing else.

The sandbox's guards (guards.py) bound the size of text, lists and mappings, but a value
of any other type escapes that accounting: `(1).to_bytes(10000, 'big') * 10000` built 100 MB of
bytes. So every value a template obtains (an attribute, an item, what a call, a filter or an
operator returns, and every item of a list it builds) must be one of the types below; anything
else is refused with SecurityError, which the renderer reports as "not allowed: ...".

`static_problems` finds the methods that make such values in the source, so that validation
refuses them even in a branch the trial orders never take.
"""

from __future__ import annotations

import types
from datetime import date, time, timedelta
from decimal import Decimal

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, Macro, Undefined
from jinja2.utils import Cycler, Joiner

from .context import Money, Product

# Types whose subclasses are as harmless as they are: text (Markup is a str), numbers, dates, the
# containers the sandbox weighs, and the objects Jinja itself hands to a template (loop, caller,
# cycler, joiner, an undefined value that raises when used).
_KINDS = (
    str,
    int,
    float,
    Decimal,
    date,
    time,
    timedelta,
    list,
    tuple,
    dict,
    range,
    Undefined,
    Macro,
    LoopContext,
    Cycler,
    Joiner,
)

# Exact types: the plain values, and what filters, loops and dict methods return on the way to them
# (generators, iterators, views) and the bound methods that `"x".upper` or `loop.cycle` are. A
# method is harmless as a value: what calling it returns is checked in turn.
_EXACT = frozenset(
    {
        type(None),
        str,
        int,
        bool,
        float,
        Decimal,
        date,
        list,
        tuple,
        dict,
        types.GeneratorType,
        types.BuiltinMethodType,
        types.MethodType,
        type(iter([])),
        type(reversed([])),
        type(iter(())),
        type(iter(range(0))),
        type(iter("")),
        type({}.keys()),
        type({}.values()),
        type({}.items()),
        type(iter({}.keys())),
        type(iter({}.values())),
        type(iter({}.items())),
        map,
        filter,
        zip,
        enumerate,
        reversed,
    }
)
_RECORDS = frozenset({Money, Product})  # the context's own records

# Types that need no check at all, for the size accounting's hot loops.
SCALARS = frozenset({str, int, float, bool, type(None), Decimal})

# Methods of the context's values that make a value of another kind (bytes): refused in the source
# too, wherever they stand. str.encode is outside the sandbox's string methods already; naming it
# here gives the seller the same clear sentence in validation.
MAKERS = {"to_bytes": "whole numbers", "encode": "text"}


def allowed(value):
    """`value` if a template may hold it; else SecurityError naming its type."""
    kind = type(value)
    if kind in _EXACT or kind in _RECORDS or isinstance(value, _KINDS):
        return value
    raise SecurityError(
        f"a template cannot use {_name(kind)} values: it works with text, numbers, dates, lists and the "
        "order's own values"
    )


def _name(kind: type) -> str:
    if issubclass(kind, bytes | bytearray | memoryview):
        return "bytes"
    return kind.__name__


def static_problems(tree) -> list[tuple[int, str]]:
    """(line, message) for every method in the parsed template that makes a value templates refuse."""
    found = []
    for node in tree.find_all((nodes.Getattr, nodes.Filter)):
        name = node.attr if isinstance(node, nodes.Getattr) else _attr_filter_name(node)
        if name in MAKERS:
            found.append(
                (
                    node.lineno,
                    f"not allowed: .{name}() turns {MAKERS[name]} into bytes, which a message template cannot use",
                )
            )
    return found


def _attr_filter_name(node) -> str | None:
    """The attribute named by `x|attr("name")` when it is written out."""
    if node.name == "attr" and node.args and isinstance(node.args[0], nodes.Const):
        return node.args[0].value
    return None
