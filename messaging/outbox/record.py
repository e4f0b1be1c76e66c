"""Writing down what became of claimed dispatches, fenced by their leases.

A pump that lost a lease (it was slow, the lease lapsed, another pump took the dispatch over)
changes nothing about that dispatch: every statement here matches the lease it claimed with.
"""

import logging
from datetime import datetime, timedelta

from django.db import connection as db_connection
from django.db import transaction

from campaigns.models import Dispatch
from eventlog import types as event_types
from eventlog.services import NewEvent, record_events
from sellers import finances

from .. import gateway, limits
from .jobs import Job, Result, lease_seconds

logger = logging.getLogger(__name__)

State = Dispatch.State

_RECORD_COLUMNS = "(id, lease, state, reason, error, at, response_id, language, in_doubt, attempt)"
_RECORD_SQL = """
UPDATE {dispatch} d SET
    state = v.state, reason = v.reason, last_error = COALESCE(v.error, d.last_error),
    scheduled_for = COALESCE(v.at, d.scheduled_for), amazon_response_id = v.response_id,
    language = CASE WHEN v.language = '' THEN d.language ELSE v.language END,
    in_doubt = v.in_doubt, attempts = d.attempts + v.attempt, lease_until = NULL, updated_at = %s,
    finished_at = CASE WHEN v.state = 'scheduled' THEN NULL ELSE %s::timestamptz END
FROM (VALUES {values}) AS v {columns}
WHERE d.id = v.id AND d.state = 'sending' AND d.lease_until = v.lease
RETURNING d.id
"""


def record(results: list[Result], now: datetime) -> set:
    """Write outcomes in one statement; returns the ids actually written. Sends Amazon accepted
    join the day's count in the same transaction: the daily cap and the quota miss none."""
    if not results:
        return set()
    rows = [
        (
            r.job.id,
            r.job.lease,
            r.state,
            r.reason[:300],
            r.error,
            r.at,
            r.response_id[:100],
            r.job.language,
            r.in_doubt,
            1 if r.attempt else 0,
        )
        for r in results
    ]
    values = ", ".join(["(%s::uuid, %s::timestamptz, %s, %s, %s, %s::timestamptz, %s, %s, %s, %s::int)"] * len(rows))
    sql = _RECORD_SQL.format(dispatch=Dispatch._meta.db_table, values=values, columns=_RECORD_COLUMNS)
    with transaction.atomic(), db_connection.cursor() as cursor:
        cursor.execute(sql, [now, now, *[v for row in rows for v in row]])
        written = {row[0] for row in cursor.fetchall()}
        done = [r for r in results if r.job.id in written]
        _count_sent(done, now)
        _record_events(done, now)
    return written


# The outcomes a seller can subscribe to, by the state they end in.
OUTCOME_EVENTS: dict[str, str] = {
    State.SENT: event_types.MESSAGE_SENT,
    State.BLOCKED_OPTOUT: event_types.MESSAGE_BLOCKED,
    State.BLOCKED_SELLER: event_types.MESSAGE_BLOCKED,
    State.INELIGIBLE: event_types.MESSAGE_INELIGIBLE,
    State.FAILED: event_types.MESSAGE_FAILED,
}
EVENT_ERROR_LENGTH = 500


def _record_events(results: list[Result], now: datetime) -> None:
    """The outcomes' events, in the transaction that records them: written exactly when they are."""
    record_events(
        [
            NewEvent(
                r.job.seller_id,
                OUTCOME_EVENTS[r.state],
                {
                    "dispatch_id": str(r.job.id),
                    "campaign_id": str(r.job.campaign_id),
                    "connection_id": str(r.job.connection_id),
                    "order_id": r.job.amazon_order_id,
                    "marketplace_id": r.job.marketplace_id,
                    "kind": r.job.kind,
                    "state": str(r.state),
                    "reason": r.reason[:300],
                    "error": (r.error or "")[:EVENT_ERROR_LENGTH],
                    "language": r.job.language,
                    "amazon_response_id": r.response_id[:100],
                },
            )
            for r in results
            if r.state in OUTCOME_EVENTS
        ],
        now=now,
    )


def _count_sent(results: list[Result], now: datetime) -> None:
    counts: dict[tuple, int] = {}
    for r in results:
        if r.state == State.SENT:
            key = (r.job.seller_id, r.job.connection_id)
            counts[key] = counts.get(key, 0) + 1
    limits.record_sent(counts, now)


def mark_in_doubt(jobs: list[Job], now: datetime) -> list[Job]:
    """Before handing sends to Amazon: if we die now, the next attempt must look before it sends.

    Fenced by each job's lease, which it renews: a job whose lease another pump took over while
    its check was slow is not sent from here (it is that pump's now).
    """
    if not jobs:
        return []
    lease = now + timedelta(seconds=lease_seconds())
    kept = []
    with transaction.atomic():
        for old_lease in {j.lease for j in jobs}:
            ids = [j.id for j in jobs if j.lease == old_lease]
            marked = set(
                Dispatch.objects.filter(id__in=ids, state=State.SENDING, lease_until=old_lease).values_list(
                    "id", flat=True
                )
            )
            Dispatch.objects.filter(id__in=marked).update(in_doubt=True, lease_until=lease)
            kept += [j for j in jobs if j.id in marked]
    for job in kept:
        job.in_doubt, job.lease = True, lease
    lost = len(jobs) - len(kept)
    if lost:
        logger.warning("outbox: %s dispatches were taken over by another worker before their send", lost)
    return kept


def record_refunds(job: Job, answer: gateway.Answer, now: datetime) -> None:
    """Keep what the Finances API said: the order's refund (or none) and that the role works."""
    finances.order_refund_record(order_pk=job.order_pk, refund=answer.refund, now=now)
    finances.connection_finance_role_record(connection_id=job.connection_id, granted=True, now=now)
