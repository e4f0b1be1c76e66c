"""Recording what a batch of webhook deliveries did (step 4 of delivery.py): every attempt as a
row, each delivery's new state, and its endpoint's next moment, in one transaction.

A delivery failing for WEBHOOK_RETRY_FOR_HOURS is given up; an endpoint failing for
WEBHOOK_DISABLE_AFTER_HOURS is disabled and its owners are mailed after the commit.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction

from common.backoff import backoff_seconds

from . import payloads, services
from .events import endpoint_disabled
from .http import Answer
from .models import Delivery, DeliveryAttempt, Endpoint

logger = logging.getLogger(__name__)

State = Delivery.State


@dataclass
class Outbound:
    delivery_id: str
    pending_since: datetime
    attempts: int
    message: payloads.Message


@dataclass
class Batch:
    """One endpoint's claimed deliveries, in order, and what became of those tried."""

    endpoint_id: str
    seller_id: str
    lease: datetime
    url: str
    secrets: list[str]
    items: list[Outbound]
    tried: list[tuple[Outbound, Answer, datetime]] = field(default_factory=list)


# -- 4. record -------------------------------------------------------------------------------------
def retry_for() -> timedelta:
    return timedelta(hours=settings.WEBHOOK_RETRY_FOR_HOURS)


def disable_after() -> timedelta:
    return timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_HOURS)


def retry_delay(attempts: int) -> float:
    """After the `attempts`-th failed attempt: the base, doubled per attempt, with jitter."""
    return backoff_seconds(
        max(attempts - 1, 0),
        base=settings.WEBHOOK_RETRY_BASE_SECONDS,
        cap=settings.WEBHOOK_RETRY_CAP_SECONDS,
        jitter=True,
    )


@dataclass
class _DeliveryUpdate:
    id: str
    state: str
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    status: int | None
    response: str
    error: str


@dataclass
class _EndpointOutcome:
    succeeded: bool = False  # some delivery of the batch got a 2xx
    failed_at: datetime | None = None  # the batch ended on a failure, at this moment
    retry_at: datetime | None = None  # ... whose delivery is tried again then (None: given up)
    error: str = ""


def _updates(batch: Batch) -> tuple[list[_DeliveryUpdate], _EndpointOutcome]:
    updates, outcome = [], _EndpointOutcome()
    for item, answer, at in batch.tried:
        if answer.ok:
            outcome.succeeded = True
            updates.append(_DeliveryUpdate(item.delivery_id, State.DELIVERED, None, at, answer.status, answer.body, ""))
            continue
        outcome.failed_at, outcome.error = at, answer.error or f"answered {answer.status}"
        if at - item.pending_since >= retry_for():
            state, retry_at = State.FAILED, None
        else:
            state, retry_at = State.PENDING, at + timedelta(seconds=retry_delay(item.attempts + 1))
        outcome.retry_at = retry_at
        updates.append(
            _DeliveryUpdate(item.delivery_id, state, retry_at, None, answer.status, answer.body, answer.error)
        )
    return updates, outcome


_UPDATE_DELIVERIES = """
UPDATE {deliveries} d SET
    state = v.state, attempts = d.attempts + 1, next_attempt_at = COALESCE(v.next_at, d.next_attempt_at),
    delivered_at = v.delivered_at, last_status = v.status, last_response = v.response, last_error = v.error
FROM (VALUES {values}) AS v (id, state, next_at, delivered_at, status, response, error)
WHERE d.id = v.id AND d.state = 'pending'
"""
_DELIVERY_ROW = "(%s::uuid, %s, %s::timestamptz, %s::timestamptz, %s::int, %s, %s)"

_WAITING = """
SELECT e.id FROM unnest(%s::uuid[]) AS e (id)
WHERE EXISTS (SELECT 1 FROM {deliveries} d WHERE d.endpoint_id = e.id AND d.state = 'pending')
"""


