import os

import pytest
from django.core.cache import cache

from .base import make_tenant
from .factories import UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth keeps rate-limit counters in the cache (Redis); start every test clean.
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _forget_the_optout_mirror():
    # The planner's in-memory copy of the opt-out table lives for the process: start every test
    # without one, as a test's rows are gone after it.
    from optouts.mirror import mirror

    mirror().clear()
    yield
    mirror().clear()


@pytest.fixture
def tenant_a(db):
    return make_tenant("Acme Goods")


@pytest.fixture
def tenant_b(db):
    return make_tenant("Bolt Supply")


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.com")


@pytest.fixture
def artifacts_dir():
    path = os.environ.get("TEST_ARTIFACTS_DIR", "var/test-artifacts")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture
def unused_tcp_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def sandbox():
    """One sandbox Amazon for the session: 3 sellers (NA, EU, FE) with 120 orders each."""
    from .sandboxes import SandboxProcess

    process = SandboxProcess()
    yield process
    process.stop()


@pytest.fixture
def fresh_sandbox():
    """A sandbox of one's own, for tests that change its state or its faults."""
    from .sandboxes import SandboxProcess

    started = []

    def start(**options):
        started.append(SandboxProcess(**options))
        return started[-1]

    yield start
    for process in started:
        process.stop()


@pytest.fixture
def use_sandbox(settings):
    """Point the product's SP-API clients at a sandbox, as SPAPI_ENDPOINT_OVERRIDE does in production code."""
    from sp_api.auth import access_token_client

    def point_at(process):
        settings.SPAPI_ENDPOINT_OVERRIDE = process.url
        settings.LWA_TOKEN_URL_OVERRIDE = f"{process.url}/auth/o2/token"
        access_token_client.cache.clear()
        return process

    yield point_at
    access_token_client.cache.clear()


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in this process, consuming the test Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from config.celery_app import app

    with start_worker(
        app, pool="threads", concurrency=2, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=15
    ):
        yield
    from django.db import connections

    connections.close_all()


def wait_until(predicate, timeout=10.0, interval=0.05):
    """Poll for work another process or thread is doing (a Celery worker, a server)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
