"""Order sync: the first 60-day backfill through the Reports API, then incremental searchOrders.

One function, `connection_sync`, moves a connection's sync forward as far as it can and says
when to call it again. Every page is upserted idempotently (a row is written only when it is new
or Amazon's data for it changed) and the position (report id, page token, window) is saved after
every step, so a run that fails mid-way resumes where it stopped and loses no order.
"""

import logging
import queue
import threading
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from common.crypto import UndecryptableSecret

from . import amazon, services
from .amazon import RetryLater, SellingApiException, Unauthorized, call_amazon
from .amazon_errors import describe
from .marketplaces import BY_NAME
from .models import REAUTH_UNREADABLE, AmazonConnection, Order
from .order_data import SyncResult, parse_order, parse_order_report, upsert_orders
from .signals import orders_synced

logger = logging.getLogger(__name__)

BACKFILL_DAYS = 60
ORDER_REPORT = "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL"
FULL_DATA = ["BUYER", "FULFILLMENT", "PACKAGES", "PROCEEDS", "PROMOTION"]
# Amazon wants lastUpdatedBefore a little in the past; orders still being written are picked up next run.
SETTLE = timedelta(minutes=2)
FAILED_SYNC_RETRY_SECONDS = 15 * 60


def _orders_client(connection):
    return amazon.client(
        amazon.OrdersV20260101,
        refresh_token=connection.refresh_token,
        region=connection.region,
        marketplace_id=connection.marketplace_ids[0] if connection.marketplace_ids else None,
    )


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
    batch: list = []
    batch_pages, batch_token = 0, connection.sync_page_token

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
            connection,
            reason=REAUTH_UNREADABLE,
        )
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
        orders_synced.send(
            sender=AmazonConnection,
            connection=connection,
            written=len(result.written_ids),
            order_ids=list(result.written_ids),
        )


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
    connection.save(
        update_fields=["orders_cursor", "sync_window_start", "sync_window_end", "last_sync_at", "orders_count"]
    )
    return result


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _backfill_step(connection, *, now, sleep) -> SyncResult:
    Backfill = AmazonConnection.Backfill
    result = SyncResult()
    reports = amazon.client(
        amazon.Reports,
        refresh_token=connection.refresh_token,
        region=connection.region,
        marketplace_id=connection.marketplace_ids[0] if connection.marketplace_ids else None,
    )
    if connection.backfill_status in (Backfill.PENDING, Backfill.FAILED):
        since = now - timedelta(days=BACKFILL_DAYS)
        response = call_amazon(
            connection,
            "createReport",
            reports.create_report,
            sleep=sleep,
            reportType=ORDER_REPORT,
            dataStartTime=_iso(since),
            marketplaceIds=connection.marketplace_ids,
        )
        connection.backfill_report_id = response.payload["reportId"]
        connection.backfill_since = since
        connection.backfill_status = Backfill.REQUESTED
        connection.backfill_error = ""
        # Orders that change after the report was requested come through the incremental sync.
        connection.orders_cursor = now - SETTLE
        connection.save(
            update_fields=["backfill_report_id", "backfill_since", "backfill_status", "backfill_error", "orders_cursor"]
        )
    # LOADING here means a run died while writing the report: fetch it again (the writes are
    # insert-only, so rows already written are left as they are).
    if connection.backfill_status in (Backfill.REQUESTED, Backfill.LOADING):
        report = call_amazon(
            connection, "getReport", reports.get_report, connection.backfill_report_id, sleep=sleep
        ).payload
        state = report.get("processingStatus")
        if state in ("IN_QUEUE", "IN_PROGRESS"):
            return SyncResult(retry_in=settings.SYNC_REPORT_POLL_SECONDS, note="Amazon is preparing the order report.")
        if state != "DONE":
            connection.backfill_status = Backfill.FAILED
            connection.backfill_error = (
                f"Amazon could not produce the order report ({state}). It will be requested again."
            )
            connection.save(update_fields=["backfill_status", "backfill_error"])
            return SyncResult(retry_in=15 * 60, note=connection.backfill_error)
        document = call_amazon(
            connection,
            "getReportDocument",
            reports.get_report_document,
            report["reportDocumentId"],
            download=True,
            sleep=sleep,
        ).payload
        parsed = parse_order_report(document.get("document") or "", {name: m.id for name, m in BY_NAME.items()})
        connection.backfill_status = Backfill.LOADING
        connection.backfill_total = len(parsed)
        connection.backfill_done = 0
        connection.save(update_fields=["backfill_status", "backfill_total", "backfill_done"])
        rows = list(parsed.items())
        for start in range(0, len(rows), 500):
            chunk = [(order_id, values, items) for order_id, (values, items) in rows[start : start + 500]]
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
    known = set(
        Order.objects.filter(connection=connection, amazon_order_id__in=older).values_list("amazon_order_id", flat=True)
    )
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
        while (before := connection.enrich_before) and (after := connection.enrich_after) and before > after:
            low = max(after, before - ENRICH_SLICE)
            query = {
                "createdAfter": _iso(low),
                "createdBefore": _iso(before),
                "marketplaceIds": connection.marketplace_ids,
                "includedData": FULL_DATA,
                "maxResultsPerPage": 100,
            }
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
    except Exception as exc:
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
