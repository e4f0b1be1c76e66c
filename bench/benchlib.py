"""Shared helpers for the benchmarks: Django set-up, figure printing, a private sandbox."""

import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def setup_django(database_name: str):
    """Point Django at a fresh database of its own on the benchmark's PostgreSQL, migrated."""
    import django
    import psycopg2
    from psycopg2 import sql

    url = os.environ["DATABASE_URL"]
    base, _, _ = url.rpartition("/")
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database_name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database_name)))
    admin.close()
    os.environ["DATABASE_URL"] = f"{base}/{database_name}"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def figure(bench: str, metric: str, value: float, unit: str, goal=None, ok=None):
    print(
        json.dumps({"bench": bench, "metric": metric, "value": round(value, 3), "unit": unit, "goal": goal, "ok": ok}),
        flush=True,
    )


def median(values):
    return statistics.median(values) if values else 0.0


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure_page(client, url, repeat, *, show_sql=False):
    """(milliseconds of each of `repeat` requests, queries of one request) for a page through
    Django's test client, after three warm-up requests."""
    import time

    from django.db import connection

    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    # Counted by a wrapper: a request starts by clearing connection.queries, so capturing that
    # log around a request through the test client can miss its queries.
    queries = []

    def count(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(count):
        client.get(url)
    if show_sql:
        slowest = sorted(queries, reverse=True)[:2]
        print(
            f"  {url}: {sum(ms for ms, _ in queries):.1f} ms in SQL; slowest "
            + "; ".join(f"{ms:.1f} ms {sql[:70]}" for ms, sql in slowest),
            flush=True,
        )
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings, len(queries)


def page_bench_arguments(description: str | None = None):
    """The options of the benches that time pages over one big seller (dashboard, feedback)."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--orders", type=int, default=700_000)
    parser.add_argument("--feedback", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    return parser


def setup_page_bench(database_name: str, load, args):
    """Django as production serves pages (DEBUG off), then the bench's seller loaded and timed.
    Returns what `load(orders, feedback_rows)` returns: (seller, user, campaigns, dispatches, feedback)."""
    import time

    os.environ.setdefault("DEBUG", "false")
    setup_django(database_name)
    started = time.perf_counter()
    world = load(args.orders, args.feedback)
    _, _, _, dispatches, feedback = world
    print(
        f"{dispatches:,} dispatches, {args.orders:,} orders and {feedback:,} feedback rows loaded in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return world


def settle_tables(tables) -> tuple[int, int]:
    """After a bulk load: fresh statistics and a checkpoint (so timing sees steady state), then the
    numbers of dispatches and feedback rows loaded."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("CHECKPOINT")
        cursor.execute("SELECT (SELECT count(*) FROM campaigns_dispatch), (SELECT count(*) FROM insights_feedback)")
        return cursor.fetchone()
