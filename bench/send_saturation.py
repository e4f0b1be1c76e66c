"""Send saturation: one seller, 300 due review requests, the sandbox at rate scale 10 (10/s, burst 50).

The fastest Amazon's plan allows is (300 - 50) / 10 = 25 s after the first call. Figures:
ratio_of_limit (that over the measured time from the first call to the last accepted send; goal
>= 0.95), throttled (429s the sandbox answered; goal <= 1) and duplicates (0).
"""

import argparse
import time

from benchlib import figure, setup_django
from sendlib import Senders, duplicates, point_django_at, wait_until_done

BENCH = "send_saturation"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--rate-scale", type=float, default=10)
    parser.add_argument("--senders", type=int, default=2)
    args = parser.parse_args()
    setup_django("bench_send_saturation")

    from django.db.models import Count

    from campaigns.models import Dispatch
    from messaging import queue
    from tests import outbox_world
    from tests.sandboxes import SandboxProcess

    sandbox = SandboxProcess(sellers=1, orders=0, rate_scale=args.rate_scale, seed=11)
    senders = None
    try:
        point_django_at(sandbox.url)
        partner = sandbox.sellers()[0]
        outbox_world.stage_seller(sandbox, partner, args.orders)
        senders = Senders(sandbox.url, args.senders)
        queue.rebuild()
        senders.kick()
        done = wait_until_done(300)
        calls = [c for c in sandbox.calls() if c["operation"].startswith(("getSolicitation", "createProductReview"))]
        messages = sandbox.messages()
        first_call = min(c["first"] for c in calls)
        last_send = max(m["accepted_at"] for m in messages)
        measured = last_send - first_call
        burst, rate = 5 * args.rate_scale, 1 * args.rate_scale
        fastest = (args.orders - burst) / rate
        ratio = fastest / measured
        throttled = sum(c["throttled"] for c in calls)
        dupes = duplicates(messages)
        sent = Dispatch.objects.filter(state="sent").count()
        figure(BENCH, "ratio_of_limit", ratio, "ratio", 0.95, ratio >= 0.95)
        figure(BENCH, "throttled", throttled, "responses", 1, throttled <= 1)
        figure(BENCH, "duplicates", dupes, "orders", 0, dupes == 0)
        states = dict(Dispatch.objects.values_list("state").annotate(n=Count("id")))
        print(
            f"\n{BENCH}: {sent} of {args.orders} sent ({'all ended' if done else 'NOT all ended'}; {states}); "
            f"first call to last send {measured:.2f} s against the plan's fastest {fastest:.1f} s; "
            f"{throttled} throttled; {sum(c['calls'] for c in calls)} calls."
        )
    finally:
        if senders:
            senders.stop()
        sandbox.stop()
        time.sleep(0.1)


if __name__ == "__main__":
    main()
