"""The pump: one per sender worker process, repeating one round after another.

1. take the connections whose turn has come from the ready set (messaging.queue), longest
   waiting first, so every seller gets a turn each round however much it has queued;
2. work out each connection's room (Amazon's daily cap, the plan's monthly quota) and how many
   calls its Amazon buckets allow now, and claim that many due dispatches per connection (claim);
3. take the tokens for each claimed dispatch's calls from the shared Redis buckets; one whose
   bucket is empty goes back to the queue for the moment it refills (nobody sleeps on it);
4. on worker threads, ask Amazon which actions the order allows (decisions.after_check says what
   the answer means); back on the pump's thread, render and lint the messages' texts (texts);
   then, on the threads, check the opt-out table and the seller's blocklist (the last gate) and
   send;
5. record every outcome in one statement, fenced by the lease (record).

What a failed call means is decided by decisions.decide_failure; the pump applies it.
"""

import logging
import threading
import time
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

from django.db import InterfaceError, OperationalError
from django.db import connection as db_connection
from django.db import connections as db_connections
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from campaigns import kinds
from campaigns.models import Dispatch
from common.crypto import UndecryptableSecret
from optouts.suppression import suppression_reason
from sellers import amazon, finances
from sellers.models import AmazonConnection
from sellers.services import connection_needs_reauthorization

from .. import gateway, limits, queue
from ..gateway import Account, CallFailed
from .claim import claim_due, next_due, requeue_lapsed
from .decisions import after_check, blocked, decide_failure, held_back, held_for_refunds, sent
from .jobs import Blocked, Job, Result, lease_seconds
from .record import mark_in_doubt, record, record_refunds
from .stats import RoundReport, publish
from .texts import MessageTexts

logger = logging.getLogger(__name__)

State = Dispatch.State
ROUND_CONNECTIONS = 200  # connections served in one round
PER_CONNECTION = 25  # most dispatches one connection gets in one round
MAX_IN_FLIGHT = 96  # claimed dispatches a pump holds at once
THREADS = 8  # calls to Amazon a pump makes at once (more only contend for the GIL)
IDLE_WAIT = 1.0
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


