"""Amazon's daily message limit for a selling account: 5 x the 7-day average of daily orders + 600.

The outbox holds what is past it until the next day (messaging/limits.py); the campaign page says
how many days a backlog takes by it. Days are UTC.
"""

from datetime import datetime, timedelta

from django.db.models import Count

from .models import Order

CAP_BASE = 600
CAP_FACTOR = 5


def daily_cap(orders_last_7_days: int) -> int:
    return int(CAP_FACTOR * orders_last_7_days / 7) + CAP_BASE


def orders_last_7_days(connection_ids, now: datetime) -> dict[str, int]:
    """{connection id: orders purchased in the 7 days before now} (connections with none are absent)."""
    counts = (
        Order.objects.filter(connection_id__in=list(connection_ids), purchased_at__gte=now - timedelta(days=7))
        .values_list("connection_id")
        .annotate(n=Count("id"))
        .values_list("connection_id", "n")
    )
    return {str(connection_id): n for connection_id, n in counts}


def daily_caps(connection_ids, now: datetime) -> dict[str, int]:
    """{connection id: Amazon's daily message limit for it now}."""
    counts = orders_last_7_days(connection_ids, now)
    return {str(c): daily_cap(counts.get(str(c), 0)) for c in connection_ids}
