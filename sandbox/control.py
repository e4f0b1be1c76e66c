"""The sandbox's control plane (not Amazon): what tests, benchmarks and the demo set and read."""

from datetime import date, timedelta

from .amazon_terms import SEARCH_DATASETS
from .clock import SandboxClock
from .marketplaces import MARKETPLACES
from .notices import NoticeMailer
from .plumbing import TokenBuckets, error, parse_time
from .records import iso
from .representations import (
    FEEDBACK_REPORT_MAX_RATING,
    order_v2026,
)


class ControlPlane:
    """Mixed into Sandbox: /_sandbox/ endpoints."""

    def control_sellers(self, request):
        with self.lock:
            extra = {}
            for token, pid in self.refresh_tokens.items():
                extra.setdefault(pid, []).append(token)
        return (
            200,
            {
                "sellers": [
                    {
                        "selling_partner_id": p.partner_id,
                        "store_name": p.store_name,
                        "region": p.region,
                        "marketplace_ids": [MARKETPLACES[c].id for c in p.marketplace_codes],
                        "refresh_token": p.refresh_token,
                        "orders": len(p.orders),
                        "feedback": len(p.feedback),
                        "revoked": p.refresh_token not in self.refresh_tokens,
                    }
                    for p in self.world.partners.values()
                ]
            },
            {},
        )

    def control_messages(self, request):
        partner = request.one("selling_partner_id")
        with self.lock:
            messages = [m for m in self.messages if not partner or m["selling_partner_id"] == partner]
        return 200, {"messages": messages}, {}

    def control_calls(self, request):
        """Every operation's calls per selling partner: how many, how many throttled (429), first and last."""
        with self.lock:
            calls = [{"selling_partner_id": p, "operation": op, **entry} for (p, op), entry in self.calls.items()]
        return 200, {"calls": calls}, {}

    def control_order(self, request, order_id):
        order = self.world.orders.get(order_id)
        if order is None:
            raise error(404, "NotFound", "No such order.")
        return (
            200,
            {
                "order": order_v2026(order, SEARCH_DATASETS),
                "buyer_opted_out": order.buyer.opted_out,
                "buyer_alias": order.buyer.alias,
                "solicited": order.solicited,
                "refund_posted": iso(order.refund_posted) if order.refund_posted else None,
            },
            {},
        )

    def control_change_order(self, request, order_id):
        data = request.json()
        if order_id not in self.world.orders:
            raise error(404, "NotFound", "No such order.")
        if "status" in data:
            if data["status"] not in ("SHIPPED", "DELIVERED", "RETURNED", "CANCELLED", "UNSHIPPED"):
                raise error(400, "InvalidInput", "status must be SHIPPED, DELIVERED, RETURNED, CANCELLED or UNSHIPPED.")
            self.world.change_order(order_id, data["status"])
        if "buyer_opted_out" in data:
            self.world.orders[order_id].buyer.opted_out = bool(data["buyer_opted_out"])
        if "earliest_delivery" in data or "latest_delivery" in data:
            order = self.world.orders[order_id]
            earliest = parse_time(data.get("earliest_delivery"), "earliest_delivery") or order.earliest_delivery
            latest = parse_time(data.get("latest_delivery"), "latest_delivery") or order.latest_delivery
            if latest < earliest:
                raise error(400, "InvalidInput", "latest_delivery must not be before earliest_delivery.")
            self.world.change_delivery_window(order_id, earliest, latest)
        if "refund" in data:
            refund = data["refund"] if isinstance(data["refund"], dict) else {}
            self.world.refund(
                order_id, posted=parse_time(refund.get("posted"), "refund.posted"), amount=refund.get("amount")
            )
        return self.control_order(request, order_id)

    def control_add_orders(self, request, partner_id):
        if partner_id not in self.world.partners:
            raise error(404, "NotFound", "No such seller.")
        data = request.json()
        count = int(data.get("count", 1))
        # age_days: placed that long ago and moved along its life since (shipped, delivered...).
        placed = self.world.clock().replace(microsecond=0) - timedelta(days=float(data.get("age_days", 0)))
        orders = self.world.add_orders(partner_id, count, placed_at=placed)
        return 201, {"order_ids": [o.order_id for o in orders]}, {}

    def control_list_orders(self, request, partner_id):
        """A partner's orders with what tests and benchmarks need to stage them (not an Amazon API)."""
        if partner_id not in self.world.partners:
            raise error(404, "NotFound", "No such seller.")
        with self.world.lock:
            orders = list(self.world.partners[partner_id].orders.values())
        return (
            200,
            {
                "orders": [
                    {
                        "order_id": o.order_id,
                        "marketplace_id": o.marketplace.id,
                        "created": iso(o.created),
                        "status": o.status,
                        "fulfilled_by": o.fulfilled_by,
                        "earliest_delivery": iso(o.earliest_delivery),
                        "latest_delivery": iso(o.latest_delivery),
                        "solicitable": not o.solicited and self._solicitation_window(o),
                        "in_solicitation_window": self._solicitation_window(o),
                        "solicited": o.solicited,
                        "refund_posted": iso(o.refund_posted) if o.refund_posted else None,
                        "buyer_alias": o.buyer.alias,
                        "buyer_opted_out": o.buyer.opted_out,
                    }
                    for o in orders
                ]
            },
            {},
        )

    def control_warm(self, request):
        """Render every order's JSON for one includedData set ahead of time.

        Benchmarks call this so that what they time is the client, not this stand-in rendering
        JSON on the machine's shared cores (Amazon's serving cost is on Amazon's machines).
        """
        included = frozenset(request.json().get("includedData", []))
        with self.world.lock:
            orders = list(self.world.orders.values())
        for order in orders:
            self._order_json(order, included)
        return 200, {"rendered": len(orders), "includedData": sorted(included)}, {}

    def control_recipient(self, request, partner_id):
        """Seller Central's Notification Preferences: where "Buyer Opt-Out" notices go."""
        if partner_id not in self.world.partners:
            raise error(404, "NotFound", "No such seller.")
        email = str(request.json().get("email", "")).strip()
        if "@" not in email:
            raise error(400, "InvalidInput", "email must be an address.")
        self.notice_recipients[partner_id] = email
        return 200, {"selling_partner_id": partner_id, "notification_recipient": email}, {}

    def control_leave_feedback(self, request, order_id):
        """A buyer leaves (or revises) seller feedback for an order.

        Body: {"rating": 1-5, "comment": ..., "date": "YYYY-MM-DD" (default today), "response": ...}.

        Like Amazon's report, the sandbox's feedback report lists only ratings of 1 to 3 stars.
        """
        order = self.world.orders.get(order_id)
        if order is None:
            raise error(404, "NotFound", "No such order.")
        data = request.json()
        if not isinstance(data, dict):
            raise error(400, "InvalidInput", "The body must be a JSON object.")
        rating = data.get("rating")
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            raise error(400, "InvalidInput", "rating must be a whole number from 1 to 5.")
        comment, response = data.get("comment", ""), data.get("response", "")
        if not isinstance(comment, str) or not isinstance(response, str):
            raise error(400, "InvalidInput", "comment and response must be text.")
        today = self.world.clock().date()
        left_on = today
        if data.get("date") is not None:
            try:
                left_on = date.fromisoformat(str(data["date"]))
            except ValueError as exc:
                raise error(400, "InvalidInput", "date must be a day as YYYY-MM-DD.") from exc
        if left_on > today:
            raise error(400, "InvalidInput", "Feedback cannot be left in the future.")
        if left_on < order.created.date():
            raise error(400, "InvalidInput", "Feedback cannot be left before the order was placed.")
        feedback = self.world.set_feedback(order_id, rating=rating, comment=comment, left_on=left_on, response=response)
        return 201, self._feedback_json(order, feedback), {}

    def control_remove_feedback(self, request, order_id):
        """The buyer removed the feedback, or Amazon struck it through: it is no longer in the report."""
        if order_id not in self.world.orders:
            raise error(404, "NotFound", "No such order.")
        if not self.world.remove_feedback(order_id):
            raise error(404, "NotFound", "This order has no feedback.")
        return 200, {"order_id": order_id, "removed": True}, {}

    def control_list_feedback(self, request, partner_id):
        if partner_id not in self.world.partners:
            raise error(404, "NotFound", "No such seller.")
        with self.world.lock:
            partner = self.world.partners[partner_id]
            entries = [(partner.orders[f.order_id], f) for f in partner.feedback.values()]
        entries.sort(key=lambda pair: (pair[1].left_on, pair[0].order_id))
        return 200, {"feedback": [self._feedback_json(order, feedback) for order, feedback in entries]}, {}

    @staticmethod
    def _feedback_json(order, feedback) -> dict:
        return {
            "order_id": order.order_id,
            "selling_partner_id": order.partner_id,
            "marketplace_id": order.marketplace.id,
            "rating": feedback.rating,
            "comment": feedback.comment,
            "response": feedback.response,
            "date": feedback.left_on.isoformat(),
            "in_report": feedback.rating <= FEEDBACK_REPORT_MAX_RATING,
        }

    def control_faults(self, request):
        data = request.json()
        for name in ("fail_rate", "slow_rate", "slow_seconds", "false_negative_rate"):
            if name in data:
                setattr(self, name, float(data[name]))
        if "html_errors" in data:
            self.html_errors = bool(data["html_errors"])
        if "raw_feedback_text" in data:
            self.raw_feedback_text = bool(data["raw_feedback_text"])
        if "rate_scale" in data:
            self.buckets = TokenBuckets(float(data["rate_scale"]), clock=self._monotonic)
        return (
            200,
            {
                "fail_rate": self.fail_rate,
                "slow_rate": self.slow_rate,
                "rate_scale": self.buckets.scale,
                "false_negative_rate": self.false_negative_rate,
            },
            {},
        )

    def _clock_json(self) -> dict:
        clock = self.world.clock
        return {
            "now": iso(clock()),
            "real": bool(getattr(clock, "is_real", True)),
            "frozen": bool(getattr(clock, "is_frozen", False)),
            "world": {"generated_at": iso(self.world.generated_at), "live": self.world.live},
        }

    def control_clock(self, request):
        return 200, self._clock_json(), {}

    def control_set_clock(self, request):
        """Amazon's clock: {"now": ISO 8601} makes it that moment (it runs on from there; with
        "frozen": true it stays there until set again), {"now": null} the real time again. A live world lives up to it at once. Its orders only move forward: set it
        back only to the moment a world was generated at (POST /_sandbox/world) or later."""
        clock = self.world.clock
        if not isinstance(clock, SandboxClock):
            raise error(400, "InvalidInput", "This sandbox's clock is fixed.")
        data = request.json()
        if not isinstance(data, dict) or "now" not in data:
            raise error(
                400, "InvalidInput", 'Send {"now": "2026-11-20T12:00:00Z"}, or {"now": null} for the real time.'
            )
        clock.set(parse_time(data["now"], "now") if data["now"] is not None else None, frozen=bool(data.get("frozen")))
        self.world.catch_up()
        return 200, self._clock_json(), {}

    def control_world(self, request):
        """Generate the world again, as of {"generated_at": ISO 8601} (default now), live unless
        {"live": false}: the same partners, refresh tokens and orders a world of this seed had then.
        Messages, reports and page tokens of the old world go, revocations too; every quota is full."""
        data = request.json()
        if not isinstance(data, dict):
            raise error(400, "InvalidInput", "The body must be a JSON object.")
        generated_at = parse_time(data.get("generated_at"), "generated_at") or self.world.clock()
        if generated_at > self.world.clock():
            raise error(400, "InvalidInput", "A world cannot be generated as of a moment still to come.")
        world = self.world.regenerated(generated_at=generated_at, live=bool(data.get("live", True)))
        world.catch_up()
        with self.lock:
            self.world = world
            self.refresh_tokens = {p.refresh_token: p.partner_id for p in world.partners.values()}
            self.messages, self.reports, self.documents, self.page_tokens = [], {}, {}, {}
            self.buckets = TokenBuckets(self.buckets.scale, clock=self._monotonic)  # its partners' quotas are full
            self._json_cache = {}
        return 200, {**self._clock_json(), "orders": len(world.orders)}, {}

    def control_notices(self, request):
        """Where opt-out notices are mailed: {"smtp": "host:port"}, or {"smtp": null} for where the
        sandbox was started to mail them (--notice-smtp). Answers where they went before."""
        data = request.json()
        if not isinstance(data, dict) or "smtp" not in data:
            raise error(400, "InvalidInput", 'Send {"smtp": "127.0.0.1:2525"}, or {"smtp": null}.')
        smtp = data["smtp"] if data["smtp"] is not None else self.notice_smtp
        if smtp is not None and (not isinstance(smtp, str) or not smtp.rpartition(":")[2].isdigit()):
            raise error(400, "InvalidInput", "smtp must be host:port.")
        previous = self.mailer.address if self.mailer else None
        self.mailer = NoticeMailer(smtp) if smtp else None
        return 200, {"smtp": smtp, "previous": previous}, {}

    def control_roles(self, request, partner_id):
        """The roles a seller granted our app: {"finance": false} takes the Finance and Accounting role away."""
        partner = self.world.partners.get(partner_id)
        if partner is None:
            raise error(404, "NotFound", "No such seller.")
        data = request.json()
        if "finance" in data:
            partner.finance_role = bool(data["finance"])
        return 200, {"selling_partner_id": partner_id, "finance": partner.finance_role}, {}

    def control_revoke(self, request, partner_id):
        with self.lock:
            for token in [t for t, pid in self.refresh_tokens.items() if pid == partner_id]:
                del self.refresh_tokens[token]
            for token in [t for t, (pid, _) in self.access_tokens.items() if pid == partner_id]:
                del self.access_tokens[token]
        return 200, {"revoked": partner_id}, {}
