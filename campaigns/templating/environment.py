"""The sandbox seller templates run in: `ENVIRONMENT`, with every guard wired in.

`jinja2.sandbox.ImmutableSandboxedEnvironment` (a SandboxedEnvironment that also refuses to
mutate lists and dicts), autoescape off (the text goes to Amazon's Messaging API, not to a
browser), no loader: `{% include %}`, `{% extends %}` and `{% import %}` are refused (checks.py).
Operators, calls, filters, loops, captured blocks and list displays all pass through the size
guards (guards.py); text values expose only a whitelist of harmless string methods; every value
a template obtains must be one values.py allows; StrictUndefined makes an unknown variable or
attribute an error, never a silent blank.
"""

from __future__ import annotations

from types import BuiltinFunctionType

from jinja2.compiler import CodeGenerator
from jinja2.runtime import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

from .context import Money, Product
from .formatting import date_filter, describe, finalize, money_filter
from .guards import (
    LOOP_GUARD,
    bounded_range,
    check_arguments,
    check_binop,
    checked,
    guard_filter,
    join_checked,
    loop_guard,
    too_long,
)
from .limits import MAX_OUTPUT
from .render_state import tick
from .values import allowed

# Jinja's globals a template may use besides VARIABLES (lipsum is left out: it only makes noise).
# `namespace` is left out too: an object that holds anything escapes the size accounting, and
# a message template has no need for state that outlives a loop.
GLOBALS = ("range", "dict", "cycler", "joiner")

# The string methods a template may call. Methods that build large strings from small arguments
# (join, replace, format, format_map, expandtabs, translate, encode) are left out: the `join`,
# `replace` and `format` filters do the same with their sizes checked.
_STR_METHODS = frozenset(
    "capitalize casefold center count endswith find index isalnum isalpha isdecimal isdigit "
    "islower isnumeric isspace istitle isupper ljust lower lstrip partition removeprefix "
    "removesuffix rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip "
    "swapcase title upper zfill".split()
)


class _Undefined(StrictUndefined):
    """StrictUndefined with messages a seller can act on."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        if self._undefined_obj is missing:
            return f"unknown variable {self._undefined_name!r}"
        if not isinstance(self._undefined_name, str):
            return f"{describe(self._undefined_obj)} has no item {self._undefined_name!r}"
        return f"{describe(self._undefined_obj)} has no attribute {self._undefined_name!r}"


class _Buffer(list):
    """The list a macro, {% set %} or {% filter %} block collects its output in, size-checked."""

    __slots__ = ("size",)

    def __init__(self):
        super().__init__()
        self.size = 0

    def append(self, text):
        self.size += len(text)
        if self.size > MAX_OUTPUT:
            raise too_long()
        super().append(text)

    def extend(self, texts):
        for text in texts:
            self.append(text)


class _CodeGenerator(CodeGenerator):
    def buffer(self, frame):
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.new_buffer()")

    # List, tuple and dict displays pass through environment.checked: `[l, l, l]` is weighed.
    def visit_List(self, node, frame):
        self.write("environment.checked(")
        super().visit_List(node, frame)
        self.write(")")

    def visit_Dict(self, node, frame):
        self.write("environment.checked(")
        super().visit_Dict(node, frame)
        self.write(")")

    def visit_Tuple(self, node, frame):
        if node.ctx != "load":  # an assignment target: {% for a, b in pairs %}
            return super().visit_Tuple(node, frame)
        self.write("environment.checked(")
        super().visit_Tuple(node, frame)
        self.write(")")

    def visit_Concat(self, node, frame):
        # `a ~ b` joins through the environment so that the result's size is checked.
        self.write("environment.concat_values((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


_RECORD_FIELDS = {record: frozenset(record.__slots__) for record in (Product, Money)}


class MessageEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox seller templates run in. Use the module's `ENVIRONMENT`, not a new one."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _CodeGenerator
    concat = staticmethod(join_checked)

    def __init__(self):
        super().__init__(
            autoescape=False,
            undefined=_Undefined,
            finalize=finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.globals = {name: value for name, value in self.globals.items() if name in GLOBALS}
        self.globals["range"] = bounded_range
        self.filters = {name: guard_filter(name, func) for name, func in self.filters.items()}
        self.filters.update({"date": date_filter, "money": money_filter, LOOP_GUARD: loop_guard})

    def getattr(self, obj, attribute):
        fields = _RECORD_FIELDS.get(type(obj))
        if fields is not None and attribute in fields:  # the hot path: {{ product.title }}
            return getattr(obj, attribute)
        return allowed(super().getattr(obj, attribute))

    def getitem(self, obj, argument):
        return allowed(super().getitem(obj, argument))

    def is_safe_attribute(self, obj, attr, value):
        if isinstance(obj, str) and attr not in _STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value):
        return None  # str.format and format_map are refused outright by is_safe_attribute

    def call(self, context, obj, /, *args, **kwargs):
        tick()
        if isinstance(obj, BuiltinFunctionType):  # methods of str, int, date...: "x".center(10**9)
            check_arguments(args, kwargs)
        return checked(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context, operator, left, right):
        tick()
        check_binop(operator, left, right)
        return checked(self.binop_table[operator](left, right))

    new_buffer = _Buffer
    checked = staticmethod(checked)

    @staticmethod
    def concat_values(values) -> str:
        return join_checked([str(value) for value in values])


ENVIRONMENT = MessageEnvironment()
