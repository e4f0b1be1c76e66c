"""Feedback, alerts and the dashboard's numbers through the API, from the selectors the pages read."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from campaigns.models import Dispatch
from insights import rollups, selectors

from ..factories import DailySendsFactory, FeedbackAlertFactory, FeedbackFactory, OrderFactory
from ..insights.dashboard_world import DE, World
from .conftest import is_problem

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_feedback_lists_newest_first_with_the_messages_sent_before_it(api_a, tenant_a):
    order = OrderFactory(seller=tenant_a.seller)
    sent = Dispatch.objects.create(
        seller=tenant_a.seller,
        campaign=World(tenant_a.seller, now=NOW).review,
        order=order,
        connection=order.connection,
        kind="review_request",
        state=Dispatch.State.SENT,
        scheduled_for=NOW - timedelta(days=5),
        expires_at=NOW,
        finished_at=NOW - timedelta(days=5),
    )
    FeedbackFactory(seller=tenant_a.seller, left_on=NOW.date() - timedelta(days=9), rating=3)
    newest = FeedbackFactory(
        seller=tenant_a.seller, order=order, amazon_order_id=order.amazon_order_id, left_on=NOW.date(), rating=2
    )

    rows = api_a.get(reverse("api:feedback")).json()["results"]

    assert [r["id"] for r in rows][0] == str(newest.pk) and len(rows) == 2
    assert rows[0]["messages"][0]["campaign"] == str(sent.campaign_id) and rows[0]["messages"][0]["counts"]


def test_feedback_filters_by_rating_as_the_page_does(api_a, tenant_a):
    FeedbackFactory(seller=tenant_a.seller, rating=3)
    negative = FeedbackFactory(seller=tenant_a.seller, rating=1)

    rows = api_a.get(reverse("api:feedback"), {"rating": "negative"}).json()["results"]

    assert [r["id"] for r in rows] == [str(negative.pk)]


def test_feedback_alerts_list_the_open_ones_with_where_to_ask_for_removal(api_a, tenant_a):
    alert = FeedbackAlertFactory(seller=tenant_a.seller)
    FeedbackAlertFactory(seller=tenant_a.seller, dismissed_at=NOW)

    data = api_a.get(reverse("api:feedback_alerts")).json()

    assert data["open_count"] == 1 and [a["id"] for a in data["results"]] == [str(alert.pk)]
    assert data["results"][0]["removal_url"].startswith("https://sellercentral.amazon.com/")
    assert data["results"][0]["feedback"]["comment"] == "Broke on the first day."


def test_the_summary_gives_the_dashboards_numbers(api_a, tenant_a):
    world = World(tenant_a.seller, now=NOW)
    world.dispatch(Dispatch.State.SENT, ago=timedelta(days=2))
    world.dispatch(Dispatch.State.SENT, ago=timedelta(days=20))
    world.dispatch(Dispatch.State.BLOCKED_OPTOUT, ago=timedelta(days=3), marketplace_id=DE)
    world.dispatch(Dispatch.State.SCHEDULED, ago=-timedelta(hours=5))
    DailySendsFactory(seller=tenant_a.seller, day=NOW.date(), sent=7)
    FeedbackAlertFactory(seller=tenant_a.seller)
    rollups.refresh(NOW)

    with time_machine.travel(NOW, tick=False):
        data = api_a.get(reverse("api:summary"), {"days": 7}).json()
        board = selectors.dashboard(tenant_a.seller, days=7, now=NOW)

    assert (data["sent"], data["blocked"], data["waiting"]) == (board.sent, board.blocked, board.waiting) == (1, 1, 1)
    assert data["quota"]["used"] == 7 and data["open_feedback_alerts"] == 1
    assert len(data["daily"]) == 7 and sum(day["counts"]["sent"] for day in data["daily"]) == 1


def test_the_summary_covers_7_30_or_90_days_only(api_a):
    response = api_a.get(reverse("api:summary"), {"days": 14})

    assert is_problem(response, 400) and response.json()["errors"][0]["parameter"] == "days"
