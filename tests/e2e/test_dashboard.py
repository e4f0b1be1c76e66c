"""A seller opens the dashboard in Chromium and sees the charts drawn from real dispatches, switches
the period, follows a negative-feedback alert, and opens a campaign's funnel."""

import os
from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from campaigns.models import Dispatch
from insights import attribution, rollups
from insights.models import Feedback
from optouts.models import OptOut
from sellers.models import Order

from ..factories import DailySendsFactory, FeedbackAlertFactory, FeedbackFactory, MembershipFactory
from ..insights.dashboard_world import DE, UK, US, World
from .browser import log_in

pytestmark = pytest.mark.browser

State = Dispatch.State

# The totals of each dataset of the chart on the canvas, as Chart.js holds them after drawing.
CHART_TOTALS = """selector => {
  const chart = Chart.getChart(document.querySelector(selector));
  return Object.fromEntries(chart.data.datasets.map(d => [d.label, d.data.reduce((a, b) => a + b, 0)]));
}"""
# How many pixels of the canvas the chart painted.
PAINTED = """selector => {
  const canvas = document.querySelector(selector);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
  return painted;
}"""


def a_month_of_sending(world):
    """Thirty days of a seller's messages: most sent, some stopped, in three marketplaces."""
    pattern = [State.SENT] * 6 + [State.BLOCKED_OPTOUT, State.BLOCKED_SELLER, State.INELIGIBLE, State.FAILED]
    for day in range(30):
        for i, state in enumerate(pattern[: 4 + day % 7]):
            place = [US, DE, UK][(day + i) % 3]
            campaign = world.review if i % 3 else world.delivery
            dispatch = world.dispatch(
                state, ago=timedelta(days=day, hours=2 + i), campaign=campaign, marketplace_id=place
            )
            if state == State.SENT and day % 4 == 0 and i < 2:
                FeedbackFactory(
                    seller=world.seller,
                    connection=world.connection_for(place),
                    order=dispatch.order,
                    amazon_order_id=dispatch.order.amazon_order_id,
                    marketplace_id=place,
                    rating=3,
                    left_on=(world.now - timedelta(days=max(day - 3, 0))).date(),
                )
        if day % 5 == 0:
            OptOut.objects.create(
                buyer_key=f"bench-buyer-{day}",
                source="amazon_notice",
                first_seller=world.seller,
                created_at=world.now - timedelta(days=day),
            )
    for hours in (3, 7, 26):
        world.dispatch(State.SCHEDULED, ago=timedelta(hours=-hours), campaign=world.delivery)


def test_the_dashboard_draws_real_dispatches_and_the_funnel_follows(app, new_page, artifacts_dir):
    owner = MembershipFactory(seller__name="Summit Supplies", user__email="owner@summit.example.com")
    world = World(owner.seller, now=timezone.now())
    a_month_of_sending(world)
    DailySendsFactory(seller=world.seller, connection=world.na, day=world.now.date(), sent=4210)
    FeedbackAlertFactory(
        seller=world.seller,
        feedback__connection=world.na,
        feedback__rating=1,
        feedback__comment="Item arrived broken and nobody answered my message.",
    )
    # The orders were placed weeks before, so the funnel's feedback rates (settled orders only) have some.
    Order.objects.filter(seller=world.seller).update(purchased_at=F("purchased_at") - timedelta(days=30))
    rollups.recount_history()
    attribution.refresh_feedback_rates(world.seller)
    first_day = rollups.utc_today(world.now) - timedelta(days=29)
    expected = Counter(
        Dispatch.objects.filter(seller=world.seller, finished_at__date__gte=first_day).values_list("state", flat=True)
    )

    page = new_page()
    log_in(page, app.url, owner.user.email)
    page.wait_for_selector("[data-testid=outcomes-chart][data-drawn=true]")
    totals = page.evaluate(CHART_TOTALS, "[data-testid=outcomes-chart]")
    assert totals["Sent"] == expected[State.SENT] and totals["Failed"] == expected[State.FAILED]
    assert totals["Blocked: buyer opted out"] == expected[State.BLOCKED_OPTOUT]
    assert totals["Blocked: your blocklist"] == expected[State.BLOCKED_SELLER]
    assert page.evaluate(PAINTED, "[data-testid=outcomes-chart]") > 5000
    assert page.locator("[data-testid=optouts-chart][data-drawn=true]").count() == 1
    assert page.inner_text("[data-testid=stat-sent]") == f"{expected[State.SENT]:,}"
    assert page.inner_text("[data-testid=feedback-alert-count]") == "1 open"
    assert page.locator("[data-testid=next-send]").count() == 3
    page.screenshot(path=os.path.join(artifacts_dir, "50-dashboard.png"), full_page=True)

    page.click("summary:has-text('Show the numbers') >> nth=0")
    assert page.locator("[data-testid=outcomes-card] table tbody tr").count() == 30

    page.click("[data-testid=range-7]")
    page.wait_for_selector("[data-testid=outcomes-chart][data-drawn=true]")
    labels = page.evaluate("() => Chart.getChart(document.querySelector('[data-testid=outcomes-chart]')).data.labels")
    assert len(labels) == 7

    page.click("[data-testid=campaign-row] >> text=Delivery slots")
    page.click("[data-testid=campaign-results-link]")
    page.wait_for_selector("[data-testid=funnel-chart][data-drawn=true]")
    funnel = page.evaluate(CHART_TOTALS, "[data-testid=funnel-chart]")
    delivery = Dispatch.objects.filter(campaign=world.delivery)
    # Every feedback a_month_of_sending leaves follows its order's message, all within the funnel's 90 days.
    followed = Feedback.objects.filter(
        order__dispatches__campaign=world.delivery, order__dispatches__state=State.SENT
    ).count()
    assert followed > 0 and page.inner_text("[data-testid=funnel-feedback] td >> nth=0") == f"{followed:,}"
    assert funnel["Orders"] == delivery.count() + delivery.filter(state=State.SENT).count() + followed
    assert page.locator("[data-testid=marketplace-row]").count() == 3
    assert page.evaluate(PAINTED, "[data-testid=funnel-chart]") > 2000
    assert page.locator("[data-testid=rate-messaged]").count() == 1
    page.screenshot(path=os.path.join(artifacts_dir, "51-campaign-funnel.png"), full_page=True)

    page.click("nav >> text=Dashboard")
    page.click("[data-testid=feedback-alerts] >> text=Review and act on it")
    assert "Item arrived broken" in page.inner_text("main")
