"""The emails to sellers as the app `alerts`: until this migration they were the app `notices`
(now "notice" means only Amazon's opt-out notice).

On a database that holds the notices app's tables this adopts them in place, losing no row: the
tables, the delivery's column to its alert, and every constraint and index get the names a fresh
database gives them (the ids are UUIDs: there are no sequences); the content types move to this
app under the new model names, and with them the permissions and whatever points at them (groups,
users, the admin's log); the notices app's rows in django_migrations go; the periodic tasks beat
keeps in the database (notices-*, running notices.tasks.*) become the alerts-* entries of
CELERY_BEAT_SCHEDULE, running alerts.tasks.*. On a fresh database it creates the tables.

Reversed, it puts all of that back as the notices app had it, so the release before this one can
run on the database again; migrating forward once more adopts the tables again.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder

OLD_APP, NEW_APP = "notices", "alerts"
OLD_MIGRATIONS = ["0001_notices_preferences_and_log"]
TABLES = [
    ("notices_notice", "alerts_alert"),
    ("notices_noticedelivery", "alerts_alertdelivery"),
    ("notices_noticepreferences", "alerts_alertpreferences"),
]
# (table, old name, new name); tables by their new names.
COLUMNS = [("alerts_alertdelivery", "notice_id", "alert_id")]
CONSTRAINTS = [
    ("alerts_alert", "notices_notice_pkey", "alerts_alert_pkey"),
    ("alerts_alert", "notices_notice_attempts_check", "alerts_alert_attempts_check"),
    ("alerts_alert", "one_notice_per_thing", "one_alert_per_thing"),
    (
        "alerts_alert",
        "notices_notice_seller_id_984f436b_fk_sellers_seller_id",
        "alerts_alert_seller_id_748c6305_fk_sellers_seller_id",
    ),
    ("alerts_alertdelivery", "notices_noticedelivery_pkey", "alerts_alertdelivery_pkey"),
    ("alerts_alertdelivery", "one_delivery_per_notice_and_user", "one_delivery_per_alert_and_user"),
    (
        "alerts_alertdelivery",
        "notices_noticedelivery_notice_id_b3aea387_fk_notices_notice_id",
        "alerts_alertdelivery_alert_id_5e35d269_fk_alerts_alert_id",
    ),
    (
        "alerts_alertdelivery",
        "notices_noticedelivery_seller_id_7a0de965_fk_sellers_seller_id",
        "alerts_alertdelivery_seller_id_bd2b4129_fk_sellers_seller_id",
    ),
    (
        "alerts_alertdelivery",
        "notices_noticedelivery_user_id_23700227_fk_sellers_user_id",
        "alerts_alertdelivery_user_id_ae451abf_fk_sellers_user_id",
    ),
    ("alerts_alertpreferences", "notices_noticepreferences_pkey", "alerts_alertpreferences_pkey"),
    (
        "alerts_alertpreferences",
        "notices_noticepreferences_membership_id_key",
        "alerts_alertpreferences_membership_id_key",
    ),
    (
        "alerts_alertpreferences",
        "notices_noticeprefer_membership_id_d8d1a228_fk_sellers_m",
        "alerts_alertpreferen_membership_id_fd537f1f_fk_sellers_m",
    ),
    (
        "alerts_alertpreferences",
        "notices_noticeprefer_seller_id_f14657fa_fk_sellers_s",
        "alerts_alertpreferences_seller_id_69a318a5_fk_sellers_seller_id",
    ),
]
INDEXES = [
    ("notice_undelivered", "alert_undelivered"),
    ("notice_seller_kind", "alert_seller_kind"),
    ("notices_notice_seller_id_984f436b", "alerts_alert_seller_id_748c6305"),
    ("notices_noticedelivery_notice_id_b3aea387", "alerts_alertdelivery_alert_id_5e35d269"),
    ("notices_noticedelivery_seller_id_7a0de965", "alerts_alertdelivery_seller_id_bd2b4129"),
    ("notices_noticedelivery_user_id_23700227", "alerts_alertdelivery_user_id_ae451abf"),
    ("notices_noticepreferences_seller_id_f14657fa", "alerts_alertpreferences_seller_id_69a318a5"),
]
# Content type model names, and the verbose names their permissions are named after.
MODELS = [("notice", "alert"), ("noticedelivery", "alertdelivery"), ("noticepreferences", "alertpreferences")]
VERBOSE_NAMES = {
    "notice": "notice",
    "noticedelivery": "notice delivery",
    "noticepreferences": "notice preferences",
    "alert": "alert",
    "alertdelivery": "alert delivery",
    "alertpreferences": "alert preferences",
}
BEAT_ENTRIES = {
    "notices-check-quota": "alerts-check-quota",
    "notices-redeliver": "alerts-redeliver",
    "notices-unannounced-alerts": "alerts-unannounced-feedback",
    "notices-digests": "alerts-digests",
}
TASKS = {
    "notices.tasks.deliver_notice": "alerts.tasks.deliver_alert",
    "notices.tasks.redeliver_notices": "alerts.tasks.redeliver_alerts",
    "notices.tasks.raise_unannounced_alerts": "alerts.tasks.raise_unannounced_feedback",
    "notices.tasks.check_quota_usage": "alerts.tasks.check_quota_usage",
    "notices.tasks.send_digests": "alerts.tasks.send_digests",
    "notices.tasks.build_digest": "alerts.tasks.build_digest",
}


def inverted(pairs):
    return {new: old for old, new in dict(pairs).items()}


# -- the tables ------------------------------------------------------------------------------------
def rename_statements(*, forwards: bool) -> list[str]:
    """SQL that renames the notices app's tables, column, constraints and indexes to this app's
    names, or (forwards=False) back."""

    def pair(old, new):
        return (old, new) if forwards else (new, old)

    tables = ['ALTER TABLE "{}" RENAME TO "{}"'.format(*pair(old, new)) for old, new in TABLES]
    columns = [
        'ALTER TABLE "{}" RENAME COLUMN "{}" TO "{}"'.format(table, *pair(old, new)) for table, old, new in COLUMNS
    ]
    constraints = [
        'ALTER TABLE "{}" RENAME CONSTRAINT "{}" TO "{}"'.format(table, *pair(old, new))
        for table, old, new in CONSTRAINTS
    ]
    indexes = ['ALTER INDEX "{}" RENAME TO "{}"'.format(*pair(old, new)) for old, new in INDEXES]
    if forwards:
        return tables + columns + constraints + indexes
    return constraints + indexes + columns + tables


def create_or_adopt_tables(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        existing = set(schema_editor.connection.introspection.table_names(cursor))
    if TABLES[0][0] in existing:
        for statement in rename_statements(forwards=True):
            schema_editor.execute(statement)
        return
    for name in ("Alert", "AlertDelivery", "AlertPreferences"):
        schema_editor.create_model(apps.get_model(NEW_APP, name))


def give_the_tables_back(apps, schema_editor):
    for statement in rename_statements(forwards=False):
        schema_editor.execute(statement)


# -- content types and permissions -----------------------------------------------------------------
def move_content_types(apps, db, from_app, to_app, models):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for old_model, new_model in models.items():
        moving = ContentType.objects.using(db).filter(app_label=from_app, model=old_model).first()
        if moving is None:
            continue
        # A content type of the new name exists only if something created it before this ran: its
        # permissions are its own default ones, granted to nobody yet.
        ContentType.objects.using(db).filter(app_label=to_app, model=new_model).delete()
        ContentType.objects.using(db).filter(pk=moving.pk).update(app_label=to_app, model=new_model)
        for permission in Permission.objects.using(db).filter(content_type_id=moving.pk):
            action, _, model = permission.codename.partition("_")
            if model == old_model:
                permission.codename = f"{action}_{new_model}"
                permission.name = f"Can {action} {VERBOSE_NAMES[new_model]}"
                permission.save(update_fields=["codename", "name"])


def content_types_to_alerts(apps, schema_editor):
    move_content_types(apps, schema_editor.connection.alias, OLD_APP, NEW_APP, dict(MODELS))


def content_types_to_notices(apps, schema_editor):
    move_content_types(apps, schema_editor.connection.alias, NEW_APP, OLD_APP, inverted(MODELS))


# -- the notices app's migrations ------------------------------------------------------------------
def forget_notices_migrations(apps, schema_editor):
    MigrationRecorder(schema_editor.connection).migration_qs.filter(app=OLD_APP).delete()


def remember_notices_migrations(apps, schema_editor):
    recorder = MigrationRecorder(schema_editor.connection)
    for name in OLD_MIGRATIONS:
        recorder.record_applied(OLD_APP, name)


# -- beat's periodic tasks -------------------------------------------------------------------------
def rename_beat_entries(apps, db, entries, tasks):
    """Beat's DatabaseScheduler adds the entries of CELERY_BEAT_SCHEDULE but never removes one, so
    the old entries would go on sending the old task names: each becomes its new entry (keeping
    when it last ran), or goes if beat made the new one already."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    changed = 0
    for old_name, new_name in entries.items():
        entry = PeriodicTask.objects.using(db).filter(name=old_name).first()
        if entry is None:
            continue
        if PeriodicTask.objects.using(db).filter(name=new_name).exists():
            entry.delete()
        else:
            entry.name = new_name
            entry.save(update_fields=["name"])
        changed += 1
    for old_task, new_task in tasks.items():  # also entries staff added in the admin
        changed += PeriodicTask.objects.using(db).filter(task=old_task).update(task=new_task)
    if changed:  # a running beat reloads its schedule when this changes
        PeriodicTasks.objects.using(db).update_or_create(
            ident=1, defaults={"last_update": django.utils.timezone.now()}
        )


