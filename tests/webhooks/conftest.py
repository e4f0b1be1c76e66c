import pytest

from webhooks import delivery, services

# The live app, and Chromium on a thread of its own (tests/e2e holds the session's in the main thread).
from ..notices.conftest import app, chromium  # noqa: F401
from .receiver import Receiver


@pytest.fixture
def receiver():
    started = Receiver()
    yield started
    started.stop()


@pytest.fixture
def sender(settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 2.0
    made = delivery.default_sender()
    yield made
    made.close()


@pytest.fixture
def endpoint_for(tenant_a):
    """An endpoint of tenant A's seller for `url`, subscribed to `types`, made as an owner does."""

    def make(url, types=("message.sent",), *, seller=None, fmt="standard"):
        return services.endpoint_create(
            seller=seller or tenant_a.seller, url=url, format=fmt, event_types=list(types), user=tenant_a.owner
        )

    return make
