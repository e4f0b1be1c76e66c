"""Helpers for feedback tests: put feedback in the sandbox over HTTP, connect a seller, run the syncs."""

from datetime import UTC, datetime, timedelta

import httpx
from django.utils import timezone

from insights import feedback
from insights.models import FeedbackSync
from sellers import sync as order_sync

from ..factories import sandbox_connection

NO_SLEEP = {"sleep": lambda seconds: None}


def connect(seller, partner, **extra):
    return sandbox_connection(seller, partner, **extra)


def shipped_orders(sandbox, partner, marketplace_id=None):
    orders = sandbox.get(f"/_sandbox/sellers/{partner['selling_partner_id']}/orders")["orders"]
    return sorted(
        (
            o
            for o in orders
            if o["status"] == "SHIPPED" and (marketplace_id is None or o["marketplace_id"] == marketplace_id)
        ),
        key=lambda o: o["order_id"],
    )


def day_after(order, days=3):
    placed = datetime.fromisoformat(order["created"].replace("Z", "+00:00")).date()
    return min(placed + timedelta(days=days), datetime.now(UTC).date())


def leave_feedback(sandbox, order, rating, comment="", day=None):
    """A buyer leaves (or revises) feedback in the sandbox, as a test or the demo would."""
    day = day or day_after(order)
    return sandbox.post(
        f"/_sandbox/orders/{order['order_id']}/feedback",
        {"rating": rating, "comment": comment, "date": day.isoformat()},
    )


def remove_feedback(sandbox, order):
    httpx.delete(f"{sandbox.url}/_sandbox/orders/{order['order_id']}/feedback", timeout=10).raise_for_status()


def sync_feedback(connection, *, limit=10, **kwargs):
    """Run the feedback sync as the task would, again while Amazon is preparing a report.

    Tests set SYNC_REPORT_POLL_SECONDS to 0, so a pending report is due again at once.
    """
    results = []
    for _ in range(limit):
        result = feedback.connection_feedback_sync(connection, **NO_SLEEP, **kwargs)
        results.append(result)
        connection.refresh_from_db()
        if result.retry_in is None:
            return results
    raise AssertionError(f"the feedback sync did not finish: {results[-1].note}")


def an_hour_later(connection):
    """The interval passed: every marketplace of the connection is due again."""
    FeedbackSync.objects.filter(connection=connection).update(next_run_at=timezone.now())


def sync_orders(connection):
    for _ in range(40):
        result = order_sync.connection_sync(connection, **NO_SLEEP)
        connection.refresh_from_db()
        if result.retry_in is None:
            return
    raise AssertionError("the order sync did not finish")
