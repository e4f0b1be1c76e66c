"""The SMTP receiver over real SMTP: stores known recipients' mail once, refuses the rest."""

import smtplib

import pytest

from optouts import inbound_mail
from optouts.models import InboundMessage
from optouts.smtp_receiver import ClientRateLimit, InboundController

from ..factories import SellerFactory, raw_email

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp_server(unused_tcp_port):
    controller = InboundController(hostname="127.0.0.1", port=unused_tcp_port, rate_limit=ClientRateLimit(5, 60))
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def seller_address(settings):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    seller = SellerFactory()
    return seller, inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))


def send(server, recipients, raw):
    with smtplib.SMTP(server.hostname, server.port, timeout=10) as client:
        return client.sendmail("forwarder@example.com", recipients, raw)


def test_mail_to_a_sellers_address_is_stored_raw(smtp_server, seller_address):
    seller, address = seller_address
    raw = raw_email(subject="Opt-out notice", to=address)

    send(smtp_server, [address], raw)

    stored = InboundMessage.objects.get(seller=seller)
    assert bytes(stored.raw) == raw
    assert (stored.subject, stored.mail_from, stored.status) == ("Opt-out notice", "forwarder@example.com", "received")


def test_an_unknown_token_is_refused_with_550(smtp_server, seller_address):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(smtp_server, ["nosuchtoken@inbound.localhost"], raw_email())

    assert refused.value.recipients["nosuchtoken@inbound.localhost"][0] == 550
    assert not InboundMessage.objects.exists()


def test_it_never_relays_to_other_domains(smtp_server, seller_address):
    _, address = seller_address
    token = address.split("@")[0]

    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(smtp_server, [f"{token}@gmail.com"], raw_email())

    assert refused.value.recipients[f"{token}@gmail.com"][0] == 550


def test_the_same_message_is_stored_once(smtp_server, seller_address):
    seller, address = seller_address
    raw = raw_email(message_id="<same@example.com>", to=address)

    send(smtp_server, [address], raw)
    send(smtp_server, [address], raw)

    assert InboundMessage.objects.filter(seller=seller).count() == 1


def test_a_message_over_the_size_limit_is_refused(smtp_server, seller_address):
    _, address = seller_address

    with pytest.raises(smtplib.SMTPResponseException) as refused:
        send(smtp_server, [address], raw_email(body="x" * (11 * 1024 * 1024)))

    assert refused.value.smtp_code == 552
    assert not InboundMessage.objects.exists()


def test_a_client_sending_too_fast_is_told_to_retry(smtp_server, seller_address):
    _, address = seller_address
    for n in range(5):
        send(smtp_server, [address], raw_email(message_id=f"<m{n}@example.com>", to=address))

    with pytest.raises(smtplib.SMTPSenderRefused) as deferred:
        send(smtp_server, [address], raw_email(message_id="<m6@example.com>", to=address))

    assert deferred.value.smtp_code == 451


def test_when_storing_fails_the_sender_is_told_to_retry(smtp_server, seller_address, monkeypatch):
    _, address = seller_address

    def broken_store(**kwargs):
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(inbound_mail, "inbound_store", broken_store)
    with pytest.raises(smtplib.SMTPDataError) as deferred:
        send(smtp_server, [address], raw_email(to=address))

    assert deferred.value.smtp_code == 451


def test_a_rotated_address_stops_accepting_mail(smtp_server, seller_address):
    seller, old_address = seller_address
    new_address = inbound_mail.inbound_address_text(inbound_mail.inbound_address_rotate(seller=seller))

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(smtp_server, [old_address], raw_email())
    send(smtp_server, [new_address], raw_email(to=new_address))

    assert InboundMessage.objects.filter(seller=seller).count() == 1
