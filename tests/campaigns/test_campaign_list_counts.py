"""The campaign list's counts: scheduled now, and sent and blocked ever, read from the insights
rollup up to its watermark plus what ended since, so they stay exact without counting every dispatch."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count

from campaigns.models import Dispatch
from campaigns.selectors import LISTED_STATES
from insights import rollups
from insights.counts import outcome_counts
from insights.selectors import campaigns_with_counts

from ..factories import SellerFactory
from ..insights.dashboard_world import DE, World

State = Dispatch.State
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def world(db):
    return World(SellerFactory(name="Acme Goods"), now=NOW)


def counts(seller) -> dict:
    """(scheduled, sent, blocked) of the world's two campaigns (a new seller also has a starter draft)."""
    return {
        c.name: (c.scheduled_count, c.sent_count, c.blocked_count)
        for c in campaigns_with_counts(seller)
        if c.name in ("Review request", "Delivery slots")
    }


def some_history(world):
    world.dispatch(State.SENT, ago=timedelta(days=200))  # older than any recount reaches
    world.dispatch(State.SENT, ago=timedelta(hours=3))
    world.dispatch(State.BLOCKED_OPTOUT, ago=timedelta(hours=2), marketplace_id=DE)
    world.dispatch(State.BLOCKED_SELLER, ago=timedelta(hours=2), campaign=world.delivery)
    world.dispatch(State.FAILED, ago=timedelta(hours=2))  # neither sent nor blocked
    world.dispatch(State.SCHEDULED, ago=timedelta(hours=-4))
    world.dispatch(State.SCHEDULED, ago=timedelta(hours=-5), campaign=world.delivery)


def test_before_any_rollup_the_counts_come_from_the_dispatches(world):
    some_history(world)

    assert counts(world.seller) == {"Review request": (1, 2, 1), "Delivery slots": (1, 0, 1)}


def direct_count(seller, campaign_ids) -> dict:
    rows = (
        Dispatch.objects.filter(seller=seller, campaign_id__in=campaign_ids, state__in=LISTED_STATES)
        .order_by()
        .values_list("campaign_id", "state")
        .annotate(n=Count("id"))
    )
    return {(str(campaign_id), state): n for campaign_id, state, n in rows}


def counted(seller, campaign_ids) -> dict:
    """What the campaign list reads: ended ones (rollup plus since) and scheduled ones now."""
    ended = [s for s in LISTED_STATES if s != State.SCHEDULED]
    counts = outcome_counts(seller, by_day=False, campaign_ids=campaign_ids, states=ended, scheduled=True)
    found = {key: n for key, n in counts.by_campaign().items() if n}
    found.update({(campaign, State.SCHEDULED): n for campaign, n in counts.scheduled.items() if n})
    return found


def test_the_rollup_counter_agrees_with_a_direct_count(world):
    some_history(world)
    rollups.refresh(NOW)
    world.now = NOW + timedelta(minutes=10)
    world.dispatch(State.SENT, ago=timedelta(minutes=1))
    ids = [world.review.pk, world.delivery.pk]

    assert counted(world.seller, ids) == direct_count(world.seller, ids)


def test_after_a_rollup_the_counts_add_what_ended_since_its_watermark(world):
    some_history(world)
    rollups.refresh(NOW)
    world.now = NOW + timedelta(minutes=10)
    world.dispatch(State.SENT, ago=timedelta(minutes=1))
    world.dispatch(State.BLOCKED_OPTOUT, ago=timedelta(minutes=1), campaign=world.delivery)

    assert rollups.as_of() is not None
    assert counts(world.seller) == {"Review request": (1, 3, 1), "Delivery slots": (1, 0, 2)}


def test_an_ended_dispatch_is_counted_once_whether_or_not_the_rollup_has_it(world):
    some_history(world)
    before = counts(world.seller)

    rollups.refresh(NOW + rollups.LAG)
    rollups.recount_history(NOW + rollups.LAG)

    assert counts(world.seller) == before


def test_another_sellers_dispatches_are_not_counted(world):
    some_history(world)
    other = World(SellerFactory(name="Bolt Supply"), now=NOW)
    other.dispatch(State.SENT, ago=timedelta(hours=1))
    rollups.refresh(NOW)

    assert counts(world.seller)["Review request"] == (1, 2, 1)
    assert counts(other.seller)["Review request"] == (0, 1, 0)
