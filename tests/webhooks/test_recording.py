"""The event log is an outbox: an event exists exactly when the change it reports committed."""

import pytest
from django.db import transaction

from eventlog import types
from eventlog.models import Event
from eventlog.services import record_event

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


def test_a_committed_transaction_writes_exactly_one_event(tenant_a, endpoint_for):
    endpoint_for("https://hooks.example.com/a", [types.MESSAGE_SENT])

    with transaction.atomic():
        record_event(tenant_a.seller, types.MESSAGE_SENT, {"order_id": "111-0000000-0000001"})

    event = Event.objects.get()
    assert (event.type, event.data["order_id"], str(event.seller_id)) == (
        types.MESSAGE_SENT,
        "111-0000000-0000001",
        str(tenant_a.seller.pk),
    )


def test_a_rolled_back_transaction_writes_no_event(tenant_a, endpoint_for):
    endpoint_for("https://hooks.example.com/a", [types.MESSAGE_SENT])

    with pytest.raises(Boom), transaction.atomic():
        record_event(tenant_a.seller, types.MESSAGE_SENT, {"order_id": "111-0000000-0000001"})
        raise Boom

    assert Event.objects.count() == 0


def test_events_nobody_subscribed_to_are_not_written(tenant_a, tenant_b, endpoint_for):
    endpoint_for("https://hooks.example.com/a", [types.OPTOUT_LEARNED])

    written = record_event(tenant_a.seller, types.MESSAGE_SENT, {}) + record_event(
        tenant_b.seller, types.OPTOUT_LEARNED, {}
    )

    assert written == 0 and Event.objects.count() == 0


def test_an_event_with_a_key_is_written_once(tenant_a, endpoint_for):
    endpoint_for("https://hooks.example.com/a", [types.QUOTA_NEARLY_USED])

    first = record_event(tenant_a.seller, types.QUOTA_NEARLY_USED, {"percent": 90}, key="2026-05")
    again = record_event(tenant_a.seller, types.QUOTA_NEARLY_USED, {"percent": 90}, key="2026-05")

    assert (first, again, Event.objects.count()) == (1, 0, 1)


def test_a_disabled_endpoint_stops_its_events_being_written(tenant_a, endpoint_for):
    from webhooks import services

    endpoint = endpoint_for("https://hooks.example.com/a", [types.MESSAGE_SENT])
    services.endpoint_disable(endpoint=endpoint, reason="test")

    assert record_event(tenant_a.seller, types.MESSAGE_SENT, {}) == 0
