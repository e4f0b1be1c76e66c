"""A deployment of the release before the rename (the seller emails were the app `notices`) runs
`manage.py migrate` and keeps every row, content type, permission and beat entry, under the new
names, with the schema a fresh database has."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = f"upgrade_from_notices_{os.getpid()}"
LAST_RUN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # as tests/alerts/notices_release.py left it
# All of them, so that pytest-django keeps them together and the old database is built once.
pytestmark = pytest.mark.django_db

# Every column, constraint and index of one app's tables, with its name and definition.
SCHEMA = r"""
SELECT 'column', table_name::text, column_name || ' ' || data_type || ' ' || is_nullable
  FROM information_schema.columns WHERE table_name LIKE '{app}\_%'
UNION ALL
SELECT 'constraint', conrelid::regclass::text, conname || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE conrelid::regclass::text LIKE '{app}\_%'
UNION ALL
SELECT 'index', tablename::text, indexname || ' ' || indexdef FROM pg_indexes WHERE tablename LIKE '{app}\_%'
"""


def url_of(database: str) -> str:
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{database}"))


def on_the_server(statement: str) -> None:
    maintenance = psycopg2.connect(url_of("postgres"))
    maintenance.autocommit = True
    try:
        maintenance.cursor().execute(statement)
    finally:
        maintenance.close()


def run(*args) -> str:
    env = {**os.environ, "DATABASE_URL": url_of(SCRATCH)}
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


@pytest.fixture(scope="module")
def upgraded():
    """(the ids the old release had, a cursor on its database after `manage.py migrate`); the ids
    include "schema", the notices app's schema before."""
    on_the_server(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
    on_the_server(f'CREATE DATABASE "{SCRATCH}"')
    try:
        old = json.loads(run("-m", "tests.alerts.notices_release").strip().splitlines()[-1])
        database = psycopg2.connect(url_of(SCRATCH))
        database.autocommit = True
        old["schema"] = sorted(rows(database.cursor(), SCHEMA.format(app="notices")))
        run("manage.py", "migrate", "--noinput")  # the deployment's one-shot migrate service
        yield old, database.cursor()
        database.close()
    finally:
        on_the_server(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')


def rows(cursor, sql, params=None):
    cursor.execute(sql, params)
    return cursor.fetchall()


def test_every_alert_delivery_and_choice_is_kept(upgraded):
    old, cursor = upgraded
    alerts = old["alerts"]

    assert rows(
        cursor,
        "SELECT id::text, kind, key, context, delivered_at, attempts, last_error FROM alerts_alert ORDER BY kind",
    ) == [
        (alerts["negative_feedback"], "negative_feedback", "alerts:abc", {"alert_ids": ["x"]}, None, 3, "451"),
        (alerts["quota"], "quota", "2026-11:90", {"percent": 91}, LAST_RUN, 1, ""),
    ]
    assert rows(cursor, "SELECT id::text, alert_id::text, user_id, subject FROM alerts_alertdelivery") == [
        (old["delivery"], alerts["quota"], old["owner_id"], "91% of the quota used")
    ]
    assert rows(cursor, "SELECT id::text, membership_id::text, digest, choices FROM alerts_alertpreferences") == [
        (old["preferences"], old["membership_id"], "daily", {"quota": False})
    ]
    assert rows(cursor, r"SELECT tablename FROM pg_tables WHERE tablename LIKE 'notices\_%'") == []


def test_the_content_types_move_to_alerts_with_their_ids(upgraded):
    old, cursor = upgraded

    assert rows(
        cursor,
        "SELECT id, app_label, model FROM django_content_type WHERE app_label IN ('notices', 'alerts') ORDER BY id",
    ) == [
        (old["content_types"]["notice"], "alerts", "alert"),
        (old["content_types"]["noticedelivery"], "alerts", "alertdelivery"),
        (old["content_types"]["noticepreferences"], "alerts", "alertpreferences"),
    ]
    assert rows(cursor, "SELECT content_type_id FROM django_admin_log WHERE id = %s", [old["log_entry_id"]]) == [
        (old["content_types"]["notice"],)
    ]


def test_the_permissions_keep_their_ids_and_holders_under_the_new_names(upgraded):
    old, cursor = upgraded
    renamed = {
        codename.replace("notice", "alert"): permission_id for codename, permission_id in old["permissions"].items()
    }

    permissions = rows(
        cursor,
        "SELECT p.codename, p.id, p.name FROM auth_permission p JOIN django_content_type c ON c.id = p.content_type_id"
        " WHERE c.app_label = 'alerts'",
    )
    assert {codename: permission_id for codename, permission_id, _ in permissions} == renamed
    assert ("view_alertpreferences", renamed["view_alertpreferences"], "Can view alert preferences") in permissions
    assert not [name for *_, name in permissions if "notice" in name]
    group = "SELECT permission_id FROM auth_group_permissions WHERE group_id = %s"
    assert {permission_id for (permission_id,) in rows(cursor, group, [old["group_id"]])} == set(renamed.values())
    user = "SELECT permission_id FROM sellers_user_user_permissions WHERE user_id = %s"
    assert rows(cursor, user, [old["staff_id"]]) == [(renamed["view_alertdelivery"],)]


def test_the_notices_app_leaves_no_migration_rows(upgraded):
    _, cursor = upgraded

    assert rows(cursor, "SELECT app, name FROM django_migrations WHERE app IN ('notices', 'alerts')") == [
        ("alerts", "0001_initial")
    ]


def test_beats_entries_run_the_alerts_tasks_and_remember_their_last_run(upgraded):
    _, cursor = upgraded

    entries = rows(
        cursor,
        "SELECT name, task, last_run_at, total_run_count FROM django_celery_beat_periodictask"
        " WHERE name LIKE 'notices-%' OR name LIKE 'alerts-%' OR task LIKE 'notices.%' OR task LIKE 'alerts.%'",
    )
    assert sorted(entries) == [
        ("Quota check, hourly", "alerts.tasks.check_quota_usage", None, 0),
        ("alerts-check-quota", "alerts.tasks.check_quota_usage", LAST_RUN, 7),
        ("alerts-digests", "alerts.tasks.send_digests", LAST_RUN, 7),
        ("alerts-redeliver", "alerts.tasks.redeliver_alerts", LAST_RUN, 7),
        ("alerts-unannounced-feedback", "alerts.tasks.raise_unannounced_feedback", LAST_RUN, 7),
    ]


def test_the_upgraded_schema_is_the_schema_of_a_fresh_database(upgraded):
    _, cursor = upgraded
    with connection.cursor() as fresh:  # the test database, migrated from nothing
        fresh.execute(SCHEMA.format(app="alerts"))
        fresh_schema = sorted(fresh.fetchall())

    assert sorted(rows(cursor, SCHEMA.format(app="alerts"))) == fresh_schema
    assert len(fresh_schema) > 30


def test_reversed_the_migration_gives_the_release_before_its_database_back_and_forwards_again(upgraded):
    # Last in this module: it leaves the database upgraded again, as it found it.
    old, cursor = upgraded

    run("manage.py", "migrate", "alerts", "zero", "--noinput")

    assert sorted(rows(cursor, SCHEMA.format(app="notices"))) == old["schema"]
    assert rows(cursor, "SELECT count(*) FROM notices_notice") == [(2,)]
    assert rows(
        cursor, "SELECT app_label, model FROM django_content_type WHERE id = %s", [old["content_types"]["notice"]]
    ) == [("notices", "notice")]
    assert rows(cursor, "SELECT app FROM django_migrations WHERE app IN ('notices', 'alerts')") == [("notices",)]
    assert rows(cursor, "SELECT task FROM django_celery_beat_periodictask WHERE name = 'notices-digests'") == [
        ("notices.tasks.send_digests",)
    ]

    run("manage.py", "migrate", "--noinput")

    assert rows(cursor, "SELECT count(*) FROM alerts_alert") == [(2,)]
    assert rows(cursor, "SELECT app FROM django_migrations WHERE app IN ('notices', 'alerts')") == [("alerts",)]
