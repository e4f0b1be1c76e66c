"""Amazon mail about an order whose wording the parser does not know (a notice in a language whose
real text we have not seen, forwarded by hand) waits for the seller's word, and their confirmation
makes it a notice like any other."""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from optouts import inbound_mail
from optouts.models import InboundMessage, NoticeOrder, OptOut, OrderOptOut
from optouts.parser import parse
from sellers.buyers import buyer_key

from ..factories import AmazonConnectionFactory, OrderFactory
from .gate import send_gate
from .notice_samples import (
    attached_forward,
    gmail_forward,
    notice,
    outlook_forward,
    quoted_reply,
    sent_by,
)

ORDER = "302-1234567-7654321"
Status = InboundMessage.Status


def deliver(tenant, message):
    address = inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(tenant.seller))
    stored, _ = inbound_mail.inbound_store(recipient=address, raw=message.as_bytes(), source="smtp")
    return inbound_mail.inbound_process(stored)


def german_forward():
    return gmail_forward(notice("de", ORDER))


@pytest.mark.parametrize("forward", [gmail_forward, outlook_forward, quoted_reply], ids=lambda f: f.__name__)
def test_amazon_mail_about_an_order_in_unknown_wording_can_be_confirmed(forward):
    result = parse(forward(notice("de", ORDER)).as_bytes())

    assert not result.is_optout
    assert result.confirmable and result.order_ids == [ORDER]


AMAZON_SENDERS = [
    ("de", "Amazon.de <donotreply@amazon.de>"),
    ("de", "auto-communication@amazon.de"),
    ("es", "Amazon.es <donotreply@amazon.es>"),
    ("es", '"Amazon.es" <auto-communication@amazon.es>'),
]


@pytest.mark.parametrize(("language", "sender"), AMAZON_SENDERS, ids=[sender for _, sender in AMAZON_SENDERS])
@pytest.mark.parametrize("forward", [gmail_forward, outlook_forward, quoted_reply], ids=lambda f: f.__name__)
def test_a_notice_forwarded_by_hand_from_any_amazon_address_can_be_confirmed(language, sender, forward):
    result = parse(forward(sent_by(notice(language, ORDER), sender)).as_bytes())

    assert (result.is_optout, result.confirmable, result.order_ids) == (False, True, [ORDER])


@pytest.mark.parametrize(("language", "sender"), AMAZON_SENDERS, ids=[sender for _, sender in AMAZON_SENDERS])
def test_mail_from_any_amazon_address_about_an_order_can_be_confirmed(language, sender):
    result = parse(sent_by(notice(language, ORDER, amazon_headers=False), sender).as_bytes())

    assert (result.is_optout, result.confirmable, result.order_ids) == (False, True, [ORDER])


BUYER = "Giulia <k3v9x2m1p8q7r6s@marketplace.amazon.de>"


def test_a_forwarded_buyer_message_about_an_order_cannot():
    assert not parse(gmail_forward(sent_by(notice("de", ORDER), BUYER)).as_bytes()).confirmable


def test_a_buyer_message_about_an_order_cannot():
    assert not parse(sent_by(notice("de", ORDER, amazon_headers=False), BUYER).as_bytes()).confirmable


@pytest.mark.parametrize(
    "sender",
    [
        '"donotreply@amazon.de" <notices@phish.example>',
        "donotreply@amazon.de <notices@phish.example>",
        '"Amazon.de" [mailto:notices@phish.example]',
        "Amazon.de <donotreply@amazon-de.example>",
    ],
    ids=["quoted-display-name", "bare-display-name", "outlook-mailto", "lookalike-domain"],
)
def test_a_forward_whose_sender_only_looks_like_amazon_cannot(sender):
    forward = gmail_forward(notice("de", ORDER))
    forward.set_content(re.sub(r"^From: .*$", f"From: {sender}", forward.get_content(), count=1, flags=re.M))

    assert not parse(forward.as_bytes()).confirmable


