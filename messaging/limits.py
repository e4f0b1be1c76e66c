"""How many more messages a connection may send now: Amazon's daily cap and the seller's plan.

Amazon caps each selling account at 5 x the 7-day average of daily orders + 600 messages a
day (sellers/limits.py); the seller's plan allows `monthly_message_quota` accepted messages a
calendar month. Both count only what Amazon accepted (DailySends), so blocked and ineligible dispatches cost nothing.
Days and months are UTC.
"""

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection as db_connection
from django.db.models import Count, Sum

from campaigns.models import Dispatch
from sellers.limits import daily_cap, orders_last_7_days

from .models import DailySends

CAP_CACHE_SECONDS = 600
IN_FLIGHT_RECHECK = timedelta(seconds=1)
_caps: dict[str, tuple[int, float]] = {}  # connection id -> (cap, computed at, monotonic)


def day_start(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def month_start(now: datetime) -> datetime:
    return day_start(now).replace(day=1)


def next_day(now: datetime) -> datetime:
    return day_start(now) + timedelta(days=1)


def next_month(now: datetime) -> datetime:
    start = month_start(now)
    return (start + timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class Room:
    messages: int
    until: datetime | None = None  # when room comes back, if there is none now
    why: str = ""


def _caps_for(connection_ids, now) -> dict[str, int]:
    fresh = time.monotonic() - CAP_CACHE_SECONDS
    missing = [c for c in connection_ids if c not in _caps or _caps[c][1] < fresh]
    if missing:
        counts = orders_last_7_days(missing, now)
        for connection_id in missing:
            _caps[connection_id] = (daily_cap(counts.get(connection_id, 0)), time.monotonic())
    return {c: _caps[c][0] for c in connection_ids}


def rooms(connections, now: datetime) -> dict[str, Room]:
    """{connection id: Room} for active connections (dicts with id, seller_id, quota)."""
    if not connections:
        return {}
    ids = [str(c["id"]) for c in connections]
    sellers = {str(c["seller_id"]) for c in connections}
    today = day_start(now).date()
    sent_today = {
        str(k): v
        for k, v in DailySends.objects.filter(connection_id__in=ids, day=today).values_list("connection_id", "sent")
    }
    sent_month = {
        str(k): v or 0
        for k, v in DailySends.objects.filter(seller_id__in=sellers, day__gte=month_start(now).date())
        .values_list("seller_id")
        .annotate(n=Sum("sent"))
        .values_list("seller_id", "n")
    }
    caps = _caps_for(ids, now)
    # What workers hold right now may all be accepted: it counts against the room too.
    in_flight_connection: dict[str, int] = {}
    in_flight_seller: dict[str, int] = {}
    for connection_id, seller_id, n in (
        Dispatch.objects.filter(state=Dispatch.State.SENDING, seller_id__in=sellers)
        .values_list("connection_id", "seller_id")
        .annotate(n=Count("id"))
        .values_list("connection_id", "seller_id", "n")
    ):
        in_flight_connection[str(connection_id)] = in_flight_connection.get(str(connection_id), 0) + n
        in_flight_seller[str(seller_id)] = in_flight_seller.get(str(seller_id), 0) + n
    result = {}
    left_in_month = {}
    for c in connections:
        connection_id, seller_id = str(c["id"]), str(c["seller_id"])
        month_left = left_in_month.setdefault(
            seller_id, c["quota"] - sent_month.get(seller_id, 0) - in_flight_seller.get(seller_id, 0)
        )
        day_left = caps[connection_id] - sent_today.get(connection_id, 0) - in_flight_connection.get(connection_id, 0)
        month_used = c["quota"] - sent_month.get(seller_id, 0) <= 0
        day_used = caps[connection_id] - sent_today.get(connection_id, 0) <= 0
        if month_used:
            result[connection_id] = Room(0, next_month(now), "The plan's monthly message quota is used up.")
        elif day_used:
            result[connection_id] = Room(0, next_day(now), "Amazon's daily message limit for this account is reached.")
        elif month_left <= 0 or day_left <= 0:
            # What is in flight may use up the rest, or may be blocked and leave it: look again soon.
            result[connection_id] = Room(0, now + IN_FLIGHT_RECHECK, "Waiting for messages in flight.")
        else:
            result[connection_id] = Room(min(month_left, day_left))
            left_in_month[seller_id] -= result[connection_id].messages
    return result


def record_sent(counts: dict[tuple[str, str], int], now: datetime) -> None:
    """Add accepted messages to each (seller, connection)'s count for today."""
    if not counts:
        return
    day = day_start(now).date()
    table = DailySends._meta.db_table
    rows = [(str(uuid.uuid4()), str(seller), str(connection), day, n) for (seller, connection), n in counts.items()]
    placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, seller_id, connection_id, day, sent) VALUES {placeholders} "  # noqa: S608
            f"ON CONFLICT (connection_id, day) DO UPDATE SET sent = {table}.sent + excluded.sent",
            [v for row in rows for v in row],
        )
