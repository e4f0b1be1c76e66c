"""The outbox: claim due dispatches fairly, send them through Amazon within its rate limits,
and record what became of each one.

A pump (one per sender worker process; `pump`) repeats one round after another:

1. take the connections whose turn has come from the ready set (messaging.queue), longest
   waiting first, so every seller gets a turn each round however much it has queued;
2. work out each connection's room (Amazon's daily cap, the plan's monthly quota) and how
   many calls its Amazon buckets allow now, and claim that many due dispatches per connection
   with a lease (FOR UPDATE SKIP LOCKED: many pumps on many machines never claim one twice);
3. take the tokens for each claimed dispatch's calls from the shared Redis buckets; one whose
   bucket is empty goes back to the queue for the moment it refills (nobody sleeps on it);
4. on worker threads, ask Amazon which actions the order allows; back on the pump's thread,
   render the messages' texts in one batch (in the render pool: a template that blows its
   memory or CPU budget fails its dispatch, never the worker) and lint each text as it will be
   sent (a blocking finding fails the dispatch and pauses its campaign); then, on the threads,
   check the opt-out table and the seller's blocklist (the last gate) and send;
5. record every outcome in one statement, fenced by the lease, so a pump that lost its lease
   cannot overwrite the work of the one that took it over.

A dispatch whose send was handed to Amazon is marked "in doubt" first. If the worker dies
before recording, the lease lapses, another pump takes it over, and its check finds the action
gone: it records "sent" instead of sending twice.
"""

import logging
import random
import threading
import time
import uuid
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db import connection as db_connection
from django.db import connections as db_connections
from django.db.models import Min
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sp_api.base.exceptions import SellingApiForbiddenException

from campaigns import kinds
from campaigns import messages as buyer_messages
from campaigns import services as campaign_services
from campaigns.models import Campaign, Dispatch, MessageTemplate
from campaigns.templating import RenderPoolUnavailable, TemplateRenderError
from common.crypto import UndecryptableSecret
from common.ratelimit import redis_client
from optouts.suppression import suppression_reason
from sellers import amazon, finances
from sellers.amazon import AuthorizationError
from sellers.amazon_errors import Outcome, classify, describe
from sellers.models import AmazonConnection, Order
from sellers.services import connection_needs_reauthorization

from . import gateway, limits, queue
from .gateway import Account, CallFailed

logger = logging.getLogger(__name__)

State = Dispatch.State
ROUND_CONNECTIONS = 200     # connections served in one round
PER_CONNECTION = 25         # most dispatches one connection gets in one round
MAX_IN_FLIGHT = 96          # claimed dispatches a pump holds at once
THREADS = 8                 # calls to Amazon a pump makes at once (more only contend for the GIL)
RECHECK_EVERY = timedelta(hours=6)
RETRY_CAP = timedelta(hours=1)
IDLE_WAIT = 1.0
ACCESS_REFUSED_WAIT = timedelta(minutes=15)
CLAIM_EVERY = 0.025
GATHER = 0.01  # after one call comes back, how long to wait for others to record them together
OUTAGE_RETRY_SECONDS = 0.5
OUTAGE_PATIENCE = 300.0
SWEEP_EVERY = 5.0
# Calls arriving at Amazon a little closer together than they left here should still find a
# token there: keep one in every bucket.
TOKEN_RESERVE = 1

# Errors of an unreachable database or Redis: wait for them to come back.
OUTAGES = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
# Failures before the request left: Amazon cannot have acted on it.
NEVER_ARRIVED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

OPTOUT_REASONS = {
    "buyer_opted_out": (State.BLOCKED_OPTOUT, "The buyer opted out of unsolicited messages."),
    "seller_optout": (State.BLOCKED_OPTOUT, "The buyer is on your own opt-out list."),
    "seller_blocklist": (State.BLOCKED_SELLER, "The buyer is on your blocklist."),
}


def lease_seconds() -> float:
    return float(settings.OUTBOX_LEASE_SECONDS)


