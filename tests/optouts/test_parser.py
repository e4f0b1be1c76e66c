"""The notice parser: Amazon's opt-out notices in the shapes they arrive in, and mail that is not one.

Recognition by Amazon's headers (every marketplace language) is specified in test_parser_header.py; the tests here
that are about the wording use notices without those headers, as an inline forward or a hand-made copy is.
"""

import json
import re
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest

from optouts.parser import parse

from .notice_samples import (
    attached_forward,
    gmail_forward,
    notice,
    outlook_forward,
    quoted_reply,
    sent_by,
)

ORDER = "114-3941689-8772232"
ROOT = Path(__file__).resolve().parents[2]


WORDING_LANGUAGES = ["en", "fr", "ja", "it"]


@pytest.mark.parametrize("language", WORDING_LANGUAGES)
def test_a_notice_as_amazon_sends_it(language):
    result = parse(notice(language, ORDER).as_bytes())

    assert (result.is_optout, result.order_ids, result.language) == (True, [ORDER], language)


@pytest.mark.parametrize("language", WORDING_LANGUAGES)
def test_the_wording_alone_is_recognised(language):
    result = parse(notice(language, ORDER, amazon_headers=False).as_bytes())

    assert (result.is_optout, result.order_ids, result.language) == (True, [ORDER], language)
    assert result.reason == f"Amazon opt-out notice ({language})"


@pytest.mark.parametrize("language", WORDING_LANGUAGES)
@pytest.mark.parametrize(
    "forward", [gmail_forward, outlook_forward, attached_forward, quoted_reply], ids=lambda f: f.__name__
)
def test_a_forwarded_notice(language, forward):
    result = parse(forward(notice(language, ORDER)).as_bytes())

    assert (result.is_optout, result.order_ids, result.language) == (True, [ORDER], language)


@pytest.mark.parametrize("cte", ["quoted-printable", "base64", "8bit"])
def test_any_transfer_encoding(cte):
    assert parse(notice("fr", ORDER, cte=cte, amazon_headers=False).as_bytes()).language == "fr"


@pytest.mark.parametrize("charset", ["iso-2022-jp", "shift_jis", "euc-jp", "utf-8"])
def test_japanese_in_any_of_its_charsets(charset):
    result = parse(notice("ja", ORDER, charset=charset, amazon_headers=False).as_bytes())

    assert result.is_optout and result.language == "ja"


def test_french_in_windows_1252():
    assert parse(notice("fr", ORDER, charset="cp1252", amazon_headers=False).as_bytes()).language == "fr"


def test_an_html_only_notice():
    original = notice("en", ORDER, amazon_headers=False)
    message = EmailMessage()
    message["From"] = original["From"]
    message["Subject"] = original["Subject"]
    paragraphs = "".join(f"<p>{line}</p>" for line in original.get_content().splitlines())
    message.set_content(f"<html><body><table><tr><td>{paragraphs}</td></tr></table></body></html>", subtype="html")

    assert parse(message.as_bytes()).is_optout


def test_the_italian_notice_in_its_real_shape_html_only_and_quoted_printable():
    message = notice("it", ORDER, html_only=True, amazon_headers=False)
    assert [part.get_content_type() for part in message.walk()] == ["multipart/alternative", "text/html"]
    assert b"quoted-printable" in message.as_bytes()

    result = parse(message.as_bytes())

    assert (result.is_optout, result.order_ids, result.language) == (True, [ORDER], "it")


@pytest.mark.parametrize("forward", [gmail_forward, outlook_forward, quoted_reply], ids=lambda f: f.__name__)
def test_the_html_only_italian_notice_forwarded_by_hand(forward):
    result = parse(forward(notice("it", ORDER, html_only=True)).as_bytes())

    assert (result.is_optout, result.order_ids, result.language) == (True, [ORDER], "it")


@pytest.mark.parametrize(
    "sender",
    [
        "Amazon <seller-notification@amazon.com>",
        "Amazon <seller-notification@amazon.fr>",
        "Amazon.co.jp <donotreply@amazon.co.jp>",
        "no-reply@sellercentral.amazon.it",
    ],
)
@pytest.mark.parametrize("amazon_headers", [True, False], ids=["with-headers", "wording-only"])
def test_a_notice_from_another_amazon_address_is_recognised_too(sender, amazon_headers):
    message = notice("fr", ORDER, amazon_headers=amazon_headers)
    message.replace_header("From", sender)

    assert parse(message.as_bytes()).is_optout


def test_a_notice_about_several_orders_keeps_each_once():
    message = notice("en", ORDER)
    text = message.get_content().replace(f"[{ORDER}]", f"[{ORDER}] and [114-0000001-0000002] and [{ORDER}]")
    message.set_content(text)

    assert parse(message.as_bytes()).order_ids == [ORDER, "114-0000001-0000002"]


def buyer_message(text):
    message = EmailMessage()
    message["From"] = "Jane <abc123xyz@marketplace.amazon.com>"
    message["To"] = "token@inbound.localhost"
    message["Subject"] = f"Inquiry from Amazon customer Jane (Order: {ORDER})"
    message.set_content(text)
    return message.as_bytes()


def test_a_buyer_message_mentioning_an_order_is_not_an_opt_out():
    result = parse(buyer_message(f"Hi, where is my order {ORDER}? I would like to opt out of the newsletter."))

    assert not result.is_optout and "no opt-out wording" in result.reason