@pytest.mark.parametrize(
    "sender",
    [
        '"donotreply@amazon.de" <notices@phish.example>',
        "=?utf-8?q?Amazon.de_<donotreply@amazon.de>?= <notices@phish.example>",
    ],
    ids=["quoted-display-name", "encoded-display-name"],
)
def test_mail_whose_display_name_only_looks_like_amazon_cannot(sender):
    message = notice("de", ORDER, amazon_headers=False)
    del message["Reply-To"]
    # Written into the bytes: the email package would tidy the header into one address.
    raw = re.sub(rb"^From: .*$", b"From: " + sender.encode(), message.as_bytes(), count=1, flags=re.M)

    assert not parse(raw).confirmable


@pytest.mark.parametrize("shape", [lambda m: m, attached_forward], ids=["direct", "attached"])
def test_amazon_mail_whose_headers_name_another_notification_cannot(shape):
    message = sent_by(notice("de", ORDER), "Amazon.de <donotreply@amazon.de>")
    message.replace_header("X-Space-Notification-Type", "RETURN_REQUEST")

    assert not parse(shape(message).as_bytes()).confirmable


def test_amazon_mail_without_an_order_cannot_be_confirmed():
    message = notice("de", ORDER)
    message.set_content("Stand-in body without any order number.\n")

    assert not parse(gmail_forward(message).as_bytes()).confirmable


def test_a_recognised_notice_needs_no_confirmation():
    result = parse(gmail_forward(notice("en", ORDER)).as_bytes())

    assert result.is_optout and not result.confirmable


def test_the_seller_confirms_it_and_the_buyer_joins_the_sellers_own_list(tenant_a):
    order = OrderFactory(
        seller=tenant_a.seller,
        connection=AmazonConnectionFactory(seller=tenant_a.seller),
        amazon_order_id=ORDER,
        buyer_key=buyer_key("k3v9x2m1p8q7r6s@marketplace.amazon.de"),
    )
    message = deliver(tenant_a, german_forward())
    assert message.status == Status.NOT_A_NOTICE and message.confirmable

    inbound_mail.inbound_confirm_notice(message=message, user=tenant_a.manager)

    message.refresh_from_db()
    assert message.status == Status.PARSED and message.confirmed_by == tenant_a.manager
    assert NoticeOrder.objects.get(message=message).state == NoticeOrder.State.BUYER
    entry = OrderOptOut.objects.get(seller=tenant_a.seller, amazon_order_id=ORDER)
    assert (entry.buyer_key, entry.source, entry.evidence) == (order.buyer_key, "confirmed_notice", message)


def test_a_confirmed_notice_is_the_sellers_word_and_never_reaches_the_shared_table(tenant_a, tenant_b):
    key = buyer_key("k3v9x2m1p8q7r6s@marketplace.amazon.de")
    OrderFactory(
        seller=tenant_a.seller,
        connection=AmazonConnectionFactory(seller=tenant_a.seller),
        amazon_order_id=ORDER,
        buyer_key=key,
    )
    same_buyer_elsewhere = OrderFactory(seller=tenant_b.seller, buyer_key=key)
    message = deliver(tenant_a, german_forward())

    inbound_mail.inbound_confirm_notice(message=message, user=tenant_a.manager)

    assert not OptOut.objects.filter(buyer_key=key).exists()
    assert send_gate(same_buyer_elsewhere) == ""


def test_a_confirmed_notice_for_an_order_not_synced_yet_waits_like_any_other(tenant_a):
    message = deliver(tenant_a, german_forward())

    inbound_mail.inbound_confirm_notice(message=message, user=tenant_a.owner)

    assert NoticeOrder.objects.get(message=message).state == NoticeOrder.State.PENDING


def test_mail_that_is_not_confirmable_is_refused(tenant_a):
    message = deliver(tenant_a, gmail_forward(sent_by(notice("de", ORDER), BUYER)))

    with pytest.raises(ValidationError, match="Only mail from Amazon"):
        inbound_mail.inbound_confirm_notice(message=message, user=tenant_a.manager)
    assert not NoticeOrder.objects.exists()


def test_a_notice_cannot_be_confirmed_twice(tenant_a):
    message = deliver(tenant_a, german_forward())
    inbound_mail.inbound_confirm_notice(message=message, user=tenant_a.manager)

    with pytest.raises(ValidationError, match="already an opt-out notice"):
        inbound_mail.inbound_confirm_notice(message=message, user=tenant_a.manager)
    assert NoticeOrder.objects.count() == 1


