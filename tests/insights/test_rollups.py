"""The rollup behind the dashboard counts every ended dispatch exactly once, and converges."""

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from campaigns.models import Dispatch
from insights import rollups, tasks
from insights.models import (
    CampaignOutcomeDay,
    FeedbackDay,
    OutcomeDay,
    RollupState,
    WaitingDispatches,
)

from ..factories import FeedbackFactory, SellerFactory
from .dashboard_world import DE, UK, US, World

State = Dispatch.State
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def world(db):
    return World(SellerFactory(name="Acme Goods"), now=NOW)


def rolled_up() -> Counter:
    """What the rollup says: (seller, day, campaign, marketplace, language, state) -> count."""
    return Counter(
        {
            (r.seller_id, r.day, r.campaign_id, r.marketplace_id, r.language, r.state): r.count
            for r in OutcomeDay.objects.all()
        }
    )


def campaign_totals_rolled_up() -> Counter:
    return Counter({(r.seller_id, r.day, r.campaign_id, r.state): r.count for r in CampaignOutcomeDay.objects.all()})


def campaign_totals(counts: Counter) -> Counter:
    totals = Counter()
    for (seller, day, campaign, _marketplace, _language, state), n in counts.items():
        totals[seller, day, campaign, state] += n
    return totals


def counted_directly(until=None) -> Counter:
    """The same, counted dispatch by dispatch."""
    dispatches = Dispatch.objects.exclude(state__in=Dispatch.OPEN_STATES).select_related("order")
    if until is not None:
        dispatches = dispatches.filter(finished_at__lte=until)
    return Counter(
        (d.seller_id, d.finished_at.astimezone(UTC).date(), d.campaign_id, d.order.marketplace_id, d.language, d.state)
        for d in dispatches
    )


def a_spread_of_outcomes(world):
    for days_ago, state, campaign, place in [
        (0, State.SENT, world.review, US),
        (0, State.SENT, world.review, US),
        (0, State.BLOCKED_OPTOUT, world.review, DE),
        (1, State.SENT, world.delivery, DE),
        (1, State.BLOCKED_SELLER, world.delivery, UK),
        (1, State.FAILED, world.review, US),
        (3, State.INELIGIBLE, world.review, UK),
        (3, State.EXPIRED, world.review, US),
        (40, State.SENT, world.delivery, US),
    ]:
        world.dispatch(state, ago=timedelta(days=days_ago, hours=1), campaign=campaign, marketplace_id=place)
    world.dispatch(State.SCHEDULED, ago=timedelta(hours=-5))
    world.dispatch(State.SENDING, ago=timedelta(minutes=3))


def test_the_rollup_equals_a_direct_count_of_ended_dispatches(world):
    a_spread_of_outcomes(world)
    other = World(SellerFactory(name="Bolt Supply"), now=NOW)
    other.dispatch(State.SENT, ago=timedelta(hours=2), marketplace_id=DE)

    rollups.refresh(NOW)

    assert rolled_up() == counted_directly()
    assert sum(rolled_up().values()) == 10
    assert campaign_totals_rolled_up() == campaign_totals(counted_directly())


def test_runs_add_only_what_ended_since_the_last_one(world):
    a_spread_of_outcomes(world)
    rollups.refresh(NOW)
    world.now = NOW + timedelta(minutes=10)
    world.dispatch(State.SENT, ago=timedelta(minutes=5))
    world.dispatch(State.BLOCKED_OPTOUT, ago=timedelta(minutes=4), marketplace_id=DE)

    rollups.refresh(NOW + timedelta(minutes=10))
    rollups.refresh(NOW + timedelta(minutes=11))

    assert rolled_up() == counted_directly()
    assert campaign_totals_rolled_up() == campaign_totals(counted_directly())


def test_a_dispatch_that_ended_within_the_lag_waits_for_the_next_run(world):
    world.dispatch(State.SENT, ago=timedelta(seconds=30))

    rollups.refresh(NOW)
    assert rolled_up() == Counter()

    rollups.refresh(NOW + rollups.LAG)
    assert sum(rolled_up().values()) == 1
    assert rollups.as_of() == NOW


