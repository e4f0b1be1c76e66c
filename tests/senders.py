"""Real Celery sender workers (the outbox queue) as subprocesses, for fault tests and benchmarks."""

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _die_with_parent():
    """A test or bench killed hard must not leave sending workers behind (Linux's PDEATHSIG)."""
    import ctypes

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Senders:
    """`count` Celery worker processes consuming the outbox queue, one pump each."""

    def __init__(self, sandbox_url: str, count: int, *, pump_seconds: int = 15, extra_env=None):
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "SPAPI_ENDPOINT_OVERRIDE": sandbox_url,
            "LWA_TOKEN_URL_OVERRIDE": f"{sandbox_url}/auth/o2/token",
            "OUTBOX_PUMPS": str(count),
            "OUTBOX_PUMP_SECONDS": str(pump_seconds),
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore",
            **(extra_env or {}),
        }
        self.processes = []
        for _ in range(count):
            self.start()

    def start(self):
        index = len(self.processes)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                "outbox",
                "--concurrency",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "WARNING",
                "-n",
                f"sender{index}-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        self.processes.append(process)
        return process

    @staticmethod
    def kick():
        """What beat does every few seconds: a pump for every empty slot."""
        from messaging.tasks import ensure_pumps

        ensure_pumps()

    @staticmethod
    def kill_hard(process):
        """kill -9 the worker and its pool children: no shutdown, no acknowledgement, nothing recorded."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
