"""Loads, in a few queries per batch, what the rules need to know about orders beyond their rows."""

from collections import defaultdict

from django.db.models import Min

from optouts.services import suppression_reasons_by_seller
from sellers.models import Order

from .models import Dispatch
from .rules import OrderFacts

# Dispatches that count as "messaged": ones that went or will go out.
LIVE_STATES = [Dispatch.State.SCHEDULED, Dispatch.State.SENDING, Dispatch.State.SENT]


class FactBook:
    def __init__(self, orders):
        orders = list(orders)
        self._suppression = suppression_reasons_by_seller(orders)
        self._first_purchase = self._first_purchases(orders)
        self._replaced = self._replaced_orders(orders)
        # {order pk: [(campaign pk, campaign name, requests review, live)]}
        self._dispatches = defaultdict(list)
        rows = Dispatch.objects.filter(order_id__in=[o.pk for o in orders]).values_list(
            "order_id", "campaign_id", "campaign__name", "requests_review", "state")
        for order_id, campaign_id, name, requests_review, state in rows:
            self._dispatches[order_id].append((campaign_id, name, requests_review, state in LIVE_STATES))

    @staticmethod
    def _first_purchases(orders) -> dict:
        keys = {o.buyer_key for o in orders if o.buyer_key}
        sellers = {o.seller_id for o in orders}
        if not keys:
            return {}
        rows = (Order.objects.filter(buyer_key__in=keys, seller_id__in=sellers)
                .values("seller_id", "buyer_key").annotate(first=Min("purchased_at")))
        return {(r["seller_id"], r["buyer_key"]): r["first"] for r in rows}

    @staticmethod
    def _replaced_orders(orders) -> set:
        ids = {o.amazon_order_id for o in orders}
        sellers = {o.seller_id for o in orders}
        return set(Order.objects.filter(seller_id__in=sellers, replaces_order_id__in=ids)
                   .values_list("seller_id", "replaces_order_id"))

    def planned(self, campaign, order) -> None:
        """Record a dispatch planned in this batch, so later campaigns in it see it."""
        self._dispatches[order.pk].append((campaign.pk, campaign.name, campaign.kind_info.requests_review, True))

    def existing_dispatch_campaigns(self, order) -> set:
        return {campaign_id for campaign_id, *_ in self._dispatches.get(order.pk, [])}

    def facts(self, campaign, order) -> OrderFacts:
        first = self._first_purchase.get((order.seller_id, order.buyer_key)) if order.buyer_key else None
        messaged_by = review_by = ""
        for campaign_id, name, requests_review, live in self._dispatches.get(order.pk, []):
            if campaign_id == campaign.pk:
                continue
            if live and not messaged_by:
                messaged_by = name
            if requests_review and not review_by:
                review_by = name
        return OrderFacts(
            suppression=self._suppression.get(order.pk, ""),
            repeat_buyer=bool(first and first < order.purchased_at),
            replaced=(order.seller_id, order.amazon_order_id) in self._replaced,
            messaged_by=messaged_by,
            review_requested_by=review_by,
        )
