"""Template filters for dates and sentences, used by every page: `{% load words %}`.

`when` and `day` write the one date format of config/formats in the viewer's time zone (the
browser's, see common.timezones); `before_period` keeps a name that ends in a period from
doubling the sentence's own ("owner of Demo Outdoor Co..").
"""

from datetime import date, datetime

from django import template

from common import words

register = template.Library()


@register.filter
def when(value: datetime | None, arg: str = "") -> str:
    """'6 Dec 2026, 14:15'; `|when:"zone"` adds the zone ('6 Dec 2026, 14:15 CET')."""
    return words.moment(value, zone=arg == "zone") if value else ""


@register.filter
def day(value: date | datetime | None) -> str:
    """'6 Dec 2026'."""
    return words.day(value) if value else ""


@register.filter
def before_period(name) -> str:
    return words.before_period(str(name))