def record(batches: list[Batch], now: datetime) -> list[str]:
    """Write what the batches did. Returns the ids of endpoints this disabled."""
    if not batches:
        return []
    disabled: list[str] = []
    with transaction.atomic():
        ids = sorted(b.endpoint_id for b in batches)
        endpoints = {
            str(e.pk): e
            for e in Endpoint.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .only("id", "seller_id", "lease_until", "failing_since", "enabled")
        }
        DeliveryAttempt.objects.bulk_create(
            [
                DeliveryAttempt(
                    seller_id=b.seller_id,
                    delivery_id=item.delivery_id,
                    at=at,
                    status=answer.status,
                    response_body=answer.body,
                    error=answer.error,
                    duration_ms=answer.duration_ms,
                )
                for b in batches
                for item, answer, at in b.tried
            ]
        )
        outcomes, rows = {}, []
        for b in batches:
            updates, outcomes[b.endpoint_id] = _updates(b)
            rows += updates
        if rows:
            sql = _UPDATE_DELIVERIES.format(
                deliveries=Delivery._meta.db_table, values=", ".join([_DELIVERY_ROW] * len(rows))
            )
            params = [
                v
                for u in rows
                for v in (u.id, u.state, u.next_attempt_at, u.delivered_at, u.status, u.response, u.error)
            ]
            with db_connection.cursor() as cursor:
                cursor.execute(sql, params)
        with db_connection.cursor() as cursor:
            cursor.execute(_WAITING.format(deliveries=Delivery._meta.db_table), [ids])
            waiting = {str(row[0]) for row in cursor.fetchall()}
        schedules = []
        for b in batches:
            endpoint = endpoints.get(b.endpoint_id)
            if endpoint is None or endpoint.lease_until != b.lease:
                continue  # deleted, or taken over after our lease lapsed: its holder decides
            schedules.append(_schedule(endpoint, outcomes[b.endpoint_id], b.endpoint_id in waiting, now))
        _write_schedules(schedules, now)
        disabled = [s.endpoint_id for s in schedules if s.disable]
        for seller_id in {str(endpoints[e].seller_id) for e in disabled}:
            services.sync_subscriptions(seller_id)
    for endpoint_id in disabled:
        transaction.on_commit(partial(endpoint_disabled.send, sender=Endpoint, endpoint_id=endpoint_id), robust=True)
    return disabled


@dataclass
class _Schedule:
    endpoint_id: str
    due_at: datetime | None
    failing_since: datetime | None
    disable: bool
    disabled_reason: str = ""


def _schedule(endpoint: Endpoint, outcome: _EndpointOutcome, waiting: bool, now: datetime) -> _Schedule:
    """The endpoint's next moment after a batch, and whether a day of failing turns it off."""
    next_at = now if waiting else None
    failing_since = None if outcome.succeeded else endpoint.failing_since
    if outcome.failed_at is not None:
        failing_since = failing_since or outcome.failed_at
        if outcome.retry_at is not None:
            next_at = outcome.retry_at
    disable = failing_since is not None and now - failing_since >= disable_after()
    reason = ""
    if disable:
        hours = settings.WEBHOOK_DISABLE_AFTER_HOURS
        reason = f"Turned off after failing every delivery for {hours} hours. Last error: {outcome.error}"[:500]
        logger.warning("webhooks: endpoint %s disabled after failing for %s hours", endpoint.pk, hours)
    return _Schedule(str(endpoint.pk), next_at, failing_since, disable, reason)


_UPDATE_ENDPOINTS = """
UPDATE {endpoints} e SET
    due_at = v.due_at, failing_since = v.failing_since, lease_until = NULL,
    enabled = e.enabled AND NOT v.disable,
    disabled_at = CASE WHEN v.disable THEN %s::timestamptz ELSE e.disabled_at END,
    disabled_reason = CASE WHEN v.disable THEN v.reason ELSE e.disabled_reason END
FROM (VALUES {values}) AS v (id, due_at, failing_since, disable, reason)
WHERE e.id = v.id
"""


def _write_schedules(schedules: list[_Schedule], now: datetime) -> None:
    """One statement for every endpoint of the record (under the row locks record took)."""
    if not schedules:
        return
    row = "(%s::uuid, %s::timestamptz, %s::timestamptz, %s::boolean, %s)"
    sql = _UPDATE_ENDPOINTS.format(endpoints=Endpoint._meta.db_table, values=", ".join([row] * len(schedules)))
    params: list = [now]
    for s in schedules:
        params += [s.endpoint_id, s.due_at, s.failing_since, s.disable, s.disabled_reason]
    with db_connection.cursor() as cursor:
        cursor.execute(sql, params)
