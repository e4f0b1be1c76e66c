"""The outbox sends due dispatches through the sandbox Amazon and records every outcome."""

import pytest

from campaigns.models import Dispatch
from tests import outbox_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def amazon(fresh_sandbox, use_sandbox):
    return use_sandbox(fresh_sandbox(sellers=2, orders=0, rate_scale=100))


def test_due_review_requests_are_sent_once_each(amazon, outbox):
    partner = amazon.sellers()[0]
    connection = outbox_world.connect(partner)
    campaign = outbox_world.campaign_for(connection.seller)
    orders = outbox_world.place_orders(amazon, partner["selling_partner_id"], 12)
    outbox_world.stage_dispatches(connection, campaign, orders)

    outbox(seconds=20)

    states = list(Dispatch.objects.values_list("state", flat=True))
    assert states == ["sent"] * 12
    sent = [m["order_id"] for m in amazon.messages(partner["selling_partner_id"])]
    assert sorted(sent) == sorted(o["order_id"] for o in orders)