@dataclass
class Job:
    """One claimed dispatch on its way through the pump."""

    id: uuid.UUID
    lease: datetime
    seller_id: uuid.UUID
    connection_id: uuid.UUID
    campaign_id: uuid.UUID
    order_pk: uuid.UUID
    kind: str
    expires_at: datetime
    in_doubt: bool
    attempts: int
    amazon_order_id: str
    marketplace_id: str
    buyer_key: str
    exclude_refunded: bool = False  # the campaign skips refunded orders: ask Amazon's Finances API first
    account: Account | None = None
    text: str = ""
    language: str = ""
    doubted_before: bool | None = None  # in doubt when claimed: an earlier attempt may have gone through

    def __post_init__(self):
        if self.doubted_before is None:
            self.doubted_before = self.in_doubt

    @property
    def critical(self) -> bool:
        return kinds.KINDS[self.kind].critical

    @property
    def key(self) -> str:
        return str(self.connection_id)

    @property
    def operations(self) -> tuple[str, ...]:
        """The calls this job makes to Amazon, in order: their tokens are taken together."""
        return gateway.operations(self.kind, refunds=self.exclude_refunded)


@dataclass
class Result:
    """What to record for a job: an end state, or back to "scheduled" for a later attempt."""

    job: Job
    state: str
    reason: str = ""
    error: str | None = None     # None keeps the last error as it is
    at: datetime | None = None   # the next attempt, when going back to "scheduled"
    response_id: str = ""
    in_doubt: bool = False
    attempt: bool = False        # counts as an attempt to send
    requeue: bool = True         # offer the connection again at `at` (not while it needs re-authorization)


@dataclass(frozen=True)
class Blocked:
    reason: str  # a key of OPTOUT_REASONS


@dataclass
class RoundReport:
    claimed: int = 0
    queries: int = 0
    recorded: dict = field(default_factory=dict)

    def add(self, results):
        for result in results:
            self.recorded[result.state] = self.recorded.get(result.state, 0) + 1


STATS = "outbox:stats"  # counters across every pump: queries, claimed, and dispatches recorded per state


def publish(report: RoundReport, published: dict) -> None:
    """Add what the report counted since the last call to the shared counters in Redis."""
    current = {"queries": report.queries, "claimed": report.claimed,
               **{f"recorded:{k}": v for k, v in report.recorded.items()}}
    pipe = redis_client().pipeline(transaction=False)
    for name, value in current.items():
        if value != published.get(name, 0):
            pipe.hincrby(STATS, name, value - published.get(name, 0))
    pipe.execute()
    published.update(current)


# -- claiming ----------------------------------------------------------------------------------
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


def _claim(wanted: dict[str, int], now: datetime, lease: datetime) -> list[Job]:
    if not wanted:
        return []
    sql = _CLAIM_SQL.format(dispatch=Dispatch._meta.db_table, order=Order._meta.db_table,
                            campaign=Campaign._meta.db_table)
    with transaction.atomic(), db_connection.cursor() as cursor:
        cursor.execute(sql, {"connections": list(wanted), "counts": list(wanted.values()), "now": now,
                             "lease": lease})
        rows = cursor.fetchall()
    return [Job(row[0], lease, *row[1:]) for row in rows]


def _next_due(connection_ids) -> dict[str, datetime]:
    """The earliest scheduled dispatch of each connection (those with none are left out)."""
    rows = (Dispatch.objects.filter(connection_id__in=connection_ids, state=State.SCHEDULED,
                                    campaign__state=Campaign.State.ACTIVE)
            .values("connection_id").order_by().annotate(at=Min("scheduled_for")))
    return {str(row["connection_id"]): row["at"] for row in rows}


# -- recording ---------------------------------------------------------------------------------
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
    """Write outcomes (fenced by each job's lease); returns the ids actually written."""
    if not results:
        return set()
    rows = [(r.job.id, r.job.lease, r.state, r.reason[:300], r.error, r.at, r.response_id[:100], r.job.language,
             r.in_doubt, 1 if r.attempt else 0) for r in results]
    values = ", ".join(["(%s::uuid, %s::timestamptz, %s, %s, %s, %s::timestamptz, %s, %s, %s, %s::int)"] * len(rows))
    sql = _RECORD_SQL.format(dispatch=Dispatch._meta.db_table, values=values, columns=_RECORD_COLUMNS)
    with transaction.atomic(), db_connection.cursor() as cursor:
        cursor.execute(sql, [now, now, *[v for row in rows for v in row]])
        written = {row[0] for row in cursor.fetchall()}
        _count_sent([r for r in results if r.job.id in written], now)
    return written


