"""Property-based fuzzing: mutated and random messages never make the parser or the receiver fail."""

import smtplib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optouts import inbound_mail
from optouts.models import InboundMessage
from optouts.parser import MAX_RELAYS, RELAY_ADDRESS, parse
from optouts.smtp_receiver import ClientRateLimit, InboundController

from ..factories import SellerFactory
from .notice_samples import attached_forward, gmail_forward, notice, outlook_forward, wire

SEEDS = [
    wire(
        shape(
            notice(
                language,
                "114-3941689-8772232",
                html_only=language == "it",
                relay="w7q2m9x4k1z8p3r@marketplace.amazon.it" if language == "it" else None,
            )
        )
    )
    for language in ("en", "fr", "ja", "it")
    for shape in (lambda m: m, gmail_forward, outlook_forward, attached_forward)
]


@st.composite
def mutated_notices(draw):
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 8))):
        position = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if action == "flip" and position < len(raw):
            raw[position] = draw(st.integers(0, 255))
        elif action == "insert":
            raw[position:position] = draw(st.binary(max_size=64))
        elif action == "delete":
            del raw[position : position + draw(st.integers(1, 64))]
        elif action == "truncate":
            del raw[position:]
    return bytes(raw)


@settings(max_examples=300, deadline=None)
@given(mutated_notices())
def test_the_parser_answers_every_mutated_notice(raw):
    result = parse(raw)

    assert isinstance(result.is_optout, bool) and result.reason
    assert all(len(order_id) == 19 for order_id in result.order_ids)
    assert len(result.relay_addresses) <= MAX_RELAYS and (result.is_optout or not result.relay_addresses)
    assert all(RELAY_ADDRESS.fullmatch(address) for address in result.relay_addresses)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_the_parser_answers_random_bytes(raw):
    assert parse(raw).is_optout is False


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_the_parser_answers_random_text_with_headers(text):
    assert isinstance(
        parse(("Subject: x\r\nFrom: a@amazon.com\r\n\r\n" + text).encode("utf-8", "surrogatepass")).is_optout, bool
    )


@pytest.mark.django_db(transaction=True)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(mutated_notices(), st.binary(min_size=1, max_size=2048)))
def test_the_receiver_stores_every_accepted_message_once(raw, unused_tcp_port, settings):
    """Whatever the bytes, a 250 means stored, and nothing but a 250 or a clear refusal comes back."""
    settings.INBOUND_DOMAIN = "inbound.localhost"
    seller = SellerFactory()
    address = inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))
    controller = InboundController(hostname="127.0.0.1", port=unused_tcp_port, rate_limit=ClientRateLimit(10_000, 60))
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", unused_tcp_port, timeout=10) as client:
            try:
                client.sendmail("fuzz@example.com", [address], raw)
                accepted = True
            except smtplib.SMTPDataError as refused:
                accepted = False
                assert refused.smtp_code in (500, 552), refused
    finally:
        controller.stop()

    stored = InboundMessage.objects.filter(seller=seller).count()
    assert stored == (1 if accepted else 0)
