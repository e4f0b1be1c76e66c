"""Fairness: one seller with 20,000 due review requests and 100 sellers with 10 each.

Figure: small_sellers_done_s, the time from the first call to Amazon until every small seller's
last message was accepted (goal <= 30 s): the big seller's queue must not delay them.
"""

import argparse
import time
from datetime import timedelta

from benchlib import figure, setup_django
from sendlib import Senders, duplicates, point_django_at

BENCH = "send_fairness"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=20_000)
    parser.add_argument("--small-sellers", type=int, default=100)
    parser.add_argument("--per-small", type=int, default=10)
    parser.add_argument("--senders", type=int, default=2)
    args = parser.parse_args()
    setup_django("bench_send_fairness")

    from django.utils import timezone

    from campaigns.models import Dispatch
    from messaging import queue
    from tests import outbox_world
    from tests.sandboxes import SandboxProcess

    sandbox = SandboxProcess(sellers=args.small_sellers + 1, orders=0, rate_scale=1, seed=13)
    senders = None
    try:
        point_django_at(sandbox.url)
        partners = sandbox.sellers()
        big, small = partners[0], partners[1:]
        for partner, count in [(big, args.big)] + [(p, args.per_small) for p in small]:
            outbox_world.stage_seller(sandbox, partner, count)
        # The big seller's backlog has waited longest: it is first in line by every clock.
        Dispatch.objects.filter(connection__selling_partner_id=big["selling_partner_id"]).update(
            scheduled_for=timezone.now() - timedelta(hours=1)
        )
        small_ids = {p["selling_partner_id"] for p in small}
        senders = Senders(sandbox.url, args.senders)
        queue.rebuild()
        senders.kick()

        def small_done():
            return not Dispatch.objects.filter(
                connection__selling_partner_id__in=small_ids, state__in=Dispatch.OPEN_STATES
            ).exists()

        deadline = time.monotonic() + 180
        while not small_done() and time.monotonic() < deadline:
            time.sleep(0.25)
        messages = sandbox.messages()
        first_call = min(c["first"] for c in sandbox.calls())
        small_times = [m["accepted_at"] for m in messages if m["selling_partner_id"] in small_ids]
        done_s = max(small_times) - first_call if small_times else float("inf")
        complete = len(small_times) == args.small_sellers * args.per_small
        figure(BENCH, "small_sellers_done_s", done_s, "s", 30, complete and done_s <= 30)
        big_sent = sum(1 for m in messages if m["selling_partner_id"] == big["selling_partner_id"])
        print(
            f"\n{BENCH}: {len(small_times)} of {args.small_sellers * args.per_small} small sellers' messages "
            f"accepted, the last {done_s:.1f} s after the first call; meanwhile the big seller sent {big_sent} "
            f"(its plan allows about 1 a second); duplicates {duplicates(messages)}."
        )
    finally:
        if senders:
            senders.stop()
        sandbox.stop()


if __name__ == "__main__":
    main()
