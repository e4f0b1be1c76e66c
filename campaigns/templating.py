"""Seller-written message templates: validated on save, rendered per order in the buyer's language.

Sellers write the text of their messages as Jinja2 templates. A template is untrusted code that our
workers run thousands of times, so it runs in a sandbox that can reach nothing but the order's own
plain data, and within fixed limits of time and size:

- `jinja2.sandbox.ImmutableSandboxedEnvironment` (a SandboxedEnvironment that also refuses to
  mutate lists and dicts), autoescape off (the text goes to Amazon's Messaging API, not to a
  browser), no loader: `{% include %}`, `{% extends %}` and `{% import %}` are refused.
- The context holds only plain values built by `order_context`: strings, numbers, dates and
  datetimes, and two tiny frozen dataclasses (`Product`, `Money`). Never a model instance, a
  queryset or a callable. Text values expose only a whitelist of harmless string methods.
- Every intermediate value is bounded: `*`, `**`, `+` and `%` are intercepted and refused before
  they allocate something too large (`{{ "x" * 10**9 }}`, `{{ 9 ** 9 ** 9 }}`), `~` and every
  captured block (macro, `{% set %}`, `{% filter %}`) are joined with their size checked, list
  and dict displays are weighed (MAX_DATA), filters estimate their output before building it,
  filters and methods refuse huge widths and counts, `range()` stops at MAX_RANGE items.
- Rendering stops after TIME_BUDGET of CPU: the clock is read on every output chunk, every call,
  every intercepted operator, every filter, and on entering (and every 256 items of) every loop.
- StrictUndefined: an unknown variable or attribute is an error, never a silent blank.
- Values keep to the types the context hands out (campaigns/template_values.py): no bytes.
  What the sandbox cannot bound, the render processes' OS limits do (campaigns/render_pool.py).

Public API: VARIABLES (name -> help text for the editor), order_context(), render(), validate(),
sample_context(), TemplateRenderError, TemplateProblem, Money, Product.
"""

from __future__ import annotations

import contextvars
import difflib
import functools
import math
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from types import BuiltinFunctionType, SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, is_currency
from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.runtime import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

from sellers.marketplaces import marketplace

from . import template_values

# The variables a template may use: name -> one line of help for the editor.
VARIABLES: dict[str, str] = {
    "order_id": "Amazon order number, e.g. 113-4567890-1234567.",
    "marketplace": "The Amazon store the order was placed on, e.g. Amazon.de.",
    "seller_name": "Your business name.",
    "purchase_date": "When the buyer placed the order. Use {{ purchase_date|date }} or |date(\"long\").",
    "ship_date": "When the order shipped; empty if it has not shipped yet.",
    "delivery_date": "The latest delivery date Amazon promised; may be empty.",
    "products": "The order's products, each with title, asin, sku and quantity: {% for p in products %}.",
    "product_title": "The title of the first product in the order.",
    "item_count": "How many items the order holds (the sum of the quantities).",
    "order_total": "The order total with its currency, or empty. Use {{ order_total|money }}.",
}

# Limits. Amazon's Messaging API accepts at most 2,000 characters of text (800 for customization
# details, 400 for a digital access key); the per-type limit is checked where the message type is
# known. The renderer's own cap is five times the largest Amazon accepts: high enough that no real
# template comes near it (so the error a seller sees is Amazon's limit, from the editor's checks,
# not ours), low enough that no render builds more than a few kB. It bounds every intermediate
# string too, and MAX_DATA every list or mapping a template builds.
MAX_OUTPUT = 10_000  # characters of rendered text, and of any string built on the way
MAX_DATA = 20_000  # items and characters in any list or mapping a template builds, nested ones included
MAX_SOURCE = 20_000  # characters of template source
TIME_BUDGET = 0.1  # seconds of CPU per render; a real template renders in well under 1 ms
MAX_RANGE = 1_000  # items from range(); message templates loop over a handful of products
MAX_ARGUMENT = 10_000  # largest whole number passed to a filter or method (widths, counts)
MAX_INT_BITS = 128  # whole numbers computed by a template stay below 2**128 (about 3.4e38)

