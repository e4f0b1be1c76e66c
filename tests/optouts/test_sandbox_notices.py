"""The loop closed: Amazon (the sandbox) blocks a message to an opted-out buyer and mails the notice."""

import httpx
import pytest

from optouts import services
from optouts.inbound import InboundController
from optouts.models import OptOut
from sellers import sync
from sellers.models import AmazonConnection, Order

from ..conftest import wait_until
from ..factories import AmazonConnectionFactory, SellerFactory


@pytest.mark.django_db(transaction=True)
def test_a_blocked_message_comes_back_as_a_notice_and_the_buyer_is_suppressed(
    settings, fresh_sandbox, use_sandbox, unused_tcp_port, celery_worker
):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    smtp = InboundController(hostname="127.0.0.1", port=unused_tcp_port)
    smtp.start()
    try:
        sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=60, seed=3, notice_smtp=f"127.0.0.1:{unused_tcp_port}"))
        partner = sandbox.sellers()[0]
        seller = SellerFactory(name="Loop Co")
        connection = AmazonConnectionFactory(
            seller=seller, selling_partner_id=partner["selling_partner_id"], region=partner["region"],
            marketplace_ids=partner["marketplace_ids"], refresh_token=partner["refresh_token"],
            backfill_status=AmazonConnection.Backfill.PENDING)
        for _ in range(10):
            if sync.connection_sync(connection, sleep=lambda s: None).retry_in is None:
                break
        order = Order.objects.filter(seller=seller, fulfillment_channel="MERCHANT", status="SHIPPED").exclude(buyer_key="").first()
        sandbox.post(f"/_sandbox/orders/{order.amazon_order_id}", {"buyer_opted_out": True})
        sandbox.post(f"/_sandbox/sellers/{partner['selling_partner_id']}/notification-recipient",
                     {"email": services.inbound_address_text(services.inbound_address_for(seller))})
        token = httpx.post(f"{sandbox.url}/auth/o2/token", data={"grant_type": "refresh_token", "client_id": "a",
                           "client_secret": "b", "refresh_token": partner["refresh_token"]}).json()["access_token"]

        httpx.post(f"{sandbox.url}/messaging/v1/orders/{order.amazon_order_id}/messages/confirmOrderDetails",
                   params={"marketplaceIds": order.marketplace_id}, json={"text": "Your order details"},
                   headers={"x-amz-access-token": token})

        assert wait_until(lambda: OptOut.objects.filter(buyer_key=order.buyer_key).exists(), timeout=15)
    finally:
        smtp.stop()
    entry = OptOut.objects.get(buyer_key=order.buyer_key)
    assert (entry.source, entry.first_seller_id, entry.first_order_id) == ("amazon_notice", seller.pk, order.amazon_order_id)
