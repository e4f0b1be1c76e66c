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
from eventlog import types as event_types
from eventlog.models import Subscription
from eventlog.services import record_event
from sellers.limits import daily_cap, orders_last_7_days
from sellers.models import Seller

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
        for k, v in DailySends.objects.filter(connection_id__in=[c["id"] for c in connections], day=today).values_list(
            "connection_id", "sent"
        )
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
    for sending_connection, sending_seller, n in (
        Dispatch.objects.filter(state=Dispatch.State.SENDING, seller_id__in=sellers)
        .values_list("connection_id", "seller_id")
        .annotate(n=Count("id"))
        .values_list("connection_id", "seller_id", "n")
    ):
        in_flight_connection[str(sending_connection)] = in_flight_connection.get(str(sending_connection), 0) + n
        in_flight_seller[str(sending_seller)] = in_flight_seller.get(str(sending_seller), 0) + n
    result: dict[str, Room] = {}
    left_in_month: dict[str, int] = {}
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
    added: dict[str, int] = {}
    for (seller, _), n in counts.items():
        added[str(seller)] = added.get(str(seller), 0) + n
    _record_quota_thresholds(added, now)


# Percent of the monthly quota, highest first, and the event each one's crossing records.
QUOTA_THRESHOLDS = ((100, event_types.QUOTA_USED_UP), (90, event_types.QUOTA_NEARLY_USED))
# The first key of the advisory locks that take turns over a seller's monthly count.
QUOTA_LOCK_SPACE = 7402


def _record_quota_thresholds(added: dict[str, int], now: datetime) -> None:
    """In the transaction that counted `added` accepted messages per seller: record the quota
    thresholds this count crossed. Only for sellers that listen for them (one indexed query for
    the rest). The sellers' locks make concurrent counts take turns, so each reads the sum the
    one before committed and exactly one of them sees a threshold go by."""
    listening = sorted(
        {
            str(s)
            for s in Subscription.objects.filter(
                seller_id__in=list(added), type__in=[t for _, t in QUOTA_THRESHOLDS]
            ).values_list("seller_id", flat=True)
        }
    )
    if not listening:
        return
    month = month_start(now)
    with db_connection.cursor() as cursor:
        for seller_id in listening:  # in order: two counts never wait for each other in a circle
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [QUOTA_LOCK_SPACE, seller_id])
    used = dict(
        DailySends.objects.filter(seller_id__in=listening, day__gte=month.date())
        .values_list("seller_id")
        .annotate(n=Sum("sent"))
        .values_list("seller_id", "n")
    )
    for seller_id, quota in Seller.objects.filter(pk__in=listening, monthly_message_quota__gt=0).values_list(
        "pk", "monthly_message_quota"
    ):
        now_used = used.get(seller_id) or 0
        before = now_used - added[str(seller_id)]
        for percent, event_type in QUOTA_THRESHOLDS:
            if 100 * before < percent * quota <= 100 * now_used:
                record_event(
                    seller_id,
                    event_type,
                    {
                        "month": f"{month:%Y-%m}",
                        "used": now_used,
                        "quota": quota,
                        "percent": percent,
                        "resets_on": next_month(now).date().isoformat(),
                    },
                    key=f"{month:%Y-%m}",
                    now=now,
                )
