"""The preview counts what a campaign would do; "why not?" explains one order, campaign by campaign."""

import pytest

from campaigns import planner, selectors
from campaigns.models import Dispatch
from optouts.models import OptOut
from sellers.buyers import buyer_key

from .conftest import DAY, NOW

pytestmark = pytest.mark.django_db


def explain(seller, order, campaign):
    """The explanation for one campaign (every seller also has its draft starter campaign)."""
    _, explanations = selectors.why_not(seller, order.amazon_order_id)
    (explanation,) = [e for e in explanations if e.campaign == campaign]
    return explanation


def test_the_preview_counts_each_outcome_over_the_last_30_days(clock, make_order, make_campaign):
    campaign = make_campaign(state="draft", exclude_skus=["SKU-X"])
    make_order(delivered_days_ago=8)
    make_order(delivered_days_ago=2)  # due in 5 days: would be sent later
    key = buyer_key("gone@marketplace.amazon.com")
    make_order(delivered_days_ago=8, buyer_key=key)
    OptOut.objects.create(buyer_key=key, source="amazon_notice")
    make_order(delivered_days_ago=8, items=[{"asin": "B0", "sku": "SKU-X", "title": "Mug", "quantity": 1}])
    make_order(delivered_days_ago=-5, status="UNSHIPPED", shipped_at=None)  # waits to ship
    make_order(delivered_days_ago=25, purchased_at=NOW - 29 * DAY)  # window closes in 5 days
    make_order(delivered_days_ago=40, purchased_at=NOW - 45 * DAY)  # older than the preview

    preview = selectors.campaign_preview(campaign)

    counts = {code: count for code, _, count, _ in preview.groups}
    assert counts == {
        "sent": 0,
        "send": 3,
        "waiting": 1,
        "ended": 0,
        "filtered_out": 1,
        "refund_unknown": 0,
        "opted_out": 1,
        "blocked": 0,
        "outside_window": 0,
        "already_messaged": 0,
    }
    assert preview.total == 6
    assert sum(count for _, count in preview.by_day) == 3


def test_the_preview_shows_sample_orders_with_their_reason(clock, make_order, make_campaign):
    campaign = make_campaign(state="draft", exclude_skus=["SKU-1"])
    order = make_order(delivered_days_ago=8)

    preview = selectors.campaign_preview(campaign)

    (row,) = preview.samples["filtered_out"]
    assert row.order == order
    assert row.outcome.detail == "Excluded SKU SKU-1."


def test_why_not_names_the_filter_that_excluded_an_order(clock, seller, make_order, make_campaign):
    campaign = make_campaign(name="FBA only", fulfillment="AMAZON")
    order = make_order(delivered_days_ago=8, fulfillment_channel="MERCHANT")

    explanation = explain(seller, order, campaign)

    assert explanation.summary == "Filtered out: Fulfilled by you (FBM)."


def test_why_not_shows_the_dispatch_once_planned(clock, seller, make_order, make_campaign):
    campaign = make_campaign()
    order = make_order(delivered_days_ago=8)
    planner.plan_due()

    explanation = explain(seller, order, campaign)

    assert explanation.dispatch.state == Dispatch.State.SCHEDULED
    assert explanation.summary.startswith("Scheduled")


def test_why_not_says_when_an_order_waits_for_its_delay(clock, seller, make_order, make_campaign):
    campaign = make_campaign()
    order = make_order(delivered_days_ago=2)

    explanation = explain(seller, order, campaign)

    assert explanation.summary.startswith("Waits until 23 Nov 2026, 12:00 UTC")


def test_why_not_explains_an_opt_out(clock, seller, make_order, make_campaign):
    campaign = make_campaign()
    key = buyer_key("gone@marketplace.amazon.com")
    order = make_order(delivered_days_ago=8, buyer_key=key)
    OptOut.objects.create(buyer_key=key, source="amazon_notice")

    explanation = explain(seller, order, campaign)

    assert explanation.summary == "Buyer opted out: The buyer opted out of unsolicited messages."


