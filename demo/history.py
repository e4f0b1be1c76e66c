"""Five weeks of the demo seller's life, lived through the real pipeline in seconds.

What `make run` shows a newcomer is what the product did, not rows written to look like it. The
sandbox Amazon generates its world as of HISTORY ago (a live world: orders keep arriving, ship,
arrive and get feedback as its clock passes) and sets its clock there; this process's clock goes
there too (time-machine, frozen: it moves only when this module moves it). The demo seller
connects its Amazon account and the first backfill runs, the starter "Request a Review" and a
delivery-details campaign are activated; then the clock moves on to now, from one thing that
happens to the next:

- every SYNC_EVERY, the order sync and the planner, as beat runs them;
- whenever a dispatch comes due (or Amazon's quota refills), the outbox sends it over HTTP to the
  sandbox, which blocks messages to buyers who opted out and mails their notices; the SMTP
  receiver (in this process, on a port of its own) stores them and they are parsed at once;
- every FEEDBACK_EVERY the seller-feedback report, every day the dashboard's rollup;
- on BLOCKLIST_DAY the seller puts a buyer who asked for no more messages on its blocklist.

Celery tasks the pipeline queues meanwhile (the planner after a sync, parsing received mail, the
emails to the seller) run at once in this process at the simulated time (task_always_eager). Waits
for Amazon's quota move the clock instead of sleeping. Back in the present, one more sync, send and
rollup bring it up to the minute. Nothing is written but by the product's own code.
"""

import logging
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import time_machine
from django.utils import timezone

from campaigns import planner
from campaigns import services as campaign_services
from campaigns.models import Campaign, Dispatch
from config.celery_app import app as celery_app
from insights import attribution, rollups
from insights.feedback import connection_feedback_sync
from messaging import queue
from messaging.outbox import Pump
from optouts import inbound_mail
from optouts.lists import blocked_buyer_add
from optouts.models import InboundMessage
from optouts.smtp_receiver import InboundController
from sellers import amazon as sp_api
from sellers import sync
from sellers.models import AUTHORIZATION_LIFETIME, AmazonConnection, Order, Seller

from .amazon import SandboxAmazon

logger = logging.getLogger(__name__)

HISTORY = timedelta(days=35)  # the 30-day dashboard shows a month of steady sending after activation
# How often each beat task runs here (beat runs them every few minutes; a demo's week needs less).
SYNC_EVERY = timedelta(hours=12)  # the order sync and the planner
ROLLUP_EVERY = 2  # syncs: daily
FEEDBACK_EVERY = 4  # syncs: every other day
BLOCKLIST_DAY = timedelta(days=8)  # early enough for the buyer's next orders to fall in the history
SEND_ROUNDS = 40  # pump rounds at one moment at most
# A connection waiting for Amazon's quota (one review request a second, five at once) is served
# again when a few tokens are back, not every second: the same pace, a quarter of the moments.
QUOTA_STEP = timedelta(seconds=4)
NOTICE_PATIENCE = 10.0  # seconds to wait for the notices of blocked messages to come in and be read

DELIVERY_CAMPAIGN = "Delivery appointment for large items"
DELIVERY_TEXT = (
    "Hello, this is about your order {{ order_id }}. Our courier needs to arrange the delivery of "
    "your {{ product_title }} with you: please reply with a day and a time that suit you."
)
LARGE_ITEMS = ["SKU-0005", "SKU-0006", "SKU-0012"]  # trekking poles, camping stove, solar power bank
BLOCKLIST_REASON = "The buyer asked us not to contact them again."


def history_start(now: datetime) -> datetime:
    """Where the demo's history starts: midnight (UTC) HISTORY ago. The same world lived from a
    midnight meets the same send windows, so every run lives the same history."""
    return (now - HISTORY).astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass
class Lived:
    """What the fast-forward did, for the command's summary."""

    steps: int = 0
    syncs: int = 0
    feedback_syncs: int = 0
    seconds: float = 0.0
    outcomes: dict = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def tasks_run_at_once() -> Iterator[None]:
    """Tasks queued meanwhile run in this process, now, at the simulated time (without a log line each)."""
    before = celery_app.conf.task_always_eager
    trace = logging.getLogger("celery.app.trace")
    level = trace.level
    celery_app.conf.task_always_eager = True
    trace.setLevel(logging.WARNING)
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = before
        trace.setLevel(level)


