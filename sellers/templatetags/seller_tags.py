"""Filters for the Amazon accounts and orders pages: times in words, marketplaces by name, order states."""

from django import template

from sellers import progress
from sellers.marketplaces import marketplace

register = template.Library()


@register.filter
def ago(moment) -> str:
    """How long ago, in words: "just now" under a minute (never "0 minutes ago")."""
    return progress.ago(moment)


@register.filter
def marketplace_name(marketplace_id: str) -> str:
    """Amazon.de for A1PA6795UKMFR9; the id itself for one we do not know."""
    place = marketplace(marketplace_id)
    return place.name if place else marketplace_id


@register.filter
def marketplace_code(marketplace_id: str) -> str:
    """The marketplace's country code (DE, UK, US, ...); empty for one we do not know."""
    place = marketplace(marketplace_id)
    return place.code if place else ""


ORDER_STATUS_WORDS = {
    "PENDING": "Pending",
    "UNSHIPPED": "Not shipped yet",
    "PARTIALLY_SHIPPED": "Partly shipped",
    "SHIPPED": "Shipped",
    "CANCELLED": "Cancelled",
    "UNFULFILLABLE": "Cannot be fulfilled",
}


@register.filter
def order_status(order) -> str:
    """The order's state in words: "Shipped, delivered", "Shipped, returned", "Pending"."""
    words = ORDER_STATUS_WORDS.get(order.status, order.status.replace("_", " ").lower().capitalize())
    if order.is_delivered:
        words += ", delivered"
    if order.is_returned:
        words += ", returned"
    return words