def test_a_buyer_quoting_the_notice_is_not_amazon():
    """A relay alias is an Amazon domain, but what comes from it is the buyer's own writing."""
    fake = sent_by(notice("en", ORDER, amazon_headers=False), "Jane <abc123xyz@marketplace.amazon.com>")

    result = parse(fake.as_bytes())

    assert not result.is_optout and "not sent by Amazon" in result.reason


def test_a_delivery_failure_for_another_reason_is_not_an_opt_out():
    message = EmailMessage()
    message["From"] = "seller-notification@amazon.com"
    message["Subject"] = "Your message could not be delivered"
    message.set_content(
        f"We were unable to deliver the message you sent for order [{ORDER}] because it contains "
        "content that is not permitted by our Buyer-Seller Messaging communication guidelines."
    )

    assert not parse(message.as_bytes()).is_optout


def test_a_feedback_notification_is_not_an_opt_out():
    message = EmailMessage()
    message["From"] = "Amazon <seller-notification@amazon.com>"
    message["Subject"] = f"New feedback for order {ORDER}"
    message.set_content(f"A buyer left feedback for order {ORDER}: 5 stars. Great seller!")

    assert not parse(message.as_bytes()).is_optout


def test_phishing_that_imitates_the_notice_is_not_an_opt_out():
    fake = sent_by(notice("en", ORDER), "Amazon Seller Support <support@amazon-seller-notice.com>")

    result = parse(fake.as_bytes())

    assert not result.is_optout and "not sent by Amazon" in result.reason


def test_a_lookalike_amazon_domain_is_not_amazon():
    fake = sent_by(notice("en", ORDER), "Amazon <seller-notification@amazon.com.security-check.example>")

    assert not parse(fake.as_bytes()).is_optout


def test_an_announcement_about_opt_outs_without_an_order_is_not_a_notice():
    message = EmailMessage()
    message["From"] = "Amazon <seller-notification@amazon.com>"
    message["Subject"] = "Change to Buyer-Seller Messaging options"
    message.set_content(
        "Buyers can choose to opt out of receiving unsolicited messages from sellers. "
        "because the buyer has chosen to opt out of receiving unsolicited messages from sellers."
    )

    result = parse(message.as_bytes())

    assert not result.is_optout and "no Amazon order id" in result.reason


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff" * 1000,
        b"not an email at all",
        b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nbroken",
        b"Subject: " + b"A" * 1_000_000 + b"\r\n\r\nbody",
    ],
    ids=["empty", "binary", "text", "broken-mime", "1MB-header"],
)
def test_it_never_raises(raw):
    result = parse(raw)

    assert result.is_optout is False and result.reason


def test_a_25_megabyte_message_is_answered():
    big = notice("en", ORDER)
    big.add_attachment(b"\x00" * (25 * 1024 * 1024), maintype="application", subtype="octet-stream", filename="x.bin")

    assert parse(big.as_bytes()).is_optout


def test_the_command_prints_one_json_line_per_file(tmp_path):
    good, bad = tmp_path / "notice.eml", tmp_path / "junk.bin"
    good.write_bytes(gmail_forward(notice("ja", ORDER)).as_bytes())
    bad.write_bytes(b"\xff\xfe")

    result = subprocess.run(
        [sys.executable, "manage.py", "parse_notice", str(good), str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0
    assert lines[0] == {
        "file": str(good),
        "is_optout": True,
        "order_ids": [ORDER],
        "language": "ja",
        "reason": "Amazon opt-out notice (ja)",
        "relay_addresses": [],
    }
    assert lines[1]["file"] == str(bad) and lines[1]["is_optout"] is False


@pytest.mark.parametrize(
    "sender",
    [
        '"auto-communication@amazon.com" <notices@phish.example>',
        "auto-communication@amazon.com <notices@phish.example>",
        '"seller-notification@amazon.de" [mailto:notices@phish.example]',
    ],
    ids=["quoted-display-name", "bare-display-name", "outlook-mailto"],
)
def test_an_amazon_address_in_a_display_name_does_not_make_a_forwarded_notice_amazons(sender):
    forward = gmail_forward(notice("en", ORDER))
    forward.set_content(re.sub(r"^From: .*$", f"From: {sender}", forward.get_content(), count=1, flags=re.M))

    result = parse(forward.as_bytes())

    assert not result.is_optout and "not sent by Amazon" in result.reason


@pytest.mark.parametrize(
    "sender",
    [
        '"auto-communication@amazon.com" <notices@phish.example>',
        "=?utf-8?q?Amazon_<auto-communication@amazon.com>?= <notices@phish.example>",
        "auto-communication@amazon.com <notices@phish.example>",
    ],
    ids=["quoted-display-name", "encoded-display-name", "two-addresses"],
)
def test_an_amazon_address_in_a_display_name_does_not_make_a_notice_amazons(sender):
    fake = notice("en", ORDER)
    del fake["X-Space-Notification-Type"], fake["Reply-To"]
    # Written into the bytes: the email package would tidy the header into one address.
    raw = re.sub(rb"^From: .*$", b"From: " + sender.encode(), fake.as_bytes(), count=1, flags=re.M)

    result = parse(raw)

    assert not result.is_optout and "not sent by Amazon" in result.reason


def test_a_reply_to_amazon_does_not_make_mail_amazons():
    fake = sent_by(notice("en", ORDER), "Amazon Seller Support <support@amazon-seller-notice.com>")
    del fake["X-Space-Notification-Type"]
    fake.replace_header("Reply-To", "auto-communication@amazon.com")

    assert not parse(fake.as_bytes()).is_optout