def beat_entries_to_alerts(apps, schema_editor):
    rename_beat_entries(apps, schema_editor.connection.alias, BEAT_ENTRIES, TASKS)


def beat_entries_to_notices(apps, schema_editor):
    rename_beat_entries(apps, schema_editor.connection.alias, inverted(BEAT_ENTRIES), inverted(TASKS))


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("sellers", "0004_seller_monthly_message_quota"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_celery_beat", "0001_initial"),
    ]

    operations = [
        # The models, for Django's state; the tables come from create_or_adopt_tables.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Alert',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('kind', models.CharField(choices=[('reauthorization', 'Amazon account needs re-authorization'), ('campaign_paused', 'Campaign paused by a policy check'), ('quota', 'Monthly message quota nearly used up'), ('first_optout_notice', 'First forwarded opt-out notice arrived'), ('negative_feedback', 'Negative feedback'), ('digest', 'Digest')], max_length=32)),
                        ('key', models.CharField(max_length=200)),
                        ('context', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('delivered_at', models.DateTimeField(blank=True, help_text='Every recipient was mailed (or refused by their server).', null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('retry_at', models.DateTimeField(blank=True, help_text='When the next delivery attempt is due.', null=True)),
                        ('last_error', models.TextField(blank=True)),
                        ('seller', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='sellers.seller')),
                    ],
                    options={
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AlertDelivery',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('email', models.EmailField(max_length=254)),
                        ('subject', models.CharField(max_length=300)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('error', models.TextField(blank=True, help_text='Why the mail server refused this recipient for good.')),
                        ('alert', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='alerts.alert')),
                        ('seller', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='sellers.seller')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name_plural': 'alert deliveries',
                        'ordering': ['-sent_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AlertPreferences',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('digest', models.CharField(blank=True, choices=[('off', 'Off'), ('daily', 'Daily'), ('weekly', 'Weekly')], default='', help_text="Empty: the role's default (weekly for owners, off for others).", max_length=8)),
                        ('choices', models.JSONField(blank=True, default=dict, help_text='{kind: true|false} the member chose.')),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('membership', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='alert_preferences', to='sellers.membership')),
                        ('seller', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='sellers.seller')),
                    ],
                    options={
                        'verbose_name_plural': 'alert preferences',
                    },
                ),
                migrations.AddIndex(
                    model_name='alert',
                    index=models.Index(condition=models.Q(('delivered_at__isnull', True)), fields=['created_at'], name='alert_undelivered'),
                ),
                migrations.AddIndex(
                    model_name='alert',
                    index=models.Index(fields=['seller', 'kind', '-created_at'], name='alert_seller_kind'),
                ),
                migrations.AddConstraint(
                    model_name='alert',
                    constraint=models.UniqueConstraint(fields=('seller', 'kind', 'key'), name='one_alert_per_thing'),
                ),
                migrations.AddConstraint(
                    model_name='alertdelivery',
                    constraint=models.UniqueConstraint(fields=('alert', 'user'), name='one_delivery_per_alert_and_user'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(create_or_adopt_tables, give_the_tables_back),
        migrations.RunPython(content_types_to_alerts, content_types_to_notices),
        migrations.RunPython(forget_notices_migrations, remember_notices_migrations),
        migrations.RunPython(beat_entries_to_alerts, beat_entries_to_notices),
    ]
