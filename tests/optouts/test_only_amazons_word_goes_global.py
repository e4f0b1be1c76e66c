"""Only Amazon's word goes to the shared opt-out table: a notice whose DKIM signature by an Amazon
domain verifies. What a seller types, imports, confirms or forwards without that signature stays on
its own list, suppressing only its own sends; every entry shows its true source."""

import importlib

import dkim
import pytest
from django.urls import reverse

from optouts import inbound_mail, lists, signatures
from optouts.models import InboundMessage, OptOut, OptOutRemoval, OrderOptOut
from sandbox import dkim_key
from sellers.buyers import buyer_key

from ..factories import AmazonConnectionFactory, InboundMessageFactory, OrderFactory, SellerFactory
from .gate import send_gate
from .notice_samples import (
    attached_forward,
    gmail_auto_forward,
    gmail_forward,
    notice,
    outlook_redirect,
    sent_by,
    wire,
)

pytestmark = pytest.mark.django_db
ORDER = "305-1111111-2222222"
ALIAS = "q8w3e5r7t9y1u2i@marketplace.amazon.com"


@pytest.fixture
def seller(settings):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    return SellerFactory(name="Trail Co")


def order_for(seller, order_id=ORDER, alias=ALIAS):
    return OrderFactory(
        seller=seller,
        connection=AmazonConnectionFactory(seller=seller),
        amazon_order_id=order_id,
        buyer_key=buyer_key(alias),
        buyer_key_kind="anonymized_email",
    )


def deliver(seller, message) -> InboundMessage:
    raw = wire(message) if not isinstance(message, bytes) else message
    stored, _ = inbound_mail.inbound_store(
        recipient=inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller)), raw=raw, source="smtp"
    )
    return inbound_mail.inbound_process(stored)


def signed_by(domain: bytes, message, *, length=False) -> bytes:
    """The message signed with the sandbox's key under another domain's name (a forger's attempt)."""
    raw = wire(message)
    return (
        dkim.sign(
            raw, b"sandbox", domain, dkim_key.PRIVATE_KEY_PEM, canonicalize=(b"relaxed", b"relaxed"), length=length
        )
        + raw
    )


@pytest.mark.parametrize(
    "passed_on",
    [lambda n: n, gmail_auto_forward, outlook_redirect, attached_forward],
    ids=["sent-directly", "gmail-auto-forward", "outlook-redirect", "forwarded-as-attachment"],
)
def test_a_notice_amazon_signed_puts_the_buyer_in_the_shared_table(seller, passed_on):
    order = order_for(seller)

    message = deliver(seller, passed_on(notice("en", ORDER)))

    assert message.amazon_signed
    assert OptOut.objects.get(buyer_key=order.buyer_key).source == "amazon_notice"
    assert send_gate(OrderFactory(seller=SellerFactory(), buyer_key=order.buyer_key)) == "buyer_opted_out"


def test_a_notice_forwarded_inline_suppresses_only_the_forwarding_sellers_orders_of_that_buyer(seller):
    order = order_for(seller)
    later = OrderFactory(seller=seller, buyer_key=order.buyer_key)
    elsewhere = OrderFactory(seller=SellerFactory(), buyer_key=order.buyer_key)

    message = deliver(seller, gmail_forward(notice("en", ORDER)))

    assert message.status == "parsed" and not message.amazon_signed
    assert not OptOut.objects.exists()
    assert OrderOptOut.objects.get(seller=seller).source == "forwarded_notice"
    assert (send_gate(order), send_gate(later), send_gate(elsewhere)) == ("seller_optout", "seller_optout", "")


@pytest.mark.parametrize(
    ("forgery", "why"),
    [
        (lambda: signed_by(b"amazonses.com", notice("en", ORDER, signed=False)), "amazonses.com signs anyone's mail"),
        (lambda: signed_by(b"shop-example.com", notice("en", ORDER, signed=False)), "not an Amazon domain"),
        (lambda: wire(notice("en", ORDER)).replace(b"Dear Seller", b"Dear Buyer"), "tampered after signing"),
        (
            lambda: wire(sent_by(notice("en", ORDER), '"Amazon" <auto-communication@amazon.com.evil.example>')),
            "sender changed after signing",
        ),
        (lambda: signed_by(b"amazon.com", notice("en", ORDER, signed=False), length=True), "l= leaves room to append"),
    ],
    ids=["amazonses", "foreign-domain", "tampered-body", "changed-sender", "body-length-tag"],
)
def test_a_notice_without_amazons_valid_signature_never_reaches_the_shared_table(seller, forgery, why):
    order_for(seller)

    message = deliver(seller, forgery())

    assert not message.amazon_signed, why
    assert not OptOut.objects.exists()


