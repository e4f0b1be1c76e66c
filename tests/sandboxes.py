"""Start the sandbox Amazon as its own process, over real HTTP, for tests and benchmarks."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SandboxProcess:
    def __init__(self, *, sellers=3, orders=120, seed=7, rate_scale=1000.0, **options):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [
            sys.executable,
            "manage.py",
            "run_sandbox_spapi",
            "--port",
            str(self.port),
            "--sellers",
            str(sellers),
            "--orders",
            str(orders),
            "--seed",
            str(seed),
            "--rate-scale",
            str(rate_scale),
        ]
        for name, value in options.items():
            args += [f"--{name.replace('_', '-')}", str(value)]
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/_sandbox/sellers", timeout=1)
                break
            except httpx.TransportError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the sandbox exited: {self.process.stdout.read()}") from None
                time.sleep(0.1)
        else:
            self.stop()
            raise RuntimeError("the sandbox did not start in 30 s")

    def get(self, path, **kwargs):
        response = httpx.get(f"{self.url}{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()

    def post(self, path, json=None):
        response = httpx.post(f"{self.url}{path}", json=json or {}, timeout=30)
        response.raise_for_status()
        return response.json()

    def sellers(self):
        return self.get("/_sandbox/sellers")["sellers"]

    def messages(self, partner_id=None):
        return self.get("/_sandbox/messages", params={"selling_partner_id": partner_id} if partner_id else None)[
            "messages"
        ]

    def calls(self):
        return self.get("/_sandbox/calls")["calls"]

    def faults(self, **values):
        return self.post("/_sandbox/faults", values)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