# Jinja's globals a template may use besides VARIABLES (lipsum is left out: it only makes noise).
# `namespace` is left out too: an object that holds anything escapes the size accounting, and
# a message template has no need for state that outlives a loop.
GLOBALS = ("range", "dict", "cycler", "joiner")
MAX_DATE_PATTERN = 64  # characters of a CLDR date pattern; "EEEE d MMMM y" is 13

# The string methods a template may call. Methods that build large strings from small arguments
# (join, replace, format, format_map, expandtabs, translate, encode) are left out: the `join`,
# `replace` and `format` filters do the same with their sizes checked.
_STR_METHODS = frozenset(
    "capitalize casefold center count endswith find index isalnum isalpha isdecimal isdigit "
    "islower isnumeric isspace istitle isupper ljust lower lstrip partition removeprefix "
    "removesuffix rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip "
    "swapcase title upper zfill".split()
)

_DATE_FORMATS = ("short", "medium", "long", "full")
_LOOP_GUARD = "loop guard"  # an internal filter; the space keeps it out of templates' reach
_FORBIDDEN_TAGS = {nodes.Include: "include", nodes.Extends: "extends", nodes.Import: "import",
                   nodes.FromImport: "from ... import"}


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money in one currency. `{{ order_total|money }}` formats it for the buyer."""

    amount: Decimal
    currency: str

    def __str__(self):
        return f"{self.amount} {self.currency}"


@dataclass(frozen=True, slots=True)
class Product:
    """One line of an order as a template sees it."""

    title: str
    asin: str
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    """One thing wrong with a template, for the editor: the template line (1-based) and why."""

    line: int
    message: str

    def __str__(self):
        return f"Line {self.line}: {self.message}"


class TemplateRenderError(Exception):
    """A template could not be rendered: a syntax error, an unknown name, a limit reached."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"Line {self.line}: {self.message}" if self.line else self.message


# --- the context -------------------------------------------------------------------------------


def order_context(order, *, seller_name: str) -> dict[str, Any]:
    """The variables of VARIABLES for one order (an Order, or anything with the same attributes).

    Only plain data: datetimes are shown in the marketplace's time zone, products and the total
    become frozen dataclasses. Nothing in it can reach the database or the order's model.
    """
    market = marketplace(order.marketplace_id)
    zone = ZoneInfo(market.time_zone) if market else UTC
    products = [
        Product(
            title=str(item.get("title") or ""),
            asin=str(item.get("asin") or ""),
            sku=str(item.get("sku") or ""),
            quantity=int(item.get("quantity") or 0),
        )
        for item in (order.items or [])
    ]
    currency = order.currency or (market.currency if market else "")
    total = None
    if order.total_amount is not None and currency:
        total = Money(Decimal(str(order.total_amount)), currency)
    return {
        "order_id": str(order.amazon_order_id),
        "marketplace": market.name if market else "Amazon",
        "seller_name": str(seller_name),
        "purchase_date": _local(order.purchased_at, zone),
        "ship_date": _local(order.shipped_at, zone),
        "delivery_date": _local(order.latest_delivery, zone),
        "products": products,
        "product_title": products[0].title if products else "",
        "item_count": sum(product.quantity for product in products),
        "order_total": total,
    }


def _local(value, zone):
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone)
    return value


_SAMPLE_TITLES = {
    "en": ("Stainless steel water bottle, 750 ml", "Bottle cleaning brush"),
    "de": ("Edelstahl-Trinkflasche, 750 ml", "Flaschenbürste"),
    "ja": ("ステンレス水筒 750ml", "ボトル洗浄ブラシ"),
}


