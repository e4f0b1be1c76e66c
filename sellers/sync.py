"""Order sync: the first 60-day backfill through the Reports API, then incremental searchOrders.

One function, `connection_sync`, moves a connection's sync forward as far as it can and says
when to call it again. Every page is upserted idempotently (a row is written only when it is new
or Amazon's data for it changed) and the position (report id, page token, window) is saved after
every step, so a run that fails mid-way resumes where it stopped and loses no order.
"""

import csv
import hashlib
import io
import json
import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from common.backoff import backoff_seconds
from common.crypto import UndecryptableSecret

from . import amazon, services
from .amazon import SellingApiException
from .amazon_errors import Outcome, classify, describe
from .buyers import ANONYMIZED_EMAIL, buyer_key
from .delivery import estimate
from .marketplaces import BY_NAME, marketplace
from .models import AmazonConnection, Order
from .signals import orders_synced, orders_written

logger = logging.getLogger(__name__)

BACKFILL_DAYS = 60
ORDER_REPORT = "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL"
FULL_DATA = ["BUYER", "FULFILLMENT", "PACKAGES", "PROCEEDS", "PROMOTION"]
# Amazon wants lastUpdatedBefore a little in the past; orders still being written are picked up next run.
SETTLE = timedelta(minutes=2)
MAX_INLINE_WAIT = 5.0
FAILED_SYNC_RETRY_SECONDS = 15 * 60
TRANSIENT_TRIES = 4
RETURNED_PACKAGE_STATES = {"RETURNING_TO_SELLER", "RETURNED_TO_SELLER", "REJECTED_BY_BUYER"}
REPORT_STATUS = {"Shipped": "SHIPPED", "Cancelled": "CANCELLED", "Pending": "PENDING", "Unshipped": "UNSHIPPED",
                 "Shipping": "PARTIALLY_SHIPPED", "PartiallyShipped": "PARTIALLY_SHIPPED"}
ITEM_FIELDS = ["order_item_id", "asin", "sku", "title", "quantity", "unit_price"]
ORDER_FIELDS = [
    "marketplace_id", "purchased_at", "last_updated_at", "fulfillment_channel", "status", "earliest_delivery",
    "latest_delivery", "delivery_estimated", "shipped_at", "package_status", "is_delivered", "is_returned", "is_business", "has_promotion",
    "replaces_order_id", "total_amount", "currency", "buyer_key", "buyer_key_kind",
]


class RetryLater(Exception):
    def __init__(self, seconds: float, reason: str):
        super().__init__(reason)
        self.seconds, self.reason = seconds, reason


class Unauthorized(Exception):
    """The seller's authorization no longer works; the connection needs re-authorization."""


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
        marketplace_code=place.code if place else "", fulfillment_channel=values["fulfillment_channel"],
        purchased_at=values["purchased_at"], shipped_at=values["shipped_at"])
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
        items.append({"order_item_id": item["orderItemId"], "asin": product.get("asin") or "",
                      "sku": product.get("sellerSku") or "", "title": (product.get("title") or "")[:500],
                      "quantity": quantity, "unit_price": None if unit is None else str(unit)})
    grand_total = (data.get("proceeds") or {}).get("grandTotal") or {}
    email = (data.get("buyer") or {}).get("buyerEmail")
    replaced = [a.get("orderId", "") for a in data.get("associatedOrders") or []
                if a.get("associationType") == "REPLACEMENT_ORIGINAL_ID"]
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
        item = {"order_item_id": f"{row.get('sku') or row.get('asin')}-{len(orders.get(order_id, ({}, []))[1]) + 1}",
                "asin": row.get("asin", ""), "sku": row.get("sku", ""), "title": row.get("product-name", "")[:500],
                "quantity": quantity,
                "unit_price": str((line_total / quantity).quantize(Decimal("0.01"))) if line_total is not None and quantity else None}
        if order_id not in orders:
            orders[order_id] = ({
                "marketplace_id": marketplace_by_name.get(row.get("sales-channel", ""), ""),
                "purchased_at": _time(row["purchase-date"]),
                "last_updated_at": _time(row["last-updated-date"]),
                "fulfillment_channel": "AMAZON" if row.get("fulfillment-channel") == "Amazon" else "MERCHANT",
                "status": REPORT_STATUS.get(row.get("order-status", ""), row.get("order-status", "").upper()),
                "earliest_delivery": None, "latest_delivery": None, "delivery_estimated": True,
                "shipped_at": None, "package_status": "",
                "is_delivered": False, "is_returned": False,
                "is_business": row.get("is-business-order", "").lower() == "true",
                "has_promotion": bool(row.get("promotion-ids")), "replaces_order_id": "",
                "total_amount": Decimal("0"), "currency": row.get("currency", ""),
                "buyer_key": "", "buyer_key_kind": "",
            }, [])
        values, items = orders[order_id]
        values["total_amount"] += line_total or 0
        items.append(item)
    for values, _ in orders.values():
        _with_delivery_window(values)
    return orders