def _count_sent(results, now) -> None:
    counts: dict[tuple, int] = {}
    for r in results:
        if r.state == State.SENT:
            key = (r.job.seller_id, r.job.connection_id)
            counts[key] = counts.get(key, 0) + 1
    limits.record_sent(counts, now)


def _mark_in_doubt(jobs: list[Job], now: datetime) -> list[Job]:
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
            marked = set(Dispatch.objects.filter(id__in=ids, state=State.SENDING, lease_until=old_lease)
                         .values_list("id", flat=True))
            Dispatch.objects.filter(id__in=marked).update(in_doubt=True, lease_until=lease)
            kept += [j for j in jobs if j.id in marked]
    for job in kept:
        job.in_doubt, job.lease = True, lease
    lost = len(jobs) - len(kept)
    if lost:
        logger.warning("outbox: %s dispatches were taken over by another worker before their send", lost)
    return kept


# -- leases and expiry ---------------------------------------------------------------------------
def requeue_lapsed(now: datetime | None = None) -> int:
    """Dispatches whose worker died (lease lapsed) go back to the queue, to be looked at first."""
    now = now or timezone.now()
    lapsed = list(Dispatch.objects.filter(state=State.SENDING, lease_until__lt=now)
                  .values_list("id", "connection_id"))
    if not lapsed:
        return 0
    count = Dispatch.objects.filter(id__in=[i for i, _ in lapsed], state=State.SENDING, lease_until__lt=now).update(
        state=State.SCHEDULED, lease_until=None, scheduled_for=now, updated_at=now)
    queue.offer({str(c): now.timestamp() for _, c in lapsed})
    logger.warning("outbox: %s dispatches whose worker stopped went back to the queue", count)
    return count


def expire_overdue(now: datetime | None = None) -> int:
    """Scheduled dispatches whose window closed before they could go out."""
    now = now or timezone.now()
    return Dispatch.objects.filter(state=State.SCHEDULED, scheduled_for__lt=now, expires_at__lt=now).update(
        state=State.EXPIRED, reason="Amazon's window for this message closed before it could be sent.",
        finished_at=now, updated_at=now)


# -- decisions -----------------------------------------------------------------------------------
def _retry_at(job: Job, now: datetime) -> datetime | None:
    """Exponential back-off with jitter, or None when the next try would be past the deadline."""
    base = float(settings.OUTBOX_RETRY_BASE_SECONDS)
    delay = min(RETRY_CAP.total_seconds(), base * 2 ** min(job.attempts, 20)) * random.uniform(0.5, 1.5)
    at = now + timedelta(seconds=delay)
    return at if at < job.expires_at else None


def after_check(job: Job, answer: gateway.Answer, now: datetime) -> Result | None:
    """What Amazon's actions mean for the job; None when it should be sent."""
    if job.in_doubt and job.kind != kinds.SOLICITATION:
        # Amazon keeps offering a message type after it was sent: its actions cannot tell us
        # whether the interrupted attempt went out. A duplicate message is worse than none.
        return Result(job, State.FAILED, "Sending was interrupted and Amazon cannot tell whether the message went "
                                         "out; it was not sent again, to avoid a duplicate.", in_doubt=False)
    offered = gateway.action_name(job.kind) in answer.actions
    if answer.refund is not None and (offered or not job.in_doubt):
        # Offered means not sent yet, even after an interrupted attempt: the refund stops it.
        return Result(job, State.SKIPPED, f"Amazon refunded the order on {answer.refund.posted_at:%Y-%m-%d}; this "
                                          "campaign skips refunded orders.")
    if offered:
        return None
    if job.in_doubt:
        return Result(job, State.SENT, "Amazon had accepted it before the worker recording it stopped.",
                      error="", in_doubt=False)
    if job.kind == kinds.SOLICITATION:
        # Amazon sometimes says no to an eligible order; only the closed window makes it final.
        at = now + RECHECK_EVERY
        if at < job.expires_at:
            return Result(job, State.SCHEDULED, "Amazon offered no review request yet; it will be asked again.",
                          at=at)
        return Result(job, State.INELIGIBLE, "Amazon did not offer a review request for this order while its "
                                             "window was open.")
    return Result(job, State.INELIGIBLE, "Amazon does not allow this message type for this order.")


