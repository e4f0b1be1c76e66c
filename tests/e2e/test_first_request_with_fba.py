"""A new seller, in Chromium: connects Amazon, activates the starter review campaign, and its FBA
orders (which came in through the report backfill) get review requests through the real outbox."""

import os
import re

import pytest

from campaigns import planner
from campaigns.models import Dispatch
from sellers.models import AmazonConnection

from ..factories import MembershipFactory
from ..outbox_world import run_outbox
from .browser import log_in, settled

pytestmark = pytest.mark.browser


def test_a_new_seller_gets_review_requests_out_to_its_fba_orders(
    app, new_page, artifacts_dir, fresh_sandbox, use_sandbox, settings, celery_worker
):
    settings.SYNC_REPORT_POLL_SECONDS = 1
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.05
    sandbox = use_sandbox(fresh_sandbox(sellers=2, orders=240, seed=31, feedback_share=0))
    partner = next(p for p in sandbox.sellers() if p["region"] == "EU")
    owner = MembershipFactory(seller__name="Fjord Gear", user__email="owner@fjord.example.com").user
    page = new_page()

    log_in(page, app.url, owner.email)
    page.click("nav >> text=Amazon accounts")
    page.select_option("#region", "EU")
    page.click("[data-testid=connect-amazon]")
    page.wait_for_url(re.compile(r"/apps/authorize/consent"))
    page.check(f"input[value={partner['selling_partner_id']}]")
    page.click("button:has-text('Confirm')")
    page.wait_for_url(f"{app.url}/amazon/")
    connection = AmazonConnection.objects.get(seller__name="Fjord Gear")
    for _ in range(120):
        connection.refresh_from_db()
        if connection.backfill_status == "done":
            break
        page.wait_for_timeout(500)
    assert (
        connection.orders.filter(fulfillment_channel="AMAZON").count()
        > connection.orders.filter(fulfillment_channel="MERCHANT").count()
    )

    page.click("nav >> text=Campaigns")
    page.click("text=Request a Review after delivery")
    page.select_option("#id_send_from_hour", "0")
    page.select_option("#id_send_until_hour", "24")
    page.click("button:has-text('Save settings')")
    page.click("[data-testid=activate-link]")
    page.check("#orders-past")  # the orders the sync just read: the backlog Amazon still allows
    page.click("button:has-text('Activate')")
    assert page.inner_text("[data-testid=campaign-state]") == "Active"
    planner.plan_due()  # the planner's next minute
    run_outbox(seconds=90.0)

    sent = Dispatch.objects.filter(seller=connection.seller, state=Dispatch.State.SENT, kind="review_request")
    fba_sent = sent.filter(order__fulfillment_channel="AMAZON")
    assert fba_sent.count() > 0
    accepted = {m["order_id"] for m in sandbox.messages(partner["selling_partner_id"])}
    assert set(sent.values_list("order__amazon_order_id", flat=True)) == accepted
    page.click("nav >> text=Messages")
    settled(page)
    assert page.locator("[data-testid=log-row][data-state=sent]").count() > 0
    page.screenshot(path=os.path.join(artifacts_dir, "60-first-requests-sent.png"), full_page=True)

    order_id = fba_sent.first().order.amazon_order_id
    page.goto(f"{app.url}/campaigns/why-not/?order={order_id}")
    assert "Sent" in page.inner_text("[data-testid=why-not-table]")
    assert "fulfilled by Amazon" in page.inner_text("[data-testid=why-not-order]")
    page.screenshot(path=os.path.join(artifacts_dir, "61-why-not-fba-sent.png"), full_page=True)
