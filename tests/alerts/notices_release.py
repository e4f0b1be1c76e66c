"""A database as the release before the rename left it: the seller emails were the app `notices`.

Run as `python -m tests.alerts.notices_release` with DATABASE_URL naming an empty database: it
applies every migration but the alerts app's, creates the notices app's tables with the SQL that
app's migration ran (`manage.py sqlmigrate notices 0001`, captured before the rename), records that
migration as applied, and fills in what a running deployment had: alerts in every state, a delivery,
a member's choices, the content types and permissions (granted to a group and to a user, and named
by the admin's log), and beat's entries. It prints the ids it made, as JSON, on its last line.
"""

import json
import os
import uuid
from datetime import UTC, datetime

import django

# Captured from `manage.py sqlmigrate notices 0001` (PostgreSQL) before the app was renamed.
NOTICES_0001_SQL = """
CREATE TABLE "notices_notice" ("id" uuid NOT NULL PRIMARY KEY, "kind" varchar(32) NOT NULL, "key" varchar(200) NOT NULL, "context" jsonb NOT NULL, "created_at" timestamp with time zone NOT NULL, "delivered_at" timestamp with time zone NULL, "attempts" smallint NOT NULL CHECK ("attempts" >= 0), "retry_at" timestamp with time zone NULL, "last_error" text NOT NULL, "seller_id" uuid NOT NULL);
CREATE TABLE "notices_noticedelivery" ("id" uuid NOT NULL PRIMARY KEY, "email" varchar(254) NOT NULL, "subject" varchar(300) NOT NULL, "sent_at" timestamp with time zone NULL, "error" text NOT NULL, "notice_id" uuid NOT NULL, "seller_id" uuid NOT NULL, "user_id" bigint NOT NULL);
CREATE TABLE "notices_noticepreferences" ("id" uuid NOT NULL PRIMARY KEY, "digest" varchar(8) NOT NULL, "choices" jsonb NOT NULL, "updated_at" timestamp with time zone NOT NULL, "membership_id" uuid NOT NULL UNIQUE, "seller_id" uuid NOT NULL);
CREATE INDEX "notice_undelivered" ON "notices_notice" ("created_at") WHERE "delivered_at" IS NULL;
CREATE INDEX "notice_seller_kind" ON "notices_notice" ("seller_id", "kind", "created_at" DESC);
ALTER TABLE "notices_notice" ADD CONSTRAINT "one_notice_per_thing" UNIQUE ("seller_id", "kind", "key");
ALTER TABLE "notices_noticedelivery" ADD CONSTRAINT "one_delivery_per_notice_and_user" UNIQUE ("notice_id", "user_id");
ALTER TABLE "notices_notice" ADD CONSTRAINT "notices_notice_seller_id_984f436b_fk_sellers_seller_id" FOREIGN KEY ("seller_id") REFERENCES "sellers_seller" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "notices_notice_seller_id_984f436b" ON "notices_notice" ("seller_id");
ALTER TABLE "notices_noticedelivery" ADD CONSTRAINT "notices_noticedelivery_notice_id_b3aea387_fk_notices_notice_id" FOREIGN KEY ("notice_id") REFERENCES "notices_notice" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "notices_noticedelivery" ADD CONSTRAINT "notices_noticedelivery_seller_id_7a0de965_fk_sellers_seller_id" FOREIGN KEY ("seller_id") REFERENCES "sellers_seller" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "notices_noticedelivery" ADD CONSTRAINT "notices_noticedelivery_user_id_23700227_fk_sellers_user_id" FOREIGN KEY ("user_id") REFERENCES "sellers_user" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "notices_noticedelivery_notice_id_b3aea387" ON "notices_noticedelivery" ("notice_id");
CREATE INDEX "notices_noticedelivery_seller_id_7a0de965" ON "notices_noticedelivery" ("seller_id");
CREATE INDEX "notices_noticedelivery_user_id_23700227" ON "notices_noticedelivery" ("user_id");
ALTER TABLE "notices_noticepreferences" ADD CONSTRAINT "notices_noticeprefer_membership_id_d8d1a228_fk_sellers_m" FOREIGN KEY ("membership_id") REFERENCES "sellers_membership" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "notices_noticepreferences" ADD CONSTRAINT "notices_noticeprefer_seller_id_f14657fa_fk_sellers_s" FOREIGN KEY ("seller_id") REFERENCES "sellers_seller" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "notices_noticepreferences_seller_id_f14657fa" ON "notices_noticepreferences" ("seller_id");
"""

