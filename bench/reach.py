"""Reach: every order Amazon lets us ask is asked, FBA orders included, and nothing is sent that
must not be.

Two runs against the sandbox Amazon at Amazon's real usage plans, with real Celery sender workers:

1. first_request_s: one seller with 2,000 orders over 90 days connects (the connection row the
   OAuth callback writes); Amazon takes 60 s over the order report. The sync runs as its task
   does (re-polling every SYNC_REPORT_POLL_SECONDS), the planner plans what the sync wrote, the
   senders send. The figure is the time from the connection to the first request the sandbox
   accepted. Goal 300 s.
2. 20 sellers x 1,000 orders over the last 90 days (60% FBA, some refunded, some buyers opted
   out, delivery windows in every state). Each connects fresh, with the starter "Request a
   Review after delivery" active and a critical "Confirm delivery details" campaign that skips
   refunded orders. Some buyers are already on the opt-out table, some orders on the seller's
   blocklist; after the backfill Amazon moves some delivery dates. Sync, planner and senders run
   until nothing is due; then, against the sandbox's own record:
   - review_request_reach: orders whose review window Amazon has open now, that the campaign's
     own rules make due (its delay after delivery has passed, not returned, no known opt-out,
     not blocklisted), and that were asked; over all such orders. fba_reach: FBA orders alone.
   - refused_by_amazon: requests Amazon refused (outside the window, or a second one).
   - refunded_sent: messages of the campaign that skips refunded orders, to orders refunded
     before the message; blocklisted_sent: any message to a blocklisted order or buyer;
     optedout_noncritical_sent: review requests to buyers whose opt-out we knew.

Both campaigns send around the clock (0-24 h, every day) so the run does not wait for morning
in some marketplace; the critical campaign is limited to two SKUs to bound its run time at
Amazon's one message per second.
"""

import argparse
import time
from datetime import UTC, datetime, timedelta

from benchlib import figure, setup_django
from sendlib import Senders, point_django_at

BENCH = "reach"
STARTER_DELAY = timedelta(days=7)
CRITICAL_TEXT = (
    "Hello, this is about your order {{ order_id }}. Our courier needs to arrange the delivery with "
    "you: please reply with a day and a time that suit you."
)


def _time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC) if text else None


def connect(partner):
    """What the OAuth callback writes for a newly connected seller; the starter campaign comes with it."""
    from django.utils import timezone

    from campaigns.models import Campaign
    from sellers.models import AmazonConnection, Seller

    seller = Seller.objects.create(name=partner["store_name"])
    connection = AmazonConnection.objects.create(
        seller=seller,
        selling_partner_id=partner["selling_partner_id"],
        region=partner["region"],
        store_name=partner["store_name"],
        marketplace_ids=partner["marketplace_ids"],
        refresh_token=partner["refresh_token"],
        expires_at=timezone.now() + timedelta(days=365),
    )
    Campaign.objects.filter(seller=seller).update(
        state=Campaign.State.ACTIVE,
        send_from_hour=0,
        send_until_hour=24,
        send_days=list(range(7)),
        activated_at=timezone.now(),
    )
    return connection


def add_critical_campaign(seller):
    from campaigns.models import Campaign, MessageTemplate

    campaign = Campaign.objects.create(
        seller=seller,
        name="Confirm delivery details",
        kind="confirm_delivery",
        state=Campaign.State.ACTIVE,
        trigger=Campaign.Trigger.DELIVERED,
        delay_minutes=0,
        send_days=list(range(7)),
        send_from_hour=0,
        send_until_hour=24,
        exclude_refunded=True,
        include_skus=["SKU-0001", "SKU-0002"],
    )
    MessageTemplate.objects.create(seller=seller, campaign=campaign, language="en", body=CRITICAL_TEXT)
    return campaign


