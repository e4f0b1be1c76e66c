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


def cpu_seconds_by_program() -> dict[str, float]:
    """CPU seconds used so far by every process, summed by program (sandbox, sender, postgres, ...)."""
    import os

    tick = os.sysconf("SC_CLK_TCK")
    totals: dict[str, float] = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat, open(f"/proc/{pid}/cmdline", "rb") as cmd:
                fields = stat.read().rsplit(")", 1)[1].split()
                command = cmd.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        name = (
            "sandbox"
            if "run_sandbox_spapi" in command
            else "sender"
            if "-Q outbox" in command
            else "postgres"
            if "postgres" in command
            else "redis"
            if "redis-server" in command
            else "bench"
            if int(pid) == os.getpid()
            else None
        )
        if name:
            totals[name] = totals.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return totals


def cpu_summary(before: dict, after: dict, sends: int) -> str:
    parts = [
        f"{name} {1000 * (after.get(name, 0) - before.get(name, 0)) / max(1, sends):.2f}" for name in sorted(after)
    ]
    return "CPU ms per send: " + ", ".join(parts)
