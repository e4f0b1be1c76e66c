"""Faults with real sender workers: a worker killed with SIGKILL mid-run loses and doubles nothing."""

import time
from collections import Counter

import pytest
from django.db import connection as db_connection

from campaigns.models import Dispatch
from messaging import queue
from tests import outbox_world
from tests.senders import Senders
from tests.servers import can_restart_servers, restart_postgres, restart_redis


@pytest.fixture
def senders_for(transactional_db, fresh_sandbox, use_sandbox):
    started = []

    def start(sandbox, count=1):
        senders = Senders(
            sandbox.url,
            count,
            pump_seconds=5,
            extra_env={
                # The workers use the test database, and give up a dead worker's leases quickly.
                "DATABASE_URL": _test_database_url(),
                "OUTBOX_LEASE_SECONDS": "3",
            },
        )
        started.append(senders)
        return senders

    yield start
    for senders in started:
        senders.stop()


def _test_database_url():
    import os

    base, _, _ = os.environ["DATABASE_URL"].rpartition("/")
    return f"{base}/{db_connection.settings_dict['NAME']}"


def _open():
    return Dispatch.objects.filter(state__in=Dispatch.OPEN_STATES).count()


def _run_started(fresh_sandbox, use_sandbox, senders_for, *, orders, sent_first):
    """One seller's `orders` due review requests, a real sender working on them at 2 a second
    (a run of about half a minute), and `sent_first` of them already sent."""
    amazon = use_sandbox(fresh_sandbox(sellers=1, orders=0, rate_scale=2))
    partner = amazon.sellers()[0]
    outbox_world.stage_seller(amazon, partner, orders)
    senders = senders_for(amazon)
    queue.rebuild()
    senders.kick()
    deadline = time.monotonic() + 60
    while Dispatch.objects.filter(state="sent").count() < sent_first and time.monotonic() < deadline:
        time.sleep(0.1)
    assert Dispatch.objects.filter(state="sent").count() >= sent_first, "the first worker never got going"
    return amazon, partner, senders


def test_a_worker_killed_mid_run_loses_nothing_and_sends_nothing_twice(fresh_sandbox, use_sandbox, senders_for):
    amazon, partner, senders = _run_started(fresh_sandbox, use_sandbox, senders_for, orders=60, sent_first=15)

    Senders.kill_hard(senders.processes[0])
    killed_with_open = _open()
    senders.start()
    deadline = time.monotonic() + 120
    while _open() and time.monotonic() < deadline:
        senders.kick()  # beat's job: restart the pump whose slot lapsed
        time.sleep(1)

    assert killed_with_open > 0
    assert _open() == 0
    assert Counter(Dispatch.objects.values_list("state", flat=True)) == {"sent": 60}
    accepted = Counter(m["order_id"] for m in amazon.messages(partner["selling_partner_id"]))
    assert len(accepted) == 60 and set(accepted.values()) == {1}


needs_servers = pytest.mark.skipif(not can_restart_servers(), reason="make test starts the servers these tests restart")


@needs_servers
@pytest.mark.parametrize("restart", [restart_redis, restart_postgres], ids=["redis", "postgres"])
def test_a_run_survives_a_server_restart_without_losing_or_doubling(restart, fresh_sandbox, use_sandbox, senders_for):
    amazon, partner, senders = _run_started(fresh_sandbox, use_sandbox, senders_for, orders=50, sent_first=12)

    restart()
    deadline = time.monotonic() + 120
    while _open() and time.monotonic() < deadline:
        try:
            senders.kick()
        except Exception:  # noqa: BLE001, S110 - Redis may still be starting: beat would try again too
            pass
        time.sleep(1)

    assert _open() == 0
    assert Counter(Dispatch.objects.values_list("state", flat=True)) == {"sent": 50}
    accepted = Counter(m["order_id"] for m in amazon.messages(partner["selling_partner_id"]))
    assert len(accepted) == 50 and set(accepted.values()) == {1}
