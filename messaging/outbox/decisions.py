"""What Amazon's answers and failures mean for a dispatch.

Plain functions of a job, what Amazon said (or how the call failed) and the time; they read no
database, Redis or Amazon. `decide_failure` also says what the pump must do besides recording
the result (give tokens back, slow down, move the connection in the ready set, ask the seller
to authorize again) as data, which the pump applies: every branch can be tested on its own.
The only thing left to chance is the jitter of a retry's back-off.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import httpx
from django.conf import settings
from sp_api.base.exceptions import SellingApiForbiddenException

from campaigns import kinds
from campaigns.models import Dispatch
from common import words
from common.backoff import backoff_seconds
from sellers import finances
from sellers.amazon import AuthorizationError
from sellers.amazon_errors import Outcome, classify, describe

from .. import gateway
from ..gateway import CallFailed
from .jobs import Job, Result

State = Dispatch.State

RECHECK_EVERY = timedelta(hours=6)
RETRY_CAP = timedelta(hours=1)
ACCESS_REFUSED_WAIT = timedelta(minutes=15)
HELD_BACK_WAIT = timedelta(seconds=30)
REFUND_UNKNOWN_WAIT = timedelta(hours=1)
REFUND_UNKNOWN = (
    "Waiting: refund status unknown. Amazon refuses to show this order's refunds (the "
    "authorization lacks the Finance and Accounting role), and this campaign skips refunded "
    "orders; authorize the Amazon account again with that role to send it."
)

# Failures before the request left: Amazon cannot have acted on it.
NEVER_ARRIVED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

# What the send gate's reasons (jobs.Blocked) are recorded as.
OPTOUT_REASONS = {
    "buyer_opted_out": (State.BLOCKED_OPTOUT, "The buyer opted out of unsolicited messages."),
    "seller_optout": (State.BLOCKED_OPTOUT, "The buyer is on your own opt-out list."),
    "seller_blocklist": (State.BLOCKED_SELLER, "The buyer is on your blocklist."),
}


@dataclass
class Decision:
    """What a failed call means: the result to record, and what the pump does besides."""

    result: Result
    refund: tuple[str, ...] = ()  # operations never called: their tokens go back to the buckets
    # Amazon throttled this operation: the pump adapts its bucket to `announced_limit` (Amazon's
    # x-amzn-RateLimit-Limit, if sent), pauses it, and sets `result.at` to when the pause ends.
    throttled: str = ""
    announced_limit: str | None = None
    forget_access_token: bool = False  # fetch a new access token for the retry
    reauthorize: str = ""  # the connection needs re-authorization, for this reason
    finance_role_missing: bool = False  # remember that the authorization lacks the Finance role
    # The connection in the ready set: offered at `result.at` (an earlier time stays), moved
    # there (earlier or later), or forgotten until the seller authorizes again.
    queue: Literal["", "offer", "reschedule", "forget"] = ""
    alert: str = ""  # for the team's error log: people must act


def retry_at(job: Job, now: datetime) -> datetime | None:
    """Exponential back-off with jitter, or None when the next try would be past the deadline."""
    delay = backoff_seconds(
        job.attempts, base=float(settings.OUTBOX_RETRY_BASE_SECONDS), cap=RETRY_CAP.total_seconds(), jitter=True
    )
    at = now + timedelta(seconds=delay)
    return at if at < job.expires_at else None


def after_check(job: Job, answer: gateway.Answer, now: datetime) -> Result | None:
    """What Amazon's actions mean for the job; None when it should be sent."""
    if job.in_doubt and job.kind != kinds.SOLICITATION:
        # Amazon keeps offering a message type after it was sent: its actions cannot tell us
        # whether the interrupted attempt went out. A duplicate message is worse than none.
        return Result(
            job,
            State.FAILED,
            "Sending was interrupted and Amazon cannot tell whether the message went "
            "out; it was not sent again, to avoid a duplicate.",
            in_doubt=False,
        )
    offered = gateway.action_name(job.kind) in answer.actions
    if answer.refund is not None and (offered or not job.in_doubt):
        # Offered means not sent yet, even after an interrupted attempt: the refund stops it.
        return Result(
            job,
            State.SKIPPED,
            f"Amazon refunded the order on {words.day(answer.refund.posted_at)}; this campaign skips refunded orders.",
        )
    if offered:
        return None
    if job.in_doubt:
        return Result(
            job, State.SENT, "Amazon had accepted it before the worker recording it stopped.", error="", in_doubt=False
        )
    if job.kind == kinds.SOLICITATION:
        # Amazon sometimes says no to an eligible order; only the closed window makes it final.
        at = now + RECHECK_EVERY
        if at < job.expires_at:
            return Result(job, State.SCHEDULED, "Amazon offered no review request yet; it will be asked again.", at=at)
        return Result(
            job, State.INELIGIBLE, "Amazon did not offer a review request for this order while its window was open."
        )
    return Result(job, State.INELIGIBLE, "Amazon does not allow this message type for this order.")


