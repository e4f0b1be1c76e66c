"""What the sending benchmarks share: a sandbox Amazon, staged sellers, real Celery sender workers."""

import os
import subprocess
import sys
import time
from collections import Counter

from benchlib import ROOT


class Senders:
    """`count` Celery worker processes consuming the outbox queue, one pump each."""

    def __init__(self, sandbox_url: str, count: int, *, pump_seconds: int = 15, extra_env=None):
        self.env = {**os.environ, "SPAPI_ENDPOINT_OVERRIDE": sandbox_url,
                    "LWA_TOKEN_URL_OVERRIDE": f"{sandbox_url}/auth/o2/token", "OUTBOX_PUMPS": str(count),
                    "OUTBOX_PUMP_SECONDS": str(pump_seconds), "LOG_LEVEL": "WARNING", **(extra_env or {})}
        self.processes = []
        for index in range(count):
            self.start(index)

    def start(self, index: int):
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "outbox", "--concurrency", "1",
             "--pool", "prefork", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel", "WARNING", "-n", f"sender{index}-{os.getpid()}@%h"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=sys.stderr)
        self.processes.append(process)
        return process

    def kick(self):
        """What beat does every few seconds: a pump for every empty slot."""
        from messaging.tasks import ensure_pumps

        ensure_pumps()

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


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