# -- writing ---------------------------------------------------------------------------------


def upsert_orders(connection: AmazonConnection, parsed: list[tuple[str, dict, list[dict]]], *,
                  insert_only: bool = False, now=None) -> SyncResult:
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
        transaction.on_commit(lambda: orders_written.send(sender=AmazonConnection, connection=connection,
                                                          order_ids=ids), robust=True)
    result.inserted = sum(1 for *_, inserted in written if inserted)
    result.changed = len(written) - result.inserted
    result.unchanged = len(rows) - len(written)
    return result


def _upsert(connection, rows, *, insert_only, now) -> list[tuple]:
    """One INSERT ... ON CONFLICT that writes only new or changed rows and says which it wrote."""
    columns = ["id", "seller_id", "connection_id", "amazon_order_id", *ORDER_FIELDS, "items", "fingerprint", "synced_at"]
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
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES {{values}} "  # noqa: S608 - names are ours
           f"ON CONFLICT (connection_id, amazon_order_id) {conflict} RETURNING id, amazon_order_id, (xmax = 0)")
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


# -- calling Amazon --------------------------------------------------------------------------
def call_amazon(connection: AmazonConnection, operation: str, function, *args, sleep=time.sleep, **kwargs):
    """Call one SP-API operation under the shared rate limit, with the retries that help."""
    buckets = amazon.buckets()
    partner = connection.rate_key
    transient_failures = 0
    token_refreshed = False
    while True:
        taken = buckets.take(partner, operation)
        if not taken.ok:
            if taken.wait > MAX_INLINE_WAIT:
                raise RetryLater(taken.wait, f"Waiting for Amazon's {operation} quota.")
            sleep(taken.wait)
            continue
        try:
            response = function(*args, **kwargs)
        except Exception as exc:
            outcome = classify(exc)
            if outcome is Outcome.THROTTLED:
                headers = getattr(exc, "headers", None) or {}
                buckets.adapt(partner, operation, headers.get("x-amzn-RateLimit-Limit"))
                pause = buckets.back_off(partner, operation)
                if pause > MAX_INLINE_WAIT:
                    raise RetryLater(pause, f"Amazon throttled {operation}.") from exc
                continue
            if outcome is Outcome.TOKEN_REFUSED and not token_refreshed:
                amazon.forget_access_token(connection.refresh_token)
                token_refreshed = True
                continue
            if outcome in (Outcome.REVOKED, Outcome.TOKEN_REFUSED):
                raise Unauthorized(describe(exc)) from exc
            if outcome is Outcome.TRANSIENT:
                transient_failures += 1
                if transient_failures < TRANSIENT_TRIES:
                    sleep(backoff_seconds(transient_failures, base=0.2, cap=MAX_INLINE_WAIT))
                    continue
                raise RetryLater(30, describe(exc)) from exc
            raise
        buckets.adapt(partner, operation, (response.headers or {}).get("x-amzn-RateLimit-Limit"))
        return response


def _orders_client(connection):
    return amazon.client(amazon.OrdersV20260101, refresh_token=connection.refresh_token, region=connection.region,
                         marketplace_id=connection.marketplace_ids[0] if connection.marketplace_ids else None)


PREFETCH_PAGES = 16
WRITE_BATCH = 1000


