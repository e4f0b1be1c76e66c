"""Order sync throughput: 100,000 orders from the sandbox Amazon over HTTP into PostgreSQL.

Figures: orders_per_s (goal >= 5000), queries_per_page (constant as pages grow), duplicates (0)
and changed_on_resync (0: a second run of the same sync writes nothing).
"""

import argparse
import time
from datetime import timedelta

from benchlib import figure, setup_django

BENCH = "sync"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--rate-scale", type=float, default=20_000)
    args = parser.parse_args()
    setup_django("bench_sync")

    from django.db import connection as db
    from django.db.models import Count
    from django.utils import timezone

    from sellers import sync
    from sellers.models import AmazonConnection, Order, Seller
    from tests.sandboxes import SandboxProcess

    started = time.perf_counter()
    sandbox = SandboxProcess(sellers=1, orders=args.orders, seed=42, rate_scale=args.rate_scale)
    print(f"sandbox with {args.orders} orders ready in {time.perf_counter() - started:.1f} s", flush=True)
    try:
        from django.conf import settings

        settings.SPAPI_ENDPOINT_OVERRIDE = sandbox.url
        settings.LWA_TOKEN_URL_OVERRIDE = f"{sandbox.url}/auth/o2/token"
        from django.core.cache import cache

        cache.clear()
        partner = sandbox.sellers()[0]
        warm_started = time.perf_counter()
        sandbox.post("/_sandbox/warm", {"includedData": sync.FULL_DATA})
        print(
            f"sandbox pre-rendered its order JSON in {time.perf_counter() - warm_started:.1f} s "
            "(Amazon renders on its own machines, not on ours)",
            flush=True,
        )
        seller = Seller.objects.create(name="Bench seller")
        start = timezone.now() - timedelta(days=100)
        connection = AmazonConnection.objects.create(
            seller=seller,
            selling_partner_id=partner["selling_partner_id"],
            region=partner["region"],
            marketplace_ids=partner["marketplace_ids"],
            refresh_token=partner["refresh_token"],
            expires_at=timezone.now() + timedelta(days=365),
            backfill_status=AmazonConnection.Backfill.DONE,
            orders_cursor=start,
        )

        per_page = []
        counter = {"n": 0}

        def count(execute, sql, params, many, context):
            counter["n"] += 1
            return execute(sql, params, many, context)

        def on_page(result, pages_written):
            per_page.append(counter["n"] / pages_written)
            counter["n"] = 0

        original = sync._page_through

        def instrumented(connection, query, **kwargs):
            return original(connection, query, on_page=on_page, **kwargs)

        sync._page_through = instrumented
        with db.execute_wrapper(count):
            t0 = time.perf_counter()
            now = timezone.now()
            first = sync.connection_sync(connection, now=now)
            elapsed = time.perf_counter() - t0
        rate = first.orders_seen / elapsed
        figure(BENCH, "orders_per_s", rate, "orders/s", 5000, rate >= 5000)
        steady = per_page[1:-1] or per_page
        figure(BENCH, "queries_per_page", max(steady), "queries", None, max(steady) - min(steady) < 0.01)

        duplicates = (
            Order.objects.values("connection", "amazon_order_id").annotate(n=Count("id")).filter(n__gt=1).count()
        )
        figure(BENCH, "duplicates", duplicates, "orders", 0, duplicates == 0)

        connection.refresh_from_db()
        connection.orders_cursor = start
        connection.save()
        second = sync.connection_sync(connection, now=now)
        changed = second.inserted + second.changed
        figure(BENCH, "changed_on_resync", changed, "orders", 0, changed == 0)

        print(
            f"\nsync: {first.orders_seen} orders in {first.pages} pages, {elapsed:.1f} s "
            f"({rate:.0f} orders/s); stored {Order.objects.count()}; queries per page "
            f"first/median/last {per_page[0]:.2f}/{sorted(per_page)[len(per_page) // 2]:.2f}/{per_page[-1]:.2f}; "
            f"resync saw {second.orders_seen}, wrote {changed}."
        )
    finally:
        sandbox.stop()


if __name__ == "__main__":
    main()
