"""The loop closed: Amazon (the sandbox) blocks a message to an opted-out buyer and mails the notice."""

from datetime import UTC, datetime

import httpx
import pytest

from optouts import inbound_mail
from optouts.models import InboundMessage, OptOut
from optouts.parser import parse
from optouts.smtp_receiver import InboundController
from sandbox.marketplaces import MARKETPLACES
from sandbox.notices import build_notice
from sellers import sync
from sellers.models import AmazonConnection, Order

from ..conftest import wait_until
from ..factories import AmazonConnectionFactory, SellerFactory

NOW = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)


def sandbox_notice(code):
    return build_notice(
        order_id="028-1234567-7654321",
        marketplace=MARKETPLACES[code],
        buyer_name="Giulia",
        recipient="token@inbound.localhost",
        now=NOW,
    )


@pytest.mark.parametrize("code", ["US", "IT", "DE", "MX", "JP"])
def test_the_sandbox_mails_notices_from_amazons_address_with_amazons_headers(code):
    message = sandbox_notice(code)

    assert message["From"] == f'"{MARKETPLACES[code].name}" <auto-communication@amazon.com>'
    assert message["X-Marketplace-ID"] == MARKETPLACES[code].id
    assert message["X-Space-Notification-Type"] == "BUYER_OPTED_OUT_BSM_MESSAGES"


def test_an_amazon_it_notice_is_in_italian():
    message = sandbox_notice("IT")

    assert message["Subject"] == "Il tuo messaggio all'acquirente non è stato consegnato."
    assert (
        "non siamo stati in grado di recapitare il messaggio che hai inviato a Giulia il 2026-11-19 per l'ordine "
        "[028-1234567-7654321] perché l'acquirente ha scelto di non ricevere messaggi non richiesti dai venditori."
    ) in message.get_content()


def test_a_marketplace_whose_wording_we_do_not_know_gets_the_english_text_and_its_own_headers():
    message = sandbox_notice("DE")

    assert "because the buyer has chosen to opt out" in message.get_content()
    assert parse(message.as_bytes()).language == "de"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("partner_index", "language"), [(0, "en"), (1, "de")], ids=["amazon.com", "amazon.de"])
def test_a_blocked_message_comes_back_as_a_notice_and_the_buyer_is_suppressed(
    settings, fresh_sandbox, use_sandbox, unused_tcp_port, celery_worker, partner_index, language
):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    smtp = InboundController(hostname="127.0.0.1", port=unused_tcp_port)
    smtp.start()
    try:
        sandbox = use_sandbox(fresh_sandbox(sellers=2, orders=60, seed=3, notice_smtp=f"127.0.0.1:{unused_tcp_port}"))
        partner = sandbox.sellers()[partner_index]
        seller = SellerFactory(name="Loop Co")
        connection = AmazonConnectionFactory(
            seller=seller,
            selling_partner_id=partner["selling_partner_id"],
            region=partner["region"],
            marketplace_ids=partner["marketplace_ids"],
            refresh_token=partner["refresh_token"],
            backfill_status=AmazonConnection.Backfill.PENDING,
        )
        for _ in range(10):
            if sync.connection_sync(connection, sleep=lambda s: None).retry_in is None:
                break
        order = (
            Order.objects.filter(seller=seller, fulfillment_channel="MERCHANT", status="SHIPPED")
            .exclude(buyer_key="")
            .first()
        )
        sandbox.post(f"/_sandbox/orders/{order.amazon_order_id}", {"buyer_opted_out": True})
        sandbox.post(
            f"/_sandbox/sellers/{partner['selling_partner_id']}/notification-recipient",
            {"email": inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))},
        )
        token = httpx.post(
            f"{sandbox.url}/auth/o2/token",
            data={
                "grant_type": "refresh_token",
                "client_id": "a",
                "client_secret": "b",
                "refresh_token": partner["refresh_token"],
            },
        ).json()["access_token"]

        httpx.post(
            f"{sandbox.url}/messaging/v1/orders/{order.amazon_order_id}/messages/confirmOrderDetails",
            params={"marketplaceIds": order.marketplace_id},
            json={"text": "Your order details"},
            headers={"x-amz-access-token": token},
        )

        assert wait_until(lambda: OptOut.objects.filter(buyer_key=order.buyer_key).exists(), timeout=15)
    finally:
        smtp.stop()
    entry = OptOut.objects.get(buyer_key=order.buyer_key)
    assert (entry.source, entry.first_seller_id, entry.first_order_id) == (
        "amazon_notice",
        seller.pk,
        order.amazon_order_id,
    )
    notice = InboundMessage.objects.get(seller=seller)
    assert (notice.language, notice.mail_from) == (language, "auto-communication@amazon.com")


def test_the_sandboxs_notice_names_the_buyer_by_a_relay_link_as_amazons_does():
    alias = "8d3kq2mz7lpx4vb@marketplace.amazon.it"
    message = build_notice(
        order_id="028-1234567-7654321",
        marketplace=MARKETPLACES["IT"],
        buyer_name="Giulia",
        recipient="token@inbound.localhost",
        now=NOW,
        buyer_alias=alias,
    )

    assert f'href="mailto:{alias}?subject=' in message.get_body(("html",)).get_content()
    assert parse(message.as_bytes()).relay_addresses == [alias]
