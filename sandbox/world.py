"""The sandbox's Amazon: seeded selling partners, their orders and buyers, held in memory.

Generated deterministically from a seed so that tests and benchmarks can rely on its shape:
marketplaces per region, FBA and FBM orders with ship and delivery windows, items, returns and
cancellations, repeat buyers, a share of buyers who opted out of unsolicited messages, and buyer
aliases only where Amazon gives them (merchant-fulfilled orders).

A world is generated as of a moment (`generated_at`, now by default): each order has lived its
life up to then. A *live* world goes on as its clock passes (sandbox.clock): new orders arrive at
the seeded pace, orders ship, arrive and come back, buyers leave feedback and Amazon posts
refunds, each when its time comes; what lies ahead of the clock is not seen. Everything it does
is drawn from the seed and the moment it was generated at, so the same world, asked later, has
lived the same life: the demo (`make run`) asks for its world again on every start.
"""

import bisect
import hashlib
import heapq
import itertools
import random
import threading
from datetime import date, datetime, timedelta
from typing import Any

from .clock import SandboxClock
from .marketplaces import MARKETPLACES, REGION_PROFILES
from .records import (
    FEEDBACK_COMMENTS,
    FEEDBACK_RATING_WEIGHTS,
    FIRST_NAMES,
    PRODUCTS,
    Buyer,
    Feedback,
    Order,
    Partner,
)

SPREAD_DAYS = 90  # a seeded partner's orders were placed over this many days before the world's moment


