"""A seller reads the message log in Chromium (Sent, Not sent and Scheduled views), narrows what was
not sent to failures, and follows an order to its timeline."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Dispatch

from ..factories import (
    AmazonConnectionFactory,
    CampaignFactory,
    DispatchFactory,
    MembershipFactory,
    OrderFactory,
)
from .browser import log_in, settled

pytestmark = pytest.mark.browser

State = Dispatch.State


def test_a_seller_filters_the_log_and_opens_an_orders_timeline(app, new_page, artifacts_dir):
    owner = MembershipFactory(seller__name="Summit Supplies", user__email="owner@summit.example.com")
    seller = owner.seller
    us = AmazonConnectionFactory(seller=seller, store_name="Summit US", marketplace_ids=["ATVPDKIKX0DER"])
    eu = AmazonConnectionFactory(seller=seller, store_name="Summit EU", region="EU", marketplace_ids=["A1PA6795UKMFR9"])
    review = CampaignFactory(seller=seller, name="Review after delivery", state="active")
    slot = CampaignFactory(seller=seller, name="Delivery slot", kind="confirm_delivery", state="active")
    now = timezone.now().replace(microsecond=0)

    def dispatch(order_id, state, hours_ago, connection=us, campaign=review, order=None, **fields):
        order = order or OrderFactory(
            seller=seller, connection=connection, amazon_order_id=order_id, marketplace_id=connection.marketplace_ids[0]
        )
        at = now - timedelta(hours=hours_ago)
        finished = None if state in Dispatch.OPEN_STATES else at + timedelta(minutes=3)
        return DispatchFactory(
            seller=seller,
            campaign=campaign,
            order=order,
            state=state,
            scheduled_for=at,
            finished_at=finished,
            created_at=at - timedelta(days=2),
            **fields,
        )

    dispatch("111-4000001-0000001", State.SCHEDULED, -20)
    dispatch("111-4000002-0000002", State.SENT, 2, attempts=1, amazon_response_id="amzn-req-81723", language="en")
    dispatch(
        "302-4000003-0000003",
        State.BLOCKED_OPTOUT,
        3,
        connection=eu,
        reason="The buyer opted out of unsolicited messages.",
    )
    dispatch("111-4000004-0000004", State.INELIGIBLE, 5, reason="Amazon offers no review request for this order.")
    first_try = dispatch(
        "302-4000005-0000005",
        State.SENT,
        30,
        connection=eu,
        campaign=slot,
        attempts=1,
        amazon_response_id="amzn-msg-55102",
        language="de",
    )
    dispatch(
        None,
        State.FAILED,
        6,
        connection=eu,
        order=first_try.order,
        attempts=5,
        last_error="Amazon answered 400 InvalidInput: the order is not eligible for this message type.",
    )

    page = new_page()
    log_in(page, app.url, owner.user.email)
    page.click("nav >> text=Messages")
    settled(page)
    rows = page.locator("[data-testid=log-row]")
    # It opens on what was sent, newest first; each view says how many it holds.
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.state)") == ["sent", "sent"]
    assert page.inner_text("[data-testid=log-count-sent]") == "2"
    assert page.inner_text("[data-testid=log-count-not-sent]") == "3"
    assert page.inner_text("[data-testid=log-count-scheduled]") == "1"
    page.screenshot(path=os.path.join(artifacts_dir, "40-message-log.png"), full_page=True)

    page.click("[data-testid=log-tab-scheduled]")
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.state)") == ["scheduled"]
    page.click("[data-testid=log-tab-not-sent]")
    assert rows.count() == 3
    assert "Blocked: buyer opted out" in page.inner_text("[data-testid=log-table]")

    page.select_option("#id_state", "failed")
    page.click("button:has-text('Filter')")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-state") == "failed"
    assert "Amazon answered 400 InvalidInput" in rows.first.inner_text()
    page.screenshot(path=os.path.join(artifacts_dir, "41-message-log-failed.png"), full_page=True)

    page.click("[data-testid=log-order] >> text=302-4000005-0000005")
    assert page.inner_text("h1") == "Order 302-4000005-0000005"
    items = page.locator("[data-testid=timeline-item]")
    assert items.count() == 2
    assert [items.nth(i).get_attribute("data-state") for i in range(2)] == ["sent", "failed"]
    assert "amzn-msg-55102" in items.nth(0).inner_text()
    assert "Amazon answered 400 InvalidInput" in items.nth(1).inner_text()
    page.screenshot(path=os.path.join(artifacts_dir, "42-order-timeline.png"), full_page=True)

    page.click("[data-testid=why-not-link]")
    assert "302-4000005-0000005" in page.inner_text("main")