def sample_context(marketplace_id: str = "ATVPDKIKX0DER", *, sparse: bool = False) -> dict[str, Any]:
    """A realistic context for previews and trial renders: two products, all dates and a total.

    With sparse=True the order has not shipped, has no promised delivery date and no total yet.
    """
    market = marketplace(marketplace_id) or marketplace("ATVPDKIKX0DER")
    titles = _SAMPLE_TITLES.get(market.language[:2], _SAMPLE_TITLES["en"])
    order = SimpleNamespace(
        amazon_order_id="113-4567890-1234567",
        marketplace_id=market.id,
        purchased_at=datetime(2025, 3, 3, 14, 30, tzinfo=UTC),
        shipped_at=None if sparse else datetime(2025, 3, 4, 9, 15, tzinfo=UTC),
        latest_delivery=None if sparse else datetime(2025, 3, 7, 20, 0, tzinfo=UTC),
        total_amount=None if sparse else (Decimal("4780") if market.currency == "JPY" else Decimal("41.97")),
        currency="" if sparse else market.currency,
        items=[
            {"order_item_id": "1", "asin": "B0SAMPLE01", "sku": "BOTTLE-750", "title": titles[0],
             "quantity": 2, "unit_price": "15.99"},
            {"order_item_id": "2", "asin": "B0SAMPLE02", "sku": "BRUSH-1", "title": titles[1],
             "quantity": 1, "unit_price": "9.99"},
        ],
    )
    return order_context(order, seller_name="Example Store")


# --- per-render state: locale, time zone, deadline ---------------------------------------------


class _RenderState:
    __slots__ = ("locale", "zone", "deadline", "cpu_started")

    def __init__(self, locale: Locale, zone: ZoneInfo):
        self.locale = locale
        self.zone = zone
        self.cpu_started = time.thread_time()
        self.deadline = time.perf_counter() + TIME_BUDGET

    def overtime(self):
        """The wall clock passed the deadline: stop if the render really used its CPU budget.

        A worker thread that was merely descheduled (or paused by the garbage collector of
        another thread) gets the rest of its budget back instead of a spurious failure.
        """
        used = time.thread_time() - self.cpu_started
        if used >= TIME_BUDGET:
            raise TemplateRenderError(
                f"rendering took longer than {TIME_BUDGET * 1000:.0f} ms; simplify the loops in the template"
            )
        self.deadline = time.perf_counter() + (TIME_BUDGET - used)


_state: contextvars.ContextVar[_RenderState | None] = contextvars.ContextVar("template_render", default=None)


def _tick():
    state = _state.get()
    if state is not None and time.perf_counter() > state.deadline:
        state.overtime()


def _formatting() -> _RenderState:
    state = _state.get()
    if state is None:  # only while compiling: refusing keeps the filter out of constant folding
        raise RuntimeError("formatting filters need a locale: they run only inside render()")
    return state


@functools.lru_cache(maxsize=64)
def _babel_locale(tag: str) -> Locale:
    """"de-DE" or "de_DE" as a Babel Locale; "de-JP" falls back to "de"."""
    for candidate in (tag.replace("-", "_"), tag.replace("-", "_").split("_")[0]):
        try:
            locale = Locale.parse(candidate)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        _ = locale.date_formats, locale.currency_formats  # load CLDR data now, outside the time budget
        return locale
    raise ValueError(f"unknown locale {tag!r}")


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"unknown time zone {name!r}") from None


# --- size guards ---------------------------------------------------------------------------------


def _too_long(what="the text") -> TemplateRenderError:
    return TemplateRenderError(f"{what} would be longer than {MAX_OUTPUT:,} characters")


def _checked(value):
    """Refuse a string longer than the output cap, or a list or mapping heavier than MAX_DATA.

    A list's weight counts every item and character it reaches, a shared item as often as it is
    reached: that is what printing or comparing it costs (`[l] * 10000` refers to `l` 10,000
    times and prints it 10,000 times).
    """
    if isinstance(value, str):
        if len(value) > MAX_OUTPUT:
            raise _too_long()
    elif isinstance(value, _CONTAINERS):
        if _weight(value) > MAX_DATA:
            raise _too_heavy()
    else:
        template_values.allowed(value)  # bytes, or anything else the context never hands out
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
            if type(item) not in template_values.SCALARS:
                template_values.allowed(item)
    return total


def _too_heavy() -> TemplateRenderError:
    return TemplateRenderError(f"the list would hold more than {MAX_DATA:,} items and characters")


def _check_arguments(args, kwargs):
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