def _page_through(connection: AmazonConnection, query: dict, *, sleep=time.sleep, now=None, on_page=None) -> SyncResult:
    """Every page of one searchOrders query, resuming from connection.sync_page_token.

    A second thread fetches and parses pages ahead (up to PREFETCH_PAGES) while this one writes
    them in batches of about WRITE_BATCH orders, so Amazon's latency and our writes overlap. Each
    batch is written in one transaction together with the token of the first page after it, so a
    failure anywhere resumes exactly where the written data ends.
    """
    api = _orders_client(connection)
    pages: queue.Queue = queue.Queue(maxsize=PREFETCH_PAGES)
    stop = threading.Event()

    def produce():
        token = connection.sync_page_token
        try:
            while not stop.is_set():
                # Amazon's model: later pages repeat every parameter of the first, plus the token.
                params = {**query, "paginationToken": token} if token else query
                response = call_amazon(connection, "searchOrders", api.search_orders, sleep=sleep, **params)
                orders = (response.payload or {}).get("orders", [])
                # The library moves `pagination` out of the payload; its next_token reads it.
                token = response.next_token or ""
                pages.put(([parse_order(o) for o in orders], token))
                if not token:
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the writer, which raises it
            pages.put(exc)

    result = SyncResult()
    batch, batch_pages, batch_token = [], 0, connection.sync_page_token

    def write_batch():
        nonlocal batch, batch_pages
        with transaction.atomic():
            result.add(upsert_orders(connection, batch, now=now))
            connection.sync_page_token = batch_token
            connection.save(update_fields=["sync_page_token"])
        result.pages += batch_pages
        if on_page:
            on_page(result, batch_pages)
        batch, batch_pages = [], 0

    producer = threading.Thread(target=produce, name="order-pages", daemon=True)
    producer.start()
    try:
        while True:
            item = pages.get()
            if isinstance(item, BaseException):
                if batch_pages:
                    write_batch()  # keep what was fetched before Amazon said stop
                raise item
            parsed, batch_token = item
            batch += parsed
            batch_pages += 1
            if len(batch) >= WRITE_BATCH or not batch_token:
                write_batch()
            if not batch_token:
                return result
    finally:
        stop.set()
        while producer.is_alive():
            try:
                pages.get(timeout=0.1)
            except queue.Empty:
                pass


# -- the state machine -----------------------------------------------------------------------
def connection_sync(connection: AmazonConnection, *, now=None, sleep=time.sleep) -> SyncResult:
    """Move the connection's sync forward: the report backfill first, then incremental, then as
    much of the enrichment of backfilled orders as Amazon's quota allows now. Idempotent.

    `enrich_in` on the result says when the enrichment can go on (connection_enrich)."""
    if connection.is_active and isinstance(connection.refresh_token, UndecryptableSecret):
        services.connection_needs_reauthorization(
            connection, reason="We can no longer read the stored Amazon authorization (our encryption keys "
                               "changed). Authorize again to resume.")
        return SyncResult(note="the stored authorization cannot be decrypted")
    if not connection.is_active or not connection.refresh_token:
        return SyncResult(note="connection is not active")
    now = now or timezone.now()
    Backfill = AmazonConnection.Backfill
    try:
        if connection.backfill_status not in (Backfill.ENRICHING, Backfill.DONE):
            result = _backfill_step(connection, now=now, sleep=sleep)
            _announce(connection, result)
            if connection.backfill_status not in (Backfill.ENRICHING, Backfill.DONE):
                return result
        result = _incremental(connection, now=now, sleep=sleep)
    except RetryLater as later:
        _record_error(connection, later.reason)
        return SyncResult(retry_in=later.seconds, note=later.reason)
    except Unauthorized as exc:
        services.connection_needs_reauthorization(connection, reason=str(exc))
        return SyncResult(note=str(exc))
    except Exception as exc:
        logger.exception("sync of connection %s failed", connection.pk)
        reason = describe(exc)
        if isinstance(exc, SellingApiException) and connection.sync_page_token:
            # A page token Amazon refuses (expired after 24 hours, say) cannot be resumed: start
            # the window again; the writes are idempotent.
            connection.sync_page_token = ""
            connection.save(update_fields=["sync_page_token"])
        _record_error(connection, f"The last sync failed: {reason} It will be tried again.")
        return SyncResult(retry_in=FAILED_SYNC_RETRY_SECONDS, note=reason)
    connection.last_sync_error = ""
    connection.save(update_fields=["last_sync_error"])
    _announce(connection, result)
    if connection.backfill_status == Backfill.ENRICHING:
        enriched = connection_enrich(connection, now=now, sleep=sleep)
        result.add(enriched)
        result.enrich_in = enriched.enrich_in
    return result


def _announce(connection, result: SyncResult) -> None:
    """Tell the apps that react to new data (opt-outs waiting for orders, the campaign planner)."""
    if result.written_ids:
        orders_synced.send(sender=AmazonConnection, connection=connection, written=len(result.written_ids),
                           order_ids=list(result.written_ids))


