import pytest

from optouts import inbound_mail
from optouts.models import InboundMessage

from ..factories import SellerFactory, raw_email


@pytest.fixture
def address(db, settings):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    seller = SellerFactory()
    return seller, inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))


def test_every_new_seller_gets_an_unguessable_inbound_address(address):
    _, text = address
    token, domain = text.split("@")

    assert domain == "inbound.localhost" and len(token) >= 20


def test_the_recipient_is_matched_case_insensitively_and_with_plus_tags(address):
    seller, text = address
    token = text.split("@")[0]

    message, created = inbound_mail.inbound_store(
        recipient=f"{token.upper()}+fwd@INBOUND.localhost", raw=raw_email(), source="smtp"
    )

    assert created and message.seller == seller


def test_the_same_content_without_a_message_id_is_stored_once(address):
    seller, text = address
    raw = b"Subject: no id\r\n\r\nbody"

    inbound_mail.inbound_store(recipient=text, raw=raw, source="smtp")
    _, created = inbound_mail.inbound_store(recipient=text, raw=raw, source="smtp")

    assert not created and InboundMessage.objects.filter(seller=seller).count() == 1


def test_garbage_is_stored_and_nothing_is_lost(address):
    seller, text = address
    garbage = b"\xff\xfe\x00not an email at all\x00\x81"

    message, created = inbound_mail.inbound_store(recipient=text, raw=garbage, source="smtp")

    assert created and bytes(message.raw) == garbage


def test_another_sellers_token_on_a_foreign_domain_is_unknown(address):
    _, text = address

    with pytest.raises(inbound_mail.UnknownRecipient):
        inbound_mail.inbound_store(
            recipient=text.replace("inbound.localhost", "example.com"), raw=raw_email(), source="smtp"
        )


def test_an_encoded_subject_is_stored_decoded_for_people_to_read(address):
    _, text = address
    raw = (
        b"Subject: =?UTF-8?Q?Il_tuo_messaggio_all'acquirente_non_=C3=A8_stato_consegnato.?=\r\n"
        b"Message-ID: <encoded-subject@example>\r\n\r\nbody"
    )

    message, _ = inbound_mail.inbound_store(recipient=text, raw=raw, source="smtp")

    assert message.subject == "Il tuo messaggio all'acquirente non è stato consegnato."


def test_a_broken_encoded_subject_is_stored_as_it_came(address):
    _, text = address
    raw = b"Subject: =?x-unknown?B?!!!?=\r\nMessage-ID: <broken-subject@example>\r\n\r\nbody"

    message, created = inbound_mail.inbound_store(recipient=text, raw=raw, source="smtp")

    assert created and message.subject == "=?x-unknown?B?!!!?="
