"""Loads, in a few queries per batch, what the rules need to know about orders beyond their rows."""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.db import connection as db_connection
from django.db.models import Min

from optouts.services import suppression_reasons_by_seller
from sellers.models import Order

from .models import Dispatch
from .rules import OrderFacts

# Dispatches that count as "messaged": ones that went or will go out.
LIVE_STATES = [Dispatch.State.SCHEDULED, Dispatch.State.SENDING, Dispatch.State.SENT]


@dataclass(slots=True)
class PlanOrder:
    """The columns of an order the rules read, without a model instance's cost: the planner
    handles hundreds of thousands per pass."""

    id: UUID
    seller_id: UUID
    connection_id: UUID
    amazon_order_id: str
    marketplace_id: str
    purchased_at: datetime
    fulfillment_channel: str
    status: str
    earliest_delivery: datetime | None
    latest_delivery: datetime | None
    shipped_at: datetime | None
    is_returned: bool
    is_business: bool
    has_promotion: bool
    replaces_order_id: str
    total_amount: Decimal | None
    buyer_key: str
    items: list
    synced_at: datetime

    COLUMNS = ("id", "seller_id", "connection_id", "amazon_order_id", "marketplace_id", "purchased_at",
               "fulfillment_channel", "status", "earliest_delivery", "latest_delivery", "shipped_at", "is_returned",
               "is_business", "has_promotion", "replaces_order_id", "total_amount", "buyer_key", "items",
               "synced_at")

    @property
    def pk(self):
        return self.id

    @classmethod
    def from_row(cls, row):
        order = cls(*row)
        if isinstance(order.items, str):
            order.items = json.loads(order.items)
        for name in ("id", "seller_id", "connection_id"):
            value = getattr(order, name)
            if not isinstance(value, UUID):
                setattr(order, name, UUID(str(value)))
        return order

    @classmethod
    def from_dict(cls, values: dict):
        return cls(**{name: values[name] for name in cls.COLUMNS})


def _any(cursor, sql: str, params) -> list:
    cursor.execute(sql, params)
    return cursor.fetchall()


class FactBook:
    def __init__(self, orders):
        orders = list(orders)
        self._suppression = suppression_reasons_by_seller(orders)
        if db_connection.vendor == "postgresql":
            self._load_postgres(orders)
        else:
            self._load_portable(orders)

    def _load_postgres(self, orders):
        # Arrays as single parameters: a batch of 100,000 orders is one short statement each.
        ids = [str(o.pk) for o in orders]
        order_ids = [o.amazon_order_id for o in orders]
        sellers = list({str(o.seller_id) for o in orders})
        keys = list({o.buyer_key for o in orders if o.buyer_key})
        table, dispatches = Order._meta.db_table, Dispatch._meta.db_table
        with db_connection.cursor() as cursor:
            first = _any(cursor, f"SELECT seller_id, buyer_key, min(purchased_at) FROM {table} "  # noqa: S608
                                 "WHERE seller_id = ANY(%s::uuid[]) AND buyer_key = ANY(%s) "
                                 "GROUP BY seller_id, buyer_key", [sellers, keys]) if keys else []
            replaced = _any(cursor, f"SELECT seller_id, replaces_order_id FROM {table} "  # noqa: S608
                                    "WHERE seller_id = ANY(%s::uuid[]) AND replaces_order_id = ANY(%s) "
                                    "AND replaces_order_id <> ''", [sellers, order_ids]) if orders else []
            existing = _any(cursor, f"SELECT d.order_id, d.campaign_id, c.name, d.requests_review, d.state "  # noqa: S608
                                    f"FROM {dispatches} d JOIN campaigns_campaign c ON c.id = d.campaign_id "
                                    "WHERE d.order_id = ANY(%s::uuid[])", [ids]) if orders else []
        self._first_purchase = {(UUID(str(s)), k): t for s, k, t in first}
        self._replaced = {(UUID(str(s)), o) for s, o in replaced}
        self._index_dispatches((UUID(str(o)), UUID(str(c)), n, r, st) for o, c, n, r, st in existing)

    def _load_portable(self, orders):
        keys = {o.buyer_key for o in orders if o.buyer_key}
        sellers = {o.seller_id for o in orders}
        rows = (Order.objects.filter(buyer_key__in=keys, seller_id__in=sellers)
                .values("seller_id", "buyer_key").annotate(first=Min("purchased_at"))) if keys else []
        self._first_purchase = {(r["seller_id"], r["buyer_key"]): r["first"] for r in rows}
        self._replaced = set(Order.objects.filter(
            seller_id__in=sellers, replaces_order_id__in={o.amazon_order_id for o in orders},
        ).values_list("seller_id", "replaces_order_id"))
        self._index_dispatches(Dispatch.objects.filter(order_id__in=[o.pk for o in orders]).values_list(
            "order_id", "campaign_id", "campaign__name", "requests_review", "state"))

    def _index_dispatches(self, rows):
        # {order pk: [(campaign pk, campaign name, requests review, live)]}
        self._dispatches = defaultdict(list)
        for order_id, campaign_id, name, requests_review, state in rows:
            self._dispatches[order_id].append((campaign_id, name, requests_review, state in LIVE_STATES))

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
