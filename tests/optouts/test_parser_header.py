"""Amazon's own headers recognise the notice in every marketplace language, and only on mail that Amazon sent.

Amazon's notice carries `X-Space-Notification-Type: BUYER_OPTED_OUT_BSM_MESSAGES` and `X-Marketplace-ID`. They
reach us when Amazon mails the inbound address directly, through Gmail's automatic forwarding, an Outlook "Redirect
to" rule, or a forward as attachment. The samples for languages whose wording we have not seen carry a stand-in
body, so only the headers can recognise them.
"""

import json
import subprocess
import sys
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from optouts.parser import parse

from .notice_samples import (
    attached_forward,
    gmail_auto_forward,
    gmail_forward,
    notice,
    outlook_forward,
    outlook_redirect,
    quoted_reply,
    sent_by,
)

ORDER = "302-5550123-4445566"
ROOT = Path(__file__).resolve().parents[2]
HEADER_REASON = "recognised by Amazon's notification type header"

MARKETPLACE_LANGUAGES = [  # (sample language, marketplace code, Amazon's marketplace name, expected language)
    ("de", "DE", "Amazon.de", "de"),
    ("es", "ES", "Amazon.es", "es"),
    ("es", "MX", "Amazon.com.mx", "es"),
    ("pl", "PL", "Amazon.pl", "pl"),
    ("sv", "SE", "Amazon.se", "sv"),
    ("tr", "TR", "Amazon.com.tr", "tr"),
    ("pt-BR", "BR", "Amazon.com.br", "pt-BR"),
    ("ar", "AE", "Amazon.ae", "ar"),
    ("ar", "SA", "Amazon.sa", "ar"),
    ("nl", "NL", "Amazon.nl", "nl"),
]


@pytest.mark.parametrize(
    ("language", "marketplace", "name", "expected"),
    MARKETPLACE_LANGUAGES,
    ids=[f"{row[0]}-{row[1]}" for row in MARKETPLACE_LANGUAGES],
)
def test_a_notice_in_a_language_we_have_no_wording_for_is_recognised_by_its_headers(
    language, marketplace, name, expected
):
    result = parse(notice(language, ORDER, marketplace=marketplace).as_bytes())

    assert (result.is_optout, result.order_ids, result.language) == (True, [ORDER], expected)
    assert HEADER_REASON in result.reason and name in result.reason


@pytest.mark.parametrize("shape", [gmail_auto_forward, outlook_redirect, attached_forward], ids=lambda f: f.__name__)
def test_the_headers_survive_automatic_forwarding_redirects_and_forwards_as_attachment(shape):
    result = parse(shape(notice("de", ORDER)).as_bytes())

    assert (result.is_optout, result.order_ids, result.language) == (True, [ORDER], "de")
    assert HEADER_REASON in result.reason


def test_the_italian_notice_in_its_real_shape_is_recognised_by_its_headers():
    result = parse(notice("it", ORDER, html_only=True).as_bytes())

    assert (result.is_optout, result.order_ids, result.language) == (True, [ORDER], "it")
    assert "Amazon.it (APJ6JRA9NG5V4)" in result.reason


def test_the_marketplace_decides_the_language_not_the_wording():
    """The sandbox mails amazon.de notices with the English text: the marketplace says they are German."""
    result = parse(notice("en", ORDER, marketplace="DE").as_bytes())

    assert (result.is_optout, result.language) == (True, "de")


def test_an_unknown_marketplace_id_takes_the_language_of_the_wording():
    message = notice("fr", ORDER)
    message.replace_header("X-Marketplace-ID", "A0NEWMARKET00")

    result = parse(message.as_bytes())

    assert (result.is_optout, result.language) == (True, "fr") and "A0NEWMARKET00" in result.reason


def test_an_unknown_marketplace_id_and_unknown_wording_leave_the_language_open():
    message = notice("de", ORDER)
    del message["X-Marketplace-ID"]

    result = parse(message.as_bytes())

    assert (result.is_optout, result.order_ids, result.language) == (True, [ORDER], None)


@pytest.mark.parametrize(
    "sender",
    [
        "Amazon.de <auto-communication@amazon-seller-notice.com>",
        "Amazon.de <auto-communication@amazon.com.security-check.example>",
        '"auto-communication@amazon.com" <notices@seller-help.example>',
        "auto-communication@amazon.com <notices@seller-help.example>",
        "Amazon.de <auto-communication@amazon.com>, <notices@seller-help.example>",
    ],
    ids=["lookalike-domain", "amazon-as-subdomain", "address-as-display-name", "bare-display-address", "two-senders"],
)
def test_the_header_on_mail_not_from_amazon_is_refused(sender):
    fake = sent_by(notice("de", ORDER), sender)

    result = parse(fake.as_bytes())

    assert not result.is_optout and "not sent by Amazon" in result.reason