def after_refusal(job: Job, exc: BaseException, now: datetime) -> Result:
    """A 4xx from the send: Amazon's answer, told apart by its message."""
    text = describe(exc)
    lowered = text.lower()
    if job.kind == kinds.SOLICITATION and ("5-30" in lowered or "outside" in lowered):
        at = now + RECHECK_EVERY
        if at < job.expires_at:
            return Result(
                job,
                State.SCHEDULED,
                "Amazon says the order is outside its 5–30 day window; it will be asked again.",
                error=text,
                at=at,
                attempt=True,
            )
        return Result(
            job,
            State.INELIGIBLE,
            "Amazon says the order is outside its 5–30 day review window.",
            error=text,
            attempt=True,
        )
    if "not available" in lowered:
        if job.in_doubt:
            # Our earlier attempt, which timed out or was cut off, reached Amazon after all.
            return Result(
                job,
                State.SENT,
                "Amazon had accepted an earlier attempt that did not hear back.",
                error="",
                attempt=True,
            )
        reason = (
            "Amazon says this order already has a review request."
            if job.kind == kinds.SOLICITATION
            else "Amazon no longer allows this message for this order."
        )
        return Result(job, State.INELIGIBLE, reason, error=text, attempt=True)
    return Result(job, State.FAILED, f"Amazon refused it: {text}", error=text, attempt=True)


def decide_failure(job: Job, stage: str, failure: CallFailed, now: datetime) -> Decision:
    """What a failed call to Amazon means for the job, at its "check" or its "send" stage."""
    exc = failure.error
    outcome = classify(exc)
    planned = job.operations
    # The calls after the failed one were never made: their tokens were taken for nothing.
    unused = planned[planned.index(failure.operation) + 1 :] if failure.operation in planned else ()
    if outcome is Outcome.THROTTLED:
        headers = getattr(exc, "headers", None) or {}
        result = Result(
            job, State.SCHEDULED, "Amazon asked us to slow down; waiting for its quota.", in_doubt=job.doubted_before
        )
        return Decision(
            result,
            refund=unused,
            throttled=failure.operation,
            queue="reschedule",
            announced_limit=headers.get("x-amzn-RateLimit-Limit"),
        )
    if outcome is Outcome.TOKEN_REFUSED and not job.token_refreshed:
        # The access token we keep may be stale: fetch a new one, once. A second refusal is final.
        result = Result(job, State.SCHEDULED, "", at=now, in_doubt=job.doubted_before)
        return Decision(result, refund=unused, forget_access_token=True)
    if outcome in (Outcome.REVOKED, Outcome.TOKEN_REFUSED):
        result = Result(
            job,
            State.SCHEDULED,
            "Waiting: the Amazon connection needs re-authorization.",
            error=describe(exc),
            at=now,
            in_doubt=job.doubted_before,
            requeue=False,
        )
        return Decision(result, refund=unused, reauthorize=describe(exc), queue="forget")
    if failure.operation == finances.OPERATION and isinstance(exc, SellingApiForbiddenException):
        # The seller's authorization lacks the Finance role: refunds cannot be known, and this
        # campaign promised to skip refunded orders. Never send silently; hold it until the
        # seller authorizes again (which asks Amazon anew) or Amazon's window closes.
        return Decision(held_for_refunds(job, now, error=describe(exc)), refund=unused, finance_role_missing=True)
    if isinstance(exc, AuthorizationError) or (stage == "check" and isinstance(exc, SellingApiForbiddenException)):
        # Our app's Login with Amazon credentials, or the seller's grant of a role to our app:
        # nothing a retry of this dispatch fixes, and nothing to give up on. Wait for people.
        result = Result(
            job,
            State.SCHEDULED,
            "Waiting: Amazon refused our app access; the team has been told.",
            error=describe(exc),
            at=now + ACCESS_REFUSED_WAIT,
            in_doubt=job.doubted_before,
            requeue=False,
        )
        return Decision(
            result,
            refund=unused,
            queue="reschedule",
            alert=f"Amazon refused access for connection {job.key}: {describe(exc)}",
        )
    if outcome is Outcome.TRANSIENT:
        at = retry_at(job, now)
        if at is None:
            result = Result(
                job,
                State.FAILED,
                f"Gave up after {job.attempts + 1} attempts: {describe(exc)}",
                error=describe(exc),
                attempt=True,
                in_doubt=False,
            )
            return Decision(result, refund=unused)
        # A call that never reached Amazon cannot have been acted on; one that did may have.
        doubt = job.doubted_before or (stage == "send" and not isinstance(exc, NEVER_ARRIVED))
        result = Result(
            job,
            State.SCHEDULED,
            "Amazon did not answer properly; trying again.",
            error=describe(exc),
            at=at,
            attempt=True,
            in_doubt=doubt,
        )
        return Decision(result, refund=unused, queue="offer")
    if stage == "send":
        return Decision(after_refusal(job, exc, now), refund=unused)
    result = Result(
        job,
        State.FAILED,
        f"Amazon refused to say what the order allows: {describe(exc)}",
        error=describe(exc),
        attempt=True,
    )
    return Decision(result, refund=unused)


def held_for_refunds(job: Job, now: datetime, *, error: str | None = None) -> Result:
    """A campaign that skips refunded orders waits while Amazon will not show the refunds."""
    return Result(
        job,
        State.SCHEDULED,
        REFUND_UNKNOWN,
        error=error,
        at=now + REFUND_UNKNOWN_WAIT,
        in_doubt=job.doubted_before,
        requeue=False,
    )


def held_back(job: Job, now: datetime, error: str) -> Result:
    """A problem on our side (not Amazon's answer, not the seller's text): try again shortly."""
    return Result(
        job,
        State.SCHEDULED,
        "Held back by a problem on our side; trying again.",
        error=error,
        in_doubt=job.doubted_before,
        at=now + HELD_BACK_WAIT,
    )


def blocked(job: Job, reason: str) -> Result:
    """The send gate stopped the message: the buyer opted out, or is on the seller's lists."""
    state, text = OPTOUT_REASONS[reason]
    return Result(job, state, text, in_doubt=job.doubted_before)


def sent(job: Job, response_id: str) -> Result:
    return Result(job, State.SENT, "", error="", response_id=response_id, attempt=True)
