"""Writes with an Idempotency-Key are done once: a retry replays the first answer for 24 hours."""

import threading
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import idempotency
from api.models import IdempotentRequest
from optouts.lists import blocklist_lock
from optouts.models import BlockedBuyer

from ..conftest import wait_until
from .conftest import KeyClient, create_key, is_problem

BLOCKLIST = reverse("api:blocklist")
ORDER_ID = "111-7654321-7654321"


def key_header(key=None):
    return {"Idempotency-Key": key or str(uuid.uuid4())}


def test_a_retry_with_the_same_key_replays_the_first_answer(api_a):
    headers = key_header()

    first = api_a.post(BLOCKLIST, {"amazon_order_id": ORDER_ID}, headers=headers)
    retry = api_a.post(BLOCKLIST, {"amazon_order_id": ORDER_ID}, headers=headers)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json() and retry["Idempotent-Replayed"] == "true"
    assert BlockedBuyer.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(api_a):
    headers = key_header()
    api_a.post(BLOCKLIST, {"amazon_order_id": ORDER_ID}, headers=headers)

    response = api_a.post(BLOCKLIST, {"amazon_order_id": "111-1111111-1111111"}, headers=headers)

    assert is_problem(response, 422) and "another request" in response.json()["detail"]
    assert list(BlockedBuyer.objects.values_list("amazon_order_id", flat=True)) == [ORDER_ID]


def test_the_same_key_on_another_address_is_refused(api_a, tenant_a):
    headers = key_header()
    entry = api_a.post(BLOCKLIST, {"amazon_order_id": ORDER_ID}, headers=headers).json()

    response = api_a.delete(reverse("api:blocklist_entry", args=[entry["id"]]), headers=headers)

    assert is_problem(response, 422) and BlockedBuyer.objects.count() == 1


def test_a_key_is_forgotten_after_a_day(api_a):
    headers = key_header()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        api_a.post(BLOCKLIST, {"amazon_order_id": ORDER_ID}, headers=headers)
        clock.shift(timedelta(hours=24, seconds=1))
        response = api_a.post(BLOCKLIST, {"amazon_order_id": "111-1111111-1111111"}, headers=headers)

    assert response.status_code == 201 and BlockedBuyer.objects.count() == 2


def test_a_refused_write_keeps_nothing_under_its_key(api_a):
    headers = key_header()

    first = api_a.post(BLOCKLIST, {"amazon_order_id": "not an order"}, headers=headers)

    assert is_problem(first, 422) and not IdempotentRequest.objects.exists()


def test_keys_of_another_api_key_are_their_own(client, tenant_a, api_a):
    headers = key_header("retry-1")
    other = KeyClient(client, create_key(tenant_a, name="Another integration"))
    api_a.post(BLOCKLIST, {"amazon_order_id": ORDER_ID}, headers=headers)

    response = other.post(BLOCKLIST, {"amazon_order_id": "111-1111111-1111111"}, headers=headers)

    assert response.status_code == 201 and "Idempotent-Replayed" not in response


def test_an_idempotency_key_must_be_short_printable_ascii(api_a):
    response = api_a.post(BLOCKLIST, {"amazon_order_id": ORDER_ID}, headers=key_header("x" * 256))

    assert is_problem(response, 400) and response.json()["errors"][0]["parameter"] == "Idempotency-Key"
    assert not BlockedBuyer.objects.exists()


def test_expired_keys_are_deleted_hourly(api_a):
    api_a.post(BLOCKLIST, {"amazon_order_id": ORDER_ID}, headers=key_header())

    kept = idempotency.forget_expired(now=timezone.now() + timedelta(hours=23))
    forgotten = idempotency.forget_expired(now=timezone.now() + timedelta(hours=25))

    assert (kept, forgotten) == (0, 1)


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_once_write_once(tenant_a):
    key = create_key(tenant_a)
    headers = key_header()
    answers = []

    def post():
        try:
            answers.append(KeyClient(Client(), key).post(BLOCKLIST, {"amazon_order_id": ORDER_ID}, headers=headers))
        finally:
            connections.close_all()

    # Hold the seller's blocklist lock: the first request claims the key and waits inside its
    # write, the second waits on the claimed key; both are in flight together.
    with transaction.atomic():
        blocklist_lock([tenant_a.seller.pk], shared=False)
        threads = [threading.Thread(target=post) for _ in range(2)]
        for thread in threads:
            thread.start()
        assert wait_until(lambda: waiting_backends() >= 2, timeout=20)
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(a.status_code for a in answers) == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert sum(a.has_header("Idempotent-Replayed") for a in answers) == 1
    assert BlockedBuyer.objects.count() == 1


def waiting_backends() -> int:
    with connection.cursor() as cursor:
        # The statistics views are snapshotted once per transaction, and the test holds one open.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


def test_a_retried_delete_replays_its_204_rather_than_a_404(api_a):
    headers = key_header()
    entry = api_a.post(BLOCKLIST, {"amazon_order_id": ORDER_ID}).json()
    url = reverse("api:blocklist_entry", args=[entry["id"]])

    first, retry = api_a.delete(url, headers=headers), api_a.delete(url, headers=headers)

    assert (first.status_code, retry.status_code) == (204, 204) and retry["Idempotent-Replayed"] == "true"
