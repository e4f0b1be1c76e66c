"""Sending under faults, at full size, with real sender workers and the sandbox Amazon over HTTP.

1. kill -9 a sender during a run of 5,000 sends and start another one;
2. restart Redis, then PostgreSQL, during a run of 2,000 sends;
3. the sandbox failing 10% of calls with 500/503 and answering 5% too late (timeouts), 2,000 sends.
Figures per phase: <phase>_lost (dispatches left without an end state; goal 0) and
<phase>_duplicates (orders the sandbox accepted twice; goal 0), plus <phase>_s (the run's time).
"""

import argparse
import time

from benchlib import figure, setup_django
from sendlib import Senders, duplicates, point_django_at

BENCH = "send_faults"
SEEDS = {"kill9": 21, "restarts": 22, "faulty_amazon": 23}


def stage(sandbox, sellers, per_seller):
    from tests import outbox_world

    return [outbox_world.stage_seller(sandbox, partner, per_seller).pk for partner in sandbox.sellers()[:sellers]]


def open_count(connection_ids):
    from campaigns.models import Dispatch

    return Dispatch.objects.filter(connection_id__in=connection_ids, state__in=Dispatch.OPEN_STATES).count()


def sent_count(connection_ids):
    from campaigns.models import Dispatch

    return Dispatch.objects.filter(connection_id__in=connection_ids, state="sent").count()


def run_phase(name, *, sellers, per_seller, rate_scale, disrupt, sandbox_options=None, worker_env=None, timeout=600):
    from messaging import queue
    from tests.sandboxes import SandboxProcess

    sandbox = SandboxProcess(
        sellers=sellers, orders=0, rate_scale=rate_scale, seed=SEEDS[name], **(sandbox_options or {})
    )
    senders = None
    try:
        point_django_at(sandbox.url)
        connection_ids = stage(sandbox, sellers, per_seller)
        total = sellers * per_seller
        senders = Senders(
            sandbox.url,
            2,
            pump_seconds=15,
            extra_env={"OUTBOX_LEASE_SECONDS": "5", "OUTBOX_RETRY_BASE_SECONDS": "0.2", **(worker_env or {})},
        )
        queue.rebuild()
        started = time.monotonic()
        senders.kick()
        disrupt(senders, lambda: sent_count(connection_ids), total)
        deadline = time.monotonic() + timeout
        while open_count(connection_ids) and time.monotonic() < deadline:
            try:
                senders.kick()  # beat's job every few seconds
            except Exception:  # noqa: BLE001, S110 - Redis may be coming back; beat tries again too
                pass
            time.sleep(1)
        elapsed = time.monotonic() - started
        lost = open_count(connection_ids)
        dupes = duplicates(sandbox.messages())
        figure(BENCH, f"{name}_lost", lost, "dispatches", 0, lost == 0)
        figure(BENCH, f"{name}_duplicates", dupes, "orders", 0, dupes == 0)
        figure(BENCH, f"{name}_s", elapsed, "s", None, None)
        print(
            f"{name}: {sent_count(connection_ids)} of {total} sent in {elapsed:.1f} s, {lost} open, "
            f"{dupes} duplicates, {len(sandbox.messages())} accepted by the sandbox",
            flush=True,
        )
    finally:
        if senders:
            senders.stop()
        sandbox.stop()


def when_sent(count_sent, share, total, timeout=300):
    deadline = time.monotonic() + timeout
    while count_sent() < share * total and time.monotonic() < deadline:
        time.sleep(0.1)


def kill_one(senders, count_sent, total):
    when_sent(count_sent, 0.3, total)
    Senders.kill_hard(senders.processes[0])
    senders.start()


def restart_both(senders, count_sent, total):
    from tests.servers import restart_postgres, restart_redis

    when_sent(count_sent, 0.25, total)
    restart_redis()
    when_sent(count_sent, 0.6, total)
    restart_postgres()


def nothing(senders, count_sent, total):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kill-sends", type=int, default=5000)
    parser.add_argument("--sends", type=int, default=2000)
    args = parser.parse_args()
    setup_django("bench_send_faults")
    from tests.servers import can_restart_servers

    run_phase("kill9", sellers=50, per_seller=args.kill_sends // 50, rate_scale=10, disrupt=kill_one)
    if can_restart_servers():
        run_phase("restarts", sellers=20, per_seller=args.sends // 20, rate_scale=10, disrupt=restart_both)
    run_phase(
        "faulty_amazon",
        sellers=20,
        per_seller=args.sends // 20,
        rate_scale=10,
        disrupt=nothing,
        sandbox_options={"fail_rate": 0.10, "slow_rate": 0.05, "slow_seconds": 2.0},
        worker_env={"SPAPI_TIMEOUT_SECONDS": "1"},
    )


if __name__ == "__main__":
    main()
