"""A seller finds their inbound address, a forwarded notice arrives over SMTP, and the page shows it all."""

import os
import smtplib

import pytest

from optouts.inbound import InboundController
from sellers.buyers import buyer_key

from ..conftest import wait_until
from ..factories import AmazonConnectionFactory, MembershipFactory, OrderFactory
from ..optouts.notice_samples import gmail_forward, notice, wire
from .browser import log_in

pytestmark = pytest.mark.browser


def test_a_forwarded_notice_shows_up_in_the_inbound_log_and_the_optout_list(
    app, new_page, artifacts_dir, settings, unused_tcp_port, celery_worker
):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    owner = MembershipFactory(seller__name="Summit Supplies", user__email="owner@summit.example.com")
    connection = AmazonConnectionFactory(seller=owner.seller, store_name="Summit EU")
    order = OrderFactory(seller=owner.seller, connection=connection, amazon_order_id="302-1234567-7654321",
                         buyer_key=buyer_key("q1w2e3r4t5y6u7i@marketplace.amazon.de"), buyer_key_kind="anonymized_email")
    page = new_page()
    log_in(page, app.url, owner.user.email)
    page.click("nav >> text=Opt-outs")
    address = page.inner_text("[data-testid=inbound-address]")
    assert address.endswith("@inbound.localhost")
    assert "Nothing has arrived yet" in page.inner_text("main")

    smtp = InboundController(hostname="127.0.0.1", port=unused_tcp_port)
    smtp.start()
    try:
        with smtplib.SMTP("127.0.0.1", unused_tcp_port, timeout=10) as client:
            client.sendmail("owner@summit.example.com", [address], wire(gmail_forward(notice("en", order.amazon_order_id))))
    finally:
        smtp.stop()

    def optout_listed():
        page.reload()
        return page.locator("[data-testid=optout]").count() == 1

    assert wait_until(optout_listed, timeout=15, interval=0.5)
    assert "Forwarding works" in page.inner_text("main")
    row = page.inner_text("[data-testid=inbound-message]")
    assert "Opt-out notice" in row and "en" in row
    assert order.amazon_order_id in page.inner_text("[data-testid=optout]")
    page.screenshot(path=os.path.join(artifacts_dir, "20-optouts.png"), full_page=True)

    page.click("[data-testid=inbound-message] a")
    assert "Buyer added to the opt-out table" in page.inner_text("[data-testid=notice-order]")
    page.screenshot(path=os.path.join(artifacts_dir, "21-notice.png"), full_page=True)

    page.goto(f"{app.url}/opt-outs/")
    page.fill("#block-order", "302-7777777-1111111")
    page.fill("#block-reason", "Asked us not to write again")
    page.click("button:has-text('Block buyer')")
    assert "302-7777777-1111111" in page.inner_text("[data-testid=blocked]")


def test_a_notice_forwarded_by_hand_in_an_unknown_wording_is_confirmed_by_the_seller(
    app, new_page, artifacts_dir, settings, unused_tcp_port, celery_worker
):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    owner = MembershipFactory(seller__name="Alpen Handel", user__email="owner@alpen.example.com")
    connection = AmazonConnectionFactory(seller=owner.seller, store_name="Alpen DE")
    order = OrderFactory(seller=owner.seller, connection=connection, amazon_order_id="302-2345678-8765432",
                         buyer_key=buyer_key("z9y8x7w6v5u4t3s@marketplace.amazon.de"), buyer_key_kind="anonymized_email")
    page = new_page()
    log_in(page, app.url, owner.user.email)
    page.click("nav >> text=Opt-outs")
    address = page.inner_text("[data-testid=inbound-address]")

    smtp = InboundController(hostname="127.0.0.1", port=unused_tcp_port)
    smtp.start()
    try:
        with smtplib.SMTP("127.0.0.1", unused_tcp_port, timeout=10) as client:
            client.sendmail("owner@alpen.example.com", [address], wire(gmail_forward(notice("de", order.amazon_order_id))))
    finally:
        smtp.stop()

    def waiting_for_a_look():
        page.reload()
        return page.locator("[data-testid=needs-check]").count() == 1

    assert wait_until(waiting_for_a_look, timeout=15, interval=0.5)
    assert page.locator("[data-testid=optout]").count() == 0
    page.click("[data-testid=needs-check]")
    assert order.amazon_order_id in page.inner_text("[data-testid=confirm-notice]")
    page.screenshot(path=os.path.join(artifacts_dir, "22-confirm-notice.png"), full_page=True)

    page.click("button:has-text('This is an opt-out notice')")
    assert "Recorded as an opt-out notice" in page.inner_text("main")
    assert "Buyer added to the opt-out table" in page.inner_text("[data-testid=notice-order]")
    assert "owner@alpen.example.com" in page.inner_text("[data-testid=confirmed-by]")
    page.goto(f"{app.url}/opt-outs/")
    assert order.amazon_order_id in page.inner_text("[data-testid=optout]")