def _guard_filter(name, func):
    """Wrap one of Jinja's filters: check the clock, the arguments, the estimated and real size."""
    skip = 0 if getattr(func, "jinja_pass_arg", None) is None else 1  # the context/environment
    estimate = _ESTIMATES.get(name)
    check_numbers = name in _WIDTH_FILTERS

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        _tick()
        if check_numbers:
            _check_arguments(args[skip + 1:], kwargs)
        if estimate is not None and len(args) > skip:
            if name in _MATERIALIZE and not isinstance(args[skip], list | tuple | str | dict):
                args = (*args[:skip], _checked(list(args[skip])), *args[skip + 1:])
            if estimate(*args[skip:], **kwargs) > MAX_OUTPUT:
                raise _too_long()
        return _checked(func(*args, **kwargs))

    return guarded


@pass_context
def _loop_guard(context, iterable):
    """Wraps the iterable of every {% for %}: a clock check on entry and every 256 items."""
    _tick()
    try:
        if len(iterable) <= 256:
            return iterable
    except TypeError:
        pass
    return _ticking(iterable)


def _ticking(iterable: Iterable) -> Iterator:
    for count, item in enumerate(iterable):
        if not count & 255:
            _tick()
        yield item


def _range(*args):
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise TemplateRenderError(f"range() is limited to {MAX_RANGE:,} items")
    return rng


def _join_checked(parts) -> str:
    """Environment.concat: joins captured blocks and macro bodies, refusing oversized results."""
    total = 0
    for part in parts:
        total += len(part)
    if total > MAX_OUTPUT:
        raise _too_long()
    return "".join(parts)


def _check_binop(operator, left, right):
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str) and isinstance(times, int):
                if len(seq) * times > MAX_OUTPUT:
                    raise _too_long()
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
            raise _too_long()
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left)


def _too_big() -> TemplateRenderError:
    return TemplateRenderError(f"the number would be too large (the limit is 2**{MAX_INT_BITS})")


# --- formatting: the date and money filters ------------------------------------------------------


def date_filter(value, format: str = "medium") -> str:
    """`{{ purchase_date|date }}`, `|date("long")`, `|date("short")`, `|date("full")`, or a CLDR
    pattern such as `|date("d MMMM")`, in the buyer's locale and the marketplace's time zone."""
    state = _formatting()
    _tick()
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(state.zone).date()
    elif not isinstance(value, date):
        raise TemplateRenderError(f"the date filter needs a date, not {_describe(value)}")
    if not isinstance(format, str) or len(format) > MAX_DATE_PATTERN:
        raise TemplateRenderError("the date format must be short, medium, long, full or a pattern "
                                  f"of at most {MAX_DATE_PATTERN} characters")
    try:
        return format_date(value, format, locale=state.locale)
    except (ValueError, AttributeError, KeyError):
        raise TemplateRenderError(
            f"unknown date format {format!r}: use short, medium, long, full or a pattern like 'd MMMM y'"
        ) from None


def money_filter(value, currency: str | None = None) -> str:
    """`{{ order_total|money }}`, or a number with its currency: `{{ 19.99|money("EUR") }}`."""
    state = _formatting()
    _tick()
    if value is None:
        return ""
    if isinstance(value, Money):
        if currency is not None and str(currency).upper() != value.currency:
            raise TemplateRenderError(f"this amount is in {value.currency}, not {currency}")
        return format_currency(value.amount, value.currency, locale=state.locale)
    if currency is None:
        raise TemplateRenderError('money needs a currency for a plain number, e.g. |money("EUR")')
    code = str(currency).upper()
    if not is_currency(code):
        raise TemplateRenderError(f"unknown currency {currency!r}")
    return format_currency(_decimal(value), code, locale=state.locale)


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            pass
        else:
            if amount.is_finite():
                return amount
    raise TemplateRenderError(f"money needs a number, not {_describe(value)}")


