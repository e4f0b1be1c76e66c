"""Restart the private PostgreSQL and Redis that `make test` and `make bench` start (scripts/lib.sh)."""

import os
import subprocess
import time
from urllib.parse import urlsplit


def can_restart_servers() -> bool:
    return bool(os.environ.get("TEST_PG_DATA") and os.environ.get("TEST_REDIS_DIR"))


def restart_redis():
    """Stop the private Redis (losing everything in it, as it keeps nothing on disk) and start it again."""
    port = str(urlsplit(os.environ["REDIS_URL"]).port)
    directory = os.environ["TEST_REDIS_DIR"]
    subprocess.run(
        ["redis-cli", "-p", port, "shutdown", "nosave"],
        check=False,
        capture_output=True,
        timeout=30,
    )
    time.sleep(1)
    subprocess.run(
        [
            "redis-server",
            "--port",
            port,
            "--bind",
            "127.0.0.1",
            "--dir",
            directory,
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--pidfile",
            f"{directory}/redis.pid",
            "--logfile",
            f"{directory}/redis.log",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=30,
    )
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", port, "ping"], capture_output=True).returncode == 0:
            return
        time.sleep(0.1)


def restart_postgres():
    """Restart the private PostgreSQL (fast shutdown: every connection is cut)."""
    from django.db import connections

    runner = os.environ["TEST_PG_RUNNER"].split()
    data = os.environ["TEST_PG_DATA"]
    # The server outlives pg_ctl: give it a log file, not our pipes, or waiting for pg_ctl never ends.
    subprocess.run(
        [
            *runner,
            os.environ["TEST_PG_CTL"],
            "-D",
            data,
            "-l",
            f"{data}/../server.log",
            "-m",
            "fast",
            "-w",
            "restart",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=60,
    )
    connections.close_all()
