"""Which dispatches a pump may work on: the claim under a lease, and the dispatches no pump
holds any more (a lapsed lease goes back to the queue, a closed window expires).

The claim takes each connection's share in one statement (FOR UPDATE SKIP LOCKED: many pumps on
many machines never claim one dispatch twice) and sets a lease that every later write about the
dispatch is fenced by.
"""

import logging
from datetime import datetime

from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from campaigns.models import Campaign, Dispatch
from sellers.models import Order

from .. import queue
from .jobs import Job

logger = logging.getLogger(__name__)

State = Dispatch.State

_CLAIM_SQL = """
WITH wanted AS (
    SELECT * FROM unnest(%(connections)s::uuid[], %(counts)s::int[]) AS w(connection_id, n)
), picked AS (
    SELECT p.id FROM wanted w CROSS JOIN LATERAL (
        SELECT d.id FROM {dispatch} d JOIN {campaign} c ON c.id = d.campaign_id AND c.state = 'active'
        WHERE d.connection_id = w.connection_id AND d.state = 'scheduled' AND d.scheduled_for <= %(now)s
        ORDER BY d.priority, d.scheduled_for
        LIMIT w.n FOR UPDATE SKIP LOCKED
    ) p
)
UPDATE {dispatch} d SET state = 'sending', lease_until = %(lease)s, updated_at = %(now)s
FROM picked, {order} o, {campaign} c
WHERE d.id = picked.id AND o.id = d.order_id AND c.id = d.campaign_id
RETURNING d.id, d.seller_id, d.connection_id, d.campaign_id, d.order_id, d.kind, d.expires_at, d.in_doubt,
          d.attempts, o.amazon_order_id, o.marketplace_id, o.buyer_key, c.exclude_refunded
"""


def claim_due(wanted: dict[str, int], now: datetime, lease: datetime) -> list[Job]:
    """Up to `wanted[connection]` due dispatches of each connection, most important first."""
    if not wanted:
        return []
    sql = _CLAIM_SQL.format(
        dispatch=Dispatch._meta.db_table, order=Order._meta.db_table, campaign=Campaign._meta.db_table
    )
    with transaction.atomic(), db_connection.cursor() as cursor:
        cursor.execute(sql, {"connections": list(wanted), "counts": list(wanted.values()), "now": now, "lease": lease})
        rows = cursor.fetchall()
    return [Job(row[0], lease, *row[1:]) for row in rows]


def next_due(connection_ids) -> dict[str, datetime]:
    """The earliest scheduled dispatch of each connection (those with none are left out)."""
    rows = (
        Dispatch.objects.filter(
            connection_id__in=connection_ids, state=State.SCHEDULED, campaign__state=Campaign.State.ACTIVE
        )
        .values("connection_id")
        .order_by()
        .annotate(at=Min("scheduled_for"))
    )
    return {str(row["connection_id"]): row["at"] for row in rows}


def requeue_lapsed(now: datetime | None = None) -> int:
    """Dispatches whose worker died (lease lapsed) go back to the queue, to be looked at first."""
    now = now or timezone.now()
    lapsed = list(Dispatch.objects.filter(state=State.SENDING, lease_until__lt=now).values_list("id", "connection_id"))
    if not lapsed:
        return 0
    count = Dispatch.objects.filter(id__in=[i for i, _ in lapsed], state=State.SENDING, lease_until__lt=now).update(
        state=State.SCHEDULED, lease_until=None, scheduled_for=now, updated_at=now
    )
    queue.offer({str(c): now.timestamp() for _, c in lapsed})
    logger.warning("outbox: %s dispatches whose worker stopped went back to the queue", count)
    return count


def expire_overdue(now: datetime | None = None) -> int:
    """Scheduled dispatches whose window closed before they could go out."""
    now = now or timezone.now()
    return Dispatch.objects.filter(state=State.SCHEDULED, scheduled_for__lt=now, expires_at__lt=now).update(
        state=State.EXPIRED,
        reason="Amazon's window for this message closed before it could be sent.",
        finished_at=now,
        updated_at=now,
    )
