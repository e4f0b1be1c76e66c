"""Amazon's orders as we keep them: parsed from searchOrders and from the order report, and
written idempotently (a row is written only when it is new or Amazon's data for it changed).

Used by the sync (sellers.sync); the planner and the opt-outs react to what it wrote through the
`orders_written` signal, once committed.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from .buyers import ANONYMIZED_EMAIL, buyer_key
from .delivery import estimate
from .marketplaces import marketplace
from .models import AmazonConnection, Order
from .signals import orders_written

RETURNED_PACKAGE_STATES = {"RETURNING_TO_SELLER", "RETURNED_TO_SELLER", "REJECTED_BY_BUYER"}
REPORT_STATUS = {
    "Shipped": "SHIPPED",
    "Cancelled": "CANCELLED",
    "Pending": "PENDING",
    "Unshipped": "UNSHIPPED",
    "Shipping": "PARTIALLY_SHIPPED",
    "PartiallyShipped": "PARTIALLY_SHIPPED",
}
ITEM_FIELDS = ["order_item_id", "asin", "sku", "title", "quantity", "unit_price"]
ORDER_FIELDS = [
    "marketplace_id",
    "purchased_at",
    "last_updated_at",
    "fulfillment_channel",
    "status",
    "earliest_delivery",
    "latest_delivery",
    "delivery_estimated",
    "shipped_at",
    "package_status",
    "is_delivered",
    "is_returned",
    "is_business",
    "has_promotion",
    "replaces_order_id",
    "total_amount",
    "currency",
    "buyer_key",
    "buyer_key_kind",
]


@dataclass
class SyncResult:
    pages: int = 0
    orders_seen: int = 0
    inserted: int = 0
    changed: int = 0
    unchanged: int = 0
    queries: list[int] = field(default_factory=list)
    retry_in: float | None = None
    enrich_in: float | None = None  # when the enrichment of the backfill can go on
    note: str = ""
    written_ids: list = field(default_factory=list)  # pks of the orders inserted or changed

    def add(self, other: "SyncResult"):
        for name in ("pages", "orders_seen", "inserted", "changed", "unchanged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.written_ids.extend(other.written_ids)


# -- parsing ---------------------------------------------------------------------------------
def _time(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _decimal(value):
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _with_delivery_window(values: dict) -> dict:
    """Amazon's window when it gave one, else our estimate, marked as such (sellers.delivery)."""
    if values["earliest_delivery"] or values["latest_delivery"]:
        values["earliest_delivery"] = values["earliest_delivery"] or values["latest_delivery"]
        values["latest_delivery"] = values["latest_delivery"] or values["earliest_delivery"]
        values["delivery_estimated"] = False
        return values
    place = marketplace(values["marketplace_id"])
    values["earliest_delivery"], values["latest_delivery"] = estimate(
        marketplace_code=place.code if place else "",
        fulfillment_channel=values["fulfillment_channel"],
        purchased_at=values["purchased_at"],
        shipped_at=values["shipped_at"],
    )
    values["delivery_estimated"] = True
    return values


def _fingerprint(values: dict, items: list[dict]) -> str:
    # repr of plain values is canonical for our fixed field order, and much cheaper than JSON.
    canonical = repr(([values[f] for f in ORDER_FIELDS], [[item[f] for f in ITEM_FIELDS] for item in items]))
    return hashlib.sha1(canonical.encode(), usedforsecurity=False).hexdigest()


