"""Activating asks which orders to message: the past orders Amazon still allows (counted by the
planner's own first pass) or only orders placed from now on. The answer is kept on the campaign and
the planner honours it."""

import pytest
from django.urls import reverse

from campaigns import planner, selectors, services
from campaigns.models import Campaign, Dispatch
from optouts.models import BlockedBuyer

from ..factories import AmazonConnectionFactory, OrderFactory
from .conftest import DAY, NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(make_order):
    """Before activation: three orders delivered 8 days ago (due now for a review request 7 days
    after delivery), one delivered 3 days ago (due in 4 days), one whose window closed long ago."""
    return {
        "due": [make_order(delivered_days_ago=8) for _ in range(3)],
        "on_the_way": make_order(delivered_days_ago=3),
        "too_old": make_order(delivered_days_ago=45),
    }


@pytest.fixture
def draft(make_campaign):
    return make_campaign(state="draft", trigger="delivered", delay_minutes=7 * 24 * 60)


def planned(campaign):
    return {d.order.amazon_order_id for d in Dispatch.objects.filter(campaign=campaign).select_related("order")}


def test_the_question_counts_the_past_orders_the_planner_would_message(clock, orders, draft):
    backlog = planner.backlog(draft)

    assert (backlog.due, backlog.blocked, backlog.waiting) == (3, 0, 1)
    assert backlog.first_at == NOW


def test_answering_past_orders_schedules_exactly_what_the_question_counted(clock, orders, draft):
    counted = planner.backlog(draft).due

    services.campaign_activate(campaign=draft, past_orders=True)
    result = planner.plan_due()

    assert result.scheduled == counted == 3
    assert planned(draft) == {o.amazon_order_id for o in orders["due"]}
    assert draft.orders_placed_from is None


def test_with_past_orders_an_earlier_order_on_its_way_is_messaged_when_due(clock, orders, draft):
    services.campaign_activate(campaign=draft, past_orders=True)
    planner.plan_due()

    clock.move_to(NOW + 5 * DAY)
    planner.plan_due()

    assert orders["on_the_way"].amazon_order_id in planned(draft)


def test_answering_only_new_orders_schedules_nothing_placed_before(clock, orders, draft):
    services.campaign_activate(campaign=draft, past_orders=False)
    result = planner.plan_due()
    clock.move_to(NOW + 5 * DAY)  # the earlier order on its way comes due: still left out
    later = planner.plan_due()

    assert (result.scheduled, later.scheduled) == (0, 0)
    assert planned(draft) == set()
    assert Campaign.objects.get(pk=draft.pk).orders_placed_from == NOW


def test_with_only_new_orders_an_order_placed_after_activation_is_messaged(clock, make_order, orders, draft):
    services.campaign_activate(campaign=draft, past_orders=False)
    planner.plan_due()
    clock.move_to(NOW + 12 * DAY)
    new = make_order(purchased_at=NOW + DAY, delivered_days_ago=-12 + 8)  # delivered 8 days before the new now

    planner.plan_due()

    assert planned(draft) == {new.amazon_order_id}


def test_why_not_explains_an_order_left_out_by_the_answer(clock, orders, draft):
    services.campaign_activate(campaign=draft, past_orders=False)

    _order, explanations = selectors.why_not(draft.seller, orders["due"][0].amazon_order_id)

    [explanation] = [e for e in explanations if e.campaign == draft]
    assert "you chose to message only orders placed from then on" in explanation.summary


def test_a_blocklisted_buyer_counts_as_blocked_not_as_a_message(clock, orders, draft):
    BlockedBuyer.objects.create(seller=draft.seller, amazon_order_id=orders["due"][0].amazon_order_id)

    backlog = planner.backlog(draft)

    assert (backlog.due, backlog.blocked) == (2, 1)


def test_resuming_with_past_orders_reaches_what_only_new_orders_left_out(clock, orders, draft):
    services.campaign_activate(campaign=draft, past_orders=False)
    planner.plan_due()
    services.campaign_pause(campaign=draft)

    services.campaign_activate(campaign=draft, past_orders=True)
    planner.plan_due()

    assert planned(draft) == {o.amazon_order_id for o in orders["due"]}


def test_a_backlog_larger_than_amazons_daily_limit_is_spread_over_days(clock):
    question = selectors.ActivationQuestion(planner.Backlog(due=1500), days=3, daily_limit=640, first="within a minute")

    title, detail = selectors._past_choice(question, several_accounts=False)

    assert title == "Also the 1,500 past orders Amazon still allows"
    assert detail.startswith(
        "The first ones go out within a minute, the rest over the next 2 days: "
        "Amazon lets this Amazon account send 640 messages a day."
    )


# --- the page -------------------------------------------------------------------------------------------


def test_the_activation_page_asks_with_the_counts(client, tenant_a, clock):
    client.force_login(tenant_a.manager)
    campaign = Campaign.objects.for_seller(tenant_a.seller).get()  # the starter review request, a draft
    connection = AmazonConnectionFactory(seller=tenant_a.seller)
    for _ in range(2):
        OrderFactory(
            seller=tenant_a.seller,
            connection=connection,
            purchased_at=NOW - 12 * DAY,
            shipped_at=NOW - 10 * DAY,
            latest_delivery=NOW - 8 * DAY,
        )

    page = client.get(reverse("campaign_activate", args=[campaign.pk])).content.decode()

    assert "Also the 2 past orders Amazon still allows" in page
    assert "Only new orders, placed from now on" in page
    assert Campaign.objects.get(pk=campaign.pk).state == "draft"


def test_activating_without_an_answer_is_refused_and_nothing_changes(client, tenant_a, clock):
    client.force_login(tenant_a.manager)
    campaign = Campaign.objects.for_seller(tenant_a.seller).get()

    response = client.post(reverse("campaign_activate", args=[campaign.pk]))

    assert response.status_code == 400
    assert "Choose which orders the campaign should message." in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).state == "draft"


def test_the_answer_is_kept_and_shown_on_the_campaign(client, tenant_a, clock):
    client.force_login(tenant_a.manager)
    campaign = Campaign.objects.for_seller(tenant_a.seller).get()

    response = client.post(reverse("campaign_activate", args=[campaign.pk]), {"orders": "new"}, follow=True)

    campaign.refresh_from_db()
    assert (campaign.state, campaign.orders_placed_from) == ("active", NOW)
    assert "only orders placed from" in response.content.decode()


def test_an_active_campaign_is_not_asked_again(client, tenant_a, clock):
    client.force_login(tenant_a.manager)
    campaign = Campaign.objects.for_seller(tenant_a.seller).get()
    services.campaign_activate(campaign=campaign)

    response = client.get(reverse("campaign_activate", args=[campaign.pk]))

    assert response.status_code == 302
