"""Authorizations last 365 days: owners are warned 30 and 7 days before, and an expired one pauses."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from sellers import services
from sellers.models import AmazonConnection

from ..factories import AmazonConnectionFactory


def expiring(tenant, days):
    now = timezone.now()
    return AmazonConnectionFactory(
        seller=tenant.seller, store_name="Trail Store", expires_at=now + timedelta(days=days, hours=1)
    )


def test_owners_are_warned_30_days_before_expiry(tenant_a, mailoutbox):
    expiring(tenant_a, 29)

    services.connections_check_expiry()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [tenant_a.owner.email]
    assert "expires in 29 days" in mailoutbox[0].subject


def test_each_warning_is_sent_once(tenant_a, mailoutbox):
    expiring(tenant_a, 29)

    services.connections_check_expiry()
    services.connections_check_expiry()

    assert len(mailoutbox) == 1


def test_a_second_warning_comes_7_days_before(tenant_a, mailoutbox):
    connection = expiring(tenant_a, 29)
    services.connections_check_expiry()

    services.connections_check_expiry(now=connection.expires_at - timedelta(days=6, hours=12))

    assert len(mailoutbox) == 2 and "expires in 6 days" in mailoutbox[1].subject


def test_no_warning_long_before_expiry(tenant_a, mailoutbox):
    expiring(tenant_a, 200)

    services.connections_check_expiry()

    assert mailoutbox == []


def test_an_expired_authorization_pauses_as_needs_reauthorization(tenant_a, client):
    connection = expiring(tenant_a, 5)

    services.connections_check_expiry(now=connection.expires_at + timedelta(minutes=1))

    connection.refresh_from_db()
    assert connection.status == AmazonConnection.Status.NEEDS_REAUTH
    client.force_login(tenant_a.viewer)
    assert "has expired" in client.get(reverse("amazon_accounts")).content.decode()


def test_the_dashboard_warns_before_expiry(tenant_a, client):
    expiring(tenant_a, 20)
    client.force_login(tenant_a.manager)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Authorize again to keep it running" in page