OLD_MODELS = {"notice": "notice", "noticedelivery": "notice delivery", "noticepreferences": "notice preferences"}
OLD_BEAT_ENTRIES = {
    "notices-check-quota": ("notices.tasks.check_quota_usage", 300),
    "notices-redeliver": ("notices.tasks.redeliver_notices", 600),
    "notices-unannounced-alerts": ("notices.tasks.raise_unannounced_alerts", 600),
    "notices-digests": ("notices.tasks.send_digests", 3600),
}
LAST_RUN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def migrate_all_but_alerts(connection):
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([key for key in executor.loader.graph.leaf_nodes() if key[0] != "alerts"])
    for config in apps.get_app_configs():  # what post_migrate made for the apps of that release
        if config.label != "alerts":
            create_contenttypes(config, verbosity=0)
            create_permissions(config, verbosity=0)


def notices_app(connection) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db.migrations.recorder import MigrationRecorder

    with connection.cursor() as cursor:
        cursor.execute(NOTICES_0001_SQL)
    MigrationRecorder(connection).record_applied("notices", "0001_notices_preferences_and_log")
    content_types = {}
    permissions = {}
    for model, verbose_name in OLD_MODELS.items():
        content_type = ContentType.objects.create(app_label="notices", model=model)
        content_types[model] = content_type.pk
        for action in ("add", "change", "delete", "view"):
            permission = content_type.permission_set.create(
                codename=f"{action}_{model}", name=f"Can {action} {verbose_name}"
            )
            permissions[permission.codename] = permission.pk
    return {"content_types": content_types, "permissions": permissions}


def seller_emails(connection) -> dict:
    from sellers.models import Membership
    from tests.base import make_tenant

    tenant = make_tenant("Old Release Goods")
    owner = Membership.objects.get(user=tenant.owner)
    quota, negative = str(uuid.uuid4()), str(uuid.uuid4())
    delivery, preferences = str(uuid.uuid4()), str(uuid.uuid4())
    seller = str(tenant.seller.pk)
    rows = {
        "notices_notice (id, seller_id, kind, key, context, created_at, delivered_at, attempts, last_error)": [
            (quota, seller, "quota", "2026-11:90", json.dumps({"percent": 91}), LAST_RUN, LAST_RUN, 1, ""),
            (
                negative,
                seller,
                "negative_feedback",
                "alerts:abc",
                json.dumps({"alert_ids": ["x"]}),
                LAST_RUN,
                None,
                3,
                "451",
            ),
        ],
        "notices_noticedelivery (id, seller_id, notice_id, user_id, email, subject, sent_at, error)": [
            (delivery, seller, quota, tenant.owner.pk, tenant.owner.email, "91% of the quota used", LAST_RUN, ""),
        ],
        "notices_noticepreferences (id, seller_id, membership_id, digest, choices, updated_at)": [
            (preferences, seller, str(owner.pk), "daily", json.dumps({"quota": False}), LAST_RUN),
        ],
    }
    with connection.cursor() as cursor:
        for table, values in rows.items():
            placeholders = ", ".join(["%s"] * len(values[0]))
            cursor.executemany(f"INSERT INTO {table} VALUES ({placeholders})", values)
    return {
        "alerts": {"quota": quota, "negative_feedback": negative},
        "delivery": delivery,
        "preferences": preferences,
        "owner_id": tenant.owner.pk,
        "membership_id": str(owner.pk),
    }


def who_holds_the_permissions(made: dict) -> dict:
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import Group, Permission

    from tests.factories import UserFactory

    support = Group.objects.create(name="Support")
    support.permissions.set(Permission.objects.filter(pk__in=made["permissions"].values()))
    staff = UserFactory(email="staff@example.com", is_staff=True)
    staff.user_permissions.add(made["permissions"]["view_noticedelivery"])
    entry = LogEntry.objects.create(
        user=staff,
        content_type_id=made["content_types"]["notice"],
        object_id=made["alerts"]["quota"],
        object_repr="Monthly message quota nearly used up",
        action_flag=CHANGE,
    )
    return {"group_id": support.pk, "staff_id": staff.pk, "log_entry_id": entry.pk}


def beat_entries() -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    for name, (task, seconds) in OLD_BEAT_ENTRIES.items():
        every, _ = IntervalSchedule.objects.get_or_create(every=seconds, period=IntervalSchedule.SECONDS)
        PeriodicTask.objects.create(name=name, task=task, interval=every, last_run_at=LAST_RUN, total_run_count=7)
    # One staff added in the admin, under a name of their own.
    hourly, _ = IntervalSchedule.objects.get_or_create(every=3600, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="Quota check, hourly", task="notices.tasks.check_quota_usage", interval=hourly)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    # The project's modules are imported after django.setup(), in the functions that use them.
    from django.db import connection

    migrate_all_but_alerts(connection)
    made = notices_app(connection)
    made |= seller_emails(connection)
    made |= who_holds_the_permissions(made)
    beat_entries()
    print(json.dumps(made))


if __name__ == "__main__":
    main()
