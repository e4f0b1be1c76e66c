"""The suppression rule, stated once (optouts.suppression.why_suppressed), and the two paths that ask it: the
send gate, one query a send, and the planner's batch, three queries whatever its size."""

from itertools import product

import pytest

from optouts.models import BlockedBuyer, OptOut, OrderOptOut
from optouts.suppression import reason_for_kind, suppression_reasons_by_seller, why_suppressed
from sellers.buyers import buyer_key

from ..factories import OrderFactory, SellerFactory
from .gate import send_gate

FACTS = list(product([False, True], repeat=3))  # (blocklisted, opted out, on the seller's own list)


@pytest.mark.parametrize(
    ("blocklisted", "opted_out", "on_own_list", "critical", "reason"),
    [
        (True, True, True, True, "seller_blocklist"),
        (True, False, False, False, "seller_blocklist"),
        (False, True, True, False, "buyer_opted_out"),
        (False, False, True, False, "seller_optout"),
        (False, True, True, True, ""),
        (False, False, False, False, ""),
    ],
)
def test_the_blocklist_stops_every_kind_and_the_opt_outs_only_the_non_critical(
    blocklisted, opted_out, on_own_list, critical, reason
):
    assert (
        why_suppressed(blocklisted=blocklisted, opted_out=opted_out, on_own_list=on_own_list, critical=critical)
        == reason
    )


def order_with(facts, n):
    blocklisted, opted_out, on_own_list = facts
    order = OrderFactory(
        seller=SellerFactory(),
        amazon_order_id=f"305-{n:07d}-1111111",
        buyer_key=buyer_key(f"buyer{n}@marketplace.amazon.de"),
    )
    if blocklisted:
        BlockedBuyer.objects.create(
            seller=order.seller, amazon_order_id=order.amazon_order_id, buyer_key=order.buyer_key
        )
    if opted_out:
        OptOut.objects.create(buyer_key=order.buyer_key, source="amazon_notice")
    if on_own_list:  # by buyer: it covers the buyer's other orders at this seller
        OrderOptOut.objects.create(
            seller=order.seller, amazon_order_id="305-0000000-0000000", buyer_key=order.buyer_key, source="manual"
        )
    return order


def test_the_send_gate_and_the_planners_batch_give_the_rules_verdict(db):
    orders = {facts: order_with(facts, n) for n, facts in enumerate(FACTS)}

    batch = suppression_reasons_by_seller(orders.values())

    for facts, order in orders.items():
        for critical in (False, True):
            rule = why_suppressed(blocklisted=facts[0], opted_out=facts[1], on_own_list=facts[2], critical=critical)
            assert send_gate(order, critical=critical) == rule, (facts, critical)
            assert reason_for_kind(batch.get(order.pk, ""), critical=critical) == rule, (facts, critical)


def test_the_send_gate_asks_the_database_once(db, django_assert_num_queries):
    order = order_with((False, True, True), 1)

    with django_assert_num_queries(1):
        assert send_gate(order, critical=False) == "buyer_opted_out"
