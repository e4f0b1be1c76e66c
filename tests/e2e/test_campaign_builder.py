"""A seller builds a campaign in Chromium, previews it, fixes a policy finding, activates it, and
the planner creates exactly the dispatches the preview promised."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns import planner
from campaigns.models import Campaign, Dispatch

from ..factories import AmazonConnectionFactory, MembershipFactory, OrderFactory
from .browser import log_in

pytestmark = pytest.mark.browser

PHONE_TEXT = (
    "Hello! Your order {{ order_id }} ({{ product_title }}) is packed. Our courier needs a delivery slot:\n"
    "please reply with a day that suits you, or call +1 (206) 555-0134."
)
FIXED_TEXT = (
    "Hello! Your order {{ order_id }} ({{ product_title }}) is packed. Our courier needs a delivery slot:\n"
    "please reply to this message with a day that suits you."
)


def delivered_order(seller, connection, order_id, sku="SKU-1"):
    delivered = timezone.now() - timedelta(days=8)
    return OrderFactory(
        seller=seller,
        connection=connection,
        amazon_order_id=order_id,
        purchased_at=delivered - timedelta(days=4),
        shipped_at=delivered - timedelta(days=2),
        earliest_delivery=delivered - timedelta(days=1),
        latest_delivery=delivered,
        items=[
            {
                "order_item_id": "1",
                "asin": "B0TRAIL001",
                "sku": sku,
                "title": "Trail bottle",
                "quantity": 1,
                "unit_price": "19.99",
            }
        ],
    )


def test_a_seller_builds_previews_fixes_and_activates_a_campaign(app, new_page, artifacts_dir):
    owner = MembershipFactory(seller__name="Summit Supplies", user__email="owner@summit.example.com")
    seller = owner.seller
    connection = AmazonConnectionFactory(seller=seller, store_name="Summit US")
    expected = {
        delivered_order(seller, connection, "111-1000001-0000001").pk,
        delivered_order(seller, connection, "111-1000002-0000002").pk,
    }
    delivered_order(seller, connection, "111-1000003-0000003", sku="SKU-GIFT")

    page = new_page()
    log_in(page, app.url, owner.user.email)
    page.click("nav >> text=Campaigns")
    assert "Request a Review after delivery" in page.inner_text("[data-testid=campaign-table]")

    page.click("text=New campaign")
    page.fill("#id_name", "Delivery slot")
    page.select_option("#id_kind", "confirm_delivery")
    page.select_option("#id_trigger", "shipped")
    page.fill("#id_delay_value", "0")
    page.select_option("#id_delay_unit", "hours")
    page.fill("#id_exclude_skus", "SKU-GIFT")
    page.screenshot(path=os.path.join(artifacts_dir, "30-campaign-builder.png"), full_page=True)
    page.click("button:has-text('Create draft')")
    assert page.inner_text("[data-testid=campaign-state]") == "Draft"
    assert "Write the message in the fallback language" in page.inner_text("[data-testid=activation-problems]")

    page.click("[data-testid=template-table] >> text=Write")
    page.fill("#body", PHONE_TEXT)
    page.click("button:has-text('Save')")
    findings = page.inner_text("[data-testid=lint-findings]")
    assert "phone_number" in findings and "+1 (206) 555-0134" in findings
    page.screenshot(path=os.path.join(artifacts_dir, "31-campaign-lint-finding.png"), full_page=True)

    page.fill("#body", FIXED_TEXT)
    page.click("button:has-text('Save')")
    assert page.locator("[data-testid=lint-clean]").is_visible()
    assert "Your order 111-" in page.inner_text("[data-testid=template-sample]")

    page.click("text=← Delivery slot")
    page.click("text=Preview the last 30 days")
    counts = page.locator("[data-testid=preview-counts]")
    assert counts.locator("tr[data-group=send] strong").inner_text() == "2"
    assert counts.locator("tr[data-group=filtered_out] strong").inner_text() == "1"
    assert "Trail bottle" in page.inner_text("[data-testid=preview-message]")
    page.screenshot(path=os.path.join(artifacts_dir, "32-campaign-preview.png"), full_page=True)

    page.click("text=← Delivery slot")
    page.click("button:has-text('Activate')")
    assert page.inner_text("[data-testid=campaign-state]") == "Active"
    page.screenshot(path=os.path.join(artifacts_dir, "33-campaign-active.png"), full_page=True)

    campaign = Campaign.objects.for_seller(seller).get(name="Delivery slot")
    planner.plan_due()
    assert set(Dispatch.objects.filter(campaign=campaign).values_list("order_id", flat=True)) == expected
    assert set(Dispatch.objects.filter(campaign=campaign).values_list("state", flat=True)) == {"scheduled"}