def test_why_not_only_finds_the_sellers_own_orders(clock, make_order, make_campaign):
    from ..factories import SellerFactory

    order = make_order(delivered_days_ago=8)

    found, explanations = selectors.why_not(SellerFactory(), order.amazon_order_id)

    assert found is None and explanations == []


def test_why_not_leaves_out_archived_campaigns_that_never_touched_the_order(clock, seller, make_order, make_campaign):
    archived = make_campaign(name="Old", state="active")
    touched = make_order(delivered_days_ago=8)
    planner.plan_due()
    archived.state = "archived"
    archived.save()
    other = make_order(delivered_days_ago=8)

    _, for_other = selectors.why_not(seller, other.amazon_order_id)
    _, for_touched = selectors.why_not(seller, touched.amazon_order_id)

    assert archived not in [e.campaign for e in for_other]
    assert archived in [e.campaign for e in for_touched]


def test_the_preview_gives_send_times_on_the_marketplaces_clock(clock, make_order, make_campaign):
    campaign = make_campaign(state="draft", send_from_hour=9, send_until_hour=17)
    make_order(delivered_days_ago=8)

    (row,) = selectors.campaign_preview(campaign).samples["send"]

    assert row.local_time == "Wed 18 Nov 09:00 PST"


def test_the_preview_of_an_active_campaign_counts_what_it_already_sent(clock, make_order, make_campaign):
    campaign = make_campaign()
    for _ in range(3):
        make_order(delivered_days_ago=8)
    make_order(delivered_days_ago=2)  # not due yet
    planner.plan_due()
    first, second, _ = Dispatch.objects.filter(campaign=campaign).order_by("pk")
    Dispatch.objects.filter(pk=first.pk).update(state=Dispatch.State.SENT, finished_at=NOW)
    Dispatch.objects.filter(pk=second.pk).update(
        state=Dispatch.State.INELIGIBLE,
        finished_at=NOW,
        reason="Amazon does not allow this message type for this order.",
    )

    counts = {code: count for code, _, count, _ in selectors.campaign_preview(campaign).groups}

    assert (counts["sent"], counts["send"], counts["ended"]) == (1, 2, 1)


def test_an_order_that_has_not_shipped_waits_until_amazons_window_closes(clock, seller, make_order, make_campaign):
    campaign = make_campaign()
    order = make_order(delivered_days_ago=-2, status="UNSHIPPED", shipped_at=None)

    explanation = explain(seller, order, campaign)

    closes = (order.latest_delivery + 30 * DAY).strftime("%Y-%m-%d")
    assert explanation.summary == (
        f"Waiting for the order to ship, until {closes}, when Amazon's window for this message closes."
    )


def test_an_order_that_never_shipped_stops_waiting_when_amazons_window_closes(clock, seller, make_order, make_campaign):
    campaign = make_campaign()
    order = make_order(delivered_days_ago=31, status="UNSHIPPED", shipped_at=None)

    explanation = explain(seller, order, campaign)

    assert explanation.summary.startswith("Outside Amazon's window: Amazon's window for this message closed on")


def test_why_not_says_when_the_delivery_date_is_an_estimate(clock, seller, make_order, make_campaign):
    campaign = make_campaign()
    order = make_order(delivered_days_ago=8, delivery_estimated=True)

    explanation = explain(seller, order, campaign)

    assert explanation.summary.startswith("Due now")
    assert "the times rest on an estimate" in explanation.summary


def test_an_fba_order_with_a_shipped_trigger_is_not_left_waiting(clock, seller, make_order, make_campaign):
    campaign = make_campaign(trigger="shipped", kind="confirm_delivery")
    order = make_order(delivered_days_ago=8, fulfillment_channel="AMAZON", shipped_at=None)

    explanation = explain(seller, order, campaign)

    assert explanation.summary.startswith("Filtered out: Amazon gives no ship time for orders it fulfils (FBA)")