@contextmanager
def smtp_receiver() -> Iterator[str]:
    """The product's SMTP receiver in this process (so that what it stores carries the simulated time)."""
    port = free_port()
    controller = InboundController(hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        controller.stop()


def connect(seller: Seller, partner: dict, *, now: datetime) -> AmazonConnection:
    """What Amazon's consent and our OAuth callback leave: the partner's account, connected now."""
    participations = (
        sp_api.client(sp_api.Sellers, refresh_token=partner["refresh_token"], region=partner["region"])
        .get_marketplace_participation()
        .payload
    )
    connection, _ = AmazonConnection.objects.update_or_create(
        seller=seller,
        selling_partner_id=partner["selling_partner_id"],
        region=partner["region"],
        defaults={
            "refresh_token": partner["refresh_token"],
            "status": AmazonConnection.Status.ACTIVE,
            "store_name": participations[0].get("storeName", "") or partner["store_name"],
            "marketplace_ids": [p["marketplace"]["id"] for p in participations],
            "authorized_at": now,
            "expires_at": now + AUTHORIZATION_LIFETIME,
        },
    )
    return connection


class FastForward:
    def __init__(self, amazon: SandboxAmazon, seller: Seller, owner, *, say: Callable[[str], None] = logger.info):
        self.amazon, self.seller, self.owner, self.say = amazon, seller, owner, say
        self.lived = Lived()
        self._notices_seen = 0
        self.traveller: time_machine.Traveller | None = None

    # -- the clock --------------------------------------------------------------------------------
    def _move(self, moment: datetime) -> None:
        if self.traveller is None:
            raise RuntimeError("the demo's clock moves only while its history is lived")
        self.traveller.move_to(moment)
        self.amazon.set_clock(moment)

    def _advance(self, seconds: float) -> None:
        """What a wait for Amazon's quota or report is here: the clock moves on (the `sleep` the
        sync and the feedback sync take)."""
        self._move(timezone.now() + timedelta(seconds=max(seconds, 0.001)))

    # -- the whole history ------------------------------------------------------------------------
    def run(self, partner: dict, *, start: datetime) -> AmazonConnection:
        started = time.perf_counter()
        end = timezone.now()
        with smtp_receiver() as smtp:
            self.amazon.mail_notices_to(smtp)
            try:
                with time_machine.travel(start, tick=False) as traveller, tasks_run_at_once():
                    self.traveller = traveller
                    connection = self._live_from(partner, start, end)
                    self.traveller = None
                self.amazon.set_clock(None)
                with tasks_run_at_once():
                    self._up_to_the_minute(connection)
            finally:
                self.amazon.mail_notices_to(None)
                self.amazon.set_clock(None)
        self.lived.seconds = time.perf_counter() - started
        self.lived.outcomes = self._outcomes()
        return connection

    def _live_from(self, partner: dict, start: datetime, end: datetime) -> AmazonConnection:
        self.amazon.set_clock(start)
        connection = connect(self.seller, partner, now=start)
        self.say(f"Connected {connection} on {start:%d %b %Y}; reading its first orders from the sandbox Amazon.")
        self._sync(connection)
        self._activate_campaigns()
        self.amazon.notice_recipient(partner["selling_partner_id"], self._inbound_address())
        self._live_until(connection, end)
        return connection

    def _outcomes(self) -> dict:
        counts: dict = {}
        for state in Dispatch.objects.for_seller(self.seller).values_list("state", flat=True):
            counts[state] = counts.get(state, 0) + 1
        return counts

    def _inbound_address(self) -> str:
        return inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(self.seller))

    def _activate_campaigns(self) -> None:
        """The starter review request as every new seller gets it, and a delivery-details message for
        large items shipped by the seller (a critical kind: it reaches buyers who opted out)."""
        starter = Campaign.objects.for_seller(self.seller).get(name=campaign_services.STARTER_NAME)
        campaign_services.campaign_activate(campaign=starter)
        delivery = campaign_services.campaign_create(
            seller=self.seller,
            name=DELIVERY_CAMPAIGN,
            kind="confirm_delivery",
            trigger=Campaign.Trigger.SHIPPED,
            delay_minutes=60,
            send_from_hour=8,
            send_until_hour=20,
            fulfillment=Campaign.Fulfillment.MERCHANT,
            include_skus=LARGE_ITEMS,
            priority=50,
        )
        saved, check = campaign_services.template_save(campaign=delivery, language="en", body=DELIVERY_TEXT)
        if saved is None:
            raise RuntimeError(f"the demo's delivery text does not pass our own checks: {check}")
        campaign_services.campaign_activate(campaign=delivery)

    def _live_until(self, connection: AmazonConnection, end: datetime) -> None:
        pump = Pump()
        queue.rebuild()
        now = timezone.now()
        ticks, next_tick = 0, now
        blocklist_at: datetime | None = now + BLOCKLIST_DAY
        next_report, started = now, time.perf_counter()
        try:
            while now < end:
                self.lived.steps += 1
                if now >= next_report:
                    self.say(f"  {now:%d %b}: {self._outcomes()} ({time.perf_counter() - started:.1f} s)")
                    next_report = now + timedelta(days=7)
                if now >= next_tick:
                    if ticks:
                        self._sync(connection)
                    if ticks % FEEDBACK_EVERY == 0:
                        self._feedback(connection)
                    ticks, next_tick = ticks + 1, now + SYNC_EVERY
                if blocklist_at and now >= blocklist_at:
                    self._block_a_buyer()
                    blocklist_at = None
                self._send_due(pump, connection)
                if ticks % ROLLUP_EVERY == 1 and now + SYNC_EVERY == next_tick:
                    rollups.refresh(now)
                ahead = queue.next_ready_in(now.timestamp())
                moments = [next_tick, end, *([blocklist_at] if blocklist_at else [])]
                if ahead is not None:
                    moments.append(now + max(timedelta(seconds=ahead), QUOTA_STEP))
                now = min(moments)
                self._move(now)
        finally:
            pump.close()

    # -- what happens along the way ---------------------------------------------------------------
    def _sync(self, connection: AmazonConnection) -> None:
        """The order sync as its task runs it (a report Amazon prepares, the enrichment's quota:
        the clock moves on meanwhile), then the planner's pass."""
        self.lived.syncs += 1
        for _ in range(60):
            connection.refresh_from_db()
            result = sync.connection_sync(connection, sleep=self._advance)
            wait = result.retry_in if result.retry_in is not None else result.enrich_in
            if wait is None:
                break
            self._advance(wait)
        planner.plan_due()

    def _feedback(self, connection: AmazonConnection) -> None:
        self.lived.feedback_syncs += 1
        for _ in range(20):
            result = connection_feedback_sync(connection, sleep=self._advance, force=True)
            if result.retry_in is None:
                return
            self._advance(result.retry_in)

    def _send_due(self, pump: Pump, connection: AmazonConnection) -> None:
        """The sender worker's rounds at this moment, until nothing more is ready now."""
        before = pump.report.recorded.get(Dispatch.State.SENT, 0)
        for _ in range(SEND_ROUNDS):
            pump.step()
            while pump.inflight:
                pump.step(claim=False)
            ahead = queue.next_ready_in(timezone.now().timestamp())
            if ahead is None or ahead > 0:
                break
        if pump.report.recorded.get(Dispatch.State.SENT, 0) > before:
            self._read_notices(connection)

    def _read_notices(self, connection: AmazonConnection) -> None:
        """Wait for the notices of messages Amazon blocked to be received and read, as they would be
        within the minute: the next send to that buyer must know."""
        blocked = self.amazon.blocked_messages(connection.selling_partner_id)
        if blocked <= self._notices_seen:
            return
        deadline = time.monotonic() + NOTICE_PATIENCE
        read = InboundMessage.objects.filter(seller=self.seller).exclude(status=InboundMessage.Status.RECEIVED)
        while read.count() < blocked and time.monotonic() < deadline:
            time.sleep(0.02)  # the receiver and its parse queue run on their own threads, in real time
        self._notices_seen = blocked

    def _block_a_buyer(self) -> None:
        """A buyer who has just ordered writes that they want no messages: the seller puts them on
        its blocklist by that order's id, and what would have gone to them is blocked."""
        order = (
            Order.objects.for_seller(self.seller)
            .exclude(buyer_key="")
            .filter(dispatches__isnull=True)
            .order_by("-purchased_at", "amazon_order_id")
            .first()
        )
        if order is not None:
            blocked_buyer_add(
                seller=self.seller, amazon_order_id=order.amazon_order_id, reason=BLOCKLIST_REASON, user=self.owner
            )

    def _up_to_the_minute(self, connection: AmazonConnection) -> None:
        """Back in the present: what happened in the seconds the fast-forward took, sent what is due
        now, the rollup over everything and the feedback rates."""
        pump = Pump()
        try:
            queue.rebuild()
            self._sync_now(connection)
            self._send_due(pump, connection)
        finally:
            pump.close()
        rollups.recount_history()
        attribution.refresh_feedback_rates(self.seller)

    def _sync_now(self, connection: AmazonConnection) -> None:
        connection.refresh_from_db()
        result = sync.connection_sync(connection)
        if result.written_ids:
            planner.plan_orders(result.written_ids)
        planner.plan_due()