def parse_order(data: dict) -> tuple[str, dict, list[dict]]:
    """An Orders API v2026-01-01 order as (order id, our fields, our items)."""
    fulfillment = data.get("fulfillment") or {}
    window = fulfillment.get("deliverByWindow") or {}
    packages = data.get("packages") or []
    package = packages[0] if packages else {}
    package_status = (package.get("packageStatus") or {}).get("detailedStatus", "")
    items, has_promotion, total = [], False, Decimal("0")
    currency = ""
    for item in data.get("orderItems") or []:
        product = item.get("product") or {}
        price = (product.get("price") or {}).get("unitPrice") or {}
        unit = _decimal(price.get("amount"))
        currency = currency or price.get("currencyCode", "")
        quantity = int(item.get("quantityOrdered") or 0)
        total += (unit or 0) * quantity
        has_promotion = has_promotion or bool((item.get("promotion") or {}).get("breakdowns"))
        items.append(
            {
                "order_item_id": item["orderItemId"],
                "asin": product.get("asin") or "",
                "sku": product.get("sellerSku") or "",
                "title": (product.get("title") or "")[:500],
                "quantity": quantity,
                "unit_price": None if unit is None else str(unit),
            }
        )
    grand_total = (data.get("proceeds") or {}).get("grandTotal") or {}
    email = (data.get("buyer") or {}).get("buyerEmail")
    replaced = [
        a.get("orderId", "")
        for a in data.get("associatedOrders") or []
        if a.get("associationType") == "REPLACEMENT_ORIGINAL_ID"
    ]
    values = {
        "marketplace_id": (data.get("salesChannel") or {}).get("marketplaceId", ""),
        "purchased_at": _time(data["createdTime"]),
        "last_updated_at": _time(data["lastUpdatedTime"]),
        "fulfillment_channel": fulfillment.get("fulfilledBy", ""),
        "status": fulfillment.get("fulfillmentStatus", ""),
        "earliest_delivery": _time(window.get("earliestDateTime")),
        "latest_delivery": _time(window.get("latestDateTime")),
        "shipped_at": _time(package.get("shipTime")),
        "package_status": package_status,
        "is_delivered": package_status == "DELIVERED",
        "is_returned": package_status in RETURNED_PACKAGE_STATES,
        "is_business": "AMAZON_BUSINESS" in (data.get("programs") or []),
        "has_promotion": has_promotion,
        "replaces_order_id": replaced[0] if replaced else "",
        "total_amount": _decimal(grand_total.get("amount")) if grand_total else total,
        "currency": grand_total.get("currencyCode", currency) if grand_total else currency,
        "buyer_key": buyer_key(email, ANONYMIZED_EMAIL) if email else "",
        "buyer_key_kind": ANONYMIZED_EMAIL if email else "",
    }
    return data["orderId"], _with_delivery_window(values), items


def parse_order_report(text: str, marketplace_by_name: dict[str, str]) -> dict[str, tuple[dict, list[dict]]]:
    """The flat-file orders report (one row per item) as {order id: (our fields, our items)}."""
    orders: dict[str, tuple[dict, list[dict]]] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        order_id = row.get("amazon-order-id")
        if not order_id:
            continue
        quantity = int(row.get("quantity") or 0)
        line_total = _decimal(row.get("item-price"))
        item = {
            "order_item_id": f"{row.get('sku') or row.get('asin')}-{len(orders.get(order_id, ({}, []))[1]) + 1}",
            "asin": row.get("asin", ""),
            "sku": row.get("sku", ""),
            "title": row.get("product-name", "")[:500],
            "quantity": quantity,
            "unit_price": str((line_total / quantity).quantize(Decimal("0.01")))
            if line_total is not None and quantity
            else None,
        }
        if order_id not in orders:
            orders[order_id] = (
                {
                    "marketplace_id": marketplace_by_name.get(row.get("sales-channel", ""), ""),
                    "purchased_at": _time(row["purchase-date"]),
                    "last_updated_at": _time(row["last-updated-date"]),
                    "fulfillment_channel": "AMAZON" if row.get("fulfillment-channel") == "Amazon" else "MERCHANT",
                    "status": REPORT_STATUS.get(row.get("order-status", ""), row.get("order-status", "").upper()),
                    "earliest_delivery": None,
                    "latest_delivery": None,
                    "delivery_estimated": True,
                    "shipped_at": None,
                    "package_status": "",
                    "is_delivered": False,
                    "is_returned": False,
                    "is_business": row.get("is-business-order", "").lower() == "true",
                    "has_promotion": bool(row.get("promotion-ids")),
                    "replaces_order_id": "",
                    "total_amount": Decimal("0"),
                    "currency": row.get("currency", ""),
                    "buyer_key": "",
                    "buyer_key_kind": "",
                },
                [],
            )
        values, items = orders[order_id]
        values["total_amount"] += line_total or 0
        items.append(item)
    for values, _ in orders.values():
        _with_delivery_window(values)
    return orders


