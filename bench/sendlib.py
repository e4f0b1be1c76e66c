"""What the sending benchmarks share: a sandbox Amazon, staged sellers, real Celery sender workers."""

import time
from collections import Counter

import benchlib  # noqa: F401 - puts the project on the path

from tests.senders import Senders  # noqa: F401 - re-exported for the benches


def wait_until_done(timeout: float, *, on_tick=None) -> bool:
    from campaigns.models import Dispatch

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Dispatch.objects.filter(state__in=Dispatch.OPEN_STATES).exists():
            return True
        if on_tick:
            on_tick()
        time.sleep(0.25)
    return False


def duplicates(messages) -> int:
    """Orders the sandbox accepted the same message type for more than once."""
    counts = Counter((m["order_id"], m["kind"]) for m in messages)
    return sum(n - 1 for n in counts.values() if n > 1)


def point_django_at(sandbox_url: str):
    from django.conf import settings

    settings.SPAPI_ENDPOINT_OVERRIDE = sandbox_url
    settings.LWA_TOKEN_URL_OVERRIDE = f"{sandbox_url}/auth/o2/token"
