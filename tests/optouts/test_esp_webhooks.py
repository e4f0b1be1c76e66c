"""Inbound mail through ESP webhooks (django-anymail): signature and secret checked, stored like SMTP mail."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from optouts import inbound_mail
from optouts.models import InboundMessage

from ..factories import SellerFactory
from .notice_samples import notice, wire

SECRET = "esp-user:esp-password"
SIGNING_KEY = "mailgun-signing-key"


@pytest.fixture
def address(db, settings):
    settings.INBOUND_DOMAIN = "inbound.localhost"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    settings.INBOUND_ESPS = ["mailgun", "sendgrid", "postmark"]
    seller = SellerFactory()
    return seller, inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))


def auth(secret=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def mailgun_form(recipient, raw, key=SIGNING_KEY):
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    return {
        "recipient": recipient,
        "sender": "owner@shop.example",
        "body-mime": raw.decode(),
        "timestamp": timestamp,
        "token": token,
        "signature": signature,
    }


def test_mailgun_raw_mime_is_stored_for_the_sellers_address(client, address):
    seller, recipient = address

    response = client.post(
        "/inbound/esp/mailgun/inbound_mime/",
        mailgun_form(recipient, wire(notice("en", "111-1234567-7654321"))),
        **auth(),
    )

    assert response.status_code == 200
    stored = InboundMessage.objects.get(seller=seller)
    assert stored.source == "mailgun" and b"opt out of receiving unsolicited messages" in bytes(stored.raw)


def test_a_mailgun_post_with_a_wrong_signature_is_refused(client, address):
    seller, recipient = address

    response = client.post(
        "/inbound/esp/mailgun/inbound_mime/",
        mailgun_form(recipient, wire(notice("en", "111-1234567-7654321")), key="forged"),
        **auth(),
    )

    assert response.status_code == 400
    assert not InboundMessage.objects.exists()


def test_sendgrid_needs_our_basic_auth_secret(client, address):
    seller, recipient = address
    form = {
        "email": wire(notice("fr", "111-1234567-7654321")).decode(),
        "envelope": json.dumps({"to": [recipient], "from": "x@y.z"}),
    }

    refused = client.post("/inbound/esp/sendgrid/inbound/", form, **auth("esp-user:wrong"))
    accepted = client.post("/inbound/esp/sendgrid/inbound/", form, **auth())

    assert refused.status_code == 400  # anymail refuses a bad secret without saying why
    assert accepted.status_code == 200 and InboundMessage.objects.get(seller=seller).source == "sendgrid"


def test_postmark_raw_email_is_stored(client, address):
    seller, recipient = address
    payload = {
        "OriginalRecipient": recipient,
        "RawEmail": wire(notice("ja", "111-1234567-7654321")).decode(),
        "From": "owner@shop.example",
        "To": recipient,
        "Subject": "fwd",
    }

    response = client.post(
        "/inbound/esp/postmark/inbound/", json.dumps(payload), content_type="application/json", **auth()
    )

    assert response.status_code == 200 and InboundMessage.objects.get(seller=seller).source == "postmark"


def test_mail_for_an_unknown_address_is_accepted_and_dropped(client, address):
    response = client.post(
        "/inbound/esp/mailgun/inbound_mime/",
        mailgun_form("nobody@inbound.localhost", wire(notice("en", "111-1234567-7654321"))),
        **auth(),
    )

    assert response.status_code == 200 and not InboundMessage.objects.exists()


def sendgrid_post(client, recipient, **headers):
    form = {
        "email": wire(notice("en", "111-1234567-7654321")).decode(),
        "envelope": json.dumps({"to": [recipient], "from": "x@y.z"}),
    }
    return client.post("/inbound/esp/sendgrid/inbound/", form, **headers)


def test_without_the_webhook_secret_no_route_takes_mail(client, address, settings):
    _, recipient = address
    settings.ANYMAIL = {}

    response = sendgrid_post(client, recipient)

    assert response.status_code == 404 and not InboundMessage.objects.exists()


def test_an_esp_the_deployment_does_not_name_has_no_route(client, address, settings):
    _, recipient = address
    settings.INBOUND_ESPS = ["postmark"]

    assert sendgrid_post(client, recipient, **auth()).status_code == 404
    assert client.post("/inbound/esp/amazon_ses/inbound/", {}, **auth()).status_code == 404
    assert not InboundMessage.objects.exists()
