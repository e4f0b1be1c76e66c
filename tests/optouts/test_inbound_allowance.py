"""Each seller's inbound address stores a daily allowance of mail; past it, senders are told to retry."""

import smtplib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from optouts import inbound_mail
from optouts.models import InboundDailyUsage, InboundMessage
from optouts.smtp_receiver import ClientRateLimit, InboundController

from ..factories import SellerFactory, raw_email
from .test_esp_webhooks import auth, mailgun_form

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def address(settings):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    settings.INBOUND_DAILY_MESSAGES = 2
    seller = SellerFactory()
    return seller, inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))


def store(recipient, raw):
    return inbound_mail.inbound_store(recipient=recipient, raw=raw, source=InboundMessage.Source.SMTP)


@pytest.mark.django_db
def test_stored_mail_counts_against_the_days_allowance(address):
    seller, recipient = address
    first, second = raw_email(to=recipient), raw_email(to=recipient, body="Another")

    store(recipient, first)
    store(recipient, second)

    usage = InboundDailyUsage.objects.get(seller=seller)
    assert (usage.messages, usage.bytes, usage.refused) == (2, len(first) + len(second), 0)


@pytest.mark.django_db
def test_mail_past_the_allowance_is_refused_for_now_and_counted(address):
    seller, recipient = address
    store(recipient, raw_email(to=recipient, body="one"))
    store(recipient, raw_email(to=recipient, body="two"))

    with pytest.raises(inbound_mail.InboundAllowanceUsed):
        store(recipient, raw_email(to=recipient, body="three"))

    assert InboundMessage.objects.filter(seller=seller).count() == 2
    usage = InboundDailyUsage.objects.get(seller=seller)
    assert (usage.messages, usage.refused) == (2, 1) and usage.first_refused_at is not None


@pytest.mark.django_db
def test_a_byte_allowance_binds_as_well(address, settings):
    seller, recipient = address
    settings.INBOUND_DAILY_BYTES = 1000

    with pytest.raises(inbound_mail.InboundAllowanceUsed):
        store(recipient, raw_email(to=recipient, body="x" * 2000))

    assert not InboundMessage.objects.filter(seller=seller).exists()


@pytest.mark.django_db
def test_a_duplicate_costs_nothing(address):
    seller, recipient = address
    raw = raw_email(to=recipient)

    store(recipient, raw)
    _, created = store(recipient, raw)

    assert not created and InboundDailyUsage.objects.get(seller=seller).messages == 1


@pytest.mark.django_db
def test_the_allowance_renews_the_next_utc_day(address):
    seller, recipient = address
    with time_machine.travel(NOON, tick=False):
        store(recipient, raw_email(to=recipient, body="one"))
        store(recipient, raw_email(to=recipient, body="two"))
    with time_machine.travel(NOON + timedelta(hours=12), tick=False):
        _, created = store(recipient, raw_email(to=recipient, body="three"))

    assert created and InboundMessage.objects.filter(seller=seller).count() == 3


@pytest.mark.django_db
def test_an_esp_webhook_past_the_allowance_fails_so_the_esp_retries(client, address, settings):
    seller, recipient = address
    settings.INBOUND_DAILY_MESSAGES = 0
    settings.ANYMAIL = {"WEBHOOK_SECRET": "esp-user:esp-password", "MAILGUN_WEBHOOK_SIGNING_KEY": "mailgun-signing-key"}
    settings.INBOUND_ESPS = ["mailgun"]
    client.raise_request_exception = False

    response = client.post(
        "/inbound/esp/mailgun/inbound_mime/", mailgun_form(recipient, raw_email(to=recipient)), **auth()
    )

    assert response.status_code >= 500 and not InboundMessage.objects.filter(seller=seller).exists()


@pytest.mark.django_db(transaction=True)
def test_the_smtp_receiver_answers_452_past_the_allowance(address, unused_tcp_port):
    seller, recipient = address
    controller = InboundController(hostname="127.0.0.1", port=unused_tcp_port, rate_limit=ClientRateLimit(50, 60))
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", unused_tcp_port, timeout=10) as smtp:
            smtp.sendmail("f@example.com", [recipient], raw_email(to=recipient, body="one"))
            smtp.sendmail("f@example.com", [recipient], raw_email(to=recipient, body="two"))
            with pytest.raises(smtplib.SMTPDataError) as refused:
                smtp.sendmail("f@example.com", [recipient], raw_email(to=recipient, body="three"))
    finally:
        controller.stop()

    assert refused.value.smtp_code == 452
    assert InboundMessage.objects.filter(seller=seller).count() == 2


@pytest.mark.django_db
def test_the_optouts_page_says_when_todays_allowance_was_used(client, address):
    from django.urls import reverse

    from ..factories import MembershipFactory, UserFactory

    seller, recipient = address
    owner = UserFactory()
    MembershipFactory(seller=seller, user=owner, role="owner")
    store(recipient, raw_email(to=recipient, body="one"))
    store(recipient, raw_email(to=recipient, body="two"))
    client.force_login(owner)
    quiet = client.get(reverse("optouts")).content.decode()
    with pytest.raises(inbound_mail.InboundAllowanceUsed):
        store(recipient, raw_email(to=recipient, body="three"))

    warned = client.get(reverse("optouts")).content.decode()

    assert "inbound-allowance-used" not in quiet
    assert "inbound-allowance-used" in warned and "1 deliveries so far" in warned
