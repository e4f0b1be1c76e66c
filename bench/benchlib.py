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
    print(json.dumps({"bench": bench, "metric": metric, "value": round(value, 3), "unit": unit, "goal": goal, "ok": ok}),
          flush=True)


def median(values):
    return statistics.median(values) if values else 0.0
