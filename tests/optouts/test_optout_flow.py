"""From a notice to suppression: parse, map order ids to buyers, wait for unsynced orders, suppress everywhere."""

import smtplib

import pytest

from optouts import inbound_mail, lists, suppression
from optouts.models import BlockedBuyer, InboundMessage, NoticeOrder, OptOut, OrderOptOut
from optouts.smtp_receiver import InboundController
from sellers.buyers import buyer_key

from ..conftest import wait_until
from ..factories import AmazonConnectionFactory, OrderFactory, SellerFactory
from .gate import send_gate
from .notice_samples import gmail_auto_forward, gmail_forward, notice, wire

ALIAS = "k3v9x2m1p8q7r6s@marketplace.amazon.de"


@pytest.fixture
def seller(db, settings):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    return SellerFactory(name="Trail Co")


def address_of(seller):
    return inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))


def deliver(seller, raw):
    message, _ = inbound_mail.inbound_store(recipient=address_of(seller), raw=raw, source="smtp")
    return inbound_mail.inbound_process(message)


def order_for(seller, order_id, alias=ALIAS, channel="MERCHANT"):
    connection = AmazonConnectionFactory(seller=seller)
    return OrderFactory(
        seller=seller,
        connection=connection,
        amazon_order_id=order_id,
        fulfillment_channel=channel,
        buyer_key=buyer_key(alias) if alias else "",
        buyer_key_kind="anonymized_email" if alias else "",
    )


def test_a_notice_puts_the_buyer_in_the_global_table(seller):
    order = order_for(seller, "305-1111111-2222222")

    message = deliver(seller, notice("en", order.amazon_order_id).as_bytes())

    assert message.status == InboundMessage.Status.PARSED and message.language == "en"
    entry = OptOut.objects.get(buyer_key=order.buyer_key)
    assert (entry.source, entry.first_seller, entry.first_order_id, entry.evidence) == (
        "amazon_notice",
        seller,
        order.amazon_order_id,
        message,
    )
    assert NoticeOrder.objects.get(message=message).state == "buyer"


def test_another_seller_with_the_same_buyer_is_suppressed_too(seller):
    order = order_for(seller, "305-1111111-2222222")
    agency = SellerFactory(name="Agency for Trail Co")
    same_buyer_elsewhere = order_for(agency, "305-3333333-4444444")

    deliver(seller, notice("en", order.amazon_order_id).as_bytes())

    assert send_gate(same_buyer_elsewhere) == "buyer_opted_out"


def test_critical_messages_still_reach_an_opted_out_buyer(seller):
    order = order_for(seller, "305-1111111-2222222")
    deliver(seller, notice("en", order.amazon_order_id).as_bytes())

    assert send_gate(order, critical=True) == ""


def test_an_order_without_a_buyer_identifier_is_opted_out_itself(seller):
    order = order_for(seller, "305-5555555-6666666", alias=None, channel="AMAZON")

    message = deliver(seller, notice("fr", order.amazon_order_id).as_bytes())

    assert OrderOptOut.objects.filter(seller=seller, amazon_order_id=order.amazon_order_id).exists()
    assert not OptOut.objects.exists()
    assert NoticeOrder.objects.get(message=message).state == "order"
    assert send_gate(order) == "seller_optout"


def test_a_notice_for_an_order_not_synced_yet_waits_and_resolves_after_the_sync(seller):
    message = deliver(seller, gmail_forward(notice("ja", "503-7777777-8888888")).as_bytes())
    assert NoticeOrder.objects.get(message=message).state == "pending"

    order = order_for(seller, "503-7777777-8888888")
    resolved = inbound_mail.notices_resolve(seller=seller)

    # Forwarded inline, the notice lost Amazon's signature: the seller's own list holds the buyer.
    assert resolved == 1
    assert OrderOptOut.objects.get(seller=seller, buyer_key=order.buyer_key).source == "forwarded_notice"


def test_mail_that_is_not_a_notice_is_kept_and_marked(seller):
    message = deliver(seller, b"From: friend@example.com\r\nSubject: hello\r\n\r\nhow are you?")

    assert message.status == InboundMessage.Status.NOT_A_NOTICE
    assert "no opt-out wording" in message.status_reason
    assert not NoticeOrder.objects.exists()


def test_the_same_buyer_is_entered_once_and_keeps_its_first_learning(seller):
    first = order_for(seller, "305-1111111-2222222")
    second = order_for(seller, "305-9999999-0000000")
    deliver(seller, notice("en", first.amazon_order_id).as_bytes())

    deliver(seller, notice("en", second.amazon_order_id).as_bytes())

    assert OptOut.objects.count() == 1
    assert OptOut.objects.get().first_order_id == first.amazon_order_id


def test_the_sellers_blocklist_suppresses_its_own_buyers_only(seller):
    order = order_for(seller, "305-1111111-2222222")
    other = order_for(SellerFactory(), "305-1212121-3434343")
    lists.blocked_buyer_add(seller=seller, amazon_order_id=order.amazon_order_id, reason="abusive")

    assert send_gate(order) == "seller_blocklist"
    assert send_gate(other) == ""


def test_suppression_is_checked_for_a_whole_batch_in_three_queries(seller, django_assert_num_queries):
    orders = [order_for(seller, f"305-{n:07d}-2222222", alias=f"buyer{n}@marketplace.amazon.de") for n in range(50)]
    deliver(seller, notice("en", orders[3].amazon_order_id).as_bytes())

    with django_assert_num_queries(3):
        reasons = suppression.suppression_reasons_by_seller(orders)

    assert reasons == {orders[3].pk: "buyer_opted_out"}


