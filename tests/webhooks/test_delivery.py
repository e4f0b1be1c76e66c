"""Delivering events to a real HTTP receiver: signed per Standard Webhooks, in order per endpoint,
retried with back-off for three days, at least once; a failing endpoint is turned off."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from eventlog import types
from eventlog.services import record_event
from webhooks import delivery, services, tasks
from webhooks.models import Delivery, DeliveryAttempt, Endpoint

pytestmark = pytest.mark.django_db


def happen(seller, n=1, type_=types.MESSAGE_SENT):
    for i in range(n):
        with transaction.atomic():
            record_event(seller, type_, {"order_id": f"111-0000000-{i:07d}", "n": i})


def order_numbers(receiver):
    return [json.loads(r.body)["data"]["n"] for r in receiver.requests]


def test_the_receiver_verifies_a_delivered_event_with_the_standardwebhooks_package(
    tenant_a, receiver, sender, endpoint_for
):
    endpoint = endpoint_for(receiver.url)
    happen(tenant_a.seller)

    delivery.deliver_pending(sender=sender)

    (request,) = receiver.requests
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload["type"] == "message.sent"
    assert payload["data"]["order_id"] == "111-0000000-0000000"
    assert payload["data"]["seller_id"] == str(tenant_a.seller.pk)
    assert request.headers["webhook-id"].startswith("msg_")
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(request.body.replace(b"111-", b"999-"), request.headers)
    stored = Delivery.objects.get()
    assert (stored.state, stored.attempts, stored.last_status) == (Delivery.State.DELIVERED, 1, 200)


def test_during_a_rotation_both_secrets_sign_and_after_it_only_the_new_one(tenant_a, receiver, sender, endpoint_for):
    endpoint = endpoint_for(receiver.url)
    old = endpoint.secret
    now = timezone.now()
    services.secret_rotate(endpoint=endpoint, now=now)
    happen(tenant_a.seller)

    delivery.deliver_pending(now=now, sender=sender)
    first = receiver.requests[-1]
    Webhook(old).verify(first.body, first.headers)
    Webhook(endpoint.secret).verify(first.body, first.headers)
    assert len(first.headers["webhook-signature"].split(" ")) == 2

    later = now + services.overlap() + timedelta(seconds=1)
    happen(tenant_a.seller)
    delivery.deliver_pending(now=later, sender=sender)
    second = receiver.requests[-1]
    assert len(second.headers["webhook-signature"].split(" ")) == 1
    signature = Webhook(endpoint.secret).sign(second.headers["webhook-id"], later, second.body)
    assert second.headers["webhook-signature"] == signature


def test_a_later_event_waits_for_an_earlier_one_that_failed(tenant_a, receiver, sender, endpoint_for):
    endpoint_for(receiver.url)
    happen(tenant_a.seller, 3)
    receiver.status = 503
    now = timezone.now()

    delivery.deliver_pending(now=now, sender=sender)

    assert order_numbers(receiver) == [0]  # the first failed; the others were not tried
    waiting = Delivery.objects.filter(state=Delivery.State.PENDING).order_by("event_seq")
    assert [d.attempts for d in waiting] == [1, 0, 0]
    receiver.status = 200

    delivery.deliver_pending(now=now + timedelta(minutes=5), sender=sender)

    assert order_numbers(receiver) == [0, 0, 1, 2]
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.DELIVERED}


def test_each_retry_waits_about_twice_as_long_as_the_one_before(tenant_a, receiver, sender, endpoint_for, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 10
    endpoint_for(receiver.url)
    happen(tenant_a.seller)
    receiver.status = 500
    now, waits = timezone.now(), []

    for _ in range(5):
        delivery.deliver_pending(now=now, sender=sender)
        next_at = Delivery.objects.get().next_attempt_at
        waits.append((next_at - now).total_seconds())
        now = next_at

    # Doubling from 10 s, each spread over half to one and a half times (jitter).
    for attempt, wait in enumerate(waits):
        assert 0.5 * 10 * 2**attempt <= wait <= 1.5 * 10 * 2**attempt
    assert DeliveryAttempt.objects.count() == 5


def test_a_delivery_failing_for_three_days_is_given_up_and_the_next_goes(tenant_a, receiver, sender, endpoint_for):
    endpoint = endpoint_for(receiver.url)
    happen(tenant_a.seller, 2)
    delivery.fan_out(timezone.now())
    first_id = Delivery.objects.order_by("event_seq").first().pk
    poisoned = {}

    def answer(request):
        poisoned.setdefault("id", request.headers["webhook-id"])
        return (400, b"bad") if request.headers["webhook-id"] == poisoned["id"] else (200, b"ok")

    receiver.answer = answer
    now = timezone.now()
    delivery.deliver_pending(now=now, sender=sender)
    Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)  # it also succeeded meanwhile, say

    delivery.deliver_pending(now=now + timedelta(hours=72), sender=sender)

    given_up = Delivery.objects.get(pk=first_id)
    assert (given_up.state, given_up.last_status) == (Delivery.State.FAILED, 400)
    assert order_numbers(receiver) == [0, 0, 1]
    assert Delivery.objects.exclude(pk=first_id).get().state == Delivery.State.DELIVERED


def test_an_endpoint_failing_for_a_day_is_turned_off_and_its_owners_mailed(
    tenant_a, receiver, sender, endpoint_for, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks.mail_endpoint_disabled, "delay", tasks.mail_endpoint_disabled)
    endpoint = endpoint_for(receiver.url, [types.MESSAGE_SENT])
    happen(tenant_a.seller)
    receiver.status, receiver.body = 500, b"database is down"
    now = timezone.now()
    delivery.deliver_pending(now=now, sender=sender)

    with django_capture_on_commit_callbacks(execute=True):
        report = delivery.deliver_pending(now=now + timedelta(hours=24), sender=sender)

    endpoint.refresh_from_db()
    assert report.disabled == 1 and not endpoint.enabled
    assert "failing every delivery for 24 hours" in endpoint.disabled_reason
    assert [m.to for m in mail.outbox] == [[tenant_a.owner.email]]
    assert endpoint.url_display in mail.outbox[0].body
    # Turned off, it is sent nothing more, and new events are not kept for it.
    happen(tenant_a.seller)
    delivery.deliver_pending(now=now + timedelta(hours=48), sender=sender)
    assert len(receiver.requests) == 2 and Delivery.objects.count() == 1


def test_turned_on_again_it_gets_what_waited(tenant_a, receiver, sender, endpoint_for):
    endpoint = endpoint_for(receiver.url)
    happen(tenant_a.seller)
    services.endpoint_disable(endpoint=endpoint, reason="by hand")
    delivery.deliver_pending(sender=sender)
    assert receiver.requests == []

    services.endpoint_enable(endpoint=endpoint)
    delivery.deliver_pending(sender=sender)

    assert order_numbers(receiver) == [0]


def test_a_replay_sends_the_same_message_with_the_same_webhook_id(tenant_a, receiver, sender, endpoint_for):
    endpoint = endpoint_for(receiver.url)
    happen(tenant_a.seller)
    delivery.deliver_pending(sender=sender)

    services.delivery_replay(delivery=Delivery.objects.get())
    delivery.deliver_pending(sender=sender)

    first, again = receiver.requests
    assert first.headers["webhook-id"] == again.headers["webhook-id"] and first.body == again.body
    Webhook(endpoint.secret).verify(again.body, again.headers)
    assert Delivery.objects.get().attempts == 2


def test_the_test_event_goes_to_its_endpoint_only(tenant_a, receiver, sender, endpoint_for):
    endpoint = endpoint_for(receiver.url)
    other = endpoint_for(receiver.url.replace("/hooks", "/other"))

    services.endpoint_send_test(endpoint=endpoint)
    delivery.deliver_pending(sender=sender)

    (request,) = receiver.requests
    assert request.path == "/hooks" and json.loads(request.body)["type"] == "webhook.test"
    assert not other.deliveries.exists()


def test_a_slack_endpoint_gets_a_readable_message(tenant_a, receiver, sender, endpoint_for):
    endpoint_for(receiver.url, [types.FEEDBACK_NEGATIVE], fmt="slack")
    with transaction.atomic():
        record_event(
            tenant_a.seller,
            types.FEEDBACK_NEGATIVE,
            {
                "order_id": "111-2222222-3333333",
                "marketplace_id": "ATVPDKIKX0DER",
                "rating": 1,
                "comment": "<b>Broken</b> & late",
            },
        )

    delivery.deliver_pending(sender=sender)

    (request,) = receiver.requests
    assert json.loads(request.body) == {
        "text": "FeedbackHub: :rotating_light: 1-star feedback on order 111-2222222-3333333 on Amazon.com: "
        "“&lt;b&gt;Broken&lt;/b&gt; &amp; late”"
    }


def test_a_redirect_is_a_failure_and_is_not_followed(tenant_a, receiver, sender, endpoint_for):
    endpoint_for(receiver.url)
    receiver.status, receiver.location = 302, "http://127.0.0.1:9/elsewhere"
    happen(tenant_a.seller)

    delivery.deliver_pending(sender=sender)

    stored = Delivery.objects.get()
    assert len(receiver.requests) == 1
    assert (stored.state, stored.last_status) == (Delivery.State.PENDING, 302)
    assert "redirects are not followed" in stored.last_error


def test_a_receiver_that_stalls_is_given_up_on_at_the_timeout(tenant_a, receiver, settings, endpoint_for):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    receiver.stall_seconds = 2
    endpoint_for(receiver.url)
    happen(tenant_a.seller)
    sender = delivery.default_sender()

    try:
        delivery.deliver_pending(sender=sender)
    finally:
        sender.close()

    attempt = DeliveryAttempt.objects.get()
    assert attempt.error == "no answer within 0.5 seconds"
    assert attempt.duration_ms < 1500


def test_only_the_start_of_a_huge_answer_is_read_and_kept(tenant_a, receiver, sender, endpoint_for):
    receiver.body = b"x" * (8 * 1024 * 1024)
    endpoint_for(receiver.url)
    happen(tenant_a.seller)

    delivery.deliver_pending(sender=sender)

    stored = Delivery.objects.get()
    assert stored.state == Delivery.State.DELIVERED
    assert len(stored.last_response) == 1000