def test_a_buyer_message_amazon_relayed_and_signed_is_not_amazons_notice(seller):
    order_for(seller)
    relayed = notice("en", ORDER, signed=False)
    relayed.replace_header("From", f'"Buyer" <{ALIAS}>')

    assert not signatures.amazon_signed_notice(signed_by(b"amazon.com", relayed))


def test_an_opt_out_typed_by_hand_stays_on_the_sellers_own_list(seller, tenant_b):
    order = order_for(seller)
    elsewhere = OrderFactory(seller=tenant_b.seller, buyer_key=order.buyer_key)

    lists.optout_add_manual(seller=seller, amazon_order_id=ORDER)

    assert not OptOut.objects.exists()
    assert OrderOptOut.objects.get(seller=seller).buyer_key == order.buyer_key
    assert (send_gate(order), send_gate(elsewhere)) == ("seller_optout", "")


def test_the_shared_table_refuses_a_sellers_word_outright():
    with pytest.raises(ValueError, match="seller's word"):
        lists.optout_record(buyer_key=buyer_key(ALIAS), source="manual")


def test_the_seller_removes_what_it_added_and_its_buyer_is_messaged_again(client, tenant_a):
    order = order_for(tenant_a.seller)
    entry, _ = lists.optout_add_manual(seller=tenant_a.seller, amazon_order_id=ORDER, user=tenant_a.manager)
    client.force_login(tenant_a.manager)

    page = client.get(reverse("optouts")).content.decode()
    client.post(reverse("own_optout_remove", args=[entry.pk]))

    assert "Added by hand" in page and tenant_a.manager.email in page
    assert send_gate(order) == ""


def test_a_seller_cannot_remove_another_sellers_entry(client, tenant_a, tenant_b):
    entry, _ = lists.optout_add_manual(seller=tenant_b.seller, amazon_order_id=ORDER)
    client.force_login(tenant_a.owner)

    response = client.post(reverse("own_optout_remove", args=[entry.pk]))

    assert response.status_code == 404 and OrderOptOut.objects.filter(pk=entry.pk).exists()


def test_another_sellers_signed_notice_shows_as_amazons_word_received_elsewhere(client, tenant_a, tenant_b):
    mine = order_for(tenant_a.seller)
    deliver(tenant_b.seller, notice("en", "305-9999999-0000000"))
    order_for(tenant_b.seller, "305-9999999-0000000")
    inbound_mail.notices_resolve(seller=tenant_b.seller)
    OptOut.objects.filter(first_seller=tenant_b.seller).update(buyer_key=mine.buyer_key)
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("optouts")).content.decode()

    assert "Amazon opt-out notice, signed by Amazon, received by another seller on FeedbackHub" in page
    assert "Learned on FeedbackHub from another seller" not in page