def _record_error(connection, reason):
    connection.last_sync_error = reason[:1000]
    connection.save(update_fields=["last_sync_error"])


def _incremental(connection, *, now, sleep) -> SyncResult:
    if connection.sync_window_end is None:
        connection.sync_window_start = connection.orders_cursor or now - timedelta(days=BACKFILL_DAYS)
        connection.sync_window_end = now - SETTLE
        connection.sync_page_token = ""
        connection.save(update_fields=["sync_window_start", "sync_window_end", "sync_page_token"])
    query = {
        "lastUpdatedAfter": _iso(connection.sync_window_start),
        "lastUpdatedBefore": _iso(connection.sync_window_end),
        "marketplaceIds": connection.marketplace_ids,
        "includedData": FULL_DATA,
        "maxResultsPerPage": 100,
    }
    result = _page_through(connection, query, sleep=sleep, now=now)
    connection.orders_cursor = connection.sync_window_end
    connection.sync_window_start = connection.sync_window_end = None
    connection.last_sync_at = now
    connection.orders_count = Order.objects.filter(connection=connection).count()
    connection.save(update_fields=["orders_cursor", "sync_window_start", "sync_window_end", "last_sync_at", "orders_count"])
    return result


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _backfill_step(connection, *, now, sleep) -> SyncResult:
    Backfill = AmazonConnection.Backfill
    result = SyncResult()
    reports = amazon.client(amazon.Reports, refresh_token=connection.refresh_token, region=connection.region,
                            marketplace_id=connection.marketplace_ids[0] if connection.marketplace_ids else None)
    if connection.backfill_status in (Backfill.PENDING, Backfill.FAILED):
        since = now - timedelta(days=BACKFILL_DAYS)
        response = call_amazon(connection, "createReport", reports.create_report, sleep=sleep,
                               reportType=ORDER_REPORT, dataStartTime=_iso(since), marketplaceIds=connection.marketplace_ids)
        connection.backfill_report_id = response.payload["reportId"]
        connection.backfill_since = since
        connection.backfill_status = Backfill.REQUESTED
        connection.backfill_error = ""
        # Orders that change after the report was requested come through the incremental sync.
        connection.orders_cursor = now - SETTLE
        connection.save(update_fields=["backfill_report_id", "backfill_since", "backfill_status", "backfill_error", "orders_cursor"])
    # LOADING here means a run died while writing the report: fetch it again (the writes are
    # insert-only, so rows already written are left as they are).
    if connection.backfill_status in (Backfill.REQUESTED, Backfill.LOADING):
        report = call_amazon(connection, "getReport", reports.get_report, connection.backfill_report_id, sleep=sleep).payload
        state = report.get("processingStatus")
        if state in ("IN_QUEUE", "IN_PROGRESS"):
            return SyncResult(retry_in=settings.SYNC_REPORT_POLL_SECONDS, note="Amazon is preparing the order report.")
        if state != "DONE":
            connection.backfill_status = Backfill.FAILED
            connection.backfill_error = f"Amazon could not produce the order report ({state}). It will be requested again."
            connection.save(update_fields=["backfill_status", "backfill_error"])
            return SyncResult(retry_in=15 * 60, note=connection.backfill_error)
        document = call_amazon(connection, "getReportDocument", reports.get_report_document,
                               report["reportDocumentId"], download=True, sleep=sleep).payload
        parsed = parse_order_report(document.get("document") or "", {name: m.id for name, m in BY_NAME.items()})
        connection.backfill_status = Backfill.LOADING
        connection.backfill_total = len(parsed)
        connection.backfill_done = 0
        connection.save(update_fields=["backfill_status", "backfill_total", "backfill_done"])
        rows = list(parsed.items())
        for start in range(0, len(rows), 500):
            chunk = [(order_id, values, items) for order_id, (values, items) in rows[start:start + 500]]
            result.add(upsert_orders(connection, chunk, insert_only=True, now=now))
            connection.backfill_done = min(len(rows), start + 500)
            connection.save(update_fields=["backfill_done"])
        connection.orders_count = Order.objects.filter(connection=connection).count()
        connection.last_sync_at = now
        connection.save(update_fields=["orders_count", "last_sync_at"])
        _start_enrichment(connection)
    return result


