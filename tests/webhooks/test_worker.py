"""Through a real Celery worker: an event's commit starts the deliverer; beat's pass catches a
start that was lost."""

import pytest
from django.db import transaction
from standardwebhooks import Webhook

from eventlog import types
from eventlog.services import record_event
from webhooks import tasks

from ..conftest import wait_until


@pytest.fixture
def short_runs(settings):
    settings.WEBHOOK_RUNNER_SECONDS = 2


def test_a_committed_event_reaches_the_receiver_signed(short_runs, celery_worker, tenant_a, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, [types.OPTOUT_LEARNED])

    with transaction.atomic():
        record_event(tenant_a.seller, types.OPTOUT_LEARNED, {"order_id": "111-0000000-0000009"})

    assert wait_until(lambda: receiver.requests, timeout=20)
    payload = Webhook(endpoint.secret).verify(receiver.requests[0].body, receiver.requests[0].headers)
    assert payload["type"] == "optout.learned"


def test_beat_delivers_an_event_whose_start_was_lost(
    short_runs, celery_worker, tenant_a, receiver, endpoint_for, monkeypatch
):
    endpoint_for(receiver.url)
    with monkeypatch.context() as lost:
        lost.setattr(tasks, "start_deliverer", lambda: None)
        with transaction.atomic():
            record_event(tenant_a.seller, types.MESSAGE_SENT, {"order_id": "111-0000000-0000010"})
    assert not wait_until(lambda: receiver.requests, timeout=1)

    tasks.catch_up()

    assert wait_until(lambda: receiver.requests, timeout=20)
