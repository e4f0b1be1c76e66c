"""The planner: exactly the dispatches active campaigns make due, once, with a controlled clock."""

from datetime import timedelta
from decimal import Decimal

import pytest

from campaigns import planner
from campaigns.models import Campaign, Dispatch
from optouts.mirror import mirror
from optouts.models import BlockedBuyer, OptOut
from sellers.buyers import buyer_key
from sellers.models import Order

from ..factories import OrderFactory
from .conftest import DAY, NOW

pytestmark = pytest.mark.django_db


def planned(campaign=None):
    dispatches = Dispatch.objects.all() if campaign is None else Dispatch.objects.filter(campaign=campaign)
    return {d.order.amazon_order_id for d in dispatches.select_related("order")}


def test_plans_exactly_the_orders_whose_delay_has_passed(clock, make_order, make_campaign):
    campaign = make_campaign(trigger="delivered", delay_minutes=7 * 24 * 60)
    due = make_order(delivered_days_ago=8)
    make_order(delivered_days_ago=6)  # due in a day
    make_order(delivered_days_ago=40)  # Amazon's window closed 10 days ago
    make_order(latest_delivery=None, earliest_delivery=None, shipped_at=None)  # no date from Amazon yet

    result = planner.plan_due()

    assert planned(campaign) == {due.amazon_order_id}
    assert result.scheduled == 1


def test_a_second_pass_adds_nothing(clock, make_order, make_campaign):
    make_campaign()
    make_order(delivered_days_ago=8)
    planner.plan_due()

    second = planner.plan_due()

    assert Dispatch.objects.count() == 1
    assert second.candidates == 0


def test_the_unique_constraint_makes_replanning_the_same_window_harmless(clock, make_order, make_campaign):
    campaign = make_campaign()
    make_order(delivered_days_ago=8)
    planner.plan_due()
    Campaign.objects.filter(pk=campaign.pk).update(planned_until=None)

    planner.plan_due()

    assert Dispatch.objects.count() == 1


def test_orders_become_due_as_time_passes(clock, make_order, make_campaign):
    campaign = make_campaign(delay_minutes=7 * 24 * 60)
    later = make_order(delivered_days_ago=6)
    planner.plan_due()
    assert planned(campaign) == set()

    clock.move_to(NOW + DAY + timedelta(minutes=1))
    planner.plan_due()

    assert planned(campaign) == {later.amazon_order_id}


def test_an_order_a_sync_writes_after_its_due_time_passed_is_planned(clock, make_order, make_campaign):
    campaign = make_campaign()
    planner.plan_due()
    clock.move_to(NOW + timedelta(hours=1))
    # The sync learns of an order delivered eight days ago only now: behind the watermark.
    late = make_order(delivered_days_ago=8)
    planner.plan_due()
    assert planned(campaign) == set()

    planner.plan_orders([late.pk])

    assert planned(campaign) == {late.amazon_order_id}


def test_planning_synced_orders_leaves_orders_not_due_yet_to_the_passes(clock, make_order, make_campaign):
    campaign = make_campaign()
    soon = make_order(delivered_days_ago=6)

    planner.plan_orders([soon.pk])
    assert planned(campaign) == set()
    clock.move_to(NOW + DAY + timedelta(minutes=1))
    planner.plan_due()

    assert planned(campaign) == {soon.amazon_order_id}