def historical_apps(app, migration):
    """The models as a migration sees them (their signals are not the live models')."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    return MigrationExecutor(connection).loader.project_state([(app, migration)]).apps


def test_upgrading_moves_every_entry_to_its_sellers_list_under_its_true_source(seller):
    migration = importlib.import_module("optouts.migrations.0011_only_amazons_word_stays_global")
    evidence = InboundMessageFactory(seller=seller)
    OptOut.objects.create(buyer_key="a" * 64, source="manual", first_seller=seller, first_order_id=ORDER)
    OptOut.objects.create(
        buyer_key="b" * 64,
        source="amazon_notice",
        first_seller=seller,
        first_order_id="305-2222222-3333333",
        evidence=evidence,
    )

    migration.to_seller_lists(historical_apps("optouts", "0010_seller_lists_and_signed_notices"), None)

    assert not OptOut.objects.exists()
    assert dict(OrderOptOut.objects.values_list("buyer_key", "source")) == {
        "a" * 64: "manual",
        "b" * 64: "unverified_notice",
    }
    assert OptOutRemoval.objects.count() == 2


def test_after_upgrading_a_stored_notice_amazon_signed_puts_its_buyer_back(seller):
    order = order_for(seller)
    stored, _ = inbound_mail.inbound_store(
        recipient=inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller)),
        raw=wire(notice("en", ORDER)),
        source="smtp",
    )
    forwarded, _ = inbound_mail.inbound_store(
        recipient=inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller)),
        raw=wire(gmail_forward(notice("en", "305-2222222-3333333"))),
        source="smtp",
    )
    OrderOptOut.objects.create(
        seller=seller, amazon_order_id=ORDER, buyer_key=order.buyer_key, source="unverified_notice", evidence=stored
    )
    OrderOptOut.objects.create(
        seller=seller,
        amazon_order_id="305-2222222-3333333",
        buyer_key="c" * 64,
        source="unverified_notice",
        evidence=forwarded,
    )

    checked, promoted = lists.optouts_verify_evidence()

    assert (checked, promoted) == (2, 1)
    assert OptOut.objects.get(buyer_key=order.buyer_key).source == "amazon_notice"
    assert OrderOptOut.objects.get(seller=seller).source == "forwarded_notice"


# -- a real Amazon signature on something else proves nothing about the rest ----------------------
VICTIMS = ["305-9999999-0000001", "305-9999999-0000002", "305-9999999-0000003"]
OTHER_ALIAS = "zzzzzzzzzzzzzzz@marketplace.amazon.com"


def victims(seller):
    connection = AmazonConnectionFactory(seller=seller)
    return [
        OrderFactory(
            seller=seller,
            connection=connection,
            amazon_order_id=order_id,
            buyer_key=buyer_key(f"victim{n}@marketplace.amazon.com"),
            buyer_key_kind="anonymized_email",
        )
        for n, order_id in enumerate(VICTIMS)
    ]


def shared_orders() -> set[str]:
    return set(OptOut.objects.values_list("first_order_id", flat=True))


def test_order_ids_around_a_signed_attached_notice_stay_on_the_forwarders_list(seller):
    order_for(seller)
    victims(seller)
    forward = attached_forward(notice("en", ORDER))
    forward.replace_header("Subject", "Fwd: also " + " ".join(VICTIMS))

    deliver(seller, forward)

    assert shared_orders() == {ORDER}
    assert set(OrderOptOut.objects.values_list("amazon_order_id", flat=True)) >= set(VICTIMS)


def test_a_forged_notice_attached_next_to_a_signed_one_names_no_buyer_in_the_shared_table(seller):
    order_for(seller)
    forward = attached_forward(notice("en", ORDER))
    forward.add_attachment(notice("en", VICTIMS[0], signed=False, relay=OTHER_ALIAS))

    deliver(seller, forward)

    assert not OptOut.objects.filter(buyer_key=buyer_key(OTHER_ALIAS)).exists()


def test_a_subject_added_above_a_signed_notice_voids_it(seller):
    order_for(seller)
    victims(seller)
    raw = b"Subject: " + " ".join(VICTIMS).encode() + b"\r\n" + wire(notice("en", ORDER))

    message = deliver(seller, raw)

    assert not message.amazon_signed and not OptOut.objects.exists()


def test_a_from_added_above_a_signed_buyer_message_voids_it(seller):
    victims(seller)
    relayed = notice("en", VICTIMS[0], signed=False, amazon_headers=False)
    relayed.replace_header("From", f'"Buyer" <{ALIAS}>')
    relayed.replace_header("Reply-To", f'"Buyer" <{ALIAS}>')
    raw = b'From: "Amazon.com" <auto-communication@amazon.com>\r\n' + signed_by(b"amazon.com", relayed)

    deliver(seller, raw)

    assert not OptOut.objects.exists()


@pytest.mark.parametrize("type_signed", [True, False], ids=["type-signed", "type-unsigned"])
def test_amazons_signed_copy_of_a_sellers_own_message_is_not_an_opt_out_notice(seller, type_signed):
    """Amazon mails the seller a signed copy of what it wrote to a buyer; the seller wrote the notice's
    sentence into it. The copy names another notification type."""
    victims(seller)
    copy = notice("en", VICTIMS[0], signed=False)
    copy.replace_header("X-Space-Notification-Type", "BBC_MESSAGE_CONFIRMATION_TO_MERCHANT")
    raw = wire(copy)
    headers = [b"from", b"to", b"subject", b"message-id", b"mime-version", b"content-type"]
    raw = (
        dkim.sign(
            raw,
            b"sandbox",
            b"amazon.com",
            dkim_key.PRIVATE_KEY_PEM,
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=headers + ([b"x-space-notification-type"] if type_signed else []),
        )
        + raw
    )

    deliver(seller, raw)

    assert not OptOut.objects.exists()


def test_the_signature_check_costs_no_more_than_the_parse_on_a_hostile_structure(seller):
    """A notice up front, then hundreds of nested multiparts: the check reads within the parser's budget."""
    import time

    nested = b"".join(
        b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (n, n + 1) for n in range(900)
    )
    raw = (
        wire(notice("en", ORDER, signed=False)).replace(
            b"Content-Type: text/plain", b'Content-Type: multipart/mixed; boundary="b0"', 1
        )
        + b"\r\n"
        + nested
        + b"x\r\n" * 200_000
    )

    started = time.process_time()
    signatures.amazon_signed_notice(raw)

    assert time.process_time() - started < 5
