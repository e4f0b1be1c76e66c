"""Loads, in a few queries per batch, what the rules need to know about orders beyond their rows."""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection as db_connection

from optouts.suppression import suppression_reasons_by_seller
from sellers.models import AmazonConnection, Order

from .models import Campaign, Dispatch
from .rules import OrderFacts

# Dispatches that count as "messaged": ones that went or will go out.
LIVE_STATES = [Dispatch.State.SCHEDULED, Dispatch.State.SENDING, Dispatch.State.SENT]


@dataclass(slots=True)
class PlanOrder:
    """The columns of an order the rules read, without a model instance's cost: the planner
    handles hundreds of thousands per pass."""

    id: str
    seller_id: str
    connection_id: str
    amazon_order_id: str
    marketplace_id: str
    purchased_at: datetime
    fulfillment_channel: str
    status: str
    earliest_delivery: datetime | None
    latest_delivery: datetime | None
    delivery_estimated: bool
    shipped_at: datetime | None
    is_returned: bool
    is_business: bool
    has_promotion: bool
    replaces_order_id: str
    total_amount: Decimal | None
    buyer_key: str
    refunded_at: datetime | None
    items_json: Any = field(compare=False)  # the order lines as stored; decoded on first use

    COLUMNS = (
        "id",
        "seller_id",
        "connection_id",
        "amazon_order_id",
        "marketplace_id",
        "purchased_at",
        "fulfillment_channel",
        "status",
        "earliest_delivery",
        "latest_delivery",
        "delivery_estimated",
        "shipped_at",
        "is_returned",
        "is_business",
        "has_promotion",
        "replaces_order_id",
        "total_amount",
        "buyer_key",
        "refunded_at",
        "items",
    )

    @property
    def pk(self):
        return self.id

    @property
    def items(self) -> list:
        # Only campaigns filtering on ASINs or SKUs read the lines: most orders are never decoded.
        if isinstance(self.items_json, str):
            self.items_json = json.loads(self.items_json)
        return self.items_json

    @classmethod
    def from_row(cls, row):
        # Ids arrive as text (cast in the query): the planner compares them as strings.
        return cls(*row)


def _any(cursor, sql: str, params) -> list:
    cursor.execute(sql, params)
    return cursor.fetchall()


class FactBook:
    """Facts for a batch of orders (model instances or PlanOrders), keyed by their ids as text."""

    def __init__(self, orders, *, buyer_history: bool = True, replacements: bool = True, bulk: bool = False):
        # The planner skips the two lookups no campaign of the pass needs, and reads opt-outs in
        # bulk (optouts.suppression.optedout_keys).
        orders = list(orders)
        self._suppression = {str(pk): reason for pk, reason in suppression_reasons_by_seller(orders, bulk=bulk).items()}
        self._first_purchase: dict[tuple[str, str], Any] = {}
        self._replaced: set[tuple[str, str]] = set()
        connections = {str(o.connection_id) for o in orders}
        # Refunds cannot be known for a connection whose authorization lacks Amazon's Finance role.
        self._no_refunds = (
            {
                str(pk)
                for pk in AmazonConnection.objects.filter(
                    pk__in=connections, finance_role=AmazonConnection.FinanceRole.MISSING
                ).values_list("pk", flat=True)
            }
            if connections
            else set()
        )
        self._load(orders, buyer_history, replacements)
        self._base: dict[Any, OrderFacts] = {}

    def _load(self, orders, buyer_history, replacements):
        if not orders:
            self._index_dispatches([])
            return
        # Lists travel as one comma-joined text split in the database: far cheaper to send and
        # parse than an array literal of 100,000 quoted elements.
        sellers = ",".join({str(o.seller_id) for o in orders})
        table, dispatches = Order._meta.db_table, Dispatch._meta.db_table
        with db_connection.cursor() as cursor:
            keys = ",".join({o.buyer_key for o in orders if o.buyer_key})
            if buyer_history and keys:
                self._first_purchase = {
                    (s, k): t
                    for s, k, t in _any(
                        cursor,
                        f"SELECT seller_id::text, buyer_key, min(purchased_at) FROM {table} "  # noqa: S608
                        "WHERE seller_id = ANY(string_to_array(%s, ',')::uuid[]) "
                        "AND buyer_key = ANY(string_to_array(%s, ',')) GROUP BY seller_id, buyer_key",
                        [sellers, keys],
                    )
                }
            if replacements:
                self._replaced = set(
                    _any(
                        cursor,
                        f"SELECT seller_id::text, replaces_order_id FROM {table} "  # noqa: S608
                        "WHERE seller_id = ANY(string_to_array(%s, ',')::uuid[]) AND replaces_order_id <> '' "
                        "AND replaces_order_id = ANY(string_to_array(%s, ','))",
                        [sellers, ",".join(o.amazon_order_id for o in orders)],
                    )
                )
            self._index_dispatches(
                _any(
                    cursor,
                    "SELECT d.order_id::text, d.campaign_id::text, c.name, d.requests_review, "  # noqa: S608
                    f"d.state FROM {dispatches} d JOIN {Campaign._meta.db_table} c ON c.id = d.campaign_id "
                    "WHERE d.order_id = ANY(string_to_array(%s, ',')::uuid[])",
                    [",".join(str(o.pk) for o in orders)],
                )
            )

    def _index_dispatches(self, rows):
        # {order id: [(campaign id, campaign name, requests review, live)]}
        self._dispatches = defaultdict(list)
        for order_id, campaign_id, name, requests_review, state in rows:
            self._dispatches[order_id].append((campaign_id, name, requests_review, state in LIVE_STATES))

    def planned(self, campaign, order, *, requests_review: bool) -> None:
        """Record a dispatch planned in this batch, so later campaigns in it see it."""
        self._dispatches[str(order.pk)].append((str(campaign.pk), campaign.name, requests_review, True))

    def has_dispatch(self, campaign, order) -> bool:
        """Whether this campaign already has a dispatch for the order."""
        dispatches = self._dispatches.get(str(order.pk))
        if not dispatches:
            return False
        campaign_id = str(campaign.pk)
        return any(other == campaign_id for other, *_ in dispatches)

    def facts(self, campaign, order) -> OrderFacts:
        key = str(order.pk)
        base = self._base.get(key)
        if base is None:
            seller = str(order.seller_id)
            first = self._first_purchase.get((seller, order.buyer_key)) if order.buyer_key else None
            base = self._base[key] = OrderFacts(
                suppression=self._suppression.get(key, ""),
                repeat_buyer=bool(first and first < order.purchased_at),
                replaced=(seller, order.amazon_order_id) in self._replaced,
                refunds_unknowable=str(order.connection_id) in self._no_refunds,
            )
        dispatches = self._dispatches.get(key)
        if not dispatches or not (campaign.skip_if_messaged or campaign.kind_info.requests_review):
            # Only these two rules read other campaigns' dispatches.
            return base
        messaged_by = review_by = ""
        campaign_id = str(campaign.pk)
        for other, name, requests_review, live in dispatches:
            if other == campaign_id:
                continue
            if live and not messaged_by:
                messaged_by = name
            if requests_review and not review_by:
                review_by = name
        return base._replace(messaged_by=messaged_by, review_requested_by=review_by)
