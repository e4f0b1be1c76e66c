"""The outbox sends due dispatches through the sandbox Amazon and records every outcome."""

from datetime import timedelta

import httpx
import pytest
from django.utils import timezone

from campaigns.models import Dispatch
from messaging.models import DailySends
from optouts.lists import blocked_buyer_add, optout_record
from optouts.models import BlockedBuyer, OptOutSource
from sellers.models import AmazonConnection
from tests import outbox_world

# The sender's threads read the opt-out tables on their own connections: data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def amazon(fresh_sandbox, use_sandbox):
    return use_sandbox(fresh_sandbox(sellers=2, orders=0, rate_scale=100))


@pytest.fixture
def seller_with(amazon):
    """A connected seller with `count` due dispatches of one campaign: (connection, campaign, dispatches)."""

    def make(
        count,
        *,
        partner_index=0,
        kind="review_request",
        text="",
        quota=1_000_000,
        priority=100,
        connection=None,
        **stage,
    ):
        partner = amazon.sellers()[partner_index]
        connection = connection or outbox_world.connect(partner, quota=quota)
        campaign = outbox_world.campaign_for(connection.seller, kind=kind, text=text, priority=priority)
        orders = outbox_world.place_orders(
            amazon, partner["selling_partner_id"], count, solicitable=kind == "review_request"
        )
        return connection, campaign, outbox_world.stage_dispatches(connection, campaign, orders, **stage)

    return make


def states():
    return sorted(Dispatch.objects.values_list("state", flat=True))


def test_due_review_requests_are_sent_once_each(amazon, seller_with, outbox):
    connection, _, dispatches = seller_with(12)

    outbox(seconds=20)

    assert states() == ["sent"] * 12
    sent = [m["order_id"] for m in amazon.messages(connection.selling_partner_id)]
    assert sorted(sent) == sorted(d.order.amazon_order_id for d in dispatches)
    assert DailySends.objects.get(connection=connection).sent == 12
    assert all(d.amazon_response_id and d.finished_at for d in Dispatch.objects.all())


def test_an_opt_out_that_arrives_while_the_dispatch_is_queued_blocks_it(amazon, seller_with, outbox):
    connection, _, dispatches = seller_with(3)
    optout_record(buyer_key=dispatches[0].order.buyer_key, source=OptOutSource.AMAZON_NOTICE)

    outbox(seconds=20)

    key = dispatches[0].order.buyer_key
    for dispatch in Dispatch.objects.select_related("order"):
        if dispatch.order.buyer_key == key:
            assert dispatch.state == "blocked_optout" and "opted out" in dispatch.reason
        else:
            assert dispatch.state == "sent"
    sent = {m["order_id"] for m in amazon.messages(connection.selling_partner_id)}
    assert sent == {d.order.amazon_order_id for d in dispatches if d.order.buyer_key != key}


CRITICAL_TEXT = "Hello, which delivery day suits you for order {{ order_id }}? Reply with a day and a time."


def test_the_send_gate_stops_a_critical_message_to_a_buyer_on_the_blocklist(amazon, seller_with, outbox):
    connection, _, dispatches = seller_with(2, kind="confirm_delivery", text=CRITICAL_TEXT)
    # Written straight to the table, as if it landed between planning and sending.
    BlockedBuyer.objects.create(seller=connection.seller, amazon_order_id=dispatches[0].order.amazon_order_id)

    outbox(seconds=20)

    assert Dispatch.objects.get(pk=dispatches[0].pk).state == "blocked_seller"
    assert Dispatch.objects.get(pk=dispatches[1].pk).state == "sent"
    assert [m["order_id"] for m in amazon.messages(connection.selling_partner_id)] == [
        dispatches[1].order.amazon_order_id
    ]


def test_a_critical_message_still_reaches_a_buyer_who_opted_out_on_amazon(amazon, seller_with, outbox):
    connection, _, dispatches = seller_with(1, kind="confirm_delivery", text=CRITICAL_TEXT)
    optout_record(buyer_key=dispatches[0].order.buyer_key, source=OptOutSource.AMAZON_NOTICE)

    outbox(seconds=20)

    assert Dispatch.objects.get(pk=dispatches[0].pk).state == "sent"


def test_the_sellers_blocklist_blocks_its_buyers(amazon, seller_with, outbox):
    connection, _, dispatches = seller_with(2)
    blocked_buyer_add(seller=connection.seller, amazon_order_id=dispatches[1].order.amazon_order_id)

    outbox(seconds=20)

    assert Dispatch.objects.get(pk=dispatches[1].pk).state == "blocked_seller"
    assert Dispatch.objects.get(pk=dispatches[0].pk).state == "sent"