def forwarded_by_the_seller(order_id):
    return "owner@trail.example", gmail_forward(notice("fr", order_id))


def sent_by_amazon_to_our_address(order_id):
    """Amazon.de mails the inbound address directly: a notice recognised by Amazon's headers, not its wording."""
    return "auto-communication@amazon.com", notice("de", order_id)


def auto_forwarded_by_the_seller(order_id):
    """Gmail's automatic forwarding passes Amazon's original on, signature and all."""
    return "owner@trail.example", gmail_auto_forward(notice("fr", order_id))


def smtp_delivery(port, seller, mail, order):
    envelope_sender, message = mail(order.amazon_order_id)
    controller = InboundController(hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail(envelope_sender, [address_of(seller)], wire(message))
    finally:
        controller.stop()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("mail", "language"),
    [(auto_forwarded_by_the_seller, "fr"), (sent_by_amazon_to_our_address, "de")],
    ids=["french-gmail-auto-forward", "german-from-amazon"],
)
def test_a_notice_over_real_smtp_ends_with_the_buyer_suppressed_for_another_seller(
    settings, unused_tcp_port, celery_worker, mail, language
):
    """The issue's end-to-end case: SMTP -> stored -> parsed by a worker -> Amazon's signature ->
    global table -> suppression."""
    settings.INBOUND_DOMAIN = "inbound.localhost"
    seller, agency = SellerFactory(name="Trail Co"), SellerFactory(name="Agency")
    order = order_for(seller, "305-1111111-2222222")
    elsewhere = order_for(agency, "305-3333333-4444444")

    smtp_delivery(unused_tcp_port, seller, mail, order)

    assert wait_until(lambda: OptOut.objects.filter(buyer_key=order.buyer_key).exists())
    assert InboundMessage.objects.get(seller=seller).language == language
    assert send_gate(elsewhere) == "buyer_opted_out"


@pytest.mark.django_db(transaction=True)
def test_a_notice_forwarded_inline_suppresses_the_forwarding_sellers_buyer_only(
    settings, unused_tcp_port, celery_worker
):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    seller, agency = SellerFactory(name="Trail Co"), SellerFactory(name="Agency")
    order = order_for(seller, "305-1111111-2222222")
    elsewhere = order_for(agency, "305-3333333-4444444")

    smtp_delivery(unused_tcp_port, seller, forwarded_by_the_seller, order)

    assert wait_until(lambda: OrderOptOut.objects.filter(seller=seller, buyer_key=order.buyer_key).exists())
    assert send_gate(order) == "seller_optout"
    assert send_gate(elsewhere) == ""
    assert not OptOut.objects.exists()


def test_a_message_whose_parse_task_was_lost_is_parsed_by_the_periodic_task(seller):
    from datetime import timedelta

    from django.utils import timezone

    order = order_for(seller, "305-1111111-2222222")
    message, _ = inbound_mail.inbound_store(
        recipient=address_of(seller), raw=notice("en", order.amazon_order_id).as_bytes(), source="smtp"
    )
    InboundMessage.objects.filter(pk=message.pk).update(received_at=timezone.now() - timedelta(minutes=5))

    assert inbound_mail.inbound_process_waiting() == 1
    assert OptOut.objects.filter(buyer_key=order.buyer_key).exists()


def test_an_order_opt_out_becomes_a_buyer_opt_out_when_the_buyer_key_arrives(seller):
    order = order_for(seller, "305-5555555-6666666", alias=None)
    deliver(seller, notice("en", order.amazon_order_id).as_bytes())
    lists.blocked_buyer_add(seller=seller, amazon_order_id=order.amazon_order_id)

    order.buyer_key = buyer_key(ALIAS)
    order.save()
    promoted = lists.buyer_keys_arrived(seller=seller)

    assert promoted == 1 and OptOut.objects.filter(buyer_key=order.buyer_key).exists()
    assert BlockedBuyer.objects.get(seller=seller).buyer_key == order.buyer_key


def test_a_message_that_fails_to_process_is_set_aside_and_the_sweep_goes_on(seller, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    first, _ = inbound_mail.inbound_store(recipient=address_of(seller), raw=b"Subject: one\r\n\r\nx", source="smtp")
    second, _ = inbound_mail.inbound_store(recipient=address_of(seller), raw=b"Subject: two\r\n\r\ny", source="smtp")
    InboundMessage.objects.update(received_at=timezone.now() - timedelta(minutes=5))
    real = inbound_mail.inbound_process

    def fail_on_first(message):
        if message.pk == first.pk:
            raise RuntimeError("boom")
        return real(message)

    monkeypatch.setattr(inbound_mail, "inbound_process", fail_on_first)
    assert inbound_mail.inbound_process_waiting() == 2

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "malformed" and "boom" in first.status_reason
    assert second.status == "not_a_notice"


def test_nul_bytes_in_headers_do_not_lose_the_message(seller):
    message, created = inbound_mail.inbound_store(
        recipient=address_of(seller),
        source="smtp",
        raw=b"Subject: bad\x00subject\r\nMessage-ID: <a\x00b@x>\r\n\r\nbody",
    )

    assert created and bytes(message.raw).startswith(b"Subject: bad\x00")
    assert "\x00" not in message.subject