def _record_refunds(job: Job, answer: gateway.Answer, now: datetime) -> None:
    """Keep what the Finances API said: the order's refund (or none) and that the role works."""
    finances.order_refund_record(order_pk=job.order_pk, refund=answer.refund, now=now)
    finances.connection_finance_role_record(connection_id=job.connection_id, granted=True, now=now)


REFUND_UNKNOWN = ("Waiting: refund status unknown. Amazon refuses to show this order's refunds (the "
                  "authorization lacks the Finance and Accounting role), and this campaign skips refunded "
                  "orders; authorize the Amazon account again with that role to send it.")
REFUND_UNKNOWN_WAIT = timedelta(hours=1)


def _held_for_refunds(job: Job, now: datetime, *, error: str | None = None) -> Result:
    return Result(job, State.SCHEDULED, REFUND_UNKNOWN, error=error, at=now + REFUND_UNKNOWN_WAIT,
                  in_doubt=job.doubted_before, requeue=False)


def _refusal(job: Job, exc, now: datetime) -> Result:
    """A 4xx from the send: Amazon's answer, told apart by its message."""
    text = describe(exc)
    lowered = text.lower()
    if job.kind == kinds.SOLICITATION and ("5-30" in lowered or "outside" in lowered):
        at = now + RECHECK_EVERY
        if at < job.expires_at:
            return Result(job, State.SCHEDULED, "Amazon says the order is outside its 5–30 day window; it will "
                                                "be asked again.", error=text, at=at, attempt=True)
        return Result(job, State.INELIGIBLE, "Amazon says the order is outside its 5–30 day review window.",
                      error=text, attempt=True)
    if "not available" in lowered:
        if job.in_doubt:
            # Our earlier attempt, which timed out or was cut off, reached Amazon after all.
            return Result(job, State.SENT, "Amazon had accepted an earlier attempt that did not hear back.",
                          error="", attempt=True)
        reason = ("Amazon says this order already has a review request." if job.kind == kinds.SOLICITATION
                  else "Amazon no longer allows this message for this order.")
        return Result(job, State.INELIGIBLE, reason, error=text, attempt=True)
    return Result(job, State.FAILED, f"Amazon refused it: {text}", error=text, attempt=True)


