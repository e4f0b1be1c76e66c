"""A campaign's funnel: orders matched, messages sent, feedback received, per marketplace and language."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Dispatch
from insights import attribution, rollups
from insights.feedback_selectors import RATE_SETTLE_DAYS
from insights.funnel import campaign_funnel
from sellers.models import Order

from ..factories import FeedbackFactory
from .dashboard_world import DE, UK, US, World

State = Dispatch.State
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture
def world(tenant_a):
    with time_machine.travel(NOW, tick=False):
        yield World(tenant_a.seller, now=NOW)


def feedback_on(world, order, *, days_ago, rating=2):
    return FeedbackFactory(
        seller=world.seller,
        connection=world.connection_for(order.marketplace_id),
        order=order,
        amazon_order_id=order.amazon_order_id,
        marketplace_id=order.marketplace_id,
        rating=rating,
        left_on=TODAY - timedelta(days=days_ago),
    )


def placed_a_month_ago(world):
    """The world's orders were placed a month ago (the factory's ten days are too recent to compare
    feedback rates: feedback takes weeks to arrive)."""
    Order.objects.filter(seller=world.seller).update(purchased_at=F("purchased_at") - timedelta(days=20))


@pytest.fixture
def delivery_campaign_history(world):
    """The delivery campaign's last weeks: sent in the US (English) and Germany (German), stopped
    for several reasons, one still waiting, and feedback after some of the messages."""
    campaign = world.delivery
    sent_us = [
        world.dispatch(State.SENT, ago=timedelta(days=d), campaign=campaign, marketplace_id=US)
        for d in (10, 11, 12, 13)
    ]
    sent_de = [world.dispatch(State.SENT, ago=timedelta(days=d), campaign=campaign, marketplace_id=DE) for d in (8, 9)]
    world.dispatch(State.BLOCKED_OPTOUT, ago=timedelta(days=9), campaign=campaign, marketplace_id=DE)
    world.dispatch(State.INELIGIBLE, ago=timedelta(days=4), campaign=campaign, marketplace_id=UK)
    world.dispatch(State.SCHEDULED, ago=timedelta(hours=-3), campaign=campaign, marketplace_id=UK)
    world.dispatch(State.SENT, ago=timedelta(days=200), campaign=campaign)  # outside every range
    feedback_on(world, sent_us[0].order, days_ago=5, rating=1)
    feedback_on(world, sent_us[1].order, days_ago=4, rating=3)
    feedback_on(world, sent_de[0].order, days_ago=2, rating=2)
    feedback_on(world, sent_us[2].order, days_ago=30)  # before the message: not the campaign's doing
    rollups.recount_history(NOW)
    return campaign


def test_the_funnel_goes_from_orders_matched_to_sent_to_feedback(world, delivery_campaign_history):
    funnel = campaign_funnel(world.seller, delivery_campaign_history, days=30, today=TODAY)

    assert [(s["key"], s["count"]) for s in funnel.stages] == [("matched", 9), ("sent", 6), ("feedback", 3)]
    assert funnel.total.blocked == 1 and funnel.total.not_sent == 1 and funnel.total.waiting == 1
    assert funnel.total.negative == 2
    assert round(funnel.stages[1]["of_previous"], 1) == 66.7 and funnel.stages[2]["of_previous"] == 50


def test_the_funnel_counts_the_feedback_that_followed_the_messages_of_its_range(world):
    # Messaged 15 days ago, feedback 2 days ago; one message yesterday without feedback yet.
    for _ in range(3):
        earlier = world.dispatch(State.SENT, ago=timedelta(days=15), campaign=world.delivery)
        feedback_on(world, earlier.order, days_ago=2, rating=3)
    world.dispatch(State.SENT, ago=timedelta(days=1), campaign=world.delivery)
    rollups.recount_history(NOW)

    week = campaign_funnel(world.seller, world.delivery, days=7, today=TODAY)
    month = campaign_funnel(world.seller, world.delivery, days=30, today=TODAY)

    assert [(s["key"], s["count"]) for s in week.stages] == [("matched", 1), ("sent", 1), ("feedback", 0)]
    assert [(s["key"], s["count"]) for s in month.stages] == [("matched", 4), ("sent", 4), ("feedback", 3)]
    assert month.stages[2]["of_previous"] == 75


def test_the_funnel_breaks_down_per_marketplace_and_language(world, delivery_campaign_history):
    funnel = campaign_funnel(world.seller, delivery_campaign_history, days=30, today=TODAY)

    places = {b.label: (b.matched, b.sent, b.blocked, b.not_sent, b.feedback) for b in funnel.marketplaces}
    assert places == {"Amazon.com": (4, 4, 0, 0, 2), "Amazon.de": (3, 2, 1, 0, 1), "Amazon.co.uk": (1, 0, 0, 1, 0)}
    assert funnel.total.waiting == 1
    languages = {b.label: (b.sent, b.feedback) for b in funnel.languages}
    assert languages == {"English": (4, 2), "Deutsch": (2, 1)}


def test_a_shorter_range_leaves_older_outcomes_out(world, delivery_campaign_history):
    funnel = campaign_funnel(world.seller, delivery_campaign_history, days=7, today=TODAY)

    # The feedback of the last 7 days followed messages sent before them: not this range's doing.
    assert [(s["key"], s["count"]) for s in funnel.stages] == [("matched", 2), ("sent", 0), ("feedback", 0)]


def test_the_funnel_compares_messaged_and_not_messaged_orders(world, delivery_campaign_history):
    quiet = world.order(US)
    feedback_on(world, quiet, days_ago=1)
    placed_a_month_ago(world)
    attribution.refresh_feedback_rates(world.seller, now=NOW)

    funnel = campaign_funnel(world.seller, delivery_campaign_history, days=90, today=TODAY)

    # Every order was placed thirty days ago: seven the campaign messaged (three got feedback after the
    # message, one before it), four no campaign messaged (one got feedback).
    rates = funnel.rates
    assert (rates.messaged.orders, rates.messaged.feedback, rates.feedback_before_message) == (7, 3, 1)
    assert (rates.not_messaged.orders, rates.not_messaged.feedback) == (4, 1)
    assert funnel.rates_comparable and [row["key"] for row in funnel.rate_rows] == ["messaged", "not-messaged"]


def test_the_rates_leave_out_orders_too_recent_for_their_feedback_to_have_arrived(world, delivery_campaign_history):
    feedback_on(world, world.order(US), days_ago=1)
    attribution.refresh_feedback_rates(world.seller, now=NOW)  # every order was placed ten days ago

    funnel = campaign_funnel(world.seller, delivery_campaign_history, days=90, today=TODAY)

    assert funnel.rates.until == TODAY + timedelta(days=1) - timedelta(days=RATE_SETTLE_DAYS)
    assert funnel.rates.messaged.orders == 0 and not funnel.rates_comparable


def test_the_funnel_page_draws_the_chart_and_the_tables(client, tenant_a, world, delivery_campaign_history):
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("campaign_insights", args=[delivery_campaign_history.pk]) + "?days=30").content.decode()

    assert 'data-chart="funnel-data"' in page and 'id="funnel-data"' in page
    assert 'data-testid="funnel-matched"' in page and "66.7%" in page
    assert 'data-marketplace="A1PA6795UKMFR9"' in page and 'data-language="de"' in page
    assert "Does messaging change feedback?" in page


def test_a_campaign_without_orders_shows_a_finished_empty_funnel(client, tenant_a, world):
    client.force_login(tenant_a.owner)

    page = client.get(reverse("campaign_insights", args=[world.review.pk])).content.decode()

    assert "No orders matched this campaign in the last 90 days." in page
    assert "<canvas" not in page and 'data-testid="funnel-empty"' in page


def test_the_funnel_page_queries_do_not_grow_with_the_data(client, tenant_a, world):
    client.force_login(tenant_a.viewer)
    url = reverse("campaign_insights", args=[world.review.pk])
    world.dispatch(State.SENT, ago=timedelta(days=1))
    rollups.recount(NOW)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    queries_before = len(small)  # now: the next request clears the connection's log

    for day in range(20):
        order = world.dispatch(State.SENT, ago=timedelta(days=day + 2), marketplace_id=[US, DE, UK][day % 3]).order
        world.dispatch(State.FAILED, ago=timedelta(days=day + 2))
        feedback_on(world, order, days_ago=day)
    rollups.recount(NOW, days=30, feedback_days=30)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert response.status_code == 200
    assert 0 < queries_before == len(large) <= 15


def test_the_campaign_page_links_to_its_funnel(client, tenant_a, world):
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("campaign_detail", args=[world.review.pk])).content.decode()

    assert f'href="{reverse("campaign_insights", args=[world.review.pk])}"' in page