def _finalize(value):
    """What `{{ value }}` prints: empty for None, dates and money formatted for the buyer."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, Money):
        return money_filter(value)
    if isinstance(value, date):
        return date_filter(value)
    return value


def _describe(value) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, Product):
        return "a product (it has title, asin, sku and quantity)"
    if isinstance(value, Money):
        return "an amount of money (it has amount and currency)"
    if isinstance(value, datetime | date):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} value"


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
            return f"{_describe(self._undefined_obj)} has no item {self._undefined_name!r}"
        return f"{_describe(self._undefined_obj)} has no attribute {self._undefined_name!r}"


# --- the environment -------------------------------------------------------------------------------


class _Buffer(list):
    """The list a macro, {% set %} or {% filter %} block collects its output in, size-checked."""

    __slots__ = ("size",)

    def __init__(self):
        super().__init__()
        self.size = 0

    def append(self, text):
        self.size += len(text)
        if self.size > MAX_OUTPUT:
            raise _too_long()
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
template_values.register(Product, Money)


class MessageEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox seller templates run in. Use the module's `ENVIRONMENT`, not a new one."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _CodeGenerator
    concat = staticmethod(_join_checked)

    def __init__(self):
        super().__init__(
            autoescape=False,
            undefined=_Undefined,
            finalize=_finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.globals = {name: value for name, value in self.globals.items() if name in GLOBALS}
        self.globals["range"] = _range
        self.filters = {name: _guard_filter(name, func) for name, func in self.filters.items()}
        self.filters.update({"date": date_filter, "money": money_filter, _LOOP_GUARD: _loop_guard})

    def getattr(self, obj, attribute):
        fields = _RECORD_FIELDS.get(type(obj))
        if fields is not None and attribute in fields:  # the hot path: {{ product.title }}
            return getattr(obj, attribute)
        return template_values.allowed(super().getattr(obj, attribute))

    def getitem(self, obj, argument):
        return template_values.allowed(super().getitem(obj, argument))

    def is_safe_attribute(self, obj, attr, value):
        if isinstance(obj, str) and attr not in _STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value):
        return None  # str.format and format_map are refused outright by is_safe_attribute

    def call(self, context, obj, /, *args, **kwargs):
        _tick()
        if isinstance(obj, BuiltinFunctionType):  # methods of str, int, date...: "x".center(10**9)
            _check_arguments(args, kwargs)
        return _checked(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context, operator, left, right):
        _tick()
        _check_binop(operator, left, right)
        return _checked(self.binop_table[operator](left, right))

    new_buffer = _Buffer
    checked = staticmethod(_checked)

    @staticmethod
    def concat_values(values) -> str:
        return _join_checked([str(value) for value in values])


ENVIRONMENT = MessageEnvironment()


# --- compiling and static checks ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Compiled:
    template: Any = None
    names: frozenset = frozenset()  # the variables the template reads from its context
    uses: tuple = ()  # (line, name) of each read, for error messages
    problems: tuple = ()  # why the template cannot be compiled


def _analyse(tree) -> tuple[list[tuple[int, str]], list[TemplateProblem]]:
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
            problems.append(TemplateProblem(node.lineno, f"{{% {tag} %}} is not allowed: a message template must stand on its own"))
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
    return sorted(name for name in ENVIRONMENT.filters if name != _LOOP_GUARD)


def _unknown(kind: str, name: str, available: list[str]) -> str:
    close = difflib.get_close_matches(name, available, n=1)
    return f"unknown {kind} {name!r}" + (f". Did you mean {close[0]!r}?" if close else "")


def _unknown_variable(name: str) -> str:
    close = difflib.get_close_matches(name, list(VARIABLES), n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return f"unknown variable {name!r}.{hint} Available: {', '.join(VARIABLES)}"


def _parse(source: str):
    """Parse, or raise TemplateRenderError with Jinja's line and reason."""
    if len(source) > MAX_SOURCE:
        raise TemplateRenderError(f"the template is longer than {MAX_SOURCE:,} characters", 1)
    try:
        return ENVIRONMENT.parse(source)
    except TemplateSyntaxError as error:
        raise TemplateRenderError(error.message or "syntax error", error.lineno) from None
    except RecursionError:
        raise TemplateRenderError("the template is nested too deeply", 1) from None


