"""The buyer's relay address in Amazon's notice opts the buyer out at once, for every order.

The real 2026 notice (amazon.it) links the buyer's relay alias, `mailto:<alias>@marketplace.amazon.<tld>`: the
same anonymized address a merchant-fulfilled order carries, which the order sync keys as the order's `buyer_key`.
Keyed the same way, it puts the buyer on the opt-out table before any order of theirs has synced.
"""

import json
import time
from email.message import EmailMessage

import pytest

from optouts import inbound_mail
from optouts.models import InboundMessage, NoticeOrder, OptOut
from optouts.parser import MAX_RELAYS, parse
from sellers.buyers import buyer_key

from ..factories import AmazonConnectionFactory, OrderFactory, SellerFactory, UserFactory
from .gate import send_gate
from .notice_samples import (
    attached_forward,
    gmail_auto_forward,
    gmail_forward,
    notice,
    outlook_forward,
    outlook_redirect,
    quoted_reply,
)

ORDER = "406-5322013-9383523"
OTHER_ORDER = "406-1111111-2222222"
RELAY = "w7q2m9x4k1z8p3r@marketplace.amazon.it"
OTHER_BUYER = "b5n8c2v6x1l4j9h@marketplace.amazon.it"


def real_notice(**kwargs):
    """The Italian notice in its real shape: HTML only, quoted-printable, the buyer's alias in a mailto link."""
    return notice("it", ORDER, html_only=True, relay=RELAY, **kwargs)


# -- the parser -----------------------------------------------------------------------------------------------------
def test_the_real_notice_names_the_buyers_relay_address():
    result = parse(real_notice().as_bytes())

    assert (result.is_optout, result.order_ids, result.relay_addresses) == (True, [ORDER], [RELAY])


@pytest.mark.parametrize(
    "shape",
    [gmail_forward, outlook_forward, quoted_reply, attached_forward, gmail_auto_forward, outlook_redirect],
    ids=lambda f: f.__name__,
)
def test_the_relay_address_survives_every_way_sellers_forward_the_notice(shape):
    assert parse(shape(real_notice()).as_bytes()).relay_addresses == [RELAY]


def test_a_notice_recognised_by_its_wording_alone_names_it_too():
    assert parse(gmail_forward(real_notice(amazon_headers=False)).as_bytes()).relay_addresses == [RELAY]


def test_a_notice_recognised_by_its_headers_alone_names_it_too():
    relay = "k3v9x2m1p8q7r6s@marketplace.amazon.de"

    result = parse(notice("de", ORDER, relay=relay).as_bytes())

    assert (result.is_optout, result.language, result.relay_addresses) == (True, "de", [relay])


def test_the_address_is_read_in_lower_case():
    assert parse(notice("it", ORDER, relay=RELAY.upper()).as_bytes()).relay_addresses == [RELAY]


def test_mail_from_amazon_to_confirm_gives_no_relay_address():
    """Only a notice the parser recognised names a buyer: a seller's confirmation vouches for its orders only."""
    result = parse(gmail_forward(notice("de", ORDER, relay="k3v9x2m1p8q7r6s@marketplace.amazon.de")).as_bytes())

    assert result.confirmable and result.relay_addresses == []


def test_other_amazon_mail_linking_a_buyer_gives_no_relay_address():
    message = notice("de", ORDER, relay="k3v9x2m1p8q7r6s@marketplace.amazon.de")
    message.replace_header("X-Space-Notification-Type", "RETURN_REQUEST")

    result = parse(message.as_bytes())

    assert not result.is_optout and result.relay_addresses == []


def buyer_message(sender=f"Giulia <{OTHER_BUYER}>"):
    message = EmailMessage()
    message["From"] = sender
    message["Reply-To"] = sender
    message["Subject"] = f"Domanda sull'ordine {ORDER}"
    message.set_content("Buongiorno, quando arriva il pacco?")
    return message


def test_a_buyer_message_forwarded_with_the_notice_does_not_name_its_sender():
    forward = attached_forward(real_notice())
    forward.add_attachment(buyer_message())

    assert parse(forward.as_bytes()).relay_addresses == [RELAY]


def test_the_sender_of_a_buyer_message_quoted_below_a_forwarded_notice_is_not_taken():
    forward = gmail_forward(real_notice())
    forward.set_content(
        forward.get_content() + f"\n---------- Forwarded message ---------\nDa: Giulia <{OTHER_BUYER}>\n"
        f"Oggetto: Domanda sull'ordine {ORDER}\n\nCiao, mi scrive {OTHER_BUYER}\n"
    )

    assert parse(forward.as_bytes()).relay_addresses == [RELAY]


