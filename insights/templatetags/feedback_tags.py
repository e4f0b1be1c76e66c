from django import template

from ..feedback_selectors import BADGE_MOST, open_alert_badge

register = template.Library()


@register.simple_tag(takes_context=True)
def open_feedback_alerts(context, seller) -> int:
    """The seller's open negative-feedback alerts, for the badge in the navigation.

    A page that counted them already passes `open_alert_count` in its context: no second query.
    """
    if not seller:
        return 0
    count = context.get("open_alert_count")
    return count if count is not None else open_alert_badge(seller)


@register.filter
def badge_number(count) -> str:
    """12 → "12"; more than 99 → "99+"."""
    return f"{BADGE_MOST}+" if count > BADGE_MOST else str(count)


@register.filter
def stars(rating) -> str:
    """★★☆☆☆ for a rating of 2."""
    try:
        rating = max(0, min(5, int(rating)))
    except (TypeError, ValueError):
        return ""
    return "★" * rating + "☆" * (5 - rating)


@register.filter
def percent(share) -> str:
    """0.0734 → "7.3%"; no share (no orders) → "—"."""
    if share is None:
        return "—"
    return f"{100 * share:.1f}%"
