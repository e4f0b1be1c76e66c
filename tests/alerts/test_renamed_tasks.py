"""Celery messages and beat entries from before the rename (the app was `notices`) keep working."""

import importlib

import pytest
from django.conf import settings
from django.core import mail

from alerts.models import Alert
from config.celery_app import app

from ..base import make_tenant
from ..conftest import wait_until
from ..factories import AlertFactory

renaming = importlib.import_module("alerts.migrations.0001_initial")


def test_every_task_name_of_the_notices_app_is_still_registered():
    assert set(renaming.TASKS) <= set(app.tasks)
    assert set(renaming.TASKS.values()) <= set(app.tasks)


def test_the_beat_entries_the_migration_renames_are_the_schedules_entries_for_the_same_tasks():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert not [name for name in schedule if name.startswith("notices-")]
    assert not [entry for entry in schedule.values() if entry["task"].startswith("notices.")]
    assert {new: schedule[new]["task"] for new in renaming.BEAT_ENTRIES.values()} == {
        "alerts-check-quota": renaming.TASKS["notices.tasks.check_quota_usage"],
        "alerts-redeliver": renaming.TASKS["notices.tasks.redeliver_notices"],
        "alerts-unannounced-feedback": renaming.TASKS["notices.tasks.raise_unannounced_alerts"],
        "alerts-digests": renaming.TASKS["notices.tasks.send_digests"],
    }


@pytest.mark.django_db(transaction=True)
def test_a_delivery_queued_under_its_old_name_is_delivered_by_a_worker(celery_worker):
    tenant = make_tenant("Acme Goods")
    alert = AlertFactory(seller=tenant.seller, kind="quota", key="2026-03:90")

    # As the release before the rename queued it, through the real broker.
    app.send_task("notices.tasks.deliver_notice", args=[str(alert.pk)])

    assert wait_until(lambda: Alert.objects.filter(pk=alert.pk, delivered_at__isnull=False).exists(), timeout=30)
    assert [message.to for message in mail.outbox] == [[tenant.owner.email]]