def test_an_alias_that_sent_any_part_of_the_mail_is_never_the_opted_out_buyer():
    forward = attached_forward(real_notice())
    forward.add_attachment(buyer_message(sender=f"Giulia <{RELAY}>"))

    assert parse(forward.as_bytes()).relay_addresses == []


@pytest.mark.parametrize(
    "address",
    [
        "assistenza@amazon.it",
        "giulia@example.com",
        "x@marketplace.amazon.it.example.com",
        "x@marketplace.amazon-it.example",
        "x@seller.marketplace.amazon.it",
    ],
)
def test_only_amazons_relay_addresses_are_taken(address):
    assert parse(notice("it", ORDER, html_only=True, relay=address).as_bytes()).relay_addresses == []


def test_a_notice_naming_many_addresses_yields_only_a_few():
    message = notice("en", ORDER)
    aliases = " ".join(f"buyer{n:03d}@marketplace.amazon.com" for n in range(200))
    message.set_content(message.get_content() + aliases + "\n")

    relays = parse(message.as_bytes()).relay_addresses

    assert relays == [f"buyer{n:03d}@marketplace.amazon.com" for n in range(MAX_RELAYS)]


def test_a_megabyte_of_address_characters_is_read_in_linear_time():
    message = notice("en", ORDER)
    message.set_content(message.get_content() + ("a" * 100_000 + "@marketplace.amazon.com ") * 10)

    started = time.perf_counter()
    result = parse(message.as_bytes())

    assert result.is_optout and time.perf_counter() - started < 5


# -- the opt-out table ----------------------------------------------------------------------------------------------
@pytest.fixture
def seller(db, settings):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    return SellerFactory(name="Negozio Trail")


def deliver(seller, message):
    address = inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))
    stored, _ = inbound_mail.inbound_store(recipient=address, raw=message.as_bytes(), source="smtp")
    return inbound_mail.inbound_process(stored)


def order_of(seller, order_id, alias=RELAY):
    return OrderFactory(
        seller=seller,
        connection=AmazonConnectionFactory(seller=seller),
        amazon_order_id=order_id,
        marketplace_id="APJ6JRA9NG5V4",
        buyer_key=buyer_key(alias),
        buyer_key_kind="anonymized_email",
    )


def test_the_buyers_other_order_is_suppressed_before_the_notices_order_syncs(seller):
    other = order_of(seller, OTHER_ORDER)

    message = deliver(seller, real_notice())

    assert send_gate(other) == "buyer_opted_out"
    assert NoticeOrder.objects.get(message=message).state == NoticeOrder.State.PENDING


def test_the_buyer_is_recorded_as_amazons_notice_with_the_message_as_evidence(seller):
    message = deliver(seller, real_notice())

    entry = OptOut.objects.get()
    assert (entry.buyer_key, entry.source, entry.first_seller, entry.first_order_id, entry.evidence) == (
        buyer_key(RELAY),
        "amazon_notice",
        seller,
        ORDER,
        message,
    )


def test_an_order_of_that_buyer_synced_later_is_suppressed_too(seller):
    deliver(seller, real_notice())

    later = order_of(seller, OTHER_ORDER)

    assert send_gate(later) == "buyer_opted_out"


def test_the_notices_own_order_still_resolves_when_it_syncs(seller):
    message = deliver(seller, real_notice())

    order_of(seller, ORDER)
    inbound_mail.notices_resolve(seller=seller)

    assert NoticeOrder.objects.get(message=message).state == NoticeOrder.State.BUYER
    assert OptOut.objects.count() == 1


def test_another_buyer_of_the_seller_is_not_touched(seller):
    stranger = order_of(seller, OTHER_ORDER, alias=OTHER_BUYER)

    deliver(seller, real_notice())

    assert send_gate(stranger) == ""


def test_mail_that_is_not_a_notice_opts_out_nobody(seller):
    other = order_of(seller, OTHER_ORDER)
    message = deliver(seller, gmail_forward(notice("de", ORDER, relay=RELAY)))
    assert message.confirmable

    inbound_mail.inbound_confirm_notice(message=message, user=UserFactory())

    assert send_gate(other) == ""
    assert not OptOut.objects.exists()


def test_the_address_is_kept_only_as_its_keyed_hash(seller):
    message = deliver(seller, gmail_auto_forward(real_notice()))

    columns = [field.attname for field in InboundMessage._meta.concrete_fields if field.name != "raw"]
    kept = json.dumps(
        [
            list(OptOut.objects.values()),
            list(NoticeOrder.objects.values()),
            list(InboundMessage.objects.filter(pk=message.pk).values(*columns)),
        ],
        default=str,
    )
    assert OptOut.objects.filter(buyer_key=buyer_key(RELAY)).exists()
    assert RELAY.split("@")[0] not in kept.lower()