# -- writing ---------------------------------------------------------------------------------


def upsert_orders(
    connection: AmazonConnection, parsed: list[tuple[str, dict, list[dict]]], *, insert_only: bool = False, now=None
) -> SyncResult:
    """Write new orders and orders whose data changed; leave identical ones untouched.

    A row is compared by a fingerprint of Amazon's data, so a re-sync of unchanged orders writes
    nothing. With `insert_only`, existing orders are kept as they are (the report backfill must not
    overwrite richer data from searchOrders).
    """
    result = SyncResult(orders_seen=len(parsed))
    if not parsed:
        return result
    now = now or timezone.now()
    rows = {order_id: (values, items, _fingerprint(values, items)) for order_id, values, items in parsed}
    with transaction.atomic():
        written = _upsert(connection, rows, insert_only=insert_only, now=now)
    result.written_ids = [pk for pk, *_ in written]
    if written:
        ids = list(result.written_ids)
        # robust: a subscriber's failure (say, the broker is down) must not undo the sync's write.
        transaction.on_commit(
            lambda: orders_written.send(sender=AmazonConnection, connection=connection, order_ids=ids), robust=True
        )
    result.inserted = sum(1 for *_, inserted in written if inserted)
    result.changed = len(written) - result.inserted
    result.unchanged = len(rows) - len(written)
    return result


def _upsert(connection, rows, *, insert_only, now) -> list[tuple]:
    """One INSERT ... ON CONFLICT that writes only new or changed rows and says which it wrote."""
    columns = [
        "id",
        "seller_id",
        "connection_id",
        "amazon_order_id",
        *ORDER_FIELDS,
        "items",
        "fingerprint",
        "synced_at",
    ]
    seller, conn, synced = str(connection.seller_id), str(connection.pk), now.isoformat()
    values = [
        (seller, conn, order_id, *[_sql_value(data[f]) for f in ORDER_FIELDS], json.dumps(items), fingerprint, synced)
        for order_id, (data, items, fingerprint) in rows.items()
    ]
    table = Order._meta.db_table
    if insert_only:
        conflict = "DO NOTHING"
    else:
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*ORDER_FIELDS, "items", "fingerprint", "synced_at"])
        conflict = f"DO UPDATE SET {updates} WHERE {table}.fingerprint IS DISTINCT FROM EXCLUDED.fingerprint"
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {{values}} "  # noqa: S608 - names are ours
        f"ON CONFLICT (connection_id, amazon_order_id) {conflict} RETURNING id, amazon_order_id, (xmax = 0)"
    )
    return _execute_values(sql, values, fetch=True)


def _sql_value(value):
    # Text quotes fastest; PostgreSQL casts it to each column's type on insert.
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _execute_values(sql: str, rows: list[tuple], *, fetch: bool = False):
    """One multi-row statement, values quoted by psycopg2, run through Django's cursor (and its wrappers).

    Each row gets a new id from PostgreSQL (gen_random_uuid) in the first column.
    """
    with db_connection.cursor() as cursor:
        template = "(gen_random_uuid()," + ",".join(["%s"] * len(rows[0])) + ")"
        statement = ",".join([template] * len(rows))
        quoted = cursor.cursor.mogrify(statement, [value for row in rows for value in row]).decode()
        cursor.execute(sql.replace("{values}", quoted))
        return cursor.fetchall() if fetch else None