class Pump:
    def __init__(self, *, clock=timezone.now, buckets=None):
        self.clock = clock
        self.buckets = buckets or amazon.buckets()
        self.gateway = gateway.Gateway(self.buckets)
        self.executor = ThreadPoolExecutor(THREADS, thread_name_prefix="outbox")
        self.inflight: dict = {}
        self.report = RoundReport()
        self.texts = MessageTexts(self.buckets)
        self._last_sweep = 0.0
        self._last_claim = 0.0
        self._token_refreshed: set = set()  # jobs whose access token was fetched anew after a refusal
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
        connections = {
            str(c.id): c for c in AmazonConnection.objects.filter(id__in=connection_ids).select_related("seller")
        }
        inactive = [c for c in connection_ids if c not in connections or not connections[c].is_active]
        queue.forget(inactive)
        active = [connections[c] for c in connection_ids if c not in inactive]
        wanted, next_times = self._wanted(active, now, space)
        jobs = claim_due(wanted, now, now + timedelta(seconds=lease_seconds()))
        self.report.claimed += len(jobs)
        next_times.update(_next_times_after_claim(wanted, jobs, held_at, now))
        early, ready, unreadable = _triage(jobs, connections, now)
        go, waiting = self._take_tokens(ready, now, early)
        next_times.update(waiting)
        for key in unreadable:
            connection_needs_reauthorization(connections[key], reason="The stored authorization cannot be read.")
            next_times.pop(key, None)
        queue.forget(unreadable)
        queue.reschedule(next_times)
        return go, early

    def _wanted(self, active, now: datetime, space: int) -> tuple[dict[str, int], dict[str, float]]:
        """How many due dispatches to claim per connection, and when to look again at those with no room."""
        room = limits.rooms(
            [{"id": c.id, "seller_id": c.seller_id, "quota": c.seller.monthly_message_quota} for c in active], now
        )
        next_times: dict[str, float] = {}
        wanted: dict[str, int] = {}
        affordable = self._affordable(active)
        share = max(1, space // max(1, len(active)))
        for connection in active:
            key = str(connection.id)
            until = room[key].until
            if room[key].messages <= 0:
                if until is not None:  # no room always says until when
                    next_times[key] = until.timestamp()
                continue
            can, wait_s = affordable[key]
            if can <= 0:
                next_times[key] = now.timestamp() + wait_s
                continue
            wanted[key] = min(PER_CONNECTION, room[key].messages, can, share)
        return wanted, next_times

    def _take_tokens(self, ready: list[Job], now: datetime, early: list[Result]) -> tuple[list[Job], dict[str, float]]:
        """The jobs whose calls' tokens were granted; the others go back to wait (added to `early`)."""
        granted = self.buckets.take_all_many(
            [(j.attached_account.partner, j.operations) for j in ready], reserve=TOKEN_RESERVE
        )
        go: list[Job] = []
        waiting: dict[str, float] = {}
        for job, taken in zip(ready, granted, strict=True):
            if taken.ok:
                go.append(job)
                continue
            at = now + timedelta(seconds=taken.wait)
            early.append(
                Result(
                    job,
                    State.SCHEDULED,
                    "Waiting for Amazon's rate limit.",
                    at=at,
                    in_doubt=job.in_doubt,
                    requeue=False,
                )
            )
            waiting[job.key] = min(waiting.get(job.key, at.timestamp()), at.timestamp())
        return go, waiting

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
            future = self.executor.submit(
                self.gateway.check,
                job.account,
                job.kind,
                job.amazon_order_id,
                job.marketplace_id,
                refunds=job.exclude_refunded,
                always_actions=job.in_doubt,
            )
        else:
            future = self.executor.submit(self._gate_and_send, job)
        self.inflight[future] = (stage, job)

    def _gate_and_send(self, job: Job):
        """On the worker thread: the opt-out table and the blocklist, then the call, nothing between.
        A critical message passes Amazon's opt-out, never the seller's own blocklist."""
        try:
            reason = suppression_reason(
                seller_id=job.seller_id,
                amazon_order_id=job.amazon_order_id,
                buyer_key=job.buyer_key,
                critical=job.critical,
            )
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
            outcome = self._outcome(stage, job, future, now)
            if isinstance(outcome, Result):
                results.append(outcome)
            else:
                checked.append(outcome)
        to_send = self.texts.prepare(checked, now)
        results += [r for r in to_send if isinstance(r, Result)]
        for job in mark_in_doubt([j for j in to_send if isinstance(j, Job)], now):
            self._submit("send", job)
        self._record(results, now)
        return 0.0

    def _outcome(self, stage: str, job: Job, future, now: datetime) -> Result | tuple[Job, gateway.Answer]:
        """What came back for one job: its result, or (after a check that lets it go on) the job and
        Amazon's answer, to be sent."""
        try:
            value = future.result()
        except CallFailed as failure:
            return self._apply_failure(job, stage, failure, now)
        except Exception as exc:
            logger.exception("outbox: dispatch %s: %s failed unexpectedly", job.id, stage)
            if stage == "send":
                self.buckets.refund(job.attached_account.partner, [gateway.send_operation(job.kind)])
            return held_back(job, now, f"{type(exc).__name__}: {exc}"[:1000])
        if stage == "check":
            decided = self._after_check(job, value, now)
            return (job, value) if decided is None else decided
        if isinstance(value, Blocked):
            self.buckets.refund(job.attached_account.partner, [gateway.send_operation(job.kind)])
            return blocked(job, value.reason)
        return sent(job, value)

    def _after_check(self, job: Job, answer: gateway.Answer, now: datetime) -> Result | None:
        """Record the refunds the check learned; the job's result if it ends here (its unused tokens
        refunded), None if it goes on to be sent."""
        if answer.refunds_checked:
            record_refunds(job, answer, now)
        decided = after_check(job, answer, now)
        if decided is not None:
            # A refunded order was never asked about its actions either.
            unused = [
                *(() if answer.actions_checked else gateway.check_operations(job.kind)),
                gateway.send_operation(job.kind),
            ]
            self.buckets.refund(job.attached_account.partner, unused)
        return decided

    def _apply_failure(self, job: Job, stage: str, failure: CallFailed, now: datetime) -> Result:
        """Apply what the failure means (decisions.decide_failure) besides the result to record."""
        job.token_refreshed = job.id in self._token_refreshed
        decision = decide_failure(job, stage, failure, now)
        result, partner = decision.result, job.attached_account.partner
        if decision.refund:
            self.buckets.refund(partner, decision.refund)
        if decision.throttled:
            self.buckets.adapt(partner, decision.throttled, decision.announced_limit)
            result.at = now + timedelta(seconds=self.buckets.back_off(partner, decision.throttled))
        if decision.forget_access_token:
            self._token_refreshed.add(job.id)
            amazon.forget_access_token(job.attached_account.refresh_token)
        if decision.reauthorize:
            connection = AmazonConnection.objects.filter(pk=job.connection_id).first()
            # Not if the seller authorized again while this call was out: that token is new.
            if connection and connection.refresh_token == job.attached_account.refresh_token:
                connection_needs_reauthorization(connection, reason=decision.reauthorize)
        if decision.finance_role_missing:
            finances.connection_finance_role_record(connection_id=job.connection_id, granted=False, now=now)
        if decision.alert:
            logger.error("outbox: %s", decision.alert)
        _requeue(decision.queue, job.key, result.at)
        return result

    def _record(self, results: list[Result], now: datetime) -> None:
        if not results:
            return
        record(results, now)
        self.report.add(results)
        later: dict[str, float] = {}
        for r in results:
            if r.state == State.SCHEDULED and r.at is not None and r.requeue:
                later[r.job.key] = min(later.get(r.job.key, r.at.timestamp()), r.at.timestamp())
        queue.offer(later)


def pump(*, seconds: float, clock=timezone.now) -> RoundReport:
    """Run one pump for about `seconds` (the Celery task's time slice)."""
    return Pump(clock=clock).run(until=time.monotonic() + seconds)


def _next_times_after_claim(wanted: dict[str, int], jobs: list[Job], held_at, now: datetime) -> dict[str, float]:
    """When to offer each claimed connection again: now if it may have more due, at its next due
    dispatch if this claim drained it, never if it has none left (it leaves the queue until a
    planner offers it again; else every round would claim it)."""
    by_connection: dict[str, int] = {}
    for job in jobs:
        by_connection[job.key] = by_connection.get(job.key, 0) + 1
    drained = [c for c, n in wanted.items() if by_connection.get(c, 0) < n]
    upcoming = next_due(drained) if drained else {}
    gone = {c for c in drained if c not in upcoming}
    if gone:
        queue.drop(list(gone), held_at)
    next_times = {c: max(at.timestamp(), now.timestamp()) for c, at in upcoming.items()}
    for c in wanted:
        if c not in gone:
            next_times.setdefault(c, now.timestamp())
    return next_times


def _triage(jobs: list[Job], connections: dict, now: datetime) -> tuple[list[Result], list[Job], set[str]]:
    """Split claimed jobs: those ended or held before any call (with their result), those ready to
    call Amazon (with their account attached), and the connections whose authorization is unreadable."""
    early: list[Result] = []
    ready: list[Job] = []
    unreadable: set[str] = set()
    for job in jobs:
        connection = connections[job.key]
        token = connection.refresh_token
        if isinstance(token, UndecryptableSecret) or not token:
            early.append(
                Result(
                    job,
                    State.SCHEDULED,
                    "Waiting: the Amazon connection needs re-authorization.",
                    in_doubt=job.in_doubt,
                    requeue=False,
                )
            )
            unreadable.add(job.key)
            continue
        job.account = Account(job.key, connection.rate_key, connection.region, token)
        if job.expires_at <= now:
            early.append(Result(job, State.EXPIRED, "Amazon's window for this message closed before it could be sent."))
            continue
        if job.exclude_refunded and connection.finance_role == AmazonConnection.FinanceRole.MISSING:
            # Asking again is pointless until the seller authorizes again (which resets the role).
            early.append(held_for_refunds(job, now))
            continue
        ready.append(job)
    return early, ready, unreadable


def _requeue(how: str, key: str, at: datetime | None) -> None:
    """Offer the connection again at `at`, move it there, or forget it (a decision's `queue`)."""
    if how == "offer" and at is not None:
        queue.offer({key: at.timestamp()})
    elif how == "reschedule" and at is not None:
        queue.reschedule({key: at.timestamp()})
    elif how == "forget":
        queue.forget([key])