class SyncRunner:
    """The sync and planning tasks of many connections, as their Celery tasks would run them."""

    def __init__(self, connections):
        self.connections = list(connections)
        self.next_sync = {c.pk: 0.0 for c in self.connections}
        self.next_enrich: dict = {}
        self.synced_at: dict = {}  # the start of each connection's last sync that went through
        self.last_plan = 0.0

    def step(self, *, incremental_every: float = 300.0) -> None:
        from campaigns import planner
        from sellers import sync

        now = time.monotonic()
        for connection in self.connections:
            written = []
            if now >= self.next_sync[connection.pk]:
                connection.refresh_from_db()
                result = sync.connection_sync(connection)
                written += result.written_ids
                if result.retry_in is None:
                    self.synced_at[connection.pk] = now
                self.next_sync[connection.pk] = now + (
                    result.retry_in if result.retry_in is not None else incremental_every
                )
                if result.enrich_in is not None:
                    self.next_enrich[connection.pk] = now + result.enrich_in
            elif connection.pk in self.next_enrich and now >= self.next_enrich[connection.pk]:
                connection.refresh_from_db()
                result = sync.connection_enrich(connection)
                written += result.written_ids
                if result.enrich_in is None:
                    self.next_enrich.pop(connection.pk)
                else:
                    self.next_enrich[connection.pk] = now + result.enrich_in
            if written:
                planner.plan_orders(written)  # what plan_synced_orders does with a sync's writes
        if now - self.last_plan >= 10:
            planner.plan_due()  # beat runs it every minute
            self.last_plan = now

    def synced_since(self, moment: float) -> bool:
        return all(self.synced_at.get(c.pk, 0) >= moment for c in self.connections)

    def backfilled(self) -> bool:
        from sellers.models import AmazonConnection

        return (
            not AmazonConnection.objects.filter(pk__in=[c.pk for c in self.connections])
            .exclude(backfill_status=AmazonConnection.Backfill.DONE)
            .exists()
        )


def first_request(args) -> float:
    from tests.sandboxes import SandboxProcess

    sandbox = SandboxProcess(
        sellers=1, orders=args.first_orders, seed=22, rate_scale=1, report_delay_seconds=60, feedback_share=0
    )
    partner = sandbox.sellers()[0]
    senders = None
    try:
        point_django_at(sandbox.url)
        senders = Senders(sandbox.url, args.senders)
        senders.kick()
        started = time.monotonic()
        runner = SyncRunner([connect(partner)])
        while time.monotonic() - started < 900:
            runner.step()
            if sandbox.messages(partner["selling_partner_id"]):
                break
            senders.kick()
            time.sleep(0.5)
        messages = sandbox.messages(partner["selling_partner_id"])
        if not messages:
            return float("inf")
        first = min(m["accepted_at"] for m in messages)
        # accepted_at is the sandbox's wall clock; started is ours: convert through the present.
        return first - (time.time() - (time.monotonic() - started))
    finally:
        from sellers.models import Seller

        # The second run counts what is due across the database: this run's seller goes.
        Seller.objects.filter(amazonconnection__selling_partner_id=partner["selling_partner_id"]).delete()
        if senders:
            senders.stop()
        sandbox.stop()


