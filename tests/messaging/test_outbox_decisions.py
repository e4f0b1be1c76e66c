"""The outbox's decisions on Amazon's answers, as plain functions."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base.exceptions import (
    SellingApiBadRequestException,
    SellingApiForbiddenException,
    SellingApiRequestThrottledException,
    SellingApiServerException,
)

from messaging.gateway import Answer, CallFailed
from messaging.outbox import decisions
from messaging.outbox.jobs import Job
from sandbox.amazon_terms import NOT_AVAILABLE, OUTSIDE_WINDOW
from sellers import finances

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


CHECK, SEND = "getSolicitationActionsForOrder", "createProductReviewAndSellerFeedbackSolicitation"


def job(kind="review_request", *, expires_in=timedelta(days=10), in_doubt=False, attempts=0, **fields):
    return Job(
        uuid.uuid4(),
        NOW,
        uuid.uuid4(),
        uuid.uuid4(),
        uuid.uuid4(),
        uuid.uuid4(),
        kind,
        NOW + expires_in,
        in_doubt,
        attempts,
        "111-0000000-0000001",
        "ATVPDKIKX0DER",
        "",
        **fields,
    )


def refused(message):
    return SellingApiForbiddenException([{"code": "Unauthorized", "message": message}])


def test_already_solicited_and_outside_the_window_are_told_apart_by_amazons_message():
    already = decisions.after_refusal(job(), refused(NOT_AVAILABLE), NOW)
    outside = decisions.after_refusal(job(expires_in=timedelta(hours=1)), refused(OUTSIDE_WINDOW), NOW)

    assert already.state == "ineligible" and "already has a review request" in already.reason
    assert outside.state == "ineligible" and "outside its 5–30 day" in outside.reason


def test_outside_the_window_with_time_left_is_asked_again_later():
    result = decisions.after_refusal(job(expires_in=timedelta(days=5)), refused(OUTSIDE_WINDOW), NOW)

    assert result.state == "scheduled" and result.at == NOW + decisions.RECHECK_EVERY


def test_any_other_refusal_fails_with_amazons_words():
    result = decisions.after_refusal(job(), refused("The marketplace is not supported."), NOW)

    assert result.state == "failed" and "The marketplace is not supported." in result.reason


def test_an_offered_action_means_send():
    assert decisions.after_check(job(), Answer(frozenset({"productReviewAndSellerFeedback"})), NOW) is None


def test_a_missing_action_after_an_interrupted_send_means_amazon_has_it():
    result = decisions.after_check(job(in_doubt=True), Answer(frozenset()), NOW)

    assert result.state == "sent" and not result.in_doubt


def test_a_message_type_amazon_does_not_offer_is_ineligible_at_once():
    result = decisions.after_check(job("confirm_delivery"), Answer(frozenset({"unexpectedProblem"})), NOW)

    assert result.state == "ineligible"


@pytest.mark.parametrize("attempts", [0, 3, 8])
def test_retries_back_off_exponentially_with_jitter(settings, attempts):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    delays = [
        (decisions.retry_at(job(attempts=attempts, expires_in=timedelta(days=30)), NOW) - NOW).total_seconds()
        for _ in range(50)
    ]

    expected = min(3600, 30 * 2**attempts)
    assert all(0.5 * expected <= d <= 1.5 * expected for d in delays)
    assert len(set(delays)) > 1


def test_no_retry_is_planned_past_the_deadline(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30

    assert decisions.retry_at(job(attempts=10, expires_in=timedelta(minutes=5)), NOW) is None


def test_already_solicited_after_an_attempt_that_did_not_hear_back_means_that_attempt_went_through():
    result = decisions.after_refusal(job(in_doubt=True), refused(NOT_AVAILABLE), NOW)

    assert result.state == "sent" and "earlier attempt" in result.reason


# -- decide_failure: what a failed call means, and what the pump must do about it ------------------
def failed(operation, error):
    return CallFailed(operation, error)


def test_a_429_pauses_the_bucket_and_moves_the_connection_to_when_it_refills():
    throttled = SellingApiRequestThrottledException(
        [{"code": "QuotaExceeded", "message": "You exceeded your quota."}], headers={"x-amzn-RateLimit-Limit": "2.0"}
    )

    decision = decisions.decide_failure(job(), "check", failed(CHECK, throttled), NOW)

    assert decision.result.state == "scheduled" and not decision.result.attempt
    assert decision.throttled == CHECK and decision.announced_limit == "2.0"
    assert decision.queue == "reschedule" and decision.result.at is None  # the bucket's pause sets it
    assert decision.refund == (SEND,)  # the send was never made
    assert not decision.reauthorize and not decision.forget_access_token


def test_a_refused_access_token_is_fetched_anew_once_and_then_the_connection_needs_reauthorization():
    expired = SellingApiForbiddenException(
        [{"code": "Unauthorized", "message": "The access token you provided has expired."}]
    )

    first = decisions.decide_failure(job(), "check", failed(CHECK, expired), NOW)
    again = decisions.decide_failure(job(token_refreshed=True), "check", failed(CHECK, expired), NOW)

    assert first.forget_access_token and not first.reauthorize
    assert first.result.state == "scheduled" and first.result.at == NOW and first.result.requeue
    assert not again.forget_access_token and "access token" in again.reauthorize
    assert again.result.state == "scheduled" and not again.result.requeue and again.queue == "forget"


def test_a_revoked_authorization_waits_for_the_seller_to_authorize_again():
    revoked = AuthorizationError("invalid_grant", "The refresh token is invalid.", 400)

    decision = decisions.decide_failure(job(in_doubt=True), "check", failed(CHECK, revoked), NOW)

    assert "invalid_grant" in decision.reauthorize and decision.queue == "forget"
    assert decision.result.state == "scheduled" and not decision.result.requeue
    assert decision.result.in_doubt  # an interrupted send still looks before it sends again
    assert not decision.forget_access_token and not decision.alert


@pytest.mark.parametrize(
    "error",
    [
        AuthorizationError("invalid_client", "Client authentication failed.", 401),
        refused("Access to requested resource is denied."),
    ],
    ids=["our app's credentials", "a role the seller did not grant"],
)
def test_amazon_refusing_our_app_access_waits_for_the_team_without_blaming_the_seller(error):
    the_job = job()

    decision = decisions.decide_failure(the_job, "check", failed(CHECK, error), NOW)

    assert decision.result.state == "scheduled" and decision.result.at == NOW + decisions.ACCESS_REFUSED_WAIT
    assert not decision.result.requeue and decision.queue == "reschedule"
    assert the_job.key in decision.alert and not decision.result.attempt
    assert not decision.reauthorize


def test_without_the_finance_role_the_dispatch_is_held_and_the_missing_role_remembered():
    no_role = refused("Access to requested resource is denied.")

    decision = decisions.decide_failure(job(exclude_refunded=True), "check", failed(finances.OPERATION, no_role), NOW)

    assert decision.finance_role_missing and not decision.alert
    assert decision.result.reason == decisions.REFUND_UNKNOWN and "denied" in decision.result.error
    assert decision.result.state == "scheduled" and decision.result.at == NOW + decisions.REFUND_UNKNOWN_WAIT
    assert not decision.result.requeue and decision.queue == ""
    assert decision.refund == (CHECK, SEND)  # nothing after the refunds was asked


def test_a_transient_failure_is_retried_with_back_off_and_counts_as_an_attempt(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    server_error = SellingApiServerException([{"code": "InternalFailure", "message": "We encountered an error."}])

    decision = decisions.decide_failure(job(attempts=2), "check", failed(CHECK, server_error), NOW)

    assert decision.result.state == "scheduled" and decision.result.attempt and decision.queue == "offer"
    assert 60 <= (decision.result.at - NOW).total_seconds() <= 180  # 30 s doubled twice, give or take half
    assert decision.refund == (SEND,)


def test_a_transient_failure_gives_up_when_the_next_try_would_come_after_the_window(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    server_error = SellingApiServerException([{"code": "InternalFailure", "message": "We encountered an error."}])

    decision = decisions.decide_failure(
        job(attempts=6, in_doubt=True, expires_in=timedelta(minutes=5)), "send", failed(SEND, server_error), NOW
    )

    assert decision.result.state == "failed" and decision.result.reason.startswith("Gave up after 7 attempts")
    assert decision.result.attempt and not decision.result.in_doubt and decision.queue == ""


@pytest.mark.parametrize(
    ("stage", "error", "doubted_before", "in_doubt"),
    [
        ("send", httpx.ConnectError("connection refused"), False, False),  # never reached Amazon
        ("send", httpx.ReadTimeout("no answer"), False, True),  # Amazon may have acted on it
        ("check", httpx.ReadTimeout("no answer"), False, False),  # a check sends nothing
        ("check", httpx.ConnectError("connection refused"), True, True),  # an earlier send stays in doubt
    ],
    ids=["send never arrived", "send may have arrived", "check", "earlier doubt kept"],
)
def test_a_retried_send_is_in_doubt_only_when_it_may_have_reached_amazon(
    settings, stage, error, doubted_before, in_doubt
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30

    decision = decisions.decide_failure(
        job(in_doubt=doubted_before), stage, failed(SEND if stage == "send" else CHECK, error), NOW
    )

    assert decision.result.state == "scheduled" and decision.result.in_doubt is in_doubt


def test_a_refusal_at_the_send_is_amazons_answer_about_the_order():
    decision = decisions.decide_failure(job(), "send", failed(SEND, refused(NOT_AVAILABLE)), NOW)

    assert decision.result.state == "ineligible" and "already has a review request" in decision.result.reason
    assert decision.refund == () and decision.queue == "" and not decision.alert


def test_a_refusal_to_say_what_the_order_allows_fails_the_dispatch():
    bad_request = SellingApiBadRequestException([{"code": "InvalidInput", "message": "Invalid order id."}])

    decision = decisions.decide_failure(job(), "check", failed(CHECK, bad_request), NOW)

    assert decision.result.state == "failed" and "refused to say what the order allows" in decision.result.reason
    assert decision.result.attempt and decision.refund == (SEND,)