def test_an_outcome_committed_behind_the_watermark_is_counted_once_by_the_recount(world):
    world.dispatch(State.SENT, ago=timedelta(hours=2))
    rollups.refresh(NOW)
    # A worker whose transaction outlived the lag commits an outcome that ended before the watermark.
    world.dispatch(State.FAILED, ago=timedelta(minutes=20))

    rollups.refresh(NOW + timedelta(minutes=1))
    assert rolled_up() == counted_directly() - Counter(
        {(world.seller.pk, NOW.date(), world.review.pk, US, "", State.FAILED): 1}
    )

    rollups.recount(NOW + timedelta(minutes=2))
    assert rolled_up() == counted_directly()

    rollups.refresh(NOW + timedelta(minutes=3))
    rollups.recount(NOW + timedelta(minutes=4))
    assert rolled_up() == counted_directly()
    assert campaign_totals_rolled_up() == campaign_totals(counted_directly())
    assert rolled_up()[(world.seller.pk, NOW.date(), world.review.pk, US, "", State.FAILED)] == 1


def test_the_recount_counts_up_to_the_watermark_so_the_next_increment_does_not_count_again(world):
    world.dispatch(State.SENT, ago=timedelta(hours=1))
    rollups.refresh(NOW)
    watermark = rollups.as_of()
    # Ended after the watermark: the recount must leave it to the increment.
    world.now = NOW + timedelta(minutes=1)
    world.dispatch(State.SENT, ago=timedelta(seconds=0))

    rollups.recount(NOW + timedelta(seconds=30))  # its horizon is still before the new dispatch
    assert sum(rolled_up().values()) == 1 and rollups.as_of() >= watermark

    rollups.refresh(NOW + timedelta(minutes=5))
    assert rolled_up() == counted_directly()
    assert sum(rolled_up().values()) == 2


def test_the_recount_converges_after_dispatches_disappear(world):
    a_spread_of_outcomes(world)
    rollups.refresh(NOW)
    Dispatch.objects.filter(state=State.FAILED).delete()

    rollups.recount(NOW + timedelta(minutes=1))

    assert rolled_up() == counted_directly()


def test_the_history_recount_rebuilds_the_dashboards_90_days(world):
    a_spread_of_outcomes(world)
    rollups.refresh(NOW)
    OutcomeDay.objects.all().delete()

    rollups.recount_history(NOW + timedelta(minutes=1))

    assert rolled_up() == counted_directly()


def test_the_watermark_never_moves_back(world):
    rollups.refresh(NOW)

    rollups.refresh(NOW - timedelta(hours=1))

    assert rollups.as_of() == NOW - rollups.LAG


def test_waiting_dispatches_are_counted_per_campaign_and_replaced_each_run(world):
    overdue = world.dispatch(State.SCHEDULED, ago=timedelta(hours=3))
    world.dispatch(State.SCHEDULED, ago=timedelta(hours=-6))
    world.dispatch(State.SENDING, ago=timedelta(minutes=10), campaign=world.delivery, marketplace_id=DE)

    rollups.refresh(NOW)
    waiting = {w.campaign_id: (w.waiting, w.due) for w in WaitingDispatches.objects.all()}
    assert waiting == {world.review.pk: (2, 1), world.delivery.pk: (1, 1)}

    Dispatch.objects.filter(pk=overdue.pk).update(state=State.SENT, finished_at=NOW + timedelta(minutes=1))
    rollups.refresh(NOW + timedelta(minutes=10))
    waiting = {w.campaign_id: (w.waiting, w.due) for w in WaitingDispatches.objects.all()}
    assert waiting == {world.review.pk: (1, 0), world.delivery.pk: (1, 1)}
    assert sum(rolled_up().values()) == 1


def test_a_dispatch_that_ends_after_the_watermark_still_counts_as_waiting(world):
    world.dispatch(State.SENT, ago=timedelta(seconds=20))

    rollups.refresh(NOW)

    assert WaitingDispatches.objects.aggregate(n=Sum("waiting"))["n"] == 1
    assert rolled_up() == Counter()


