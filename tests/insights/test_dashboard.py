"""The seller's dashboard: what was sent and why not, per day, from the rollup; and the rest at a glance."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Campaign, Dispatch
from insights import rollups, selectors
from optouts.models import OptOut

from ..factories import CampaignFactory, DailySendsFactory, FeedbackAlertFactory, OrderOptOutFactory
from .dashboard_world import DE, UK, US, World

State = Dispatch.State
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(tenant_a, clock):
    return World(tenant_a.seller, now=NOW)


def chart_data(page: str, element_id: str) -> dict:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no {element_id} in the page"
    return json.loads(match.group(1))


def series(chart: dict) -> dict:
    return {s["label"]: s["values"] for s in chart["datasets"]}


# -- selectors ---------------------------------------------------------------------------------
def test_the_chart_covers_the_chosen_7_30_or_90_days(world):
    world.dispatch(State.SENT, ago=timedelta(days=2))
    world.dispatch(State.SENT, ago=timedelta(days=20))
    world.dispatch(State.BLOCKED_OPTOUT, ago=timedelta(days=60))
    world.dispatch(State.SENT, ago=timedelta(days=120))
    rollups.refresh(NOW)

    totals = {days: selectors.daily_outcomes(world.seller, days=days, today=TODAY) for days in (7, 30, 90)}

    assert {days: len(chart.days) for days, chart in totals.items()} == {7: 7, 30: 30, 90: 90}
    assert {days: chart.total for days, chart in totals.items()} == {7: 1, 30: 2, 90: 3}
    assert totals[7].days[0] == TODAY - timedelta(days=6) and totals[7].days[-1] == TODAY


def test_each_outcome_is_its_own_series_and_blocked_kinds_stay_apart(world):
    for state in [
        State.SENT,
        State.SENT,
        State.BLOCKED_OPTOUT,
        State.BLOCKED_SELLER,
        State.INELIGIBLE,
        State.SKIPPED,
        State.EXPIRED,
        State.FAILED,
    ]:
        world.dispatch(state, ago=timedelta(days=1))
    rollups.refresh(NOW)

    chart = selectors.daily_outcomes(world.seller, days=7, today=TODAY)

    yesterday = {s.key: s.values[-2] for s in chart.series}
    assert yesterday == {
        "sent": 2,
        "blocked_optout": 1,
        "blocked_seller": 1,
        "ineligible": 1,
        "skipped": 1,
        "expired": 1,
        "failed": 1,
    }
    assert [s.label for s in chart.series][:3] == ["Sent", "Blocked: buyer opted out", "Blocked: your blocklist"]


def test_the_dashboard_counts_only_the_sellers_own_messages(world, tenant_b):
    world.dispatch(State.SENT, ago=timedelta(days=1))
    neighbour = World(tenant_b.seller, now=NOW)
    for _ in range(3):
        neighbour.dispatch(State.SENT, ago=timedelta(days=1))
    neighbour.dispatch(State.SCHEDULED, ago=timedelta(hours=-2))
    FeedbackAlertFactory(seller=tenant_b.seller)
    rollups.refresh(NOW)

    board = selectors.dashboard(world.seller, days=7, now=NOW)

    assert board.sent == 1
    assert board.waiting == 0 and board.next_sends == []
    assert board.alerts.open_count == 0
    own = set(Campaign.objects.for_seller(world.seller).values_list("pk", flat=True))
    assert {c.pk for c in board.campaigns} == own


def test_campaigns_show_their_counts_in_the_range_and_what_waits(world):
    world.dispatch(State.SENT, ago=timedelta(days=1))
    world.dispatch(State.SENT, ago=timedelta(days=50))
    world.dispatch(State.BLOCKED_OPTOUT, ago=timedelta(days=2), campaign=world.delivery, marketplace_id=DE)
    world.dispatch(State.SCHEDULED, ago=timedelta(hours=1), campaign=world.delivery)
    world.dispatch(State.SCHEDULED, ago=timedelta(hours=-8), campaign=world.delivery)
    rollups.refresh(NOW)

    rows = {
        c.name: (c.sent, c.blocked, c.waiting, c.due)
        for c in selectors.campaign_rows(world.seller, days=30, today=TODAY)
    }

    assert rows == {
        "Review request": (1, 0, 0, 0),
        "Delivery slots": (0, 1, 2, 1),
        "Request a Review after delivery": (0, 0, 0, 0),
    }  # every new seller's starter draft


def test_archived_campaigns_show_only_while_they_have_messages_in_the_range(world):
    quiet = CampaignFactory(seller=world.seller, name="Old spring campaign", state="archived")
    recent = CampaignFactory(seller=world.seller, name="Old summer campaign", state="archived")
    world.dispatch(State.SENT, ago=timedelta(days=40), campaign=quiet)
    world.dispatch(State.SENT, ago=timedelta(days=4), campaign=recent)
    rollups.refresh(NOW)

    names = [c.name for c in selectors.campaign_rows(world.seller, days=30, today=TODAY)]

    assert "Old summer campaign" in names and "Old spring campaign" not in names
    assert names[-1] == "Old summer campaign"


def test_the_next_sends_are_the_scheduled_ones_ahead_in_time_order(world):
    later = world.dispatch(State.SCHEDULED, ago=timedelta(hours=-9))
    sooner = world.dispatch(State.SCHEDULED, ago=timedelta(hours=-2), marketplace_id=UK)
    world.dispatch(State.SENT, ago=timedelta(hours=-1))  # planned blocked-ahead rows and ended ones are not next
    world.dispatch(State.SCHEDULED, ago=timedelta(hours=3))  # overdue: counted as due now instead

    entries = selectors.next_sends(world.seller, now=NOW)

    assert [e.dispatch.pk for e in entries] == [sooner.pk, later.pk]
    assert entries[0].marketplace_name == "Amazon.co.uk"


def test_the_quota_counts_this_months_accepted_messages_against_the_plan(world):
    world.seller.monthly_message_quota = 1000
    DailySendsFactory(seller=world.seller, connection=world.na, day=TODAY, sent=700)
    DailySendsFactory(seller=world.seller, connection=world.eu, day=TODAY.replace(day=1), sent=150)
    DailySendsFactory(seller=world.seller, connection=world.na, day=TODAY.replace(day=1) - timedelta(days=1), sent=999)

    quota = selectors.quota_this_month(world.seller, now=NOW)

    assert (quota.used, quota.limit, quota.percent, quota.left, quota.level) == (850, 1000, 85, 150, "warn")


def test_opt_outs_learned_count_buyers_and_orders_from_this_sellers_account(world, tenant_b):
    for days_ago, seller in [(1, world.seller), (1, world.seller), (3, world.seller), (1, tenant_b.seller)]:
        OptOut.objects.create(
            buyer_key=f"key-{days_ago}-{seller.pk}-{OptOut.objects.count()}",
            source="amazon_notice",
            first_seller=seller,
            created_at=NOW - timedelta(days=days_ago),
        )
    OrderOptOutFactory(seller=world.seller, created_at=NOW - timedelta(days=1))
    OrderOptOutFactory(seller=tenant_b.seller, created_at=NOW - timedelta(days=1))

    chart = selectors.optouts_learned(world.seller, days=7, today=TODAY)

    assert {s.key: s.values[-2] for s in chart.series} == {"buyer": 2, "order": 1}
    assert chart.total == 4


def test_open_negative_feedback_alerts_are_counted_newest_first(world):
    FeedbackAlertFactory(seller=world.seller, created_at=NOW - timedelta(days=2))
    newest = FeedbackAlertFactory(seller=world.seller, created_at=NOW - timedelta(hours=1))
    FeedbackAlertFactory(seller=world.seller, dismissed_at=NOW)

    panel = selectors.open_feedback_alerts(world.seller)

    assert panel.open_count == 2 and panel.latest[0] == newest


@pytest.mark.parametrize(
    "asked, shown, error", [("7", 7, False), ("90", 90, False), ("", 30, False), ("14", 30, True), ("x", 30, True)]
)
def test_the_range_is_one_of_7_30_or_90_days(asked, shown, error):
    days, message = selectors.parse_range(asked)

    assert days == shown and bool(message) == error


# -- the page ----------------------------------------------------------------------------------
def test_the_dashboard_draws_the_outcome_chart_with_a_table_of_the_same_numbers(client, tenant_a, world):
    world.dispatch(State.SENT, ago=timedelta(days=1))
    world.dispatch(State.BLOCKED_OPTOUT, ago=timedelta(days=1), marketplace_id=DE)
    world.dispatch(State.FAILED, ago=timedelta(hours=2))
    rollups.refresh(NOW)
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("dashboard") + "?days=7").content.decode()

    chart = chart_data(page, "outcomes-data")
    assert chart["labels"][-1] == "Nov 20" and len(chart["labels"]) == 7
    assert series(chart)["Sent"][-2] == 1 and series(chart)["Failed"][-1] == 1
    assert 'data-chart="outcomes-data"' in page and "chart.umd.min.js" in page and "js/charts.js" in page
    assert "<caption>Messages per day by outcome, last 7 days (UTC), newest first</caption>" in page
    assert "as of 20 Nov 2026, 11:58 UTC" in page
    assert 'aria-current="page" data-testid="range-7"' in page


def test_a_new_seller_sees_a_finished_empty_dashboard(client, tenant_a, clock):
    client.force_login(tenant_a.owner)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Connect your Amazon account" in page and "Get started" in page
    assert "No messages in the last 30 days." in page
    assert "No new opt-outs from your account in the last 30 days." in page
    assert "No Amazon account connected yet." in page
    assert "No negative feedback waiting for you." in page
    assert "<canvas" not in page and "chart.umd.min.js" not in page
    assert "being counted for the first time" in page


def test_the_dashboard_links_open_negative_feedback_to_the_feedback_page(client, tenant_a, world):
    FeedbackAlertFactory(seller=tenant_a.seller, feedback__comment="Arrived broken, no reply from the seller.")
    client.force_login(tenant_a.owner)

    page = client.get(reverse("dashboard")).content.decode()

    assert 'data-testid="feedback-alert-count">1 open<' in page
    assert "Arrived broken, no reply from the seller." in page
    assert f'href="{reverse("feedback")}"' in page


def test_the_dashboard_shows_connection_health_and_quota(client, tenant_a, world):
    world.eu.last_sync_error = "Amazon answered 503 Service Unavailable."
    world.eu.save()
    world.na.last_sync_at = NOW - timedelta(minutes=4)
    world.na.save()
    DailySendsFactory(seller=tenant_a.seller, connection=world.na, day=TODAY, sent=1234)
    client.force_login(tenant_a.owner)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Last sync failed: Amazon answered 503 Service Unavailable." in page
    assert "synced 4 minutes ago" in page
    assert 'data-testid="quota-used">1,234<' in page and "of 10,000 messages on your plan" in page


def test_an_unknown_range_shows_30_days_and_says_so(client, tenant_a, world):
    client.force_login(tenant_a.owner)

    page = client.get(reverse("dashboard") + "?days=365").content.decode()

    assert "The dashboard shows 7, 30 or 90 days; showing 30." in page


def test_the_dashboards_queries_do_not_grow_with_the_data(client, tenant_a, world):
    client.force_login(tenant_a.viewer)
    world.dispatch(State.SENT, ago=timedelta(days=1))
    rollups.refresh(NOW)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboard"))
    queries_before = len(small)  # now: the next request clears the connection's log

    for day in range(25):
        for state in (State.SENT, State.BLOCKED_OPTOUT, State.INELIGIBLE):
            world.dispatch(
                state,
                ago=timedelta(days=day, hours=1),
                marketplace_id=[US, DE, UK][day % 3],
                campaign=[world.review, world.delivery][day % 2],
            )
        world.dispatch(State.SCHEDULED, ago=timedelta(hours=-day - 1))
        FeedbackAlertFactory(seller=tenant_a.seller)
        OrderOptOutFactory(seller=tenant_a.seller, created_at=NOW - timedelta(days=day))
    rollups.refresh(NOW)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert 0 < queries_before == len(large) <= 15, [q["sql"][:120] for q in large.captured_queries]


def test_the_home_page_is_the_dashboard(client, tenant_a, clock):
    client.force_login(tenant_a.owner)

    response = client.get("/")

    assert response.status_code == 200 and response.resolver_match.url_name == "dashboard"
    assert response.templates[0].name == "insights/dashboard.html"