def test_erased_mail_cannot_be_confirmed(tenant_a):
    message = deliver(tenant_a, german_forward())
    InboundMessage.objects.filter(pk=message.pk).update(raw=b"", content_erased_at=timezone.now())

    with pytest.raises(ValidationError, match="erased"):
        inbound_mail.inbound_confirm_notice(message=message, user=tenant_a.manager)


def test_the_message_page_offers_the_confirmation_with_the_orders_it_names(client, tenant_a):
    message = deliver(tenant_a, german_forward())
    client.force_login(tenant_a.manager)

    page = client.get(reverse("inbound_message_detail", args=[message.pk])).content.decode()

    assert "Is this an opt-out notice?" in page and ORDER in page
    assert reverse("inbound_notice_confirm", args=[message.pk]) in page


def test_a_viewer_sees_the_question_but_no_button(client, tenant_a):
    message = deliver(tenant_a, german_forward())
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("inbound_message_detail", args=[message.pk])).content.decode()

    assert "Is this an opt-out notice?" in page and "A manager or the owner" in page
    assert reverse("inbound_notice_confirm", args=[message.pk]) not in page


def test_once_confirmed_the_message_is_not_offered_again(client, tenant_a):
    message = deliver(tenant_a, german_forward())
    inbound_mail.inbound_confirm_notice(message=message, user=tenant_a.manager)
    client.force_login(tenant_a.manager)

    page = client.get(reverse("inbound_message_detail", args=[message.pk])).content.decode()

    assert "Is this an opt-out notice?" not in page and tenant_a.manager.email in page


def test_mail_received_before_this_release_is_offered_after_a_reread(tenant_a):
    message = deliver(tenant_a, german_forward())
    InboundMessage.objects.filter(pk=message.pk).update(confirmable=False)
    out = StringIO()

    call_command("reread_inbound_mail", stdout=out)

    message.refresh_from_db()
    assert message.confirmable and message.status == Status.NOT_A_NOTICE
    assert "1 message read again; 0 opt-out notices now." in out.getvalue()


def test_the_inbound_log_points_the_seller_at_mail_to_check(client, tenant_a):
    deliver(tenant_a, german_forward())
    client.force_login(tenant_a.viewer)

    assert "Amazon mail: check it" in client.get(reverse("optouts")).content.decode()


def test_a_notice_forwarded_from_amazon_de_is_offered_with_the_confirm_button(client, tenant_a):
    message = deliver(tenant_a, outlook_forward(sent_by(notice("de", ORDER), "Amazon.de <donotreply@amazon.de>")))
    client.force_login(tenant_a.manager)

    assert 'data-testid="needs-check"' in client.get(reverse("optouts")).content.decode()
    page = client.get(reverse("inbound_message_detail", args=[message.pk])).content.decode()
    assert reverse("inbound_notice_confirm", args=[message.pk]) in page and ORDER in page


def test_a_recognised_notice_is_not_offered_for_confirmation(client, tenant_a):
    message = deliver(tenant_a, gmail_forward(notice("en", ORDER)))
    client.force_login(tenant_a.manager)

    assert (
        "Is this an opt-out notice?"
        not in client.get(reverse("inbound_message_detail", args=[message.pk])).content.decode()
    )


def test_a_manager_confirms_through_the_page(client, tenant_a):
    message = deliver(tenant_a, german_forward())
    client.force_login(tenant_a.manager)

    response = client.post(reverse("inbound_notice_confirm", args=[message.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("inbound_message_detail", args=[message.pk])
    message.refresh_from_db()
    assert message.status == Status.PARSED


def test_a_viewer_cannot_confirm(client, tenant_a):
    message = deliver(tenant_a, german_forward())
    client.force_login(tenant_a.viewer)

    assert client.post(reverse("inbound_notice_confirm", args=[message.pk])).status_code == 403
    message.refresh_from_db()
    assert message.status == Status.NOT_A_NOTICE


def test_another_sellers_mail_cannot_be_confirmed(client, tenant_a, tenant_b):
    message = deliver(tenant_a, german_forward())
    client.force_login(tenant_b.owner)

    assert client.post(reverse("inbound_notice_confirm", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert message.status == Status.NOT_A_NOTICE
