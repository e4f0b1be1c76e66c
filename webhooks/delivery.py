"""Delivering the event log's events to endpoints: at least once, in order per endpoint.

1. fan_out: events not yet handed over become one Delivery per subscribed, enabled endpoint, in
   recording order; endpoints that were idle become due. One fan-out at a time (an advisory
   lock), so deliveries are written in the order events were taken.
2. claim: endpoints whose time has come, under a lease, each with its first PER_ENDPOINT waiting
   deliveries (never a later one without the earlier: order per endpoint).
3. send_batch (on worker threads; no database): one endpoint's deliveries one after the other,
   signed at the moment each is sent, stopping at the first failure.
4. record: every attempt as a row, each delivery's new state, and the endpoint's next moment:
   now if more waits, the failed delivery's back-off otherwise; a delivery failing for
   WEBHOOK_RETRY_FOR_HOURS is given up, and an endpoint failing for WEBHOOK_DISABLE_AFTER_HOURS
   is disabled (its owners mailed after the commit).

A deliverer that dies mid-batch loses nothing: the lease lapses and another sends again what
was not recorded (at least once; the receiver tells a repeat by its `webhook-id`).
"""

import logging
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone

from common.backoff import backoff_seconds
from common.ratelimit import redis_client
from eventlog.models import Event

from . import payloads, services
from .events import endpoint_disabled
from .http import Answer, Sender
from .models import Delivery, DeliveryAttempt, Endpoint

logger = logging.getLogger(__name__)

PER_ENDPOINT = 25  # deliveries one endpoint gets per claim
BATCH_SECONDS = 20.0  # after this, a batch starts no further delivery (the rest goes next claim)
FAN_OUT_BATCH = 2000
FAN_OUT_LOCK = 7404
MAX_IN_FLIGHT = 64  # endpoints a deliverer holds at once
CLAIM_EVERY = 0.02
IDLE_WAIT = 1.0
WAKE = "webhooks:wake"

State = Delivery.State


def lease_seconds() -> float:
    return BATCH_SECONDS + settings.WEBHOOK_TIMEOUT_SECONDS + 30


def default_sender() -> Sender:
    return Sender(timeout=settings.WEBHOOK_TIMEOUT_SECONDS, allow_loopback=settings.WEBHOOK_ALLOW_LOOPBACK)


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


# -- 1. fan-out ----------------------------------------------------------------------------------
def fan_out(now: datetime) -> int:
    """Hand waiting events to the endpoints that want them. Returns the events taken."""
    with transaction.atomic():
        with db_connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FAN_OUT_LOCK])
            if not cursor.fetchone()[0]:
                return 0  # another fan-out is at it
        events = list(
            Event.objects.filter(fanned_out_at__isnull=True)
            .order_by("id")
            .only("id", "seller_id", "type", "created_at")[:FAN_OUT_BATCH]
        )
        if not events:
            return 0
        # An endpoint turned off after an event happened still gets it, when it is turned on.
        earliest = min(e.created_at for e in events)
        listening: dict = {}
        for endpoint_id, seller_id, types, disabled_at in Endpoint.objects.filter(
            Q(enabled=True) | Q(disabled_at__gt=earliest), seller_id__in={e.seller_id for e in events}
        ).values_list("id", "seller_id", "event_types", "disabled_at"):
            listening.setdefault(seller_id, []).append((endpoint_id, set(types), disabled_at))
        rows = [
            Delivery(
                seller_id=event.seller_id,
                endpoint_id=endpoint_id,
                event_id=event.id,
                event_seq=event.id,
                event_type=event.type,
                next_attempt_at=now,
                pending_since=now,
                created_at=now,
            )
            for event in events
            for endpoint_id, types, disabled_at in listening.get(event.seller_id, ())
            if event.type in types and (disabled_at is None or disabled_at > event.created_at)
        ]
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        Event.objects.filter(id__in=[e.id for e in events]).update(fanned_out_at=now)
        services.make_due({row.endpoint_id for row in rows}, now)
    return len(events)


