"""A seller's first hour, in Chromium, on a laptop and on a phone, against the sandbox Amazon:
sign up and verify, create the business, connect Amazon and watch the first sync live, write a
message from a starter text, preview it, activate it answering the backlog question, ask for a
review by hand from an order, and find it in the message log and on the dashboard.

Every step goes through the product's own pages and workers (the sync, the planner and the outbox
send over HTTP to the sandbox); only the mailbox link and the waits for workers are the test's.
"""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Campaign, Dispatch
from sellers.models import AmazonConnection, Order

from ..outbox_world import run_outbox
from .browser import approve_on_amazon, page_fits, settled
from .test_onboarding import sign_up_and_verify

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]


def go(page, item, width):
    """Through the navigation, as a person would: on a phone it is behind the menu button."""
    if width < 800:
        page.click("[data-testid=menu-button]")
    page.click(f"nav >> text={item}")


def an_order_amazon_lets_us_ask(sandbox, partner, seller) -> Order:
    """A past order of the seller, delivered inside Amazon's 5-30 day window, that the sandbox
    Amazon would accept a review request for."""
    solicitable = {
        o["order_id"]
        for o in sandbox.get(f"/_sandbox/sellers/{partner['selling_partner_id']}/orders")["orders"]
        if o["solicitable"] and o["status"] != "CANCELLED"
    }
    now = timezone.now()
    return (
        Order.objects.for_seller(seller)
        .filter(
            amazon_order_id__in=solicitable,
            latest_delivery__lte=now - timedelta(days=6),
            latest_delivery__gte=now - timedelta(days=25),
        )
        .order_by("-latest_delivery")
        .first()
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_a_new_sellers_first_hour(
    app, page_at, artifacts_dir, fresh_sandbox, use_sandbox, settings, celery_worker, width
):
    settings.SYNC_REPORT_POLL_SECONDS = 1
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.05
    sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=160, seed=41, feedback_share=0))
    partner = sandbox.sellers()[0]
    business = f"Alder & Pine {width}"
    page = page_at(width)

    def shot(name):
        assert page_fits(page, width), f"{name} is wider than {width} px"
        page.screenshot(path=os.path.join(artifacts_dir, f"{name}-{width}.png"), full_page=True)

    # Sign up, verify the address, name the business.
    sign_up_and_verify(page, app.url, f"founder{width}@alder.example.com")
    page.wait_for_url(re.compile(r"/sellers/new/$"))
    page.fill("input[name=name]", business)
    page.click("button:has-text('Create seller')")
    page.wait_for_url(f"{app.url}/")
    shot("90-first-hour-empty-dashboard")

    # Connect Amazon and watch the first sync without reloading.
    go(page, "Amazon accounts", width)
    approve_on_amazon(page, partner)
    page.wait_for_url(f"{app.url}/amazon/")
    page.evaluate("window.notReloaded = true")
    page.wait_for_selector("[data-testid=connection-progress][data-finished=true]", timeout=120000)
    assert page.evaluate("window.notReloaded") is True
    connection = AmazonConnection.objects.get(seller__name=business)
    assert int(page.inner_text("[data-testid=orders-count]").replace(",", "")) == connection.orders.count() > 0
    shot("91-first-hour-connected")

    # A message from a starter text, previewed for a real delivered order.
    go(page, "Campaigns", width)
    page.goto(f"{app.url}/campaigns/new/")
    page.fill("#id_name", "Delivery check")
    page.select_option("#id_kind", "confirm_delivery")
    page.select_option("#id_trigger", "delivered")
    page.fill("#id_delay_value", "0")
    page.select_option("#id_delay_unit", "hours")
    page.click("button:has-text('Create draft')")
    page.click("[data-testid=template-table] >> text=Write")
    page.wait_for_selector("[data-testid=starter-note]")
    starter = page.input_value("#body")
    assert "{{" in starter and len(starter) > 80
    sample = page.inner_text("[data-testid=template-sample]")
    assert re.search(r"\d{3}-\d{7}-\d{7}", sample) and "{{" not in sample
    shot("92-first-hour-editor")
    page.click("button:has-text('Save')")
    page.wait_for_selector(".flash-success:has-text('Saved.')")
    page.click("text=← Delivery check")
    page.click("text=Preview the last 30 days")
    page.wait_for_selector("[data-testid=preview-counts]")
    shot("93-first-hour-preview")

    # Activating asks about the backlog: only new orders, so the past ones stay for a request by hand.
    page.click("text=← Delivery check")
    page.click("[data-testid=activate-link]")
    assert "Only new orders" in page.inner_text("[data-testid=backlog-new]")
    shot("94-first-hour-backlog-question")
    page.check("#orders-new")
    page.click("button:has-text('Activate')")
    assert page.inner_text("[data-testid=campaign-state]") == "Active"
    campaign = Campaign.objects.get(seller__name=business, name="Delivery check")
    assert campaign.orders_placed_from is not None

    # A review request by hand from a past order, sent by the outbox to Amazon.
    order = an_order_amazon_lets_us_ask(sandbox, partner, connection.seller)
    assert order is not None
    go(page, "Orders", width)
    if width < 600:  # a phone shows the orders first; the filters open when asked for
        page.click("[data-testid=order-filters-toggle]")
    page.fill("#id_q", order.amazon_order_id)
    page.click("button:has-text('Filter')")
    page.click(f"[data-testid=order-row] >> text={order.amazon_order_id}")
    page.click("[data-testid=request-review]")
    assert "Queued" in page.inner_text(".flash-list")
    run_outbox(seconds=30)
    page.wait_for_selector("[data-testid=review-state]:has-text('Sent')")
    assert order.amazon_order_id in {m["order_id"] for m in sandbox.messages(partner["selling_partner_id"])}
    shot("95-first-hour-request-sent")

    # The log and the dashboard say the same.
    go(page, "Messages", width)
    settled(page)
    page.wait_for_selector(f"[data-testid=log-row][data-state=sent]:has-text('{order.amazon_order_id}')")
    shot("96-first-hour-log")
    go(page, "Dashboard", width)
    assert page.inner_text("[data-testid=stat-sent]") == "1"
    assert Dispatch.objects.filter(seller=connection.seller, state=Dispatch.State.SENT).count() == 1
    shot("97-first-hour-dashboard")
