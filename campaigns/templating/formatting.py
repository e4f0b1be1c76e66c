"""Dates and money in the buyer's language: the `date` and `money` filters, and what `{{ value }}`
prints. The locale and time zone are the render's (render_state.py); CLDR data comes from Babel."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, is_currency

from .context import Money, Product
from .errors import TemplateRenderError
from .render_state import current, tick

MAX_DATE_PATTERN = 64  # characters of a CLDR date pattern; "EEEE d MMMM y" is 13


@functools.lru_cache(maxsize=64)
def babel_locale(tag: str) -> Locale:
    """ "de-DE" or "de_DE" as a Babel Locale; "de-JP" falls back to "de"."""
    for candidate in (tag.replace("-", "_"), tag.replace("-", "_").split("_")[0]):
        try:
            locale = Locale.parse(candidate)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        _ = locale.date_formats, locale.currency_formats  # load CLDR data now, outside the time budget
        return locale
    raise ValueError(f"unknown locale {tag!r}")


@functools.lru_cache(maxsize=64)
def zone_info(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"unknown time zone {name!r}") from None


def date_filter(value, format: str = "medium") -> str:
    """`{{ purchase_date|date }}`, `|date("long")`, `|date("short")`, `|date("full")`, or a CLDR
    pattern such as `|date("d MMMM")`, in the buyer's locale and the marketplace's time zone."""
    state = current()
    tick()
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(state.zone).date()
    elif not isinstance(value, date):
        raise TemplateRenderError(f"the date filter needs a date, not {describe(value)}")
    if not isinstance(format, str) or len(format) > MAX_DATE_PATTERN:
        raise TemplateRenderError(
            f"the date format must be short, medium, long, full or a pattern of at most {MAX_DATE_PATTERN} characters"
        )
    try:
        return format_date(value, format, locale=state.locale)
    except (ValueError, AttributeError, KeyError):
        raise TemplateRenderError(
            f"unknown date format {format!r}: use short, medium, long, full or a pattern like 'd MMMM y'"
        ) from None


def money_filter(value, currency: str | None = None) -> str:
    """`{{ order_total|money }}`, or a number with its currency: `{{ 19.99|money("EUR") }}`."""
    state = current()
    tick()
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
    raise TemplateRenderError(f"money needs a number, not {describe(value)}")


def finalize(value):
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


def describe(value) -> str:
    """How a message to the seller names a value: "a date", "a list of 3", "text"."""
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
