"""The Solicitations and Messaging APIs of the sandbox Amazon: what Amazon allows, accepts and refuses."""

import time
from datetime import timedelta

from .amazon_terms import CRITICAL_MESSAGES, MESSAGE_OPERATIONS, NOT_AVAILABLE, OUTSIDE_WINDOW
from .notices import build_notice
from .plumbing import error
from .records import iso


class MessagingOperations:
    """Mixed into Sandbox: the actions an order allows, review requests and messages."""

    def _marketplace_param(self, request, order):
        ids = request.many("marketplaceIds")
        if not ids:
            raise error(400, "InvalidInput", "Missing or invalid request parameters: [marketplaceIds]")
        if order.marketplace.id not in ids:
            raise error(400, "InvalidInput", "The order is not in the requested marketplace.")

    def _solicitation_window(self, order):
        now = self.world.clock()
        return order.status == "SHIPPED" and order.earliest_delivery + timedelta(
            days=5
        ) <= now <= order.latest_delivery + timedelta(days=30)

    def _hal(self, path, order, names):
        mp = order.marketplace.id
        return {
            "_links": {
                "actions": [{"href": f"{path}/{kind}?marketplaceIds={mp}", "name": n} for kind, n in names],
                "self": {"href": f"{path}?marketplaceIds={mp}"},
            },
            "_embedded": {
                "actions": [
                    {
                        "_links": {
                            "self": {"href": f"{path}/{kind}?marketplaceIds={mp}", "name": n},
                            "schema": {"href": f"{path}/{kind}/schema", "name": n},
                        },
                        "payload": {"name": n},
                    }
                    for kind, n in names
                ]
            },
        }

    def solicitation_actions(self, request, partner_id, order_id):
        order = self._order_of(partner_id, order_id)
        self._marketplace_param(request, order)
        names = []
        if not order.solicited and self._solicitation_window(order):
            # Amazon sometimes says no to an eligible order; a later check may say yes.
            if not (self.false_negative_rate and self.rng.random() < self.false_negative_rate):
                names = [("solicitations/productReviewAndSellerFeedback", "productReviewAndSellerFeedback")]
        return (
            200,
            self._hal(f"/solicitations/v1/orders/{order_id}", order, names),
            {"Content-Type": "application/hal+json"},
        )

    def create_solicitation(self, request, partner_id, order_id):
        with self.world.lock:
            order = self._order_of(partner_id, order_id)
            self._marketplace_param(request, order)
            refusal = NOT_AVAILABLE if order.solicited else None if self._solicitation_window(order) else OUTSIDE_WINDOW
            if refusal:
                self._count_refusal(partner_id, "createProductReviewAndSellerFeedbackSolicitation")
                raise error(403, "Unauthorized", refusal)
            order.solicited = True
        self._record(order, "productReviewAndSellerFeedback", None)
        return 201, {}, {"Content-Type": "application/hal+json"}

    def messaging_actions(self, request, partner_id, order_id):
        order = self._order_of(partner_id, order_id)
        self._marketplace_param(request, order)
        names = []
        if order.status != "CANCELLED" and self.world.clock() <= order.created + timedelta(days=60):
            names = [(f"messages/{kind}", kind) for kind in MESSAGE_OPERATIONS]
        return (
            200,
            self._hal(f"/messaging/v1/orders/{order_id}", order, names),
            {"Content-Type": "application/hal+json"},
        )

    def attributes(self, request, partner_id, order_id):
        order = self._order_of(partner_id, order_id)
        self._marketplace_param(request, order)
        return 200, {"buyer": {"locale": order.marketplace.language.replace("_", "-")}}, {}

    def create_message(self, request, partner_id, order_id, kind):
        order = self._order_of(partner_id, order_id)
        self._marketplace_param(request, order)
        body = request.json()
        text = body.get("text")
        if kind in (
            "confirmDeliveryDetails",
            "confirmOrderDetails",
            "confirmServiceDetails",
            "unexpectedProblem",
            "confirmCustomizationDetails",
            "digitalAccessKey",
        ):
            limit = 800 if kind == "confirmCustomizationDetails" else 400 if kind == "digitalAccessKey" else 2000
            if not isinstance(text, str) or not 1 <= len(text) <= limit:
                raise error(400, "InvalidInput", f"text is required and must be 1 to {limit} characters.")
        if order.status == "CANCELLED":
            raise error(403, "Unauthorized", "The requested message is not available for this amazonOrderId.")
        self._record(order, kind, text)
        return 201, {}, {"Content-Type": "application/hal+json"}

    def _record(self, order, kind, text):
        blocked = order.buyer.opted_out and kind not in CRITICAL_MESSAGES
        entry = {
            "id": len(self.messages) + 1,
            "selling_partner_id": order.partner_id,
            "order_id": order.order_id,
            "marketplace_id": order.marketplace.id,
            "kind": kind,
            "text": text,
            "at": iso(self.world.clock()),
            "delivered": not blocked,
            "blocked_reason": "buyer_opted_out" if blocked else None,
            "accepted_at": time.time(),
        }
        with self.lock:
            self.messages.append(entry)
        recipient = self.notice_recipients.get(order.partner_id)
        if blocked and self.mailer and recipient:
            self.mailer.send(
                build_notice(
                    order_id=order.order_id,
                    marketplace=order.marketplace,
                    buyer_name=order.buyer.name,
                    recipient=recipient,
                    now=self.world.clock(),
                    buyer_alias=order.buyer.alias,
                )
            )