def test_a_critical_message_reaches_an_opted_out_buyer_in_the_buyers_language(amazon, seller_with, outbox):
    connection, _, dispatches = seller_with(
        1, kind="confirm_delivery", text="Hello, which day suits you for the delivery of {{ order_id }}?"
    )
    optout_record(buyer_key=dispatches[0].order.buyer_key, source=OptOutSource.AMAZON_NOTICE)

    outbox(seconds=20)

    dispatch = Dispatch.objects.get()
    assert dispatch.state == "sent" and dispatch.language == "en"
    [message] = amazon.messages(connection.selling_partner_id)
    assert message["kind"] == "confirmDeliveryDetails"
    assert message["text"] == f"Hello, which day suits you for the delivery of {dispatch.order.amazon_order_id}?"


def test_a_dispatch_past_its_window_expires_without_asking_amazon(amazon, seller_with, outbox):
    connection, _, dispatches = seller_with(1)
    Dispatch.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    outbox(seconds=10)

    assert states() == ["expired"]
    assert not [c for c in amazon.calls() if c["operation"] == "getSolicitationActionsForOrder"]


def test_an_empty_answer_inside_the_window_is_asked_again_later(amazon, seller_with, outbox):
    seller_with(2)
    amazon.faults(false_negative_rate=1.0)

    outbox(seconds=5, until_done=False)

    for dispatch in Dispatch.objects.all():
        assert dispatch.state == "scheduled" and "asked again" in dispatch.reason
        assert dispatch.scheduled_for > timezone.now() + timedelta(hours=5)


def test_an_empty_answer_when_the_window_closes_makes_it_ineligible(amazon, seller_with, outbox):
    seller_with(1)
    Dispatch.objects.update(expires_at=timezone.now() + timedelta(hours=1))
    amazon.faults(false_negative_rate=1.0)

    outbox(seconds=10)

    dispatch = Dispatch.objects.get()
    assert dispatch.state == "ineligible" and "window" in dispatch.reason


def test_a_send_interrupted_after_amazon_accepted_it_is_recorded_not_repeated(amazon, seller_with, outbox):
    connection, _, dispatches = seller_with(1)
    order_id = dispatches[0].order.amazon_order_id
    # A worker sent it and died before recording: Amazon has it, we hold a lapsed lease.
    from messaging.gateway import Account, Gateway

    Gateway().send(
        Account(str(connection.pk), connection.selling_partner_id, connection.region, connection.refresh_token),
        "review_request",
        order_id,
        dispatches[0].order.marketplace_id,
    )
    Dispatch.objects.update(state="sending", in_doubt=True, lease_until=timezone.now() - timedelta(seconds=1))

    outbox(seconds=15)

    dispatch = Dispatch.objects.get()
    assert dispatch.state == "sent" and "before the worker" in dispatch.reason
    assert [m["order_id"] for m in amazon.messages(connection.selling_partner_id)] == [order_id]


def test_a_revoked_authorization_pauses_only_that_connection(amazon, seller_with, outbox):
    revoked, _, _ = seller_with(3, partner_index=0)
    healthy, _, _ = seller_with(3, partner_index=1)
    httpx.post(f"{amazon.url}/_sandbox/sellers/{revoked.selling_partner_id}/revoke")

    outbox(seconds=10, until_done=False)

    revoked.refresh_from_db()
    assert revoked.status == AmazonConnection.Status.NEEDS_REAUTH
    assert set(Dispatch.objects.filter(connection=revoked).values_list("state", flat=True)) == {"scheduled"}
    assert set(Dispatch.objects.filter(connection=healthy).values_list("state", flat=True)) == {"sent"}


def test_a_429_waits_for_the_bucket_and_loses_nothing(amazon, seller_with, outbox):
    connection, _, dispatches = seller_with(8)
    amazon.faults(rate_scale=1)  # 1 call a second, burst 5
    # Another app of the seller used up Amazon's bucket: ours does not know.
    from messaging.gateway import Account, Gateway

    account = Account(str(connection.pk), connection.selling_partner_id, connection.region, connection.refresh_token)
    for d in dispatches[:5]:
        try:
            Gateway().check(account, "review_request", d.order.amazon_order_id, d.order.marketplace_id)
        except Exception:  # noqa: BLE001, S110 - draining the sandbox's bucket, errors expected
            pass
    from django.core.cache import cache

    cache.clear()  # our buckets forget those calls

    outbox(seconds=40)

    assert states() == ["sent"] * 8
    assert sum(c["throttled"] for c in amazon.calls()) >= 1
    sent = [m["order_id"] for m in amazon.messages(connection.selling_partner_id)]
    assert len(sent) == len(set(sent)) == 8