def test_a_second_from_header_is_refused():
    raw = notice("de", ORDER).as_bytes()
    fake = b"From: Amazon.de <auto-communication@amazon-seller-notice.com>\n" + raw

    assert not parse(fake).is_optout


def test_a_forged_notice_attached_by_a_lookalike_is_refused():
    forged = sent_by(notice("de", ORDER), "Amazon.de <auto-communication@amazon-seller-notice.com>")

    assert not parse(attached_forward(forged).as_bytes()).is_optout


def test_the_header_counts_only_on_the_message_that_carries_it():
    """A seller's own mail with the header copied in is the seller's, even if it quotes an Amazon sender."""
    message = EmailMessage()
    message["From"] = "Outdoor Seller <owner@outdoor-seller.example>"
    message["X-Space-Notification-Type"] = "BUYER_OPTED_OUT_BSM_MESSAGES"
    message["X-Marketplace-ID"] = "A1PA6795UKMFR9"
    message.set_content(f"From: Amazon.de <auto-communication@amazon.com>\n\nBestellung [{ORDER}]\n")

    assert not parse(message.as_bytes()).is_optout


@pytest.mark.parametrize(
    "values",
    [
        ["BBC_MESSAGE_SENT_TO_MERCHANT"],
        ["A_Z_CLAIM_RESPONDENT_NOTIFY"],
        ["BUYER_OPTED_OUT_BSM_MESSAGES_V2"],
        ["BUYER_OPTED_OUT_BSM_MESSAGES", "RETURN_REQUEST"],
    ],
    ids=["message-sent", "a-to-z-claim", "longer-value", "two-values"],
)
def test_another_notification_type_is_not_an_opt_out(values):
    message = notice("de", ORDER)
    del message["X-Space-Notification-Type"]
    for value in values:
        message["X-Space-Notification-Type"] = value

    result = parse(message.as_bytes())

    assert not result.is_optout and "no opt-out wording" in result.reason
    assert not result.confirmable  # Amazon said what it is: nothing for the seller to check


def test_the_header_without_an_order_id_is_not_an_opt_out():
    message = notice("de", ORDER)
    message.set_content("Stand-in body without any order id.\n")

    result = parse(message.as_bytes())

    assert not result.is_optout and "no Amazon order id" in result.reason


@pytest.mark.parametrize("forward", [gmail_forward, outlook_forward, quoted_reply], ids=lambda f: f.__name__)
def test_a_notice_forwarded_inline_loses_its_headers_and_an_unknown_language_is_not_recognised(forward):
    """The limit, stated: an inline forward keeps only the text, so only wording we know (en, fr, it, ja) counts.

    Sellers are told to add our address in Seller Central, to forward automatically or to redirect instead;
    such mail waits for the seller's confirmation (test_confirm_notice.py).
    """
    result = parse(forward(notice("de", ORDER)).as_bytes())

    assert not result.is_optout and "no opt-out wording" in result.reason


def test_the_headers_are_read_as_amazon_writes_them_on_the_wire():
    raw = notice("tr", ORDER).as_bytes(policy=policy.SMTP)
    assert b"X-Space-Notification-Type: BUYER_OPTED_OUT_BSM_MESSAGES\r\n" in raw
    assert message_from_bytes(raw)["From"] == '"Amazon.com.tr" <auto-communication@amazon.com>'

    assert parse(raw).language == "tr"


def test_the_command_prints_the_header_verdict_in_the_same_json_shape(tmp_path):
    german, brazilian = tmp_path / "de.eml", tmp_path / "br.eml"
    german.write_bytes(notice("de", ORDER).as_bytes())
    brazilian.write_bytes(attached_forward(notice("pt-BR", ORDER)).as_bytes())

    result = subprocess.run(
        [sys.executable, "manage.py", "parse_notice", str(german), str(brazilian)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0
    assert [list(line) for line in lines] == [
        ["file", "is_optout", "order_ids", "language", "reason", "relay_addresses"]
    ] * 2
    assert [(line["is_optout"], line["order_ids"], line["language"]) for line in lines] == [
        (True, [ORDER], "de"),
        (True, [ORDER], "pt-BR"),
    ]
    assert "Amazon.de" in lines[0]["reason"] and "Amazon.com.br" in lines[1]["reason"]
