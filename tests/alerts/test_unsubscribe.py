"""Every alert email carries a per-member, per-kind unsubscribe link that works without logging in."""

import pytest
from django.core import signing
from django.test import Client

from alerts import services, tasks
from alerts.kinds import Kind
from alerts.models import AlertPreferences
from sellers import services as seller_services
from sellers.models import Membership

from ..factories import AmazonConnectionFactory, DailySendsFactory
from .conftest import parts

SITE = "http://mail-links.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def mail_client():
    """A client with no session that checks CSRF as a browser or a mail client meets it."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def reauth_email(tenant_a, mailoutbox, deliveries):
    with deliveries():
        seller_services.connection_needs_reauthorization(
            AmazonConnectionFactory(seller=tenant_a.seller), reason="revoked"
        )
    return mailoutbox[-1]


def link_of(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith(f"<{SITE}/") and header.endswith(">")
    return header[1:-1].removeprefix(SITE)


def owner_membership(tenant):
    return Membership.objects.get(user=tenant.owner, seller=tenant.seller)


def test_each_email_has_a_one_click_unsubscribe_link_in_its_headers_and_both_bodies(reauth_email):
    path = link_of(reauth_email)
    text, html = parts(reauth_email)

    assert reauth_email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert SITE + path in text and SITE + path in html


def test_opening_the_link_asks_first_and_changes_nothing(tenant_a, reauth_email, mail_client):
    response = mail_client.get(link_of(reauth_email))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Unsubscribe?" in page and tenant_a.owner.email in page and "Amazon account needs re-authorization" in page
    assert services.is_subscribed(owner_membership(tenant_a), Kind.REAUTHORIZATION)


def test_confirming_unsubscribes_without_a_login_or_csrf_token(tenant_a, reauth_email, mail_client):
    response = mail_client.post(link_of(reauth_email))

    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert not services.is_subscribed(owner_membership(tenant_a), Kind.REAUTHORIZATION)


def test_a_mail_clients_one_click_post_unsubscribes(tenant_a, reauth_email, mail_client):
    response = mail_client.post(
        link_of(reauth_email), data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert not services.is_subscribed(owner_membership(tenant_a), Kind.REAUTHORIZATION)


def test_after_unsubscribing_that_kind_stops_and_other_kinds_still_arrive(
    tenant_a, reauth_email, mail_client, mailoutbox, deliveries
):
    mail_client.post(link_of(reauth_email))
    tenant_a.seller.monthly_message_quota = 100
    tenant_a.seller.save()

    with deliveries():
        seller_services.connection_needs_reauthorization(
            AmazonConnectionFactory(seller=tenant_a.seller), reason="revoked too"
        )
        DailySendsFactory(seller=tenant_a.seller, sent=95)
        tasks.check_quota_usage()

    assert [m.subject for m in mailoutbox[1:]] == ["Acme Goods: 95% of this month's message quota used"]


def test_a_tampered_link_is_refused_and_changes_nothing(tenant_a, reauth_email, mail_client):
    path = link_of(reauth_email)
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = path.replace(token, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))

    response = mail_client.post(
        forged, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400 and "not valid" in response.content.decode()
    assert services.is_subscribed(owner_membership(tenant_a), Kind.REAUTHORIZATION)


def test_a_link_cannot_be_pointed_at_another_member(tenant_a, reauth_email, mail_client):
    token = link_of(reauth_email).rstrip("/").rsplit("/", 1)[1]
    payload, rest = token.split(":", 1)
    data = signing.b64_decode(payload.encode())
    manager = Membership.objects.get(user=tenant_a.manager)
    other = signing.b64_encode(data.replace(str(owner_membership(tenant_a).pk).encode(), str(manager.pk).encode()))

    response = mail_client.post(f"/alerts/unsubscribe/{other.decode()}:{rest}/")

    assert response.status_code == 400
    assert not AlertPreferences.objects.exists()


def test_a_token_signed_for_something_else_is_refused(tenant_a, mail_client):
    membership = owner_membership(tenant_a)
    other_purpose = signing.dumps(
        {"m": str(membership.pk), "u": membership.user_id, "k": "reauthorization"}, salt="sellers.amazon-connect"
    )

    response = mail_client.post(f"/alerts/unsubscribe/{other_purpose}/")

    assert response.status_code == 400
    assert services.is_subscribed(membership, Kind.REAUTHORIZATION)


def test_the_link_of_a_member_who_left_says_so(tenant_a, reauth_email, mail_client):
    owner_membership(tenant_a).delete()

    response = mail_client.get(link_of(reauth_email))

    assert response.status_code == 400 and "no longer a member" in response.content.decode()


def test_unsubscribing_from_the_digest_turns_it_off(tenant_a, mail_client):
    membership = owner_membership(tenant_a)

    mail_client.post(services.unsubscribe_url(membership, Kind.DIGEST).removeprefix(SITE))

    assert services.current_digest(membership) == "off"
    assert services.is_subscribed(membership, Kind.REAUTHORIZATION)


def test_the_links_in_emails_are_under_alerts(reauth_email):
    assert link_of(reauth_email).startswith("/alerts/unsubscribe/")
    assert f"{SITE}/alerts/preferences/" in parts(reauth_email)[1]


# -- links of emails sent while the app was named notices ------------------------------------------
def link_sent_before_the_rename(membership, kind) -> str:
    """An unsubscribe link as the emails sent before the rename carry it: their path, their salt."""
    token = signing.dumps({"m": str(membership.pk), "u": membership.user_id, "k": kind}, salt="notices.unsubscribe")
    return f"/notices/unsubscribe/{token}/"


def test_an_unsubscribe_link_sent_before_the_rename_moves_permanently_to_alerts(tenant_a, mail_client):
    old_link = link_sent_before_the_rename(owner_membership(tenant_a), Kind.REAUTHORIZATION)

    response = mail_client.get(old_link)

    assert response.status_code == 308
    assert response["Location"] == old_link.replace("/notices/", "/alerts/", 1)
    page = mail_client.get(response["Location"]).content.decode()
    assert "Unsubscribe?" in page and tenant_a.owner.email in page


def test_a_one_click_post_to_a_link_sent_before_the_rename_still_unsubscribes(tenant_a, mail_client):
    old_link = link_sent_before_the_rename(owner_membership(tenant_a), Kind.REAUTHORIZATION)

    response = mail_client.post(
        old_link, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded", follow=True
    )

    assert response.redirect_chain == [(old_link.replace("/notices/", "/alerts/", 1), 308)]
    assert response.status_code == 200 and response.content == b"Unsubscribed.\n"
    assert not services.is_subscribed(owner_membership(tenant_a), Kind.REAUTHORIZATION)


def test_the_preferences_link_sent_before_the_rename_moves_permanently_to_alerts(mail_client):
    response = mail_client.get("/notices/preferences/")

    assert (response.status_code, response["Location"]) == (308, "/alerts/preferences/")
