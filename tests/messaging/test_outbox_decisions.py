"""The outbox's decisions on Amazon's answers, as plain functions."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sp_api.base.exceptions import SellingApiForbiddenException

from messaging.gateway import Answer
from messaging.outbox import decisions
from messaging.outbox.jobs import Job
from sandbox.app import NOT_AVAILABLE, OUTSIDE_WINDOW

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def job(kind="review_request", *, expires_in=timedelta(days=10), in_doubt=False, attempts=0):
    return Job(uuid.uuid4(), NOW, uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), kind,
               NOW + expires_in, in_doubt, attempts, "111-0000000-0000001", "ATVPDKIKX0DER", "")


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
    delays = [(decisions.retry_at(job(attempts=attempts, expires_in=timedelta(days=30)), NOW) - NOW).total_seconds()
              for _ in range(50)]

    expected = min(3600, 30 * 2 ** attempts)
    assert all(0.5 * expected <= d <= 1.5 * expected for d in delays)
    assert len(set(delays)) > 1


def test_no_retry_is_planned_past_the_deadline(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30

    assert decisions.retry_at(job(attempts=10, expires_in=timedelta(minutes=5)), NOW) is None


def test_already_solicited_after_an_attempt_that_did_not_hear_back_means_that_attempt_went_through():
    result = decisions.after_refusal(job(in_doubt=True), refused(NOT_AVAILABLE), NOW)

    assert result.state == "sent" and "earlier attempt" in result.reason