def test_each_batch_a_sync_commits_is_queued_for_planning(
    clock, connection, monkeypatch, django_capture_on_commit_callbacks
):
    from campaigns import tasks
    from sellers import order_data

    queued = []
    monkeypatch.setattr(tasks.plan_synced_orders, "delay", queued.append)
    template = OrderFactory.build(connection=connection, seller=connection.seller)
    values = {name: getattr(template, name) for name in order_data.ORDER_FIELDS}
    parsed = [(f"111-0000001-000000{n}", values, template.items) for n in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        order_data.upsert_orders(connection, parsed[:2])
        order_data.upsert_orders(connection, parsed[2:])

    written = {str(pk) for pk in Order.objects.filter(connection=connection).values_list("pk", flat=True)}
    assert [len(batch) for batch in queued] == [2, 1]
    assert {pk for batch in queued for pk in batch} == written


def test_the_hourly_full_pass_plans_what_a_lost_task_missed(clock, make_order, make_campaign):
    campaign = make_campaign()
    planner.plan_due()
    clock.move_to(NOW + timedelta(hours=1))
    late = make_order(delivered_days_ago=8)  # its planning task was lost

    planner.plan_due()
    assert planned(campaign) == set()
    planner.plan_due(full=True)

    assert planned(campaign) == {late.amazon_order_id}


def test_a_campaign_activated_after_the_pass_read_the_list_keeps_its_lookback(clock, make_order, make_campaign):
    make_campaign(name="Read by the pass")
    late = make_campaign(
        name="Activated meanwhile", state="draft", kind="unexpected_problem", trigger="shipped", delay_minutes=0
    )
    make_order(delivered_days_ago=8)
    read = list(Campaign.objects.filter(state="active"))
    Campaign.objects.filter(pk=late.pk).update(state="active", updated_at=NOW - timedelta(seconds=1))

    planner.plan_due(campaigns=read)

    late.refresh_from_db()
    assert late.planned_until is None


def test_a_paused_or_draft_campaign_plans_nothing(clock, make_order, make_campaign):
    make_campaign(state="paused")
    make_campaign(state="draft")
    make_order(delivered_days_ago=8)

    assert planner.plan_due().campaigns == 0
    assert Dispatch.objects.count() == 0


def test_an_opted_out_buyer_gets_a_blocked_record_instead_of_a_message(clock, make_order, make_campaign):
    campaign = make_campaign()
    key = buyer_key("buyer@marketplace.amazon.com", "anonymized_email")
    make_order(delivered_days_ago=8, buyer_key=key)
    OptOut.objects.create(buyer_key=key, source="amazon_notice")

    planner.plan_due()

    dispatch = Dispatch.objects.get(campaign=campaign)
    assert dispatch.state == Dispatch.State.BLOCKED_OPTOUT
    assert dispatch.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_planner_reads_opt_outs_through_the_in_memory_copy(clock, settings, make_order, make_campaign):
    settings.OPTOUT_MIRROR_MIN_BATCH = 1
    campaign = make_campaign()
    key = buyer_key("buyer@marketplace.amazon.com", "anonymized_email")
    make_order(delivered_days_ago=8, buyer_key=key)
    # Learned long ago and committed: only the copy's load holds it.
    OptOut.objects.create(buyer_key=key, source="amazon_notice")
    OptOut.objects.filter(buyer_key=key).update(recorded_at=NOW - timedelta(days=30))

    planner.plan_due()

    assert Dispatch.objects.get(campaign=campaign).state == Dispatch.State.BLOCKED_OPTOUT
    assert mirror().size == 1


def test_a_critical_message_still_reaches_an_opted_out_buyer(clock, make_order, make_campaign):
    campaign = make_campaign(kind="confirm_delivery", trigger="shipped", delay_minutes=0)
    key = buyer_key("buyer@marketplace.amazon.com", "anonymized_email")
    make_order(delivered_days_ago=8, buyer_key=key)
    OptOut.objects.create(buyer_key=key, source="amazon_notice")

    planner.plan_due()

    assert Dispatch.objects.get(campaign=campaign).state == Dispatch.State.SCHEDULED


def test_a_buyer_on_the_sellers_blocklist_is_blocked(clock, seller, make_order, make_campaign):
    campaign = make_campaign()
    order = make_order(delivered_days_ago=8)
    BlockedBuyer.objects.create(seller=seller, amazon_order_id=order.amazon_order_id)

    planner.plan_due()

    assert Dispatch.objects.get(campaign=campaign).state == Dispatch.State.BLOCKED_SELLER


def test_the_higher_priority_campaign_gets_the_orders_one_review_request(clock, make_order, make_campaign):
    low = make_campaign(name="Low", priority=200)
    high = make_campaign(name="High", priority=10)
    make_order(delivered_days_ago=8)

    planner.plan_due()

    assert Dispatch.objects.get().campaign == high
    assert planned(low) == set()


def test_an_order_already_asked_for_a_review_is_not_asked_again_by_a_new_campaign(clock, make_order, make_campaign):
    make_campaign(name="First")
    make_order(delivered_days_ago=8)
    planner.plan_due()
    second = make_campaign(name="Second", priority=1)

    planner.plan_due()

    assert planned(second) == set()
    assert Dispatch.objects.count() == 1


def test_a_solicitation_waits_for_amazons_window_to_open(clock, make_order, make_campaign):
    campaign = make_campaign(trigger="shipped", delay_minutes=0)
    order = make_order(delivered_days_ago=-3, shipped_at=NOW - DAY)  # delivery expected in 2-3 days

    planner.plan_due()

    dispatch = Dispatch.objects.get(campaign=campaign)
    assert dispatch.scheduled_for == order.earliest_delivery + timedelta(days=5)
    assert dispatch.expires_at == order.latest_delivery + timedelta(days=30)


def test_messages_go_out_inside_the_send_window_in_the_marketplaces_time_zone(clock, make_order, make_campaign):
    # Weekdays 9:00-17:00 in Los Angeles; NOW is Wednesday 04:00 there.
    campaign = make_campaign(send_days=[0, 1, 2, 3, 4], send_from_hour=9, send_until_hour=17)
    make_order(delivered_days_ago=8)

    planner.plan_due()

    scheduled = Dispatch.objects.get(campaign=campaign).scheduled_for
    assert scheduled == NOW.replace(hour=17)  # 09:00 PST is 17:00 UTC


def test_a_weekend_due_time_moves_to_monday_morning_in_berlin(clock, make_order, make_campaign):
    campaign = make_campaign(send_days=[0, 1, 2, 3, 4], send_from_hour=9, send_until_hour=17)
    clock.move_to(NOW + 3 * DAY)  # Saturday
    make_order(delivered_days_ago=8 - 3, marketplace_id="A1PA6795UKMFR9")

    planner.plan_due()

    scheduled = Dispatch.objects.get(campaign=campaign).scheduled_for
    assert scheduled == (NOW + 5 * DAY).replace(hour=8)  # Monday 09:00 CET is 08:00 UTC


def test_an_order_whose_window_closes_before_the_next_send_slot_is_skipped(clock, make_order, make_campaign):
    # Only Sundays; Amazon's window closes on Friday.
    campaign = make_campaign(send_days=[6], delay_minutes=7 * 24 * 60)
    make_order(delivered_days_ago=28)

    result = planner.plan_due()

    assert planned(campaign) == set()
    assert result.skipped == 1


def test_editing_an_active_campaign_replans_without_touching_handled_orders(clock, make_order, make_campaign):
    from campaigns import services

    campaign = make_campaign(include_asins=["B0TEST0001"])
    first = make_order(delivered_days_ago=8)
    other = make_order(
        delivered_days_ago=9,
        items=[{"asin": "B0OTHER001", "sku": "X", "title": "Tent", "quantity": 1, "unit_price": "99.00"}],
    )
    planner.plan_due()
    handled = Dispatch.objects.get(campaign=campaign)

    services.campaign_update(campaign=campaign, include_asins=[])
    clock.move_to(NOW + timedelta(minutes=1))
    planner.plan_due()

    assert planned(campaign) == {first.amazon_order_id, other.amazon_order_id}
    handled.refresh_from_db()
    assert handled.created_at == NOW


def test_skip_if_messaged_leaves_orders_another_campaign_messages(clock, make_order, make_campaign):
    make_campaign(name="Delivery", kind="confirm_delivery", trigger="shipped", delay_minutes=0, priority=1)
    polite = make_campaign(
        name="Problem", kind="unexpected_problem", trigger="shipped", delay_minutes=0, skip_if_messaged=True, priority=2
    )
    make_order(delivered_days_ago=8)

    planner.plan_due()

    assert planned(polite) == set()


@pytest.mark.parametrize(
    ("filters", "order_fields", "expected"),
    [
        ({"marketplaces": ["A1PA6795UKMFR9"]}, {}, False),
        ({"marketplaces": ["ATVPDKIKX0DER"]}, {}, True),
        ({"fulfillment": "AMAZON"}, {"fulfillment_channel": "MERCHANT"}, False),
        ({"fulfillment": "MERCHANT"}, {"fulfillment_channel": "MERCHANT"}, True),
        ({"include_asins": ["B0TEST0001"]}, {}, True),
        ({"include_asins": ["B0NOPE0001"]}, {}, False),
        ({"exclude_asins": ["B0TEST0001"]}, {}, False),
        ({"include_skus": ["SKU-1"]}, {}, True),
        ({"exclude_skus": ["SKU-1"]}, {}, False),
        ({"min_total": Decimal("25.00")}, {}, True),  # bounds are inclusive
        ({"min_total": Decimal("25.01")}, {}, False),
        ({"max_total": Decimal("25.00")}, {}, True),
        ({"max_total": Decimal("24.99")}, {}, False),
        ({"min_total": Decimal("1")}, {"total_amount": None}, False),  # unknown value never matches a range
        ({"exclude_cancelled": True}, {"status": "CANCELLED"}, False),
        ({"exclude_cancelled": False}, {"status": "CANCELLED", "shipped_at": None}, False),  # never delivered
        ({"exclude_returned": True}, {"is_returned": True}, False),
        ({"exclude_replaced": True}, {"replaces_order_id": "111-0000000-0000000"}, False),
        ({"exclude_promotions": True}, {"has_promotion": True}, False),
        ({"exclude_promotions": False}, {"has_promotion": True}, True),
        ({"business_orders": "only"}, {"is_business": False}, False),
        ({"business_orders": "exclude"}, {"is_business": True}, False),
        ({"business_orders": "only"}, {"is_business": True}, True),
        ({"buyers": "repeat"}, {}, False),  # no buyer key: cannot be a known repeat buyer
        ({"buyers": "first"}, {}, True),
    ],
)
def test_each_filter_includes_and_excludes_at_its_edges(
    clock, make_order, make_campaign, filters, order_fields, expected
):
    campaign = make_campaign(**filters)
    order = make_order(delivered_days_ago=8, **order_fields)

    planner.plan_due()

    assert (order.amazon_order_id in planned(campaign)) is expected


def test_repeat_and_first_time_buyers_are_told_apart_by_buyer_key(clock, seller, connection, make_order, make_campaign):
    key = buyer_key("returning@marketplace.amazon.com", "anonymized_email")
    OrderFactory(seller=seller, connection=connection, buyer_key=key, purchased_at=NOW - 90 * DAY)
    repeat = make_order(delivered_days_ago=8, buyer_key=key)
    first = make_order(delivered_days_ago=8, buyer_key=buyer_key("new@marketplace.amazon.com", "anonymized_email"))
    repeat_campaign = make_campaign(
        name="Repeat", buyers="repeat", kind="unexpected_problem", trigger="shipped", delay_minutes=0
    )
    first_campaign = make_campaign(name="First", buyers="first")

    planner.plan_due()

    assert planned(repeat_campaign) == {repeat.amazon_order_id}
    assert planned(first_campaign) == {first.amazon_order_id}


def test_the_original_of_a_replaced_order_is_skipped(clock, make_order, make_campaign):
    campaign = make_campaign()
    original = make_order(delivered_days_ago=8)
    make_order(delivered_days_ago=8, replaces_order_id=original.amazon_order_id)

    planner.plan_due()

    assert planned(campaign) == set()


def test_a_pass_costs_the_same_queries_for_one_campaign_or_fifty(
    clock, seller, make_order, make_campaign, django_assert_max_num_queries
):
    make_campaign()
    make_order(delivered_days_ago=8)
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db) as one:
        planner.plan_due()
    for _ in range(50):
        make_campaign(priority=500)
    Campaign.objects.update(planned_until=None)
    make_order(delivered_days_ago=8)

    with CaptureQueriesContext(db) as fifty:
        planner.plan_due()

    assert len(fifty) == len(one), (
        "\n".join(q["sql"][:60] for q in fifty) + "\n----\n" + "\n".join(q["sql"][:60] for q in one)
    )


def test_a_dispatch_written_by_a_concurrent_pass_is_not_doubled(clock, make_order, make_campaign, monkeypatch):
    from campaigns.facts import FactBook

    campaign = make_campaign()
    make_order(delivered_days_ago=8)
    original, raced = FactBook._index_dispatches, []

    def read_then_race(self, rows):
        # Another pass writes the dispatch after this one has read what exists.
        original(self, rows)
        if not raced:
            raced.append(True)
            planner.plan_due(campaigns=[Campaign.objects.get(pk=campaign.pk)])

    monkeypatch.setattr(FactBook, "_index_dispatches", read_then_race)
    planner.plan_due()

    assert raced and Dispatch.objects.count() == 1


def test_deleting_an_order_or_campaign_deletes_its_dispatches(clock, make_order, make_campaign):
    campaign = make_campaign()
    order = make_order(delivered_days_ago=8)
    other = make_order(delivered_days_ago=8)
    planner.plan_due()

    order.delete()
    assert planned(campaign) == {other.amazon_order_id}
    campaign.delete()
    assert Dispatch.objects.count() == 0
