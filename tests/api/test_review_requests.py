"""POST /api/v1/orders/{id}/request-review/: the order page's "Request a Review" button for programs,
through the same service (campaigns.manual) and so the same gates and the same one request per order."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import Campaign, Dispatch
from optouts.lists import blocked_buyer_add

from ..campaigns.conftest import NOW
from ..factories import AmazonConnectionFactory, delivered_order
from .conftest import is_problem


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def delivered(tenant_a):
    """An order of seller A delivered `days_ago` days before NOW (Amazon's window: 5 to 30 days after)."""
    connection = AmazonConnectionFactory(seller=tenant_a.seller)

    def make(days_ago=8.0, seller=None, **fields):
        at = NOW - timedelta(days=days_ago)
        return delivered_order(
            connection if seller is None else AmazonConnectionFactory(seller=seller), delivered_at=at, **fields
        )

    return make


def request_review(api, order_id):
    return api.post(reverse("api:order_request_review", args=[order_id]))


def test_an_order_in_amazons_window_is_queued_as_a_message_to_follow(api_a, tenant_a, delivered):
    order = delivered()

    response = request_review(api_a, order.pk)

    body = response.json()
    dispatch = Dispatch.objects.get(order=order)
    assert response.status_code == 201 and body["outcome"] == "queued"
    assert body["message"]["id"] == str(dispatch.pk) and body["message"]["state"] == "scheduled"
    assert dispatch.requests_review and dispatch.campaign.by_hand
    assert (dispatch.requested_by, dispatch.requested_via) == (tenant_a.owner, "api")


def test_too_early_is_refused_with_its_reason(api_a, delivered):
    order = delivered(days_ago=2)

    response = request_review(api_a, order.pk)

    assert is_problem(response, 422) and response.json()["reason"] == "window_not_open"
    assert "Too early" in response.json()["detail"]
    assert not Dispatch.objects.filter(order=order).exists()


def test_a_blocklisted_buyer_is_refused(api_a, tenant_a, delivered):
    order = delivered()
    blocked_buyer_add(seller=tenant_a.seller, amazon_order_id=order.amazon_order_id, reason="", user=tenant_a.owner)

    response = request_review(api_a, order.pk)

    assert is_problem(response, 422) and response.json()["reason"] == "blocklist"


def test_a_second_request_for_the_order_is_refused_saying_who_asked(api_a, delivered):
    order = delivered()
    request_review(api_a, order.pk)

    again = request_review(api_a, order.pk)

    assert is_problem(again, 422) and again.json()["reason"] == "already_requested"
    assert "Already requested by hand" in again.json()["detail"]
    assert Dispatch.objects.filter(order=order).count() == 1


def test_a_retry_with_the_same_idempotency_key_replays_the_first_answer(api_a, delivered):
    order = delivered()
    url = reverse("api:order_request_review", args=[order.pk])

    first = api_a.post(url, headers={"Idempotency-Key": "req-1"})
    retry = api_a.post(url, headers={"Idempotency-Key": "req-1"})

    assert first.status_code == retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true" and retry.json() == first.json()


def test_a_read_key_cannot_ask(read_api_a, delivered):
    order = delivered()

    response = request_review(read_api_a, order.pk)

    assert is_problem(response, 403) and not Dispatch.objects.filter(order=order).exists()


def test_another_sellers_order_is_not_found(api_a, tenant_b, delivered):
    theirs = delivered(seller=tenant_b.seller)

    response = request_review(api_a, theirs.pk)

    assert is_problem(response, 404) and not Dispatch.objects.filter(order=theirs).exists()


def test_the_requests_by_hand_are_no_campaign_the_api_lists_or_changes(api_a, delivered):
    request_review(api_a, delivered().pk)
    by_hand = Campaign.objects.get(by_hand=True)

    listed = [c["id"] for c in api_a.get(reverse("api:campaigns")).json()["results"]]
    pause = api_a.post(reverse("api:campaign_pause", args=[by_hand.pk]))

    assert str(by_hand.pk) not in listed and is_problem(pause, 404)
    assert Campaign.objects.get(pk=by_hand.pk).state == Campaign.State.ACTIVE
