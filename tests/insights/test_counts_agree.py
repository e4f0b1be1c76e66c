"""One count of what ended, read by every page: messages Amazon accepted a moment ago show on the
dashboard at once, the same number as on the campaign list and the quota, rollup or not."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import Dispatch
from insights import rollups, selectors
from insights.counts import outcome_counts
from sellers.models import Membership
from tests import outbox_world

from ..factories import UserFactory
from .dashboard_world import World

State = Dispatch.State
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def figure(page: str, testid: str) -> int:
    match = re.search(rf'data-testid="{testid}"[^>]*>([\d,]+)<', page)
    assert match, f"no {testid} on the page"
    return int(match.group(1).replace(",", ""))


def campaign_list_sent(page: str, name: str) -> int:
    row = re.search(rf">{re.escape(name)}</a>.*?</tr>", page, re.S)
    assert row, f"no row for {name}"
    cells = re.findall(r"<td>(\d+)</td>", row.group(0))
    return int(cells[1])  # scheduled, sent, blocked


@pytest.mark.django_db(transaction=True)
def test_sends_after_the_last_rollup_show_on_the_dashboard_at_once_as_on_the_campaign_list_and_quota(
    client, fresh_sandbox, use_sandbox, settings
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.05
    amazon = use_sandbox(fresh_sandbox(sellers=1, orders=0, rate_scale=100))
    partner = amazon.sellers()[0]
    connection = outbox_world.connect(partner)
    campaign = outbox_world.campaign_for(connection.seller)
    orders = outbox_world.place_orders(amazon, partner["selling_partner_id"], 7)
    outbox_world.stage_dispatches(connection, campaign, orders)
    owner = UserFactory()
    Membership.objects.create(seller=connection.seller, user=owner, role="owner")
    rollups.refresh()  # the minute's rollup ran just before the first sends
    watermark = rollups.as_of()

    outbox_world.run_outbox(seconds=20)

    assert Dispatch.objects.filter(state=State.SENT, finished_at__gt=watermark).count() == 7
    assert rollups.as_of() == watermark  # no rollup since
    client.force_login(owner)
    dashboard = client.get(reverse("dashboard")).content.decode()
    campaigns = client.get(reverse("campaigns")).content.decode()
    assert figure(dashboard, "stat-sent") == 7
    assert figure(dashboard, "quota-used") == 7
    assert figure(dashboard, "campaign-sent") == 7
    assert campaign_list_sent(campaigns, campaign.name) == 7
    assert figure(dashboard, "stat-waiting") == 0  # what went out no longer waits


@pytest.fixture
def world(tenant_a):
    with time_machine.travel(NOW, tick=False):
        yield World(tenant_a.seller, now=NOW)


def test_a_dispatch_that_ends_after_the_rollup_leaves_the_waiting_count_as_it_joins_the_ended_ones(world):
    due = [world.dispatch(State.SCHEDULED, ago=timedelta(minutes=30)) for _ in range(4)]
    world.dispatch(State.SENT, ago=timedelta(hours=5))
    rollups.refresh(NOW)
    before = {c.name: (c.sent, c.waiting) for c in selectors.campaign_rows(world.seller, days=7, today=NOW.date())}

    Dispatch.objects.filter(pk__in=[d.pk for d in due[:3]]).update(state=State.SENT, finished_at=NOW)

    after = {c.name: (c.sent, c.waiting) for c in selectors.campaign_rows(world.seller, days=7, today=NOW.date())}
    assert before["Review request"] == (1, 4)
    assert after["Review request"] == (4, 1)


def test_before_the_first_rollup_every_ended_dispatch_is_counted_from_the_dispatches(world):
    world.dispatch(State.SENT, ago=timedelta(days=2))
    world.dispatch(State.BLOCKED_OPTOUT, ago=timedelta(hours=1))

    counts = outcome_counts(world.seller, first=NOW.date() - timedelta(days=6), last=NOW.date())

    assert rollups.as_of() is None
    assert counts.total(State.SENT) == 1 and counts.total(State.BLOCKED_OPTOUT) == 1


def test_the_days_of_what_ended_since_the_rollup_are_its_utc_days(world):
    rollups.refresh(NOW - timedelta(days=3))  # a rollup that stalled three days ago
    world.dispatch(State.SENT, ago=timedelta(days=2))
    world.dispatch(State.SENT, ago=timedelta(minutes=1))

    days = outcome_counts(world.seller, first=NOW.date() - timedelta(days=6), last=NOW.date()).by_day()

    assert days == {(NOW.date() - timedelta(days=2), State.SENT): 1, (NOW.date(), State.SENT): 1}


def test_the_count_is_the_sellers_own(world, tenant_b):
    other = World(tenant_b.seller, now=NOW)
    other.dispatch(State.SENT, ago=timedelta(minutes=5))
    world.dispatch(State.SENT, ago=timedelta(minutes=5))
    rollups.refresh(NOW - timedelta(hours=1))

    assert outcome_counts(world.seller).total(State.SENT) == 1