def stage_known_suppressions(sandbox, connections, rng):
    """Opt-outs learned before (the shared table) and the sellers' own blocklists."""
    from optouts.models import BlockedBuyer, OptOut
    from sellers.buyers import buyer_key

    truth, optouts, blocked = {}, set(), set()
    for connection in connections:
        orders = sandbox.get(f"/_sandbox/sellers/{connection.selling_partner_id}/orders")["orders"]
        truth[connection.pk] = orders
        for order in orders:
            if order["buyer_opted_out"]:
                optouts.add(buyer_key(order["buyer_alias"]))
        for order in rng.sample(orders, k=len(orders) // 50):
            blocked.add((connection.seller_id, order["order_id"]))
    OptOut.objects.bulk_create(
        [OptOut(buyer_key=key, source="amazon_notice") for key in optouts], ignore_conflicts=True
    )
    BlockedBuyer.objects.bulk_create([BlockedBuyer(seller_id=s, amazon_order_id=o, reason="bench") for s, o in blocked])
    return truth, optouts


def move_delivery_dates(sandbox, truth, rng, count):
    """Amazon revises some promised delivery windows after the backfill (a late parcel)."""
    now = datetime.now(UTC)
    candidates = [
        o
        for orders in truth.values()
        for o in orders
        if o["status"] == "SHIPPED" and now - timedelta(days=12) < _time(o["latest_delivery"]) < now
    ]
    moved = rng.sample(candidates, k=min(count, len(candidates)))
    for order in moved:
        later = _time(order["latest_delivery"]) + timedelta(days=3)
        sandbox.post(f"/_sandbox/orders/{order['order_id']}", {"latest_delivery": later.isoformat()})
    return len(moved)


class KnownSuppressions:
    """What we knew of a seller's opt-outs and blocklist, applied to the sandbox's orders."""

    def __init__(self, connection, ours, known_optouts):
        from optouts.models import BlockedBuyer, OrderOptOut

        self.known_optouts = known_optouts
        self.blocked_ids = set(
            BlockedBuyer.objects.filter(seller=connection.seller).values_list("amazon_order_id", flat=True)
        )
        self.blocked_keys = {ours[i].buyer_key for i in self.blocked_ids if i in ours and ours[i].buyer_key}
        self.order_optouts = set(
            OrderOptOut.objects.filter(seller=connection.seller).values_list("amazon_order_id", flat=True)
        )

    @staticmethod
    def _key(order) -> str:
        # Amazon names the buyer (the alias we key) only on merchant-fulfilled orders.
        from sellers.buyers import buyer_key

        return buyer_key(order["buyer_alias"]) if order["fulfilled_by"] == "MERCHANT" else ""

    def opted_out(self, order) -> bool:
        return self._key(order) in self.known_optouts or order["order_id"] in self.order_optouts

    def blocklisted(self, order) -> bool:
        key = self._key(order)
        return order["order_id"] in self.blocked_ids or bool(key and key in self.blocked_keys)


def measure(sandbox, connections, known_optouts, moved: int, elapsed: float):
    from campaigns.models import Dispatch
    from sellers.models import Order

    now = datetime.now(UTC)
    eligible = {"all": 0, "fba": 0}
    asked = {"all": 0, "fba": 0}
    left_out = {"not due yet": 0, "known opt-out": 0, "blocklisted": 0, "returned": 0}
    refunded_sent = blocklisted_sent = optedout_sent = refused = 0
    for connection in connections:
        partner = connection.selling_partner_id
        orders = {o["order_id"]: o for o in sandbox.get(f"/_sandbox/sellers/{partner}/orders")["orders"]}
        ours = {o.amazon_order_id: o for o in Order.objects.filter(connection=connection)}
        known = KnownSuppressions(connection, ours, known_optouts)
        known_optout, blocklisted = known.opted_out, known.blocklisted

        for order in orders.values():
            if not order["in_solicitation_window"]:
                continue
            mine = ours.get(order["order_id"])
            if _time(order["latest_delivery"]) + STARTER_DELAY > now:
                left_out["not due yet"] += 1
            elif known_optout(order):
                left_out["known opt-out"] += 1
            elif blocklisted(order):
                left_out["blocklisted"] += 1
            elif mine is not None and mine.is_returned:
                left_out["returned"] += 1
            else:
                for group in ("all", "fba") if order["fulfilled_by"] == "AMAZON" else ("all",):
                    eligible[group] += 1
                    asked[group] += order["solicited"]
        for message in sandbox.messages(partner):
            order = orders[message["order_id"]]
            at = _time(message["at"])
            if blocklisted(order):
                blocklisted_sent += 1
            if (
                message["kind"] == "confirmDeliveryDetails"
                and order["refund_posted"]
                and _time(order["refund_posted"]) <= at
            ):
                refunded_sent += 1
            if message["kind"] == "productReviewAndSellerFeedback" and known_optout(order):
                optedout_sent += 1
        refused += sum(c.get("refused", 0) for c in sandbox.calls() if c["selling_partner_id"] == partner)
    reach = asked["all"] / max(1, eligible["all"])
    fba = asked["fba"] / max(1, eligible["fba"])
    figure(BENCH, "review_request_reach", reach, "share", 1.0, reach >= 1.0)
    figure(BENCH, "fba_reach", fba, "share", 1.0, fba >= 1.0)
    figure(BENCH, "refused_by_amazon", refused, "requests", 0, refused == 0)
    figure(BENCH, "refunded_sent", refunded_sent, "messages", 0, refunded_sent == 0)
    figure(BENCH, "blocklisted_sent", blocklisted_sent, "messages", 0, blocklisted_sent == 0)
    figure(BENCH, "optedout_noncritical_sent", optedout_sent, "messages", 0, optedout_sent == 0)
    states = {}
    for state, kind in Dispatch.objects.values_list("state", "kind"):
        states[(kind, state)] = states.get((kind, state), 0) + 1
    total = Order.objects.count()
    fba_orders = Order.objects.filter(fulfillment_channel="AMAZON").count()
    return (
        f"{BENCH}: {len(connections)} sellers, {total} orders synced ({100 * fba_orders / max(1, total):.0f}% FBA), "
        f"{elapsed:.0f} s until nothing was due. Review window open now and due by the campaign: "
        f"{eligible['all']} ({eligible['fba']} FBA), asked {asked['all']} ({asked['fba']} FBA); left out by the "
        f"campaign's rules: {left_out}. Delivery dates Amazon moved after the backfill: {moved}. "
        f"Dispatches by (kind, state): {dict(sorted(states.items()))}."
    )


def reach(args) -> str:
    import random

    from campaigns.models import Dispatch
    from tests.sandboxes import SandboxProcess

    rng = random.Random(21)
    sandbox = SandboxProcess(
        sellers=args.sellers, orders=args.orders, seed=21, rate_scale=1, feedback_share=0, refund_share=0.05
    )
    senders = None
    try:
        point_django_at(sandbox.url)
        started = time.monotonic()
        connections = [connect(partner) for partner in sandbox.sellers()]
        for connection in connections:
            add_critical_campaign(connection.seller)
        truth, known_optouts = stage_known_suppressions(sandbox, connections, rng)
        senders = Senders(sandbox.url, args.senders)
        runner = SyncRunner(connections)
        moved, moved_at = 0, None
        while time.monotonic() - started < args.timeout:
            runner.step(incremental_every=30)
            senders.kick()
            if moved_at is None and runner.backfilled():
                moved, moved_at = move_delivery_dates(sandbox, truth, rng, args.moved), time.monotonic()
            # The incremental sync reads changes until two minutes ago: wait for a sync after that.
            settled = moved_at is not None and runner.synced_since(moved_at + 130)
            due = Dispatch.objects.filter(state__in=Dispatch.OPEN_STATES, scheduled_for__lte=datetime.now(UTC)).exists()
            if settled and not due:
                break
            time.sleep(1)
        return measure(sandbox, connections, known_optouts, moved, time.monotonic() - started)
    finally:
        if senders:
            senders.stop()
        sandbox.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sellers", type=int, default=20)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--first-orders", type=int, default=2000)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument("--moved", type=int, default=40, help="delivery windows Amazon moves after the backfill")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--skip-first-request", action="store_true")
    args = parser.parse_args()
    setup_django("bench_reach")

    summary = []
    if not args.skip_first_request:
        seconds = first_request(args)
        figure(BENCH, "first_request_s", seconds, "s", 300, seconds <= 300)
        summary.append(
            f"first request {seconds:.0f} s after connecting a {args.first_orders}-order seller "
            "(report ready after 60 s, Amazon's real usage plans)"
        )
    summary.append(reach(args))
    print("\n" + "\n".join(summary))


if __name__ == "__main__":
    main()
