"""Delivery: real templates through Django's mail backends, each member once, a failing server retried."""

import threading
from datetime import timedelta

import pytest
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from alerts import content, services, tasks
from alerts.models import Alert, AlertDelivery
from sellers import services as seller_services
from sellers.models import Role

from ..base import make_tenant
from ..conftest import wait_until
from ..factories import AlertFactory, AmazonConnectionFactory, MembershipFactory, UserFactory
from . import smtp
from .conftest import parts


@pytest.fixture
def smtp_server(settings, unused_tcp_port):
    controller, receiver = smtp.start(unused_tcp_port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", unused_tcp_port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.EMAIL_TIMEOUT = 5
    yield receiver
    controller.stop()


def quota_alert(seller):
    return AlertFactory(seller=seller, kind="quota", key="2026-03:90")


def second_owner(tenant, email="co-owner@acme-goods.example.com"):
    return MembershipFactory(seller=tenant.seller, user=UserFactory(email=email), role=Role.OWNER).user


def test_an_email_has_a_text_part_an_html_part_and_the_automatic_mail_headers(tenant_a, mailoutbox):
    services.alert_deliver(quota_alert(tenant_a.seller).pk)

    (message,) = mailoutbox
    text, html = parts(message)
    assert "Amazon accepted 9,000 of the 10,000 messages" in text
    assert html.startswith("<!DOCTYPE html>") and "Amazon accepted <strong>9,000</strong>" in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "You are an owner of Acme Goods." in text


def test_each_member_gets_their_own_email_and_link(tenant_a, mailoutbox):
    co_owner = second_owner(tenant_a)

    services.alert_deliver(quota_alert(tenant_a.seller).pk)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([tenant_a.owner.email, co_owner.email])
    assert mailoutbox[0].extra_headers["List-Unsubscribe"] != mailoutbox[1].extra_headers["List-Unsubscribe"]


def test_an_alert_delivered_again_mails_nobody_twice(tenant_a, mailoutbox):
    alert = quota_alert(tenant_a.seller)
    services.alert_deliver(alert.pk)
    Alert.objects.filter(pk=alert.pk).update(delivered_at=None)  # as if the task ran twice

    services.alert_deliver(alert.pk)

    assert len(mailoutbox) == 1 and AlertDelivery.objects.count() == 1


def test_an_event_that_rolls_back_mails_nobody(tenant_a, mailoutbox, deliveries):
    with deliveries(), pytest.raises(RuntimeError), transaction.atomic():
        seller_services.connection_needs_reauthorization(
            AmazonConnectionFactory(seller=tenant_a.seller), reason="revoked"
        )
        raise RuntimeError("the sync failed later")

    assert mailoutbox == [] and not Alert.objects.exists()


def test_a_broker_that_is_down_does_not_break_the_event_and_the_sweep_finds_the_alert(
    tenant_a, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(alert_id):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.deliver_alert, "delay", broker_down)
    connection = AmazonConnectionFactory(seller=tenant_a.seller)
    with django_capture_on_commit_callbacks(execute=True):
        seller_services.connection_needs_reauthorization(connection, reason="revoked")

    alert = Alert.objects.get()
    assert services.alerts_redeliver() == []  # give the task its chance first
    assert services.alerts_redeliver(now=timezone.now() + timedelta(minutes=11)) == [str(alert.pk)]


def test_the_sweep_leaves_delivered_alerts_and_retries_that_are_not_due(tenant_a):
    now = timezone.now()
    AlertFactory(seller=tenant_a.seller, created_at=now - timedelta(hours=1), delivered_at=now)
    AlertFactory(
        seller=tenant_a.seller, created_at=now - timedelta(hours=1), retry_at=now + timedelta(minutes=5), attempts=3
    )
    AlertFactory(seller=tenant_a.seller, created_at=now - timedelta(hours=1), attempts=services.MAX_ATTEMPTS)
    late = AlertFactory(
        seller=tenant_a.seller, created_at=now - timedelta(hours=1), retry_at=now - timedelta(minutes=20), attempts=3
    )

    assert services.alerts_redeliver(now=now) == [str(late.pk)]


def test_a_mail_server_that_is_down_leaves_the_alert_for_a_retry(tenant_a, settings, smtp_server):
    alert = quota_alert(tenant_a.seller)
    settings.ALERT_RETRY_BASE_SECONDS = 60
    smtp_server.fail_next = 1

    result = services.alert_deliver(alert.pk)

    alert.refresh_from_db()
    assert result.retry_in == 60 and result.sent == []
    assert (alert.attempts, alert.delivered_at, AlertDelivery.objects.count()) == (1, None, 0)
    assert "451" in alert.last_error
    assert services.alert_deliver(alert.pk).sent == [tenant_a.owner.email]
    assert len(smtp_server.messages) == 1


def test_retries_back_off_and_stop(settings):
    settings.ALERT_RETRY_BASE_SECONDS = 60

    assert [services.retry_delay(n) for n in (1, 2, 3, 7, 8, 12)] == [60, 120, 240, 3600, 3600, 3600]


def test_an_address_the_server_refuses_for_good_is_recorded_and_the_others_are_mailed(tenant_a, smtp_server):
    co_owner = second_owner(tenant_a)
    smtp_server.refuse = {tenant_a.owner.email}
    alert = quota_alert(tenant_a.seller)

    result = services.alert_deliver(alert.pk)

    assert result.refused == [tenant_a.owner.email] and result.sent == [co_owner.email]
    assert [m["To"] for m in smtp_server.messages] == [co_owner.email]
    refused = AlertDelivery.objects.get(user=tenant_a.owner)
    assert refused.sent_at is None and "550" in refused.error
    alert.refresh_from_db()
    assert alert.delivered_at is not None


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_alert_mail_each_member_once(mailoutbox, monkeypatch):
    monkeypatch.setattr(tasks.deliver_alert, "delay", lambda alert_id: None)
    tenant = make_tenant("Acme Goods")
    second_owner(tenant)
    second_owner(tenant, "third-owner@acme-goods.example.com")
    alert = quota_alert(tenant.seller)
    start = threading.Barrier(4)

    def deliver():
        try:
            start.wait(timeout=10)
            services.alert_deliver(alert.pk)
        finally:
            db_connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(mailoutbox) == 3 and len({m.to[0] for m in mailoutbox}) == 3
    assert AlertDelivery.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_is_retried_by_the_worker_until_it_accepts(settings, smtp_server, celery_worker):
    """The whole path: the event commits, a real worker delivers over real SMTP, the server
    answers 451 twice, the task reschedules itself, and the email arrives once."""
    settings.ALERT_RETRY_BASE_SECONDS = 0.2
    smtp_server.fail_next = 2
    tenant = make_tenant("Acme Goods")

    seller_services.connection_needs_reauthorization(AmazonConnectionFactory(seller=tenant.seller), reason="revoked")

    assert wait_until(lambda: Alert.objects.filter(delivered_at__isnull=False).exists(), timeout=30)
    alert = Alert.objects.get()
    assert (smtp_server.failed, alert.attempts, len(smtp_server.messages)) == (2, 3, 1)
    (received,) = smtp_server.messages
    assert received["To"] == tenant.owner.email and received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert {part.get_content_type() for part in received.walk()} >= {"text/plain", "text/html"}


def test_an_alert_that_cannot_be_rendered_is_retried_like_a_mail_failure(tenant_a, mailoutbox, monkeypatch):
    alert = quota_alert(tenant_a.seller)
    monkeypatch.setattr(content, "build", lambda alert: 1 / 0)

    result = services.alert_deliver(alert.pk)

    alert.refresh_from_db()
    assert result.retry_in is not None and alert.attempts == 1 and "ZeroDivisionError" in alert.last_error
    assert mailoutbox == []
