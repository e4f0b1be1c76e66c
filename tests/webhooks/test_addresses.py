"""No server-side request forgery: webhooks go to public addresses only, checked after DNS
resolution, and the connection goes to the address that was checked."""

import socket

import pytest
from django.core.exceptions import ValidationError

from webhooks import http, services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # the cloud metadata service
        "fe80::1",
        "fd00::1",
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "0.0.0.0",  # noqa: S104 - an address refused, not one bound to
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "224.0.0.1",
        "240.0.0.1",
    ],
)
def test_non_global_addresses_are_refused(address):
    assert not http.address_allowed(address, allow_loopback=False)


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert http.address_allowed(address, allow_loopback=False)


def test_the_loopback_setting_opens_loopback_and_nothing_else():
    assert http.address_allowed("127.0.0.1", allow_loopback=True)
    assert http.address_allowed("::1", allow_loopback=True)
    assert not http.address_allowed("10.0.0.1", allow_loopback=True)
    assert not http.address_allowed("169.254.169.254", allow_loopback=True)


def _sender(allow_loopback):
    return http.Sender(timeout=2, allow_loopback=allow_loopback)


def test_in_production_a_loopback_receiver_is_never_called(receiver):
    sender = _sender(allow_loopback=False)
    try:
        answer = sender.post(receiver.url, b"{}", {})
        by_name = sender.post(receiver.url.replace("127.0.0.1", "localhost"), b"{}", {})
    finally:
        sender.close()

    assert answer.error.startswith("refused: 127.0.0.1 resolves to 127.0.0.1")
    assert by_name.error.startswith("refused: localhost resolves to")
    assert receiver.requests == []


def test_a_name_that_resolves_to_a_private_address_is_refused_before_connecting(monkeypatch):
    lookups = []

    def resolver(host, port, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(http.socket, "getaddrinfo", resolver)
    sender = _sender(allow_loopback=True)
    try:
        answer = sender.post("http://hooks.example.com/in", b"{}", {})
    finally:
        sender.close()

    assert lookups == ["hooks.example.com"]
    assert answer.status is None and "10.0.0.7, a private or local address" in answer.error


def test_the_connection_goes_to_the_address_that_was_checked(monkeypatch, receiver):
    # DNS rebinding: the first answer passes the check, any later one would point inside. The
    # client never asks twice: it connects to the checked address and keeps the URL's Host.
    answers = iter(["127.0.0.1", "10.0.0.7", "10.0.0.7"])
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(http.socket, "getaddrinfo", rebinding)
    sender = _sender(allow_loopback=True)
    try:
        answer = sender.post(receiver.url.replace("127.0.0.1", "rebind.example"), b"{}", {})
    finally:
        sender.close()

    assert answer.status == 200
    (request,) = receiver.requests
    assert request.headers["host"].startswith("rebind.example:")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://example.com/x", "Enter a full web address"),
        ("https://10.0.0.1/hook", "private or local"),
        ("https://169.254.169.254/latest/meta-data", "private or local"),
        ("https://[::1]:8080/x", "private or local"),
        ("https://localhost/x", "private or local"),
        ("https://example.com:99999/x", "port"),
    ],
)
def test_an_owner_entering_a_private_address_is_told_why_in_plain_words(tenant_a, settings, url, problem):
    settings.WEBHOOK_ALLOW_LOOPBACK = False

    with pytest.raises(ValidationError) as refused:
        services.endpoint_create(seller=tenant_a.seller, url=url, format="standard", event_types=["message.sent"])

    assert problem in " ".join(refused.value.messages)


def test_production_asks_for_https(tenant_a, settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True

    with pytest.raises(ValidationError) as refused:
        services.endpoint_create(
            seller=tenant_a.seller, url="http://hooks.example.com/x", format="standard", event_types=["message.sent"]
        )

    assert "https://" in " ".join(refused.value.messages)
