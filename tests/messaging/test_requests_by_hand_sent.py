"""A review request by hand goes to Amazon (the sandbox) through the outbox, once."""

import pytest

from campaigns import manual
from campaigns.models import Dispatch
from tests import outbox_world

# The sender's threads read the opt-out tables on their own connections: data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def amazon(fresh_sandbox, use_sandbox):
    return use_sandbox(fresh_sandbox(sellers=1, orders=0, rate_scale=100))


def test_a_request_by_hand_reaches_amazon_once_and_not_again(amazon, outbox, tenant_a):
    partner = amazon.sellers()[0]
    connection = outbox_world.connect(partner, seller=tenant_a.seller)
    orders = outbox_world.store_orders(connection, outbox_world.place_orders(amazon, partner["selling_partner_id"], 3))

    queued = manual.request_review_now(seller=tenant_a.seller, order_ids=[o.pk for o in orders], actor=tenant_a.manager)
    outbox(seconds=20)
    again = manual.request_review_now(seller=tenant_a.seller, order_ids=[orders[0].pk], actor=tenant_a.owner)

    assert [o.outcome for o in queued] == ["queued"] * 3
    assert sorted(Dispatch.objects.values_list("state", flat=True)) == ["sent"] * 3
    accepted = [m["order_id"] for m in amazon.messages(partner["selling_partner_id"])]
    assert sorted(accepted) == sorted(o.amazon_order_id for o in orders)
    assert again[0].reason == "already_requested" and "Amazon accepted it" in again[0].text
