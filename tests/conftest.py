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