@functools.lru_cache(maxsize=256)
def _compile(source: str) -> _Compiled:
    try:
        tree = _parse(source)
    except TemplateRenderError as error:
        return _Compiled(problems=(TemplateProblem(error.line or 1, error.message),))
    uses, problems = _analyse(tree)
    if problems:
        return _Compiled(problems=tuple(sorted(problems, key=lambda problem: problem.line)))
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, _LOOP_GUARD, [], [], None, None, lineno=loop.iter.lineno)
    try:
        template = ENVIRONMENT.from_string(tree)
    except TemplateSyntaxError as error:  # TemplateAssertionError: e.g. a block defined twice
        return _Compiled(problems=(TemplateProblem(error.lineno or 1, error.message or "invalid template"),))
    except RecursionError:
        return _Compiled(problems=(TemplateProblem(1, "the template is nested too deeply"),))
    return _Compiled(template=template, names=frozenset(name for _, name in uses), uses=tuple(uses))


# --- rendering -------------------------------------------------------------------------------------


def render(source: str, context: dict[str, Any], *, locale: str, time_zone: str) -> str:
    """Render a seller's template for one order: text in `locale` (e.g. "de-DE"), dates in
    `time_zone` (e.g. "Europe/Berlin"). Raises TemplateRenderError, with the template line when
    known, on any error or when a limit (MAX_OUTPUT, TIME_BUDGET, ...) is reached."""
    if len(source) > MAX_SOURCE:
        raise TemplateRenderError(f"the template is longer than {MAX_SOURCE:,} characters", 1)
    compiled = _compile(source)
    if compiled.problems:
        problem = compiled.problems[0]
        raise TemplateRenderError(problem.message, problem.line)
    if not context.keys() >= compiled.names:
        line, name = next((line, name) for line, name in compiled.uses if name not in context)
        raise TemplateRenderError(_unknown_variable(name), line)
    state = _RenderState(_babel_locale(locale), _zone(time_zone))
    token = _state.set(state)
    template = compiled.template
    chunks = []
    size = 0
    stream = template.generate(context)
    try:
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
        raise  # the render process's memory limit (campaigns/render_pool.py) reports it with its budget
    except Exception as error:  # a template can raise anything Python can: report, never crash
        raise TemplateRenderError(_explain(error), _template_line(error)) from None
    finally:
        stream.close()
        _state.reset(token)
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


# --- validation on save ------------------------------------------------------------------------------

# Trial renders: full orders in three locales, then an order with no ship or delivery date and no
# total yet (templates must cope with those too).
_TRIALS = (
    ("ATVPDKIKX0DER", False, ""),
    ("A1PA6795UKMFR9", False, " (in a German order)"),
    ("A1VC38T7YXB528", False, " (in a Japanese order)"),
    ("ATVPDKIKX0DER", True, " (for an order not shipped yet, with no delivery date or total)"),
)


def validate(source: str) -> list[TemplateProblem]:
    """Everything wrong with a template, sorted by line; an empty list means it can be saved."""
    if not source.strip():
        return [TemplateProblem(1, "The message is empty.")]
    try:
        tree = _parse(source)
    except TemplateRenderError as error:
        return [TemplateProblem(error.line or 1, error.message)]
    uses, problems = _analyse(tree)
    reported = set()
    for line, name in uses:
        if name not in VARIABLES and (line, name) not in reported:
            reported.add((line, name))
            problems.append(TemplateProblem(line, _unknown_variable(name)))
    if not problems:
        problems.extend(_trial_problems(source))
    return sorted(problems, key=lambda problem: problem.line)


def _trial_problems(source: str) -> list[TemplateProblem]:
    compiled = _compile(source)
    if compiled.problems:
        return list(compiled.problems)
    outputs = []
    for marketplace_id, sparse, situation in _TRIALS:
        market = marketplace(marketplace_id)
        try:
            outputs.append(render(source, sample_context(marketplace_id, sparse=sparse),
                                  locale=market.language, time_zone=market.time_zone))
        except TemplateRenderError as error:
            return [TemplateProblem(error.line or 1, error.message + situation)]
    if not any(output.strip() for output in outputs):
        return [TemplateProblem(1, "The message is empty.")]
    return []
