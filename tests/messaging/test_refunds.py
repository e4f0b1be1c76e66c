"""Campaigns that skip refunded orders ask Amazon's Finances API (listTransactions by ORDER_ID)
right before each send; without the Finance and Accounting role nothing goes out silently."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import planner
from campaigns.models import Dispatch
from sellers.models import AmazonConnection, Order
from tests import outbox_world

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def amazon(fresh_sandbox, use_sandbox):
    return use_sandbox(fresh_sandbox(sellers=1, orders=0, rate_scale=100, refund_share=0))


@pytest.fixture
def staged(amazon):
    """A connected seller whose review campaign skips refunded orders, with four due requests."""
    partner = amazon.sellers()[0]
    connection = outbox_world.connect(partner)
    campaign = outbox_world.campaign_for(connection.seller)
    campaign.exclude_refunded = True
    campaign.save(update_fields=["exclude_refunded"])
    orders = outbox_world.place_orders(amazon, partner["selling_partner_id"], 4)
    return connection, campaign, outbox_world.stage_dispatches(connection, campaign, orders)


def calls(amazon, operation):
    return sum(c["calls"] for c in amazon.calls() if c["operation"] == operation)


def test_a_refund_posted_after_planning_stops_the_send(amazon, staged, outbox):
    connection, _, dispatches = staged
    refunded = dispatches[0].order
    amazon.post(
        f"/_sandbox/orders/{refunded.amazon_order_id}",
        {"refund": {"posted": (timezone.now() - timedelta(hours=3)).isoformat()}},
    )

    outbox(seconds=20)

    skipped = Dispatch.objects.get(pk=dispatches[0].pk)
    assert skipped.state == "skipped" and "refunded the order" in skipped.reason
    assert sorted(Dispatch.objects.exclude(pk=skipped.pk).values_list("state", flat=True)) == ["sent"] * 3
    sent = {m["order_id"] for m in amazon.messages(connection.selling_partner_id)}
    assert refunded.amazon_order_id not in sent and len(sent) == 3


def test_what_amazon_said_about_refunds_is_kept_on_the_order(amazon, staged, outbox):
    connection, _, dispatches = staged
    amazon.post(f"/_sandbox/orders/{dispatches[0].order.amazon_order_id}", {"refund": {"amount": 12.5}})

    outbox(seconds=20)

    refunded = Order.objects.get(pk=dispatches[0].order_id)
    assert refunded.refunded_at is not None and refunded.refund_amount == 12.5
    kept = Order.objects.get(pk=dispatches[1].order_id)
    assert kept.refunded_at is None and kept.refund_checked_at is not None
    connection.refresh_from_db()
    assert connection.finance_role == AmazonConnection.FinanceRole.GRANTED
    assert calls(amazon, "listTransactions") == 4


def test_without_the_finance_role_nothing_is_sent_and_the_reason_is_refund_status_unknown(amazon, staged, outbox):
    connection, _, _ = staged
    amazon.post(f"/_sandbox/sellers/{connection.selling_partner_id}/roles", {"finance": False})

    outbox(seconds=20, until_done=False)

    assert set(Dispatch.objects.values_list("state", flat=True)) == {"scheduled"}
    assert all("refund status unknown" in reason for reason in Dispatch.objects.values_list("reason", flat=True))
    assert not Dispatch.objects.filter(scheduled_for__lte=timezone.now()).exists()
    assert amazon.messages(connection.selling_partner_id) == []
    connection.refresh_from_db()
    assert connection.finance_role == AmazonConnection.FinanceRole.MISSING
    assert calls(amazon, "listTransactions") < 8  # asked once per order, then held without asking


def test_held_orders_go_out_once_the_seller_authorizes_again_with_the_role(amazon, staged, outbox):
    connection, _, _ = staged
    amazon.post(f"/_sandbox/sellers/{connection.selling_partner_id}/roles", {"finance": False})
    outbox(seconds=20, until_done=False)
    amazon.post(f"/_sandbox/sellers/{connection.selling_partner_id}/roles", {"finance": True})
    # What re-authorizing does (sellers.services.amazon_connect_finish), an hour later.
    AmazonConnection.objects.filter(pk=connection.pk).update(finance_role=AmazonConnection.FinanceRole.UNKNOWN)
    Dispatch.objects.update(scheduled_for=timezone.now() - timedelta(seconds=1))

    outbox(seconds=20)

    assert set(Dispatch.objects.values_list("state", flat=True)) == {"sent"}


def test_a_retry_of_an_interrupted_send_still_stops_for_a_refund(amazon, staged, outbox):
    _, _, dispatches = staged
    # A send Amazon answered with a 5xx: the next attempt cannot know whether it went out.
    Dispatch.objects.filter(pk=dispatches[0].pk).update(in_doubt=True)
    amazon.post(f"/_sandbox/orders/{dispatches[0].order.amazon_order_id}", {"refund": {"amount": 5}})

    outbox(seconds=20)

    skipped = Dispatch.objects.get(pk=dispatches[0].pk)
    assert skipped.state == "skipped" and "refunded" in skipped.reason
    assert dispatches[0].order.amazon_order_id not in {m["order_id"] for m in amazon.messages()}


def test_the_planner_skips_what_it_cannot_know_once_the_role_is_known_to_be_missing(amazon, staged):
    connection, campaign, dispatches = staged
    AmazonConnection.objects.filter(pk=connection.pk).update(finance_role=AmazonConnection.FinanceRole.MISSING)
    order = dispatches[0].order
    Dispatch.objects.all().delete()

    result = planner.plan_orders([order.pk])

    assert result.scheduled == 0 and result.skipped == 1
    assert not Dispatch.objects.exists()


def test_the_campaign_page_says_the_role_is_missing(client, amazon, staged):
    connection, campaign, _ = staged
    AmazonConnection.objects.filter(pk=connection.pk).update(finance_role=AmazonConnection.FinanceRole.MISSING)
    client.force_login(MembershipFactory(seller=connection.seller, user=UserFactory(), role="owner").user)

    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()

    assert 'data-testid="finance-role-missing"' in page and "Finance and Accounting" in page


def test_a_campaign_that_keeps_refunded_orders_never_asks_for_refunds(amazon, staged, outbox):
    _, campaign, _ = staged
    campaign.exclude_refunded = False
    campaign.save(update_fields=["exclude_refunded"])

    outbox(seconds=20)

    assert set(Dispatch.objects.values_list("state", flat=True)) == {"sent"}
    assert calls(amazon, "listTransactions") == 0


def test_a_refund_known_before_planning_filters_the_order_out(amazon, staged):
    _, campaign, dispatches = staged
    Dispatch.objects.all().delete()
    order = dispatches[0].order
    Order.objects.filter(pk=order.pk).update(
        refunded_at=timezone.now() - timedelta(days=1), refund_checked_at=timezone.now()
    )

    result = planner.plan_orders([order.pk, dispatches[1].order_id])

    assert result.scheduled == 1 and result.skipped == 1
    assert not Dispatch.objects.filter(order_id=order.pk).exists()