def test_feedback_counts_for_each_campaign_that_messaged_the_order_on_or_before_the_day(world):
    messaged_twice = world.order(DE)
    world.dispatch(State.SENT, ago=timedelta(days=6), order=messaged_twice)
    world.dispatch(State.SENT, ago=timedelta(days=5), order=messaged_twice, campaign=world.delivery, marketplace_id=DE)
    FeedbackFactory(
        seller=world.seller,
        connection=world.eu,
        order=messaged_twice,
        rating=1,
        amazon_order_id=messaged_twice.amazon_order_id,
        left_on=(NOW - timedelta(days=2)).date(),
    )
    before = world.order()
    world.dispatch(State.SENT, ago=timedelta(days=1), order=before)
    FeedbackFactory(
        seller=world.seller,
        connection=world.na,
        order=before,
        rating=3,
        amazon_order_id=before.amazon_order_id,
        left_on=(NOW - timedelta(days=3)).date(),
    )
    removed = world.order()
    world.dispatch(State.SENT, ago=timedelta(days=4), order=removed)
    FeedbackFactory(
        seller=world.seller,
        connection=world.na,
        order=removed,
        rating=2,
        removed_at=NOW,
        amazon_order_id=removed.amazon_order_id,
        left_on=(NOW - timedelta(days=1)).date(),
    )

    rollups.refresh(NOW)

    days = {
        (f.campaign_id, f.marketplace_id, f.language): (f.day, f.sent_on, f.received, f.negative)
        for f in FeedbackDay.objects.all()
    }
    left = (NOW - timedelta(days=2)).date()
    assert days == {
        (world.review.pk, DE, ""): (left, (NOW - timedelta(days=6, hours=1)).date(), 1, 1),
        (world.delivery.pk, DE, "de"): (left, (NOW - timedelta(days=5, hours=1)).date(), 1, 1),
    }


def test_feedback_left_before_the_recent_window_is_counted_by_the_recount(world):
    order = world.order()
    world.dispatch(State.SENT, ago=timedelta(days=20), order=order)
    FeedbackFactory(
        seller=world.seller,
        connection=world.na,
        order=order,
        amazon_order_id=order.amazon_order_id,
        rating=3,
        left_on=(NOW - timedelta(days=10)).date(),
    )

    rollups.refresh(NOW)
    assert not FeedbackDay.objects.exists()

    rollups.recount(NOW)
    assert FeedbackDay.objects.get().received == 1


def test_the_beat_runs_the_rollup_tasks(world, settings):
    world.now = timezone.now()
    world.dispatch(State.SENT, ago=timedelta(hours=1))
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    tasks.refresh_rollups()

    assert {
        "insights.tasks.refresh_rollups",
        "insights.tasks.recount_recent_rollups",
        "insights.tasks.recount_rollup_history",
    } <= scheduled
    assert sum(rolled_up().values()) == 1
    assert RollupState.objects.get().refreshed_at is not None


def test_an_open_transaction_holds_the_watermark_back_until_it_commits(transactional_db):
    world = World(SellerFactory(name="Acme Goods"), now=timezone.now())
    inserted, release = threading.Event(), threading.Event()
    errors = []

    def worker_recording_an_outcome():
        # Another worker's transaction: its outcome's finish time is taken before it commits.
        try:
            with transaction.atomic():
                world.dispatch(State.SENT, ago=timedelta(seconds=0))
                inserted.set()
                release.wait(10)
        except Exception as error:  # noqa: BLE001 - reported to the test thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=worker_recording_an_outcome)
    thread.start()
    assert inserted.wait(10)
    rollups.refresh(world.now + timedelta(minutes=5))
    held = rollups.as_of()
    release.set()
    thread.join(10)

    rollups.refresh(world.now + timedelta(minutes=6))

    assert not errors
    assert held < world.now
    assert sum(rolled_up().values()) == 1
