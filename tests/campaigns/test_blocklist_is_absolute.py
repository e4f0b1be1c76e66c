"""The seller's blocklist is the seller's word: it stops every kind of message, critical ones
included, and the dispatches show it at once, not only at the send gate."""

import pytest

from campaigns import planner, selectors
from campaigns.models import Dispatch
from optouts import lists
from optouts.models import BlockedBuyer, OptOut
from sellers.buyers import buyer_key

from ..factories import OrderFactory

KEY = buyer_key("rude@marketplace.amazon.com")


@pytest.fixture
def critical(make_campaign):
    return make_campaign(name="Delivery details", kind="confirm_delivery", trigger="shipped", delay_minutes=0)


def test_a_blocklisted_buyer_gets_no_critical_message(clock, seller, make_order, critical):
    order = make_order(delivered_days_ago=8)
    BlockedBuyer.objects.create(seller=seller, amazon_order_id=order.amazon_order_id)

    planner.plan_due()

    dispatch = Dispatch.objects.get(campaign=critical)
    assert dispatch.state == Dispatch.State.BLOCKED_SELLER and dispatch.reason == "The buyer is on your blocklist."


def test_an_opted_out_buyer_on_the_blocklist_too_gets_no_critical_message(clock, seller, make_order, critical):
    order = make_order(delivered_days_ago=8, buyer_key=KEY)
    OptOut.objects.create(buyer_key=KEY, source="amazon_notice")
    BlockedBuyer.objects.create(seller=seller, amazon_order_id=order.amazon_order_id, buyer_key=KEY)

    planner.plan_due()

    assert Dispatch.objects.get(campaign=critical).state == Dispatch.State.BLOCKED_SELLER


def test_blocking_an_order_blocks_what_is_scheduled_for_it_at_once(clock, seller, make_order, critical):
    order = make_order(delivered_days_ago=8)
    planner.plan_due()
    assert Dispatch.objects.get(order=order).state == Dispatch.State.SCHEDULED

    lists.blocked_buyer_add(seller=seller, amazon_order_id=order.amazon_order_id, reason="abusive")

    dispatch = Dispatch.objects.get(order=order)
    assert dispatch.state == Dispatch.State.BLOCKED_SELLER and dispatch.finished_at is not None
    _, explanations = selectors.why_not(seller, order.amazon_order_id)
    assert [e.summary for e in explanations if e.campaign == critical] == [
        "Blocked: on your blocklist: The buyer is on your blocklist."
    ]


def test_blocking_an_order_blocks_the_buyers_other_orders_too(clock, seller, make_order, make_campaign):
    make_campaign()
    first = make_order(delivered_days_ago=8, buyer_key=KEY)
    second = make_order(delivered_days_ago=9, buyer_key=KEY)
    stranger = make_order(delivered_days_ago=9)
    planner.plan_due()

    lists.blocked_buyer_add(seller=seller, amazon_order_id=first.amazon_order_id)

    states = dict(Dispatch.objects.values_list("order_id", "state"))
    assert states == {first.pk: "blocked_seller", second.pk: "blocked_seller", stranger.pk: "scheduled"}


def test_a_csv_import_blocks_scheduled_dispatches_too(clock, seller, make_order, critical):
    order = make_order(delivered_days_ago=8)
    planner.plan_due()

    rows, problems = lists.blocklist_parse_csv(f"amazon_order_id,reason\n{order.amazon_order_id},chargeback\n".encode())
    lists.blocklist_import(seller=seller, rows=rows)

    assert problems == [] and Dispatch.objects.get(order=order).state == Dispatch.State.BLOCKED_SELLER


def test_blocking_leaves_another_sellers_dispatch_for_the_same_order_id_alone(
    clock, seller, make_order, critical, tenant_b
):
    order = make_order(delivered_days_ago=8)
    planner.plan_due()
    other = OrderFactory(seller=tenant_b.seller, amazon_order_id=order.amazon_order_id)

    lists.blocked_buyer_add(seller=tenant_b.seller, amazon_order_id=other.amazon_order_id)

    assert Dispatch.objects.get(order=order).state == Dispatch.State.SCHEDULED


def test_removing_the_entry_plans_the_order_again_while_amazons_window_is_open(clock, seller, make_order, critical):
    order = make_order(delivered_days_ago=8)
    blocked, _ = lists.blocked_buyer_add(seller=seller, amazon_order_id=order.amazon_order_id)
    planner.plan_due()
    assert Dispatch.objects.get(order=order).state == Dispatch.State.BLOCKED_SELLER

    lists.blocked_buyer_remove(blocked=blocked)

    assert Dispatch.objects.get(order=order).state == Dispatch.State.SCHEDULED


def test_removing_one_entry_keeps_orders_another_entry_still_blocks(clock, seller, make_order, make_campaign):
    make_campaign()
    first = make_order(delivered_days_ago=8, buyer_key=KEY)
    second = make_order(delivered_days_ago=9, buyer_key=KEY)
    entry, _ = lists.blocked_buyer_add(seller=seller, amazon_order_id=first.amazon_order_id)
    lists.blocked_buyer_add(seller=seller, amazon_order_id=second.amazon_order_id)
    planner.plan_due()

    lists.blocked_buyer_remove(blocked=entry)

    assert set(Dispatch.objects.values_list("state", flat=True)) == {"blocked_seller"}


def test_removing_the_entry_after_amazons_window_closed_plans_nothing(clock, seller, make_order, make_campaign):
    make_campaign()
    order = make_order(delivered_days_ago=8)
    blocked, _ = lists.blocked_buyer_add(seller=seller, amazon_order_id=order.amazon_order_id)
    planner.plan_due()
    clock.shift(40 * 24 * 3600)

    lists.blocked_buyer_remove(blocked=blocked)

    assert not Dispatch.objects.filter(order=order).exists()


@pytest.mark.django_db(transaction=True)
def test_an_entry_added_while_a_planning_pass_runs_blocks_what_the_pass_writes(
    clock, seller, make_order, critical, monkeypatch
):
    import threading
    import time

    from django.db import connection, connections

    from campaigns.facts import FactBook

    order = make_order(delivered_days_ago=8)
    adder = threading.Thread(
        target=lambda: (
            lists.blocked_buyer_add(seller=seller, amazon_order_id=order.amazon_order_id),
            connections.close_all(),
        )
    )

    class RacingBook(FactBook):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)  # the pass has read the blocklist
            adder.start()
            deadline = time.monotonic() + 5
            with connection.cursor() as cursor:  # until the entry waits on the pass's lock (or has committed)
                while time.monotonic() < deadline and adder.is_alive():
                    cursor.execute("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                    if cursor.fetchone():
                        break

    monkeypatch.setattr(planner, "FactBook", RacingBook)
    planner.plan_due()
    adder.join(timeout=30)

    assert Dispatch.objects.get(order=order).state == Dispatch.State.BLOCKED_SELLER


def test_upgrading_blocks_what_was_scheduled_for_buyers_already_on_the_blocklist(clock, seller, make_order, critical):
    import importlib

    from django.apps import apps

    order = make_order(delivered_days_ago=8)
    planner.plan_due()
    BlockedBuyer.objects.create(seller=seller, amazon_order_id=order.amazon_order_id)  # as before the upgrade
    migration = importlib.import_module("campaigns.migrations.0006_block_scheduled_dispatches_of_blocklisted_buyers")

    migration.block(apps, None)

    assert Dispatch.objects.get(order=order).state == Dispatch.State.BLOCKED_SELLER
