"""A seller finds their inbound address, a forwarded notice arrives over SMTP, and the page shows it all."""

import os
import smtplib

import pytest

from optouts.smtp_receiver import InboundController
from sellers.buyers import buyer_key

from ..conftest import wait_until
from ..factories import AmazonConnectionFactory, MembershipFactory, OrderFactory
from ..optouts.notice_samples import gmail_auto_forward, gmail_forward, notice, wire
from .browser import log_in

pytestmark = pytest.mark.browser


def seller_with_an_order(name, email, amazon_order_id):
    owner = MembershipFactory(seller__name=name, user__email=email)
    connection = AmazonConnectionFactory(seller=owner.seller, store_name=f"{name} EU")
    order = OrderFactory(
        seller=owner.seller,
        connection=connection,
        amazon_order_id=amazon_order_id,
        buyer_key=buyer_key(f"{amazon_order_id}@marketplace.amazon.de"),
        buyer_key_kind="anonymized_email",
    )
    return owner, order


def optouts_page(app, new_page, owner):
    """The owner, logged in, on the Opt-outs page: the page and the inbound address it shows."""
    page = new_page()
    log_in(page, app.url, owner.user.email)
    page.click("nav >> text=Opt-outs")
    return page, page.inner_text("[data-testid=inbound-address]")


def mail_over_smtp(port, sender, address, message):
    smtp = InboundController(hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail(sender, [address], wire(message))
    finally:
        smtp.stop()


def test_a_forwarded_notice_shows_up_in_the_inbound_log_and_the_optout_list(
    app, new_page, artifacts_dir, settings, unused_tcp_port, celery_worker
):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    owner, order = seller_with_an_order("Summit Supplies", "owner@summit.example.com", "302-1234567-7654321")
    page, address = optouts_page(app, new_page, owner)
    assert address.endswith("@inbound.localhost")
    assert "Nothing has arrived yet" in page.inner_text("main")

    mail_over_smtp(unused_tcp_port, owner.user.email, address, gmail_auto_forward(notice("en", order.amazon_order_id)))

    def optout_listed():
        page.reload()
        return page.locator("[data-testid=optout]").count() == 1

    assert wait_until(optout_listed, timeout=15, interval=0.5)
    assert "Forwarding works" in page.inner_text("main")
    row = page.inner_text("[data-testid=inbound-message]")
    assert "Opt-out notice" in row and "en" in row
    assert order.amazon_order_id in page.inner_text("[data-testid=optout]")
    assert "signed by Amazon" in page.inner_text("[data-testid=optout]")
    page.screenshot(path=os.path.join(artifacts_dir, "20-optouts.png"), full_page=True)

    page.click("[data-testid=inbound-message] a")
    assert "Buyer added to the shared opt-out table" in page.inner_text("[data-testid=notice-order]")
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
    owner, order = seller_with_an_order("Alpen Handel", "owner@alpen.example.com", "302-2345678-8765432")
    page, address = optouts_page(app, new_page, owner)

    mail_over_smtp(unused_tcp_port, owner.user.email, address, gmail_forward(notice("de", order.amazon_order_id)))

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
    assert "Buyer added to your own opt-out list" in page.inner_text("[data-testid=notice-order]")
    assert "owner@alpen.example.com" in page.inner_text("[data-testid=confirmed-by]")
    page.goto(f"{app.url}/opt-outs/")
    assert order.amazon_order_id in page.inner_text("[data-testid=own-optout]")
    assert "Amazon mail you confirmed" in page.inner_text("[data-testid=own-optout]")