# -- 2. claim --------------------------------------------------------------------------------------
_HEADS = """
SELECT h.id FROM unnest(%s::uuid[]) AS e (id)
CROSS JOIN LATERAL (
    SELECT d.id FROM {deliveries} d WHERE d.endpoint_id = e.id AND d.state = 'pending' ORDER BY d.event_seq LIMIT %s
) h
"""


def claim(now: datetime, limit: int, *, holding=()) -> list[Batch]:
    """Lease up to `limit` due endpoints, longest waiting first, with their first deliveries.
    Never one in `holding` (this deliverer's batches in flight), even if its lease ran out."""
    lease = now + timedelta(seconds=lease_seconds())
    with transaction.atomic():
        endpoints = list(
            Endpoint.objects.select_for_update(skip_locked=True)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now), enabled=True, due_at__lte=now)
            .exclude(pk__in=list(holding))
            .order_by("due_at")[:limit]
        )
        if not endpoints:
            return []
        Endpoint.objects.filter(pk__in=[e.pk for e in endpoints]).update(lease_until=lease)
    with db_connection.cursor() as cursor:
        cursor.execute(
            _HEADS.format(deliveries=Delivery._meta.db_table), [[str(e.pk) for e in endpoints], PER_ENDPOINT]
        )
        head_ids = [row[0] for row in cursor.fetchall()]
    by_endpoint: dict[str, list[Outbound]] = {str(e.pk): [] for e in endpoints}
    slack = {str(e.pk) for e in endpoints if e.is_slack}
    for delivery in Delivery.objects.filter(pk__in=head_ids).select_related("event").order_by("event_seq"):
        endpoint_id = str(delivery.endpoint_id)
        by_endpoint[endpoint_id].append(
            Outbound(
                str(delivery.pk),
                delivery.pending_since,
                delivery.attempts,
                payloads.build(delivery.event, slack=endpoint_id in slack),
            )
        )
    return [
        Batch(
            str(e.pk),
            str(e.seller_id),
            lease,
            e.url,
            services.secrets_in_force(e, now),
            by_endpoint[str(e.pk)],
        )
        for e in endpoints
    ]


# -- 3. send ---------------------------------------------------------------------------------------
def send_batch(batch: Batch, sender: Sender, clock=timezone.now) -> Batch:
    """On a worker thread: the batch's deliveries in order, until one fails or time is up."""
    started = time.monotonic()
    for item in batch.items:
        if time.monotonic() - started > BATCH_SECONDS:
            break
        at = clock()
        try:
            headers = payloads.signature_headers(item.message, batch.secrets, at)
        except Exception as exc:  # noqa: BLE001 - an unreadable secret: recorded as this attempt's failure
            answer = Answer(error=f"could not sign: {type(exc).__name__}: {exc}"[:500])
        else:
            answer = sender.post(batch.url, item.message.body, headers)
        batch.tried.append((item, answer, at))
        if not answer.ok:
            break
    return batch


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


# -- the loop --------------------------------------------------------------------------------------
@dataclass
class Report:
    fanned_out: int = 0
    attempts: int = 0
    delivered: int = 0
    disabled: int = 0


def deliver_pending(*, now: datetime | None = None, sender: Sender | None = None) -> Report:
    """Deliver everything due at `now`, on this thread (commands, tests): until nothing is due."""
    now = now or timezone.now()
    own = sender is None
    sender = sender or default_sender()
    report = Report()
    try:
        while True:
            report.fanned_out += fan_out(now)
            batches = claim(now, MAX_IN_FLIGHT)
            if not batches:
                return report
            for batch in batches:
                send_batch(batch, sender, clock=lambda: now)
            _count(report, batches, record(batches, now))
    finally:
        if own:
            sender.close()


def _count(report: Report, batches: list[Batch], disabled: list[str]) -> None:
    for batch in batches:
        report.attempts += len(batch.tried)
        report.delivered += sum(1 for _, answer, _ in batch.tried if answer.ok)
    report.disabled += len(disabled)


