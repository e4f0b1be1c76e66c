"""Aggregate sending: 1,000 sellers with 20 due review requests each, through the whole pipeline.

Real Celery sender workers claim, gate, call the sandbox Amazon over HTTP (two calls a send:
the order's actions, then the request) and record. Figures: sends_per_s (goal >= 300),
queries_per_send (reported; constant), duplicates and lost (0).
"""

import argparse
import time

from benchlib import figure, setup_django
from sendlib import (
    Senders,
    cpu_seconds_by_program,
    cpu_summary,
    duplicates,
    point_django_at,
    wait_until_done,
)

BENCH = "send_aggregate"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sellers", type=int, default=1000)
    parser.add_argument("--per-seller", type=int, default=20)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument("--rate-scale", type=float, default=1)
    args = parser.parse_args()
    setup_django("bench_send_aggregate")

    from django.db.models import Count

    from campaigns.models import Dispatch
    from common.ratelimit import redis_client
    from messaging import outbox, queue
    from tests import outbox_world
    from tests.sandboxes import SandboxProcess

    started = time.perf_counter()
    sandbox = SandboxProcess(sellers=args.sellers, orders=0, rate_scale=args.rate_scale, seed=12)
    senders = None
    try:
        point_django_at(sandbox.url)
        for partner in sandbox.sellers():
            outbox_world.stage_seller(sandbox, partner, args.per_seller)
        total = Dispatch.objects.count()
        print(
            f"staged {total} due dispatches for {args.sellers} sellers in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        redis_client().delete(outbox.STATS)
        senders = Senders(sandbox.url, args.senders)
        queue.rebuild()
        cpu_before = cpu_seconds_by_program()
        senders.kick()
        done = wait_until_done(900)
        cpu_after = cpu_seconds_by_program()
        messages = sandbox.messages()
        calls = sandbox.calls()
        first_call = min(c["first"] for c in calls if c["operation"] == "getSolicitationActionsForOrder")
        last_send = max(m["accepted_at"] for m in messages)
        sent = Dispatch.objects.filter(state="sent").count()
        rate = len(messages) / (last_send - first_call)
        stats = {k.decode(): int(v) for k, v in redis_client().hgetall(outbox.STATS).items()}
        per_send = stats.get("queries", 0) / max(1, stats.get("claimed", 1))
        dupes = duplicates(messages)
        lost = total - Dispatch.objects.exclude(state__in=Dispatch.OPEN_STATES).count()
        figure(BENCH, "sends_per_s", rate, "sends/s", 300, rate >= 300)
        figure(BENCH, "queries_per_send", per_send, "queries", None, None)
        figure(BENCH, "duplicates", dupes, "orders", 0, dupes == 0)
        figure(BENCH, "lost", lost, "dispatches", 0, lost == 0)
        states = dict(Dispatch.objects.values_list("state").annotate(n=Count("id")))
        throttled = sum(c["throttled"] for c in calls)
        print(
            f"\n{BENCH}: {sent} sent of {total} ({'all ended' if done else 'NOT all ended'}: {states}) in "
            f"{last_send - first_call:.1f} s from the first call; {len(messages)} accepted by the sandbox; "
            f"{throttled} throttled; {stats.get('queries', 0)} queries for {stats.get('claimed', 0)} claims.\n"
            f"{cpu_summary(cpu_before, cpu_after, sent)} (2 cores: {2000 / 300:.1f} ms per send allows 300/s)."
        )
    finally:
        if senders:
            senders.stop()
        sandbox.stop()


if __name__ == "__main__":
    main()
