"""Review requests by hand (campaigns.manual): the same gates as every campaign's request, one per
order ever, who asked recorded, and sent by the outbox like any other."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse

from campaigns import manual, planner
from campaigns.events import dispatches_planned
from campaigns.models import Campaign, Dispatch
from optouts.lists import blocked_buyer_add, optout_record
from optouts.models import OptOutSource
from sellers.models import AmazonConnection

from ..conftest import wait_until
from ..factories import (
    AmazonConnectionFactory,
    CampaignFactory,
    DispatchFactory,
    OrderFactory,
    OrderOptOutFactory,
    delivered_order,
)
from .conftest import DAY, NOW


@pytest.fixture
def shop(tenant_a, clock):
    return AmazonConnectionFactory(seller=tenant_a.seller)


@pytest.fixture
def delivered(tenant_a, shop):
    """An order delivered `days_ago` days before NOW (Amazon's window: 5 to 30 days after)."""

    def make(days_ago=8.0, **fields):
        return delivered_order(shop, delivered_at=NOW - timedelta(days=days_ago), **fields)

    return make


def ask(tenant, *orders, actor=None):
    return manual.request_review_now(
        seller=tenant.seller, order_ids=[o.pk for o in orders], actor=actor or tenant.manager
    )


# -- what is queued --------------------------------------------------------------------------
def test_an_order_in_amazons_window_is_queued_for_the_outbox_now(tenant_a, delivered):
    order = delivered(8)

    [outcome] = ask(tenant_a, order)

    dispatch = Dispatch.objects.get(order=order)
    assert outcome.queued and outcome.dispatch_id == str(dispatch.pk)
    assert (dispatch.state, dispatch.kind, dispatch.requests_review) == ("scheduled", "review_request", True)
    assert dispatch.scheduled_for == NOW
    assert dispatch.expires_at == order.latest_delivery + timedelta(days=30)


def test_the_request_records_who_asked_and_how(tenant_a, delivered):
    order = delivered(8)

    ask(tenant_a, order, actor=tenant_a.owner)

    dispatch = Dispatch.objects.get(order=order)
    assert dispatch.requested_by == tenant_a.owner and dispatch.requested_via == "web"
    assert dispatch.campaign.by_hand and dispatch.campaign.name == "Requested by hand"


def test_requests_by_hand_go_ahead_of_every_campaign(tenant_a, delivered):
    ask(tenant_a, delivered(8))

    assert Dispatch.objects.get().priority == 0


def test_the_outbox_is_told_at_once(tenant_a, delivered, django_capture_on_commit_callbacks):
    order, heard = delivered(8), []

    def receiver(sender, due, **kwargs):
        heard.append(due)

    dispatches_planned.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ask(tenant_a, order)
    finally:
        dispatches_planned.disconnect(receiver)

    assert heard == [{str(order.connection_id): NOW.timestamp()}]


# -- every gate refuses with its reason -------------------------------------------------------
def test_too_early_is_refused_with_the_day_amazon_opens_the_window(tenant_a, delivered):
    order = delivered(1)

    [outcome] = ask(tenant_a, order)

    assert (outcome.outcome, outcome.reason) == ("refused", "window_not_open")
    assert "from 21 Nov 2026" in outcome.text
    assert not Dispatch.objects.exists()


def test_too_late_is_refused_with_the_day_the_window_closed(tenant_a, delivered):
    [outcome] = ask(tenant_a, delivered(40))

    assert outcome.reason == "window_closed" and "closed on 8 Nov 2026" in outcome.text


def test_an_order_that_has_not_shipped_is_refused(tenant_a, delivered):
    [outcome] = ask(tenant_a, delivered(8, status="UNSHIPPED", shipped_at=None))

    assert outcome.reason == "not_shipped" and "has not shipped yet" in outcome.text


def test_a_cancelled_order_is_refused(tenant_a, delivered):
    [outcome] = ask(tenant_a, delivered(8, status="CANCELLED"))

    assert outcome.reason == "cancelled" and "cancelled" in outcome.text


def test_a_buyer_on_the_shared_optout_table_is_refused(tenant_a, delivered):
    order = delivered(8)
    optout_record(buyer_key=order.buyer_key, source=OptOutSource.AMAZON_NOTICE)

    [outcome] = ask(tenant_a, order)

    assert outcome.reason == "opted_out" and "opted out" in outcome.text
    assert not Dispatch.objects.exists()


def test_an_order_on_the_sellers_own_optout_list_is_refused(tenant_a, delivered):
    order = delivered(8)
    OrderOptOutFactory(seller=tenant_a.seller, amazon_order_id=order.amazon_order_id)

    [outcome] = ask(tenant_a, order)

    assert outcome.reason == "opted_out"


def test_a_buyer_on_the_blocklist_is_refused(tenant_a, delivered):
    order = delivered(8)
    blocked_buyer_add(seller=tenant_a.seller, amazon_order_id=order.amazon_order_id)

    [outcome] = ask(tenant_a, order)

    assert outcome.reason == "blocklist" and outcome.text == "The buyer is on your blocklist."


def test_an_order_a_campaign_already_asked_for_is_refused_naming_the_campaign(tenant_a, delivered):
    order = delivered(8)
    campaign = CampaignFactory(seller=tenant_a.seller, name="After delivery", state="active")
    DispatchFactory(seller=tenant_a.seller, campaign=campaign, order=order, state="sent", finished_at=NOW - DAY)

    [outcome] = ask(tenant_a, order)

    assert outcome.reason == "already_requested"
    assert outcome.text.startswith("Campaign “After delivery” has this order's review request (Amazon accepted it")
    assert Dispatch.objects.count() == 1


def test_an_order_a_campaign_will_ask_for_is_refused_with_when(tenant_a, delivered):
    order = delivered(8)
    campaign = CampaignFactory(seller=tenant_a.seller, name="After delivery", state="active")
    DispatchFactory(seller=tenant_a.seller, campaign=campaign, order=order, scheduled_for=NOW + 2 * DAY)

    [outcome] = ask(tenant_a, order)

    assert outcome.reason == "already_requested" and "it goes out 20 Nov 2026" in outcome.text


def test_an_account_that_needs_authorizing_again_is_refused(tenant_a, delivered, shop):
    shop.status = AmazonConnection.Status.NEEDS_REAUTH
    shop.save()

    [outcome] = ask(tenant_a, delivered(8))

    assert outcome.reason == "account" and "needs re-authorization" in outcome.text


def test_another_sellers_order_is_not_found(tenant_a, tenant_b, delivered):
    theirs = OrderFactory(seller=tenant_b.seller)

    [outcome] = ask(tenant_a, theirs)

    assert (outcome.reason, outcome.text) == ("not_found", "No such order among yours.")
    assert not Dispatch.objects.exists()


def test_a_mangled_id_is_not_found(tenant_a, clock):
    [outcome] = manual.request_review_now(seller=tenant_a.seller, order_ids=["<script>"], actor=tenant_a.manager)

    assert outcome.reason == "not_found"


def test_a_huge_id_is_not_found_and_not_echoed_whole(tenant_a, clock):
    [outcome] = manual.request_review_now(seller=tenant_a.seller, order_ids=["x" * 100_000], actor=tenant_a.manager)

    assert outcome.reason == "not_found" and len(outcome.order_id) == manual.MAX_ID_LENGTH


# -- one request per order, ever --------------------------------------------------------------
def test_asking_twice_queues_one_request_and_says_who_asked_first(tenant_a, delivered):
    order = delivered(8)

    first, second = ask(tenant_a, order)[0], ask(tenant_a, order, actor=tenant_a.owner)[0]

    assert first.queued and second.reason == "already_requested"
    assert second.text.startswith(f"Already requested by hand by {tenant_a.manager.email} on 18 Nov 2026")
    assert Dispatch.objects.count() == 1


def test_the_same_order_twice_in_one_request_counts_once(tenant_a, delivered):
    order = delivered(8)

    outcomes = ask(tenant_a, order, order)

    assert len(outcomes) == 1 and Dispatch.objects.count() == 1


def _a_query_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else a transaction sees its first snapshot
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_make_one_dispatch(tenant_a, delivered):
    # The second request reads no review request (the first has not committed), passes every gate
    # and inserts: the unique constraint holds it until the first commits, then refuses it.
    order = delivered(8)
    manual.by_hand_campaign(tenant_a.seller)  # made by an earlier request: the race is the dispatch's
    first_wrote, outcomes = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                outcomes["first"] = ask(tenant_a, order, actor=tenant_a.owner)[0]
                first_wrote.set()
                assert wait_until(_a_query_waits_for_a_lock, timeout=20)
        finally:
            connections.close_all()

    def second():
        try:
            assert first_wrote.wait(timeout=20)
            outcomes["second"] = ask(tenant_a, order, actor=tenant_a.manager)[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes["first"].queued
    assert outcomes["second"].reason == "already_requested"
    assert outcomes["second"].text.startswith(f"Already requested by hand by {tenant_a.owner.email}")
    assert Dispatch.objects.filter(order=order).count() == 1


def test_a_campaign_planning_later_leaves_an_order_asked_for_by_hand(tenant_a, delivered):
    order = delivered(8)
    ask(tenant_a, order)
    campaign = CampaignFactory(seller=tenant_a.seller, state="active", delay_minutes=0)

    result = planner.plan_orders([order.pk], now=NOW)

    assert result.scheduled == 0
    assert not Dispatch.objects.filter(campaign=campaign).exists()


def test_the_planner_never_plans_with_the_requests_by_hand(tenant_a, delivered):
    ask(tenant_a, delivered(8))
    other = delivered(9)

    planner.plan_due(now=NOW, full=True)
    planner.plan_orders([other.pk], now=NOW)

    assert not Dispatch.objects.filter(order=other).exists()


# -- who may ask, and how much ------------------------------------------------------------------
def test_a_viewer_may_not_ask(tenant_a, delivered):
    with pytest.raises(PermissionDenied):
        ask(tenant_a, delivered(8), actor=tenant_a.viewer)


def test_a_member_of_another_seller_may_not_ask(tenant_a, tenant_b, delivered):
    with pytest.raises(PermissionDenied):
        ask(tenant_a, delivered(8), actor=tenant_b.owner)


def test_one_request_names_at_most_100_orders(tenant_a, clock):
    ids = [f"00000000-0000-0000-0000-{n:012d}" for n in range(101)]

    with pytest.raises(ValidationError, match="at most 100 orders"):
        manual.request_review_now(seller=tenant_a.seller, order_ids=ids, actor=tenant_a.manager)


# -- the pages -------------------------------------------------------------------------------------
def test_the_order_page_offers_the_button_when_amazon_would_accept(client, tenant_a, delivered):
    order = delivered(8)
    client.force_login(tenant_a.manager)

    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()

    assert 'data-testid="request-review"' in page


def test_the_order_page_says_why_not_instead_of_a_button(client, tenant_a, delivered):
    order = delivered(1)
    client.force_login(tenant_a.manager)

    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()

    assert 'data-testid="request-review"' not in page
    assert "Too early: Amazon accepts a review request for this order from 21 Nov 2026" in page


def test_the_button_queues_the_request_and_says_so(client, tenant_a, delivered):
    order = delivered(8)
    client.force_login(tenant_a.manager)

    response = client.post(reverse("order_request_review", args=[order.pk]), follow=True)

    page = response.content.decode()
    assert "Queued: it goes to Amazon within a minute" in page
    assert 'data-testid="review-state"' in page and 'hx-trigger="every 3s"' in page
    assert Dispatch.objects.get().requested_by == tenant_a.manager


def test_the_button_on_why_not_comes_back_to_why_not(client, tenant_a, delivered):
    order = delivered(8)
    client.force_login(tenant_a.manager)

    response = client.post(reverse("order_request_review", args=[order.pk]), {"back": "why-not"})

    assert response.url == f"{reverse('campaign_why_not')}?order={order.amazon_order_id}"


def test_the_bulk_action_shows_each_orders_outcome(client, tenant_a, delivered):
    ok, early = delivered(8, amazon_order_id="111-0000001-0000001"), delivered(1, amazon_order_id="111-0000002-0000002")
    client.force_login(tenant_a.manager)

    response = client.post(reverse("orders_request_review"), {"order": [ok.pk, early.pk], "status": "shipped"})
    page = client.get(response.url)

    rows = {o.amazon_order_id: (o, d) for o, d in page.context["rows"]}
    assert response.url == reverse("orders_request_review")
    assert rows[ok.amazon_order_id][1].state == "scheduled"
    assert rows[early.amazon_order_id][0].reason == "window_not_open"
    assert page.context["back"] == "status=shipped"
    assert "1</strong> queued, <strong>1</strong> not allowed" in page.content.decode()


def test_the_bulk_action_with_nothing_ticked_says_so(client, tenant_a, clock):
    client.force_login(tenant_a.manager)

    response = client.post(reverse("orders_request_review"), {"q": "111-"}, follow=True)

    assert "Choose at least one order." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"{reverse('orders')}?q=111-"


def test_the_requests_by_hand_are_no_campaign_to_open_or_change(client, tenant_a, delivered):
    ask(tenant_a, delivered(8))
    by_hand = Campaign.objects.get(by_hand=True)
    client.force_login(tenant_a.owner)

    listed = client.get(reverse("campaigns")).content.decode()
    opened = client.get(reverse("campaign_detail", args=[by_hand.pk]))
    paused = client.post(reverse("campaign_pause", args=[by_hand.pk]))

    assert "Requested by hand" not in listed
    assert opened.url == f"{reverse('messages')}?campaign={by_hand.pk}"
    assert paused.status_code == 404
    assert Campaign.objects.get(pk=by_hand.pk).state == "active"


def test_the_dashboard_lists_no_campaign_row_for_the_requests_by_hand(client, tenant_a, delivered):
    ask(tenant_a, delivered(8))
    client.force_login(tenant_a.owner)

    page = client.get(reverse("dashboard")).content.decode()

    campaigns = page.split('data-testid="campaigns-card"', 1)[1].split("</section>", 1)[0]
    assert "Requested by hand" not in campaigns
    assert "Requested by hand" in page.split('data-testid="campaigns-card"', 1)[1]  # its next send is listed