class Deliverer:
    """The loop of a webhooks worker: endpoints' batches on threads, fan-out and claims between."""

    def __init__(self, *, clock=timezone.now, sender: Sender | None = None, threads: int | None = None):
        self.clock = clock
        self.sender = sender or default_sender()
        self.executor = ThreadPoolExecutor(threads or settings.WEBHOOK_THREADS, thread_name_prefix="webhooks")
        self.inflight: dict[Future, str] = {}  # a batch on a thread, and its endpoint
        self.report = Report()
        self._last_claim = 0.0

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.sender.close()

    def step(self, *, claim_more: bool = True) -> bool:
        """Claim what is due and record what came back. Returns whether anything happened."""
        busy = False
        if claim_more and (not self.inflight or time.monotonic() - self._last_claim >= CLAIM_EVERY):
            self._last_claim = time.monotonic()
            now = self.clock()
            self.report.fanned_out += fan_out(now)
            space = MAX_IN_FLIGHT - len(self.inflight)
            for batch in claim(now, space, holding=self.inflight.values()) if space > 0 else []:
                self.inflight[self.executor.submit(send_batch, batch, self.sender, self.clock)] = batch.endpoint_id
                busy = True
        if self.inflight:
            done, _ = wait(self.inflight, timeout=CLAIM_EVERY, return_when=FIRST_COMPLETED)
            if done:
                for future in done:
                    del self.inflight[future]
                batches = [future.result() for future in done]
                _count(self.report, batches, record(batches, self.clock()))
                busy = True
        return busy

    def run(self, *, seconds: float, idle_exit: float | None = None) -> Report:
        """Deliver for about `seconds`, or until nothing happened for `idle_exit` seconds; then
        finish what is in flight."""
        until = time.monotonic() + seconds
        last_busy = time.monotonic()
        try:
            while True:
                finishing = time.monotonic() >= until
                if finishing and not self.inflight:
                    break
                if self.step(claim_more=not finishing) or self.inflight:
                    last_busy = time.monotonic()
                    continue
                if idle_exit is not None and time.monotonic() - last_busy >= idle_exit:
                    break
                wait_for_work(min(IDLE_WAIT, next_due_in(self.clock()), max(0.0, until - time.monotonic())))
        finally:
            self.close()
        return self.report


# -- waking and catching up ------------------------------------------------------------------------
def wake() -> None:
    """New events committed: a deliverer waiting for work looks now."""
    redis = redis_client()
    redis.lpush(WAKE, 1)
    redis.ltrim(WAKE, 0, 0)


def wait_for_work(timeout: float) -> None:
    if timeout >= 0.01:
        redis_client().blpop([WAKE], timeout=timeout)


def next_due_in(now: datetime) -> float:
    """Seconds until an endpoint nobody holds is due (IDLE_WAIT when none is)."""
    first = (
        Endpoint.objects.filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now), enabled=True)
        .filter(due_at__isnull=False)
        .aggregate(at=Min("due_at"))["at"]
    )
    return IDLE_WAIT if first is None else max(0.0, (first - now).total_seconds())


def work_waiting(now: datetime) -> bool:
    """Events not handed over yet, or an endpoint due now (beat's check before starting a run)."""
    return (
        Event.objects.filter(fanned_out_at__isnull=True).exists()
        or Endpoint.objects.filter(enabled=True, due_at__lte=now).exists()
    )


def prune(*, now: datetime | None = None, batch: int = 5000) -> int:
    """Forget deliveries, attempts and events older than WEBHOOK_LOG_DAYS that are done with.
    A bounded number of rows per statement. Returns the deliveries removed."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.WEBHOOK_LOG_DAYS)
    removed = 0
    while True:
        ids = list(
            Delivery.objects.filter(created_at__lt=cutoff)
            .exclude(state=State.PENDING)
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        DeliveryAttempt.objects.filter(delivery_id__in=ids).delete()
        removed += Delivery.objects.filter(pk__in=ids).delete()[0]
    waiting = Delivery.objects.filter(event_id=OuterRef("pk"), state=State.PENDING)
    while True:
        event_ids: list[int] = list(
            Event.objects.filter(created_at__lt=cutoff, fanned_out_at__isnull=False)
            .exclude(Exists(waiting))
            .values_list("pk", flat=True)[:batch]
        )
        if not event_ids:
            break
        Delivery.objects.filter(event_id__in=event_ids).delete()
        Event.objects.filter(pk__in=event_ids).delete()
    return removed