class World:
    def __init__(
        self,
        *,
        sellers: int,
        orders: int,
        seed: int,
        optout_share: float = 0.05,
        now=None,
        feedback_share: float = 0.0,
        refund_share: float = 0.04,
        generated_at: datetime | None = None,
        live: bool = False,
    ):
        self.options: dict[str, Any] = {
            "sellers": sellers,
            "orders": orders,
            "seed": seed,
            "optout_share": optout_share,
            "feedback_share": feedback_share,
            "refund_share": refund_share,
        }
        self.lock = threading.RLock()
        self.seed = seed
        self.optout_share = optout_share
        self.feedback_share, self.refund_share = feedback_share, refund_share
        self.clock = now or SandboxClock()
        self.rng = random.Random(seed)
        self.partners: dict[str, Partner] = {}
        self.orders: dict[str, Order] = {}
        self.live = live
        # A live world's life ahead of its clock: (when, sequence, order id, change), and the next order
        # each partner receives (when, its own random stream, orders a second).
        self._ahead: list[tuple[datetime, int, str, str]] = []
        self._sequence = itertools.count()
        self._pending_feedback: dict[str, Feedback] = {}
        self._arrivals: dict[str, list] = {}
        self.generated_at = (generated_at or self.clock()).replace(microsecond=0)
        for index in range(sellers):
            self._add_partner(index, orders, self.generated_at)
        if live:
            for index, partner in enumerate(self.partners.values()):
                stream = random.Random(f"{seed}-arrivals-{index}")
                per_second = orders / SPREAD_DAYS / 86400
                if per_second > 0:
                    first = self.generated_at + timedelta(seconds=stream.expovariate(per_second))
                    self._arrivals[partner.partner_id] = [first, stream, per_second]
        else:
            if refund_share:
                self._seed_refunds(refund_share)
            if feedback_share:
                self._seed_feedback(feedback_share, self.generated_at)

    def regenerated(self, *, generated_at: datetime, live: bool = True) -> "World":
        """The same world (options, seed and clock), generated as of another moment."""
        return World(**self.options, now=self.clock, generated_at=generated_at, live=live)

    # -- a live world's life -------------------------------------------------------------------
    def catch_up(self) -> None:
        """Live what lies between the last call and the clock: orders placed, moved along, feedback, in time."""
        if not self.live:
            return
        now = self.clock().replace(microsecond=0)
        with self.lock:
            for partner_id, arrival in self._arrivals.items():
                while arrival[0] <= now:
                    self._place(self.partners[partner_id], arrival[0].replace(microsecond=0), now, arrival[1])
                    arrival[0] += timedelta(seconds=arrival[1].expovariate(arrival[2]))
            while self._ahead and self._ahead[0][0] <= now:
                when, _, order_id, change = heapq.heappop(self._ahead)
                self._happen(self.orders[order_id], change, when)

    def _place(self, partner: "Partner", created: datetime, now: datetime, rng) -> "Order":
        order = self._make_order(partner, created, now, rng=rng)
        partner.orders[order.order_id] = order
        self.orders[order.order_id] = order
        partner.touched()
        return order

    def _happen(self, order: "Order", change: str, when: datetime) -> None:
        if change == "FEEDBACK":
            feedback = self._pending_feedback.pop(order.order_id)
            # Feedback a test or the demo left through the control plane stays as it is.
            self.partners[order.partner_id].feedback.setdefault(order.order_id, feedback)
            return
        self._set(order, change, when)
        self.partners[order.partner_id].touched()

    def _live_on(self, order: "Order", life: list[tuple[datetime, str]], now: datetime) -> None:
        """Apply what already happened to the order; keep the rest for when the clock gets there."""
        for when, change in sorted(life, key=lambda event: event[0]):
            if when <= now:
                self._happen(order, change, when)
            else:
                heapq.heappush(self._ahead, (when, next(self._sequence), order.order_id, change))

    def _life_of(self, order: "Order", fate: float, ship_days: float, rng) -> list[tuple[datetime, str]]:
        """Everything that will happen to a new order of a live world, and when."""
        created, earliest = order.created, order.earliest_delivery
        if fate < 0.03:
            return [(created + timedelta(hours=rng.uniform(1, 20)), "CANCELLED")]
        delivered = earliest + timedelta(hours=rng.uniform(0, 24))
        life = [(created + timedelta(days=ship_days), "SHIPPED"), (delivered, "DELIVERED")]
        if fate > 0.98:
            life.append((delivered + timedelta(days=rng.uniform(1, 4)), "RETURNED"))
        # The order's own stream: what its buyer and Amazon do later never depends on the others.
        extras = random.Random(f"{self.seed}-life-{order.order_id}")
        if self.refund_share and extras.random() < self.refund_share:
            order.refund_posted = (earliest + timedelta(days=extras.uniform(1, 25))).replace(microsecond=0)
            order.refund_amount = round(sum(i["price"] * i["quantity"] for i in order.items), 2)
        if self.feedback_share and extras.random() < self.feedback_share:
            left = earliest + timedelta(days=extras.uniform(1, 20))
            ratings, weights = zip(*FEEDBACK_RATING_WEIGHTS.items(), strict=True)
            rating = extras.choices(ratings, weights)[0]
            self._pending_feedback[order.order_id] = Feedback(
                order.order_id, rating, extras.choice(FEEDBACK_COMMENTS[rating]), left.date()
            )
            life.append((left, "FEEDBACK"))
        return life

    # -- generation --------------------------------------------------------------------
    def _token(self, *parts) -> str:
        return hashlib.sha256("|".join(map(str, (self.seed, *parts))).encode()).hexdigest()

    def _add_partner(self, index: int, order_count: int, now: datetime) -> "Partner":
        region = ["NA", "EU", "FE"][index % 3]
        profiles = REGION_PROFILES[region]
        partner_id = "A" + self._token("partner", index)[:13].upper()
        partner = Partner(
            partner_id=partner_id,
            store_name=f"Sandbox Store {index + 1}",
            region=region,
            marketplace_codes=profiles[index // 3 % len(profiles)],
            refresh_token="Atzr|sandbox-" + self._token("refresh", index)[:48],
        )
        buyer_count = max(3, order_count // 3)
        tld = MARKETPLACES[partner.marketplace_codes[0]].domain.split("amazon.", 1)[1]
        for b in range(buyer_count):
            partner.buyers.append(
                Buyer(
                    alias=f"{self._token('buyer', index, b)[:15]}@marketplace.amazon.{tld}",
                    name=f"{self.rng.choice(FIRST_NAMES)} {chr(65 + b % 26)}.",
                    opted_out=self.rng.random() < self.optout_share,
                )
            )
        self.partners[partner_id] = partner
        self.add_orders(partner_id, order_count, now=now, spread_days=SPREAD_DAYS)
        return partner

    def _order_id(self, rng=None) -> str:
        rng = rng or self.rng
        while True:
            candidate = f"{rng.randint(111, 999)}-{rng.randint(0, 9999999):07d}-{rng.randint(0, 9999999):07d}"
            if candidate not in self.orders:
                return candidate

    def add_orders(
        self,
        partner_id: str,
        count: int,
        *,
        now: datetime | None = None,
        spread_days: float = 0,
        placed_at: datetime | None = None,
    ) -> list[Order]:
        """Place `count` orders for a partner, created over the last `spread_days` (0: at `placed_at`, or now)."""
        with self.lock:
            now = now or self.clock().replace(microsecond=0)
            partner = self.partners[partner_id]
            created_orders = []
            for _ in range(count):
                if spread_days:
                    created = now - timedelta(seconds=self.rng.uniform(0, spread_days * 86400))
                else:
                    created = min(placed_at or now, now)
                order = self._make_order(partner, created.replace(microsecond=0), now)
                partner.orders[order.order_id] = order
                self.orders[order.order_id] = order
                created_orders.append(order)
            partner.touched()
            return created_orders

    def _make_order(self, partner: "Partner", created: datetime, now: datetime, rng=None) -> "Order":
        rng = rng or self.rng
        code = rng.choice(partner.marketplace_codes)
        fulfilled_by = "AMAZON" if rng.random() < 0.6 else "MERCHANT"
        ship_days = rng.uniform(0.2, 2.5)
        earliest = created + timedelta(days=rng.randint(2, 5))
        latest = earliest + timedelta(days=rng.randint(0, 3))
        items = []
        for _n in range(rng.choice([1, 1, 1, 2, 2, 3])):
            title, price = rng.choice(PRODUCTS)
            product_index = PRODUCTS.index((title, price))
            items.append(
                {
                    "orderItemId": f"{rng.randint(10**13, 10**14 - 1)}",
                    "asin": f"B0{self._token('asin', product_index)[:8].upper()}",
                    "sku": f"SKU-{product_index + 1:04d}",
                    "title": title,
                    "price": price,
                    "quantity": rng.choice([1, 1, 1, 2]),
                }
            )
        order = Order(
            order_id=self._order_id(rng),
            partner_id=partner.partner_id,
            marketplace_code=code,
            created=created,
            updated=created,
            fulfilled_by=fulfilled_by,
            status="UNSHIPPED",
            earliest_delivery=earliest,
            latest_delivery=latest,
            items=items,
            buyer=rng.choice(partner.buyers),
            business=rng.random() < 0.05,
            promotion=rng.random() < 0.1,
        )
        # Move the order along its life up to `now`: shipped, delivered, sometimes cancelled or returned.
        fate = rng.random()
        if self.live:
            self._live_on(order, self._life_of(order, fate, ship_days, rng), now)
        elif fate < 0.03:
            self._set(order, "CANCELLED", min(now, created + timedelta(hours=rng.uniform(1, 20))))
        elif created + timedelta(days=ship_days) <= now:
            order.shipped = created + timedelta(days=ship_days)
            self._set(order, "SHIPPED", order.shipped)
            delivered_at = earliest + timedelta(hours=rng.uniform(0, 24))
            if delivered_at <= now:
                self._set(order, "DELIVERED", delivered_at)
                if fate > 0.98 and delivered_at + timedelta(days=4) <= now:
                    self._set(order, "RETURNED", delivered_at + timedelta(days=rng.uniform(1, 4)))
        return order

    @staticmethod
    def _set(order: Order, change: str, when: datetime):
        when = when.replace(microsecond=0)
        if change in ("SHIPPED", "CANCELLED", "UNSHIPPED", "PENDING"):
            order.status = change
            if change == "SHIPPED":
                order.shipped = order.shipped or when
                if order.fulfilled_by == "MERCHANT":
                    order.package_status = "PICKED_UP"
        elif change == "DELIVERED":
            order.status = "SHIPPED"
            order.package_status = "DELIVERED" if order.fulfilled_by == "MERCHANT" else None
        elif change == "RETURNED":
            order.package_status = "RETURNED_TO_SELLER" if order.fulfilled_by == "MERCHANT" else None
        order.updated = max(order.updated, when)

    def _seed_refunds(self, share: float) -> None:
        """A share of shipped orders refunded some days after delivery: some refunds posted long
        ago, some in days still to come (they appear in the Finances API when the clock gets there).

        Its own random stream, so that seeding refunds leaves the orders of a seed unchanged."""
        rng = random.Random(f"{self.seed}-refunds")
        for partner in self.partners.values():
            for order in sorted(partner.orders.values(), key=lambda o: o.order_id):
                if order.status != "SHIPPED" or rng.random() >= share:
                    continue
                order.refund_posted = (order.earliest_delivery + timedelta(days=rng.uniform(1, 25))).replace(
                    microsecond=0
                )
                order.refund_amount = round(sum(i["price"] * i["quantity"] for i in order.items), 2)

    def refund(self, order_id: str, *, posted: datetime | None = None, amount: float | None = None) -> Order:
        """Amazon refunds an order (now, unless `posted` says when)."""
        with self.lock:
            order = self.orders[order_id]
            order.refund_posted = (posted or self.clock()).replace(microsecond=0)
            order.refund_amount = (
                amount if amount is not None else round(sum(i["price"] * i["quantity"] for i in order.items), 2)
            )
            return order

    def change_delivery_window(self, order_id: str, earliest: datetime, latest: datetime) -> Order:
        """Amazon revises an order's promised delivery window (a late parcel, a rescheduled delivery)."""
        with self.lock:
            order = self.orders[order_id]
            order.earliest_delivery, order.latest_delivery = (
                earliest.replace(microsecond=0),
                latest.replace(microsecond=0),
            )
            order.updated = max(order.updated, self.clock().replace(microsecond=0))
            self.partners[order.partner_id].touched()
            return order

    def _seed_feedback(self, share: float, now: datetime) -> None:
        """Feedback from a share of the buyers of delivered orders, some days after delivery.

        Its own random stream, so that seeding feedback leaves the orders of a seed unchanged.
        """
        rng = random.Random(f"{self.seed}-feedback")
        ratings, weights = zip(*FEEDBACK_RATING_WEIGHTS.items(), strict=True)
        for partner in self.partners.values():
            for order in sorted(partner.orders.values(), key=lambda o: o.order_id):
                if order.status != "SHIPPED" or order.earliest_delivery + timedelta(days=1) > now:
                    continue
                if rng.random() >= share:
                    continue
                left = order.earliest_delivery + timedelta(days=rng.uniform(1, 20))
                if left > now:
                    continue
                rating = rng.choices(ratings, weights)[0]
                partner.feedback[order.order_id] = Feedback(
                    order.order_id, rating, rng.choice(FEEDBACK_COMMENTS[rating]), left.date()
                )

    # -- changes driven by tests and the demo -----------------------------------------
    def set_feedback(
        self, order_id: str, *, rating: int, comment: str = "", left_on: date | None = None, response: str = ""
    ) -> Feedback:
        """A buyer leaves (or revises) the seller feedback of one order."""
        with self.lock:
            order = self.orders[order_id]
            feedback = Feedback(order_id, rating, comment, left_on or self.clock().date(), response)
            self.partners[order.partner_id].feedback[order_id] = feedback
            return feedback

    def remove_feedback(self, order_id: str) -> bool:
        """The buyer removed the feedback, or Amazon struck it through: it leaves the report."""
        with self.lock:
            order = self.orders[order_id]
            return self.partners[order.partner_id].feedback.pop(order_id, None) is not None

    def feedback_between(self, partner_id: str, start: date, end: date, marketplace_ids: set[str]) -> list:
        """(order, feedback) of one partner left between two days (inclusive), oldest first."""
        with self.lock:
            partner = self.partners[partner_id]
            found = [(partner.orders[f.order_id], f) for f in partner.feedback.values() if start <= f.left_on <= end]
        found = [(o, f) for o, f in found if o.marketplace.id in marketplace_ids]
        return sorted(found, key=lambda pair: (pair[1].left_on, pair[0].order_id))

    def change_order(self, order_id: str, change: str) -> Order:
        with self.lock:
            order = self.orders[order_id]
            now = self.clock().replace(microsecond=0)
            self._set(order, change, now)
            order.updated = now
            self.partners[order.partner_id].touched()
            return order

    def partner_for_order(self, order_id: str) -> Partner | None:
        order = self.orders.get(order_id)
        return self.partners.get(order.partner_id) if order else None

    # -- queries -----------------------------------------------------------------------
    def search(
        self,
        partner_id: str,
        *,
        updated_after=None,
        updated_before=None,
        created_after=None,
        created_before=None,
        after_key=None,
        marketplace_ids=(),
        statuses=(),
        fulfilled_by=(),
        limit=100,
    ):
        """Orders of one partner, ordered by (lastUpdatedTime, orderId), after the keyset `after_key`."""
        with self.lock:
            partner = self.partners[partner_id]
            index = partner.orders_by_update()
            start = 0
            if after_key is not None:
                start = bisect.bisect_right(index, after_key)
            elif updated_after is not None:
                start = bisect.bisect_left(index, (updated_after, ""))
            page, last_key = [], None
            for key in index[start:]:
                if updated_before is not None and key[0] > updated_before:
                    break
                order = partner.orders[key[1]]
                last_key = key
                if created_after is not None and order.created < created_after:
                    continue
                if created_before is not None and order.created > created_before:
                    continue
                if marketplace_ids and order.marketplace.id not in marketplace_ids:
                    continue
                if statuses and order.status not in statuses:
                    continue
                if fulfilled_by and order.fulfilled_by not in fulfilled_by:
                    continue
                page.append(order)
                if len(page) == limit:
                    break
            more = last_key is not None and index and last_key != index[-1] and len(page) == limit
            return page, (last_key if more else None)
