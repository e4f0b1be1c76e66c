"""A seller builds a campaign in Chromium, on a laptop and on a phone: writes the message from our
starter text with the variable picker, sees the live check catch a broken template with its line in
plain words and a guideline broken twice listed once, picks the order the preview uses, previews,
activates answering the backlog question, and the planner creates exactly what the question counted."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns import planner
from campaigns.models import Campaign, Dispatch

from ..factories import AmazonConnectionFactory, MembershipFactory, OrderFactory
from .browser import log_in, page_fits, serious_violations

pytestmark = pytest.mark.browser

WIDTHS = {"laptop": 1280, "phone": 390}
BROKEN_LINE = "Your order {{ order_id is packed."
PHONES = (
    "Hello!\n\nOur courier needs a delivery slot: which day suits you?\n"
    "Call +1 (206) 555-0134,\nor our depot on +1 (206) 555-0199."
)


def delivered_order(seller, connection, order_id, days_ago=8, sku="SKU-1", title="Trail bottle"):
    delivered = timezone.now() - timedelta(days=days_ago)
    return OrderFactory(
        seller=seller,
        connection=connection,
        amazon_order_id=order_id,
        purchased_at=delivered - timedelta(days=4),
        shipped_at=delivered - timedelta(days=2),
        earliest_delivery=delivered - timedelta(days=1),
        latest_delivery=delivered,
        items=[{"order_item_id": "1", "asin": "B0TRAIL001", "sku": sku, "title": title, "quantity": 1}],
    )


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_seller_writes_checks_previews_and_activates_a_campaign(app, page_at, artifacts_dir, device):
    width = WIDTHS[device]

    def shot(name):
        page.screenshot(path=os.path.join(artifacts_dir, f"{name}-{width}.png"), full_page=True)

    owner = MembershipFactory(seller__name="Summit Supplies", user__email=f"owner-{device}@summit.example.com")
    seller = owner.seller
    connection = AmazonConnectionFactory(seller=seller, store_name="Summit US")
    newest = delivered_order(seller, connection, "111-1000001-0000001", days_ago=8)
    older = delivered_order(seller, connection, "111-1000002-0000002", days_ago=10, title="Trail lantern")
    delivered_order(seller, connection, "111-1000003-0000003", days_ago=9, sku="SKU-GIFT")
    OrderFactory(seller=seller, connection=connection, amazon_order_id="111-1000004-0000004", status="UNSHIPPED")

    page = page_at(width)
    log_in(page, app.url, owner.user.email)
    page.goto(f"{app.url}/campaigns/new/")
    page.fill("#id_name", "Delivery slot")
    page.select_option("#id_kind", "confirm_delivery")
    page.select_option("#id_trigger", "shipped")
    page.fill("#id_delay_value", "0")
    page.select_option("#id_delay_unit", "hours")
    page.fill("#id_exclude_skus", "SKU-GIFT")
    shot("30-campaign-builder")
    page.click("button:has-text('Create draft')")
    assert page.inner_text("[data-testid=campaign-state]") == "Draft"

    # The editor opens on our starter text, previewed for the most recent delivered order.
    page.click("[data-testid=template-table] >> text=Write")
    expect(page.locator("[data-testid=starter-note]")).to_be_visible()
    assert "Which days and times would suit you?" in page.input_value("#body")
    expect(page.locator("[data-testid=template-sample]")).to_contain_text(
        "Your order 111-1000001-0000001 (Trail bottle)"
    )
    assert "111-1000004-0000004" not in page.inner_text("#sample")  # never a pending order
    assert page_fits(page, width)
    shot("31-editor-starter")

    # The picker inserts at the cursor, by mouse and by keyboard.
    page.fill("#body", "Hello,\n\nYour order ")
    page.locator("#body").evaluate("field => field.setSelectionRange(field.value.length, field.value.length)")
    page.click("[data-testid=insert-order_id]")
    page.keyboard.type(" (")
    page.focus("[data-testid=insert-product_title]")
    page.keyboard.press("Enter")
    page.locator("#body").press("End")
    page.keyboard.type(") is packed. Which delivery day suits you?")
    assert page.input_value("#body") == (
        "Hello,\n\nYour order {{ order_id }} ({{ product_title }}) is packed. Which delivery day suits you?"
    )
    expect(page.locator("[data-testid=template-sample]")).to_contain_text(
        "Your order 111-1000001-0000001 (Trail bottle) is packed."
    )

    # A broken template: the live check names the line and column in plain words; nothing is saved.
    page.fill("#body", f"Hello,\n\n{BROKEN_LINE}\nWhich delivery day suits you?")
    problems = page.locator("[data-testid=template-problems]")
    expect(problems).to_contain_text("Line 3, column 12: A {{ is never closed with }}.")
    expect(page.locator("#check-status")).to_contain_text("1 error to fix before saving")
    assert "Expected" not in problems.inner_text()
    page.click("[data-testid=template-problems] >> text=Line 3, column 12")
    assert page.locator("#body").evaluate("field => field.selectionStart") == len("Hello,\n\n") + 11
    shot("32-editor-syntax-error")

    # A guideline broken twice is one finding with both places, under a plain name.
    page.fill("#body", PHONES)
    findings = page.locator("[data-testid=lint-findings]")
    expect(findings).to_contain_text("Phone number")
    assert findings.locator("li.rule-finding").count() == 1
    assert "Line 4" in findings.inner_text() and "Line 5" in findings.inner_text()
    assert "phone_number" not in findings.inner_text()
    assert serious_violations(page, ".editor-layout") == []
    shot("33-editor-findings")

    # A clean text, previewed with another delivered order the seller picks, then saved.
    page.fill(
        "#body",
        "Hello! Your order {{ order_id }} ({{ product_title }}) is packed. Our courier needs a delivery slot:\n"
        "please reply to this message with a day that suits you.",
    )
    expect(page.locator("[data-testid=lint-clean]")).to_be_visible()
    page.select_option("#sample", str(older.pk))
    expect(page.locator("[data-testid=template-sample]")).to_contain_text(
        "Your order 111-1000002-0000002 (Trail lantern)"
    )
    expect(page.locator("[data-testid=insert-order_id]")).to_contain_text("111-1000002-0000002")
    shot("34-editor-preview")
    page.click("button:has-text('Save')")
    expect(page.locator(".flash-success")).to_contain_text("Saved.")
    expect(page.locator("[data-testid=template-sample]")).to_contain_text("111-1000002-0000002")

    page.click("text=← Delivery slot")
    page.click("text=Preview the last 30 days")
    counts = page.locator("[data-testid=preview-counts]")
    assert counts.locator("tr[data-group=send] strong").inner_text() == "2"
    assert counts.locator("tr[data-group=filtered_out] strong").inner_text() == "1"
    shot("35-campaign-preview")

    # Activating asks which orders to message, with the planner's counts.
    page.click("text=← Delivery slot")
    page.click("[data-testid=activate-link]")
    expect(page.locator("[data-testid=backlog-past]")).to_have_text("Also the 2 past orders Amazon still allows")
    expect(page.locator("[data-testid=backlog-new]")).to_have_text("Only new orders, placed from now on")
    assert page_fits(page, width)
    assert serious_violations(page, "main .card") == []
    shot("36-activate-question")
    page.click("button:has-text('Activate')")  # no answer yet: the browser asks for one
    assert page.url.endswith("/activate/")
    page.check("#orders-past")
    page.click("button:has-text('Activate')")
    assert page.inner_text("[data-testid=campaign-state]") == "Active"
    expect(page.locator("[data-testid=orders-choice]")).to_contain_text("every order Amazon still allows")
    shot("37-campaign-active")

    campaign = Campaign.objects.for_seller(seller).get(name="Delivery slot")
    planner.plan_due()
    assert set(Dispatch.objects.filter(campaign=campaign).values_list("order_id", flat=True)) == {newest.pk, older.pk}
    assert set(Dispatch.objects.filter(campaign=campaign).values_list("state", flat=True)) == {"scheduled"}
