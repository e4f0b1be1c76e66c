"""Small helpers for the sentences the product writes, so they read right for any count, name or date.

Dates follow the one format of config/formats ("6 Dec 2026, 14:15") on the clock of whoever reads
them: the viewer's time zone in a request (common.timezones), UTC in workers and mail.
"""

from datetime import date, datetime, tzinfo

from django.utils import timezone
from django.utils.formats import date_format


def counted(count: int, singular: str, plural: str = "") -> str:
    """'1 buyer', '3 buyers', '1,204 buyers' ('1 entry', '2 entries' with the plural given)."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def was_were(count: int) -> str:
    return "was" if count == 1 else "were"


def before_period(name: str) -> str:
    """A name that ends a sentence: 'Demo Outdoor Co.' gives 'Demo Outdoor Co' so that the
    sentence's own period does not double ("owner of Demo Outdoor Co..")."""
    return name[:-1] if name.endswith(".") else name


def moment(value: datetime, *, zone: bool = True, on: tzinfo | None = None) -> str:
    """'6 Dec 2026, 14:15 CET' (without the zone: '6 Dec 2026, 14:15'), on the reader's clock or
    on the one given (a marketplace's)."""
    local = timezone.localtime(value, on) if timezone.is_aware(value) else value
    text = date_format(local, "DATETIME_FORMAT")
    return f"{text} {local.tzname()}" if zone and local.tzname() else text


def day(value: date | datetime) -> str:
    """'6 Dec 2026'; a moment is taken on the reader's calendar."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATE_FORMAT")