def test_server_errors_are_retried_until_every_dispatch_ends_without_duplicates(amazon, seller_with, outbox):
    connection, _, _ = seller_with(20)
    amazon.faults(fail_rate=0.3)

    outbox(seconds=60)

    assert states() == ["sent"] * 20
    assert max(Dispatch.objects.values_list("attempts", flat=True)) > 1
    sent = [m["order_id"] for m in amazon.messages(connection.selling_partner_id)]
    assert len(sent) == len(set(sent)) == 20


def test_amazons_daily_cap_lets_the_higher_priority_campaign_go_first(amazon, seller_with, outbox):
    connection, low, _ = seller_with(2, priority=200)
    _, high, _ = seller_with(2, priority=10, connection=connection)
    DailySends.objects.create(seller=connection.seller, connection=connection, day=timezone.now().date(), sent=598)

    outbox(seconds=10, until_done=False)

    assert set(Dispatch.objects.filter(campaign=high).values_list("state", flat=True)) == {"sent"}
    assert set(Dispatch.objects.filter(campaign=low).values_list("state", flat=True)) == {"scheduled"}


def test_the_monthly_quota_counts_only_accepted_messages(amazon, seller_with, outbox):
    connection, _, dispatches = seller_with(6, quota=2)
    optout_record(buyer_key=dispatches[0].order.buyer_key, source=OptOutSource.AMAZON_NOTICE)
    blocked = sum(1 for d in dispatches if d.order.buyer_key == dispatches[0].order.buyer_key)
    # The opted-out buyer's dispatches come first: blocking them must not use up the quota.
    Dispatch.objects.filter(order__buyer_key=dispatches[0].order.buyer_key).update(
        scheduled_for=timezone.now() - timedelta(hours=1)
    )

    outbox(seconds=10, until_done=False)

    assert states().count("sent") == 2 and states().count("blocked_optout") == blocked
    assert states().count("scheduled") == 6 - 2 - blocked


def test_each_seller_logs_in_with_amazon_once_however_many_sellers_a_worker_serves(fresh_sandbox, use_sandbox, outbox):
    amazon = use_sandbox(fresh_sandbox(sellers=15, orders=0, rate_scale=100))
    for partner in amazon.sellers():
        connection = outbox_world.connect(partner)
        campaign = outbox_world.campaign_for(connection.seller)
        outbox_world.stage_dispatches(
            connection, campaign, outbox_world.place_orders(amazon, partner["selling_partner_id"], 3)
        )

    outbox(seconds=30)

    assert states() == ["sent"] * 45
    logins = [c["calls"] for c in amazon.calls() if c["operation"] == "LoginWithAmazon"]
    assert logins == [1] * 15


def test_timeouts_are_retried_and_a_send_amazon_took_after_the_timeout_is_not_repeated(
    amazon, seller_with, outbox, settings
):
    connection, _, _ = seller_with(20)
    settings.SPAPI_TIMEOUT_SECONDS = 0.5
    amazon.faults(slow_rate=0.2, slow_seconds=1.0)  # answered after we gave up; Amazon still acts on it

    outbox(seconds=90)

    assert states() == ["sent"] * 20
    assert any(
        "did not answer in time" in d.last_error or "in time" in d.reason for d in Dispatch.objects.all()
    ) or any(d.attempts > 1 for d in Dispatch.objects.all())
    sent = [m["order_id"] for m in amazon.messages(connection.selling_partner_id)]
    assert len(sent) == len(set(sent)) == 20


def test_a_paused_campaigns_dispatches_wait_and_are_not_sent(amazon, seller_with, outbox):
    connection, campaign, _ = seller_with(3)
    campaign.state = campaign.State.PAUSED
    campaign.save()

    outbox(seconds=4, until_done=False)

    assert states() == ["scheduled"] * 3
    assert amazon.messages(connection.selling_partner_id) == []


def test_an_interrupted_message_is_not_sent_again_when_amazon_cannot_tell(amazon, seller_with, outbox):
    connection, _, _ = seller_with(1, kind="confirm_delivery", text="Which day suits you for {{ order_id }}?")
    Dispatch.objects.update(state="sending", in_doubt=True, lease_until=timezone.now() - timedelta(seconds=1))

    outbox(seconds=15)

    dispatch = Dispatch.objects.get()
    assert dispatch.state == "failed" and "not sent again" in dispatch.reason
    assert amazon.messages(connection.selling_partner_id) == []


def test_a_connection_with_nothing_left_to_send_leaves_the_ready_queue(amazon, seller_with, outbox):
    from messaging import queue
    from messaging.outbox import Pump

    connection, _, _ = seller_with(2)
    outbox(seconds=20)
    assert states() == ["sent", "sent"]
    queue.offer({str(connection.pk): timezone.now().timestamp()})  # a planner's offer, say, for nothing new

    pump = Pump()
    try:
        pump.step()
    finally:
        pump.close()

    # Nothing is scheduled: the pump must not come back for it at once, round after round.
    assert queue.next_ready_in(timezone.now().timestamp()) is None