# -- enrichment of the backfill ----------------------------------------------------------------
# The order report has no delivery window and no buyer identifier. searchOrders gives both, at
# one page of 100 orders every 180 s after a burst of 20 (its usage plan), shared with the
# incremental sync. Slices of creation time are read newest first: an order whose review window
# is open now matters more than one whose window closed. Until its slice is read, an order keeps
# the estimated window the report load gave it, so nothing waits for this.
ENRICH_SLICE = timedelta(days=7)


def _start_enrichment(connection) -> None:
    oldest = Order.objects.filter(connection=connection).aggregate(oldest=Min("purchased_at"))["oldest"]
    connection.backfill_status = AmazonConnection.Backfill.ENRICHING
    connection.enrich_after = min(filter(None, [connection.backfill_since, oldest]))
    connection.enrich_before = connection.orders_cursor
    connection.enrich_page_token = ""
    connection.save(update_fields=["backfill_status", "enrich_after", "enrich_before", "enrich_page_token"])


def _backfilled_only(connection, parsed: list) -> list:
    """Orders older than the report's range come in only to enrich a row the report gave (one
    updated inside the range); the others are not the backfill's business."""
    since = connection.backfill_since or connection.enrich_after
    older = [order_id for order_id, values, _ in parsed if values["purchased_at"] < since]
    if not older:
        return parsed
    known = set(Order.objects.filter(connection=connection, amazon_order_id__in=older)
                .values_list("amazon_order_id", flat=True))
    return [row for row in parsed if row[0] in known or row[1]["purchased_at"] >= since]


def connection_enrich(connection: AmazonConnection, *, now=None, sleep=time.sleep) -> SyncResult:
    """Read backfilled orders' full data, page by page, while the searchOrders quota allows now.

    Each page is written with the position after it, so a stop anywhere resumes there. The
    result's `enrich_in` says when to call again (None once every slice is read)."""
    now = now or timezone.now()
    result = SyncResult()
    Backfill = AmazonConnection.Backfill
    if connection.backfill_status != Backfill.ENRICHING or not connection.is_active:
        return result
    api = _orders_client(connection)
    try:
        while connection.enrich_before and connection.enrich_before > connection.enrich_after:
            low = max(connection.enrich_after, connection.enrich_before - ENRICH_SLICE)
            query = {"createdAfter": _iso(low), "createdBefore": _iso(connection.enrich_before),
                     "marketplaceIds": connection.marketplace_ids, "includedData": FULL_DATA,
                     "maxResultsPerPage": 100}
            if connection.enrich_page_token:
                query["paginationToken"] = connection.enrich_page_token
            response = call_amazon(connection, "searchOrders", api.search_orders, sleep=sleep, **query)
            parsed = _backfilled_only(connection, [parse_order(o) for o in (response.payload or {}).get("orders", [])])
            token = response.next_token or ""
            with transaction.atomic():
                result.add(upsert_orders(connection, parsed, now=now))
                connection.enrich_page_token = token
                if not token:
                    connection.enrich_before = low
                connection.save(update_fields=["enrich_page_token", "enrich_before"])
            result.pages += 1
    except RetryLater as later:
        result.enrich_in = later.seconds
        _announce(connection, result)
        return result
    except Unauthorized as exc:
        services.connection_needs_reauthorization(connection, reason=str(exc))
        return result
    except SellingApiException as exc:
        # A refused page token (they expire after a day) restarts its slice; the writes are idempotent.
        logger.warning("enrichment of connection %s: %s", connection.pk, describe(exc))
        connection.enrich_page_token = ""
        connection.save(update_fields=["enrich_page_token"])
        result.enrich_in = FAILED_SYNC_RETRY_SECONDS
        _announce(connection, result)
        return result
    except Exception as exc:  # noqa: BLE001 - a surprise must not leave the enrichment stuck
        logger.exception("enrichment of connection %s failed", connection.pk)
        _record_error(connection, f"Fetching delivery dates failed: {describe(exc)} It will be tried again.")
        result.enrich_in = FAILED_SYNC_RETRY_SECONDS
        _announce(connection, result)
        return result
    connection.backfill_status = Backfill.DONE
    connection.enrich_before = None
    connection.orders_count = Order.objects.filter(connection=connection).count()
    connection.save(update_fields=["backfill_status", "enrich_before", "orders_count"])
    _announce(connection, result)
    return result


def sync_due_connections() -> list:
    return list(AmazonConnection.objects.filter(status=AmazonConnection.Status.ACTIVE).values_list("id", flat=True))