# -- the pump ------------------------------------------------------------------------------------
class Pump:
    def __init__(self, *, clock=timezone.now, buckets=None):
        self.clock = clock
        self.buckets = buckets or amazon.buckets()
        self.gateway = gateway.Gateway(self.buckets)
        self.executor = ThreadPoolExecutor(THREADS, thread_name_prefix="outbox")
        self.inflight: dict = {}
        self.report = RoundReport()
        self._templates: dict = {}
        self._last_sweep = 0.0
        self._last_claim = 0.0
        self._token_retried: set = set()
        self._count_lock = threading.Lock()
        self._stop = threading.Event()

    def close(self):
        """Stop the threads, closing the database connection each opened for the gate."""
        barrier = threading.Barrier(THREADS)

        def close_connection():
            try:
                barrier.wait(timeout=10)  # one per thread: every thread holds one until all do
            except threading.BrokenBarrierError:
                pass
            db_connections.close_all()

        for _ in range(THREADS):
            self.executor.submit(close_connection)
        self.executor.shutdown(wait=True)

    # One pass: claim what is ready, handle what came back, record. Returns the idle wait.
    def step(self, *, claim: bool = True) -> float:
        now = self.clock()
        if time.monotonic() - self._last_sweep > SWEEP_EVERY:
            self._last_sweep = time.monotonic()
            requeue_lapsed(now)
        results: list[Result] = []
        # With work in flight, claim in batches rather than one dispatch per loop: every round
        # costs the same few queries whatever its size.
        due = not self.inflight or time.monotonic() - self._last_claim >= CLAIM_EVERY
        if claim and due and len(self.inflight) < MAX_IN_FLIGHT:
            self._last_claim = time.monotonic()
            jobs, early = self._claim_round(now, MAX_IN_FLIGHT - len(self.inflight))
            results += early
            for job in jobs:
                self._submit("check", job)
        self._record(results, now)
        return self._drain(timeout=self._idle_wait(now) if claim else 0.2)

    def _idle_wait(self, now) -> float:
        ahead = queue.next_ready_in(now.timestamp())
        wait_for = IDLE_WAIT if ahead is None else min(IDLE_WAIT, ahead)
        return max(0.0, wait_for)

    def run(self, *, until: float) -> RoundReport:
        """Pump until the monotonic deadline `until`, then finish what is in flight.

        A database or Redis that goes away (a restart, a failover) pauses the pump, not ends it:
        it retries until they are back. What it could not record meanwhile is safe: the leases
        lapse and the next attempt looks at Amazon before it sends.
        """
        published: dict = {}
        outage_since = None
        try:
            with db_connection.execute_wrapper(self._count_query):
                queue.rebuild()
                while True:
                    finishing = time.monotonic() >= until or self._stop.is_set()
                    if finishing and not self.inflight:
                        break
                    try:
                        if outage_since is not None:
                            queue.rebuild()  # Redis may have come back empty
                            logger.warning("outbox: database and Redis reachable again")
                            outage_since = None
                        wait_for = self.step(claim=not finishing)
                        publish(self.report, published)
                        if not self.inflight and wait_for > 0 and not finishing:
                            queue.wait_for_work(min(wait_for, max(0.0, until - time.monotonic())))
                    except OUTAGES as exc:
                        outage_since = outage_since or time.monotonic()
                        logger.warning("outbox: %s: %s; trying again", type(exc).__name__, exc)
                        db_connection.close()  # the next query opens a new connection
                        if time.monotonic() - outage_since > OUTAGE_PATIENCE:
                            raise
                        time.sleep(OUTAGE_RETRY_SECONDS)
        finally:
            self.close()
        return self.report

    def _count_query(self, execute, sql, params, many, context):
        self.report.queries += 1
        return execute(sql, params, many, context)

    # -- claim ----------------------------------------------------------------------------------
    def _claim_round(self, now: datetime, space: int) -> tuple[list[Job], list[Result]]:
        connection_ids, held_at = queue.take(now.timestamp(), min(ROUND_CONNECTIONS, space), hold=lease_seconds())
        if not connection_ids:
            return [], []
        connections = {str(c.id): c for c in AmazonConnection.objects.filter(id__in=connection_ids)
                       .select_related("seller")}
        inactive = [c for c in connection_ids if c not in connections or not connections[c].is_active]
        queue.forget(inactive)
        active = [connections[c] for c in connection_ids if c not in inactive]
        room = limits.rooms([{"id": c.id, "seller_id": c.seller_id, "quota": c.seller.monthly_message_quota}
                             for c in active], now)
        next_times: dict[str, float] = {}
        wanted: dict[str, int] = {}
        affordable = self._affordable(active)
        share = max(1, space // max(1, len(active)))
        for connection in active:
            key = str(connection.id)
            if room[key].messages <= 0:
                next_times[key] = room[key].until.timestamp()
                continue
            can, wait_s = affordable[key]
            if can <= 0:
                next_times[key] = now.timestamp() + wait_s
                continue
            wanted[key] = min(PER_CONNECTION, room[key].messages, can, share)
        jobs = _claim(wanted, now, now + timedelta(seconds=lease_seconds()))
        self.report.claimed += len(jobs)
        by_connection: dict[str, list[Job]] = {}
        for job in jobs:
            by_connection.setdefault(job.key, []).append(job)
        drained = [c for c, n in wanted.items() if len(by_connection.get(c, [])) < n]
        if drained:
            upcoming = _next_due(drained)
            gone = [c for c in drained if c not in upcoming]
            queue.drop(gone, held_at)
            for c, at in upcoming.items():
                next_times[c] = max(at.timestamp(), now.timestamp())
        for c in wanted:
            next_times.setdefault(c, now.timestamp())
        early, ready, unreadable = [], [], set()
        for job in jobs:
            connection = connections[job.key]
            token = connection.refresh_token
            if isinstance(token, UndecryptableSecret) or not token:
                early.append(Result(job, State.SCHEDULED, "Waiting: the Amazon connection needs re-authorization.",
                                    in_doubt=job.in_doubt, requeue=False))
                unreadable.add(job.key)
                continue
            job.account = Account(job.key, connection.rate_key, connection.region, token)
            if job.expires_at <= now:
                early.append(Result(job, State.EXPIRED, "Amazon's window for this message closed before it could "
                                                        "be sent."))
                continue
            if job.exclude_refunded and connection.finance_role == AmazonConnection.FinanceRole.MISSING:
                # Asking again is pointless until the seller authorizes again (which resets the role).
                early.append(_held_for_refunds(job, now))
                continue
            ready.append(job)
        granted = self.buckets.take_all_many([(j.account.partner, j.operations) for j in ready],
                                             reserve=TOKEN_RESERVE)
        go, waiting = [], {}
        for job, taken in zip(ready, granted, strict=True):
            if taken.ok:
                go.append(job)
                continue
            at = now + timedelta(seconds=taken.wait)
            early.append(Result(job, State.SCHEDULED, "Waiting for Amazon's rate limit.", at=at,
                                in_doubt=job.in_doubt, requeue=False))
            waiting[job.key] = min(waiting.get(job.key, at.timestamp()), at.timestamp())
        next_times.update(waiting)
        for key in unreadable:
            connection_needs_reauthorization(connections[key], reason="The stored authorization cannot be read.")
            next_times.pop(key, None)
        queue.forget(unreadable)
        queue.reschedule(next_times)
        return go, early

    def _affordable(self, connections) -> dict[str, tuple[int, float]]:
        """How many sends each connection's buckets allow now, and the wait for one. Judged by the
        review-request buckets, the busiest by far; a message kind's own buckets are taken per job."""
        result = {}
        requests = [(c.rate_key, gateway.operations(kinds.SOLICITATION)) for c in connections]
        levels = self.buckets.peek_many(requests, reserve=TOKEN_RESERVE)
        for connection, (count, wait_s) in zip(connections, levels, strict=True):
            result[str(connection.id)] = (count, wait_s)
        return result

    # -- threads --------------------------------------------------------------------------------
    def _submit(self, stage: str, job: Job):
        if stage == "check":
            future = self.executor.submit(self.gateway.check, job.account, job.kind, job.amazon_order_id,
                                          job.marketplace_id, refunds=job.exclude_refunded,
                                          always_actions=job.in_doubt)
        else:
            future = self.executor.submit(self._gate_and_send, job)
        self.inflight[future] = (stage, job)

    def _gate_and_send(self, job: Job):
        """On the worker thread: the opt-out table and the blocklist, then the call, nothing between.
        A critical message passes Amazon's opt-out, never the seller's own blocklist."""
        try:
            reason = suppression_reason(seller_id=job.seller_id, amazon_order_id=job.amazon_order_id,
                                        buyer_key=job.buyer_key, critical=job.critical)
            with self._count_lock:
                self.report.queries += 1
        except OUTAGES:
            db_connections.close_all()  # this thread's connection: the next check opens a new one
            raise
        if reason:
            return Blocked(reason)
        return self.gateway.send(job.account, job.kind, job.amazon_order_id, job.marketplace_id, job.text)

    def _drain(self, timeout: float) -> float:
        """Handle whatever came back within `timeout`; returns how long the caller may idle."""
        if not self.inflight:
            return timeout
        done, _ = wait(list(self.inflight), timeout=min(timeout, 0.05), return_when=FIRST_COMPLETED)
        if not done:
            return 0.0
        if len(done) < len(self.inflight):
            done, _ = wait(list(self.inflight), timeout=GATHER, return_when=ALL_COMPLETED)
        now = self.clock()
        results: list[Result] = []
        checked: list[tuple[Job, gateway.Answer]] = []
        for future in done:
            stage, job = self.inflight.pop(future)
            try:
                value = future.result()
            except CallFailed as failure:
                results.append(self._failed(job, stage, failure, now))
                continue
            except Exception as exc:  # noqa: BLE001 - one job's surprise must not stop the pump
                logger.exception("outbox: dispatch %s: %s failed unexpectedly", job.id, stage)
                if stage == "send":
                    self.buckets.refund(job.account.partner, [gateway.send_operation(job.kind)])
                results.append(Result(job, State.SCHEDULED, "Held back by a problem on our side; trying again.",
                                      error=f"{type(exc).__name__}: {exc}"[:1000], in_doubt=job.doubted_before,
                                      at=now + timedelta(seconds=30)))
                continue
            if stage == "check":
                if value.refunds_checked:
                    _record_refunds(job, value, now)
                decided = after_check(job, value, now)
                if decided is None:
                    checked.append((job, value))
                else:
                    # A refunded order was never asked about its actions either.
                    unused = [*(() if value.actions_checked else gateway.check_operations(job.kind)),
                              gateway.send_operation(job.kind)]
                    self.buckets.refund(job.account.partner, unused)
                    results.append(decided)
            elif isinstance(value, Blocked):
                self.buckets.refund(job.account.partner, [gateway.send_operation(job.kind)])
                state, text = OPTOUT_REASONS[value.reason]
                results.append(Result(job, state, text, in_doubt=job.doubted_before))
            else:
                results.append(Result(job, State.SENT, "", error="", response_id=value, attempt=True))
        to_send = self._prepare(checked, now)
        results += [r for r in to_send if isinstance(r, Result)]
        for job in _mark_in_doubt([j for j in to_send if isinstance(j, Job)], now):
            self._submit("send", job)
        self._record(results, now)
        return 0.0

    def _prepare(self, checked: list[tuple[Job, gateway.Answer]], now: datetime) -> list[Job | Result]:
        """The messages' texts in the buyers' languages, rendered in one batch; a solicitation
        needs none."""
        prepared: list[Job | Result] = [job for job, _ in checked if job.kind == kinds.SOLICITATION]
        messages = [(job, answer) for job, answer in checked if job.kind != kinds.SOLICITATION]
        if not messages:
            return prepared
        orders = Order.objects.select_related("seller").in_bulk([job.order_pk for job, _ in messages])
        chosen = []
        for job, answer in messages:
            templates = self._campaign_templates(job.campaign_id)
            order = orders[job.order_pk]
            locale = buyer_messages.buyer_locale(order, answer.locale)
            template = buyer_messages.choose_template(templates["campaign"], templates["all"], locale)
            if template is None:
                prepared.append(self._unsent(job, State.FAILED, "The campaign has no text for the buyer's language "
                                                                "and no fallback.", error=""))
            else:
                chosen.append((job, template, order))
        try:
            texts = buyer_messages.render_for_orders([(t, order, order.seller.name) for _, t, order in chosen])
        except RenderPoolUnavailable as exc:
            return prepared + [self._unsent(job, State.SCHEDULED, "Held back by a problem on our side; trying again.",
                                            error=str(exc), in_doubt=job.doubted_before,
                                            at=now + timedelta(seconds=30)) for job, _, _ in chosen]
        for (job, template, _), rendered in zip(chosen, texts, strict=True):
            prepared.append(self._as_sent(job, template, rendered))
        return prepared

    def _as_sent(self, job: Job, template, rendered) -> Job | Result:
        """The job with its text, if the text rendered within its budget and follows Amazon's
        guidelines as the buyer would read it. Templates are linted when saved, but a branch can
        hide from every check but this one (`{% if order_id != <the sample's> %}`)."""
        if not rendered.ok:
            error = str(TemplateRenderError(rendered.error, rendered.line))
            return self._unsent(job, State.FAILED, f"The text could not be rendered: {error}", error=error)
        campaign = self._campaign_templates(job.campaign_id)["campaign"]
        findings = campaign_services.sent_text_findings(rendered.text, kind=job.kind, language=template.language,
                                                        order_id=job.amazon_order_id)
        if findings:
            if not campaign_services.campaign_pause_for_policy(campaign, findings):
                campaign.refresh_from_db(fields=["state", "paused_reason"])
            named = "; ".join(f"{f['rule']} \u201c{f['text']}\u201d" for f in findings[:3])
            return self._unsent(job, State.FAILED, f"policy: {named}. Not sent, and the campaign is paused: "
                                                   f"{findings[0]['message']}", error="")
        if campaign.state != Campaign.State.ACTIVE:  # paused for another buyer's text in this batch
            return self._unsent(job, State.SCHEDULED, "Waiting: the campaign was paused.",
                                in_doubt=job.doubted_before, requeue=False)
        job.text, job.language = rendered.text, template.language
        return job

    def _unsent(self, job: Job, state: str, reason: str, **fields) -> Result:
        """A message that does not go out now: the send's token goes back to its bucket."""
        self.buckets.refund(job.account.partner, [gateway.send_operation(job.kind)])
        return Result(job, state, reason, **fields)

    def _campaign_templates(self, campaign_id):
        cached = self._templates.get(campaign_id)
        if cached and time.monotonic() - cached["at"] < 30:
            return cached
        campaign = Campaign.objects.get(pk=campaign_id)
        entry = {"campaign": campaign, "all": list(MessageTemplate.objects.filter(campaign_id=campaign_id)),
                 "at": time.monotonic()}
        self._templates[campaign_id] = entry
        return entry

    def _failed(self, job: Job, stage: str, failure: CallFailed, now: datetime) -> Result:
        exc, partner = failure.error, job.account.partner
        outcome = classify(exc)
        unused = job.operations
        unused = unused[unused.index(failure.operation) + 1:] if failure.operation in unused else ()
        if unused:
            self.buckets.refund(partner, unused)
        if outcome is Outcome.THROTTLED:
            headers = getattr(exc, "headers", None) or {}
            self.buckets.adapt(partner, failure.operation, headers.get("x-amzn-RateLimit-Limit"))
            pause = self.buckets.back_off(partner, failure.operation)
            at = now + timedelta(seconds=pause)
            queue.reschedule({job.key: at.timestamp()})
            return Result(job, State.SCHEDULED, "Amazon asked us to slow down; waiting for its quota.",
                          at=at, in_doubt=job.doubted_before)
        if outcome is Outcome.TOKEN_REFUSED and job.id not in self._token_retried:
            self._token_retried.add(job.id)
            amazon.forget_access_token(job.account.refresh_token)
            return Result(job, State.SCHEDULED, "", at=now, in_doubt=job.doubted_before)
        if outcome in (Outcome.REVOKED, Outcome.TOKEN_REFUSED):
            connection = AmazonConnection.objects.filter(pk=job.connection_id).first()
            if connection and connection.refresh_token == job.account.refresh_token:
                connection_needs_reauthorization(connection, reason=describe(exc))
            queue.forget([job.key])
            return Result(job, State.SCHEDULED, "Waiting: the Amazon connection needs re-authorization.",
                          error=describe(exc), at=now, in_doubt=job.doubted_before, requeue=False)
        if failure.operation == finances.OPERATION and isinstance(exc, SellingApiForbiddenException):
            # The seller's authorization lacks the Finance role: refunds cannot be known, and this
            # campaign promised to skip refunded orders. Never send silently; hold it until the
            # seller authorizes again (which asks Amazon anew) or Amazon's window closes.
            finances.connection_finance_role_record(connection_id=job.connection_id, granted=False, now=now)
            return _held_for_refunds(job, now, error=describe(exc))
        if isinstance(exc, AuthorizationError) or (stage == "check" and isinstance(exc, SellingApiForbiddenException)):
            # Our app's Login with Amazon credentials, or the seller's grant of a role to our app:
            # nothing a retry of this dispatch fixes, and nothing to give up on. Wait for people.
            logger.error("outbox: Amazon refused access for connection %s: %s", job.key, describe(exc))
            at = now + ACCESS_REFUSED_WAIT
            queue.reschedule({job.key: at.timestamp()})
            return Result(job, State.SCHEDULED, "Waiting: Amazon refused our app access; the team has been told.",
                          error=describe(exc), at=at, in_doubt=job.doubted_before, requeue=False)
        if outcome is Outcome.TRANSIENT:
            at = _retry_at(job, now)
            # A call that never reached Amazon cannot have been acted on; one that did may have.
            doubt = job.doubted_before or (stage == "send" and not isinstance(exc, NEVER_ARRIVED))
            if at is None:
                return Result(job, State.FAILED, f"Gave up after {job.attempts + 1} attempts: {describe(exc)}",
                              error=describe(exc), attempt=True, in_doubt=False)
            queue.offer({job.key: at.timestamp()})
            return Result(job, State.SCHEDULED, "Amazon did not answer properly; trying again.",
                          error=describe(exc), at=at, attempt=True, in_doubt=doubt)
        if stage == "send":
            return _refusal(job, exc, now)
        return Result(job, State.FAILED, f"Amazon refused to say what the order allows: {describe(exc)}",
                      error=describe(exc), attempt=True)

    def _record(self, results: list[Result], now: datetime) -> None:
        if not results:
            return
        record(results, now)
        self.report.add(results)
        later = {}
        for r in results:
            if r.state == State.SCHEDULED and r.at is not None and r.requeue:
                later[r.job.key] = min(later.get(r.job.key, r.at.timestamp()), r.at.timestamp())
        queue.offer(later)


def pump(*, seconds: float, clock=timezone.now) -> RoundReport:
    """Run one pump for about `seconds` (the Celery task's time slice)."""
    return Pump(clock=clock).run(until=time.monotonic() + seconds)

