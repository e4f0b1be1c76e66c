"""Thin Celery tasks of alerts: load ids, call a service, reschedule when the service says so; and
the enqueue_* helpers that queue a delivery once the caller's transaction commits."""

import logging
from collections.abc import Iterable

from celery import shared_task
from django.db import transaction

from sellers.models import Seller

from . import services
from .models import Alert

logger = logging.getLogger(__name__)


def enqueue_delivery(alert: Alert) -> None:
    """Mail a raised alert once the surrounding transaction commits: an event that rolls back mails
    nobody. robust: a broker that is down must not break the event that raised the alert; the
    sweep (redeliver_alerts) finds the alert again."""
    alert_id = str(alert.pk)
    transaction.on_commit(lambda: deliver_alert.delay(alert_id), robust=True)


def enqueue_deliveries(alerts: Iterable[Alert]) -> None:
    for alert in alerts:
        enqueue_delivery(alert)


@shared_task(ignore_result=True)
def deliver_alert(alert_id: str) -> None:
    result = services.alert_deliver(alert_id)
    if result.retry_in is not None:
        # The mail server failed: try again later (the alert keeps who was already mailed).
        deliver_alert.apply_async(args=[alert_id], countdown=result.retry_in)
    elif result.error:
        logger.error("alert %s: gave up after %s attempts: %s", alert_id, services.MAX_ATTEMPTS, result.error)


@shared_task(ignore_result=True)
def redeliver_alerts() -> None:
    for alert_id in services.alerts_redeliver():
        deliver_alert.delay(alert_id)


@shared_task(ignore_result=True)
def raise_unannounced_feedback() -> None:
    enqueue_deliveries(services.unannounced_feedback_raise())


@shared_task(ignore_result=True)
def check_quota_usage() -> None:
    enqueue_deliveries(services.quota_check())


@shared_task(ignore_result=True)
def send_digests() -> None:
    """Hourly: each seller's daily and weekly digest of the period that just closed, once."""
    for seller_id, frequency in services.digests_due():
        build_digest.delay(seller_id, frequency)


@shared_task(ignore_result=True)
def build_digest(seller_id: str, frequency: str) -> None:
    seller = Seller.objects.filter(pk=seller_id).first()
    if seller is None:
        return
    digest = services.digest_build(seller=seller, frequency=frequency)
    if digest is not None:
        enqueue_delivery(digest)


# -- the names these tasks had while this app was named notices ---------------------------------
# Messages queued before the rename (deliveries waiting for their retry countdown, digests queued
# by the last beat tick) still carry the old names; a worker must know them or drop them. Delete
# these once every deployment has run this release for a day (retries wait at most an hour).
@shared_task(name="notices.tasks.deliver_notice", ignore_result=True)
def deliver_alert_by_its_old_name(alert_id: str) -> None:
    deliver_alert(alert_id)


@shared_task(name="notices.tasks.redeliver_notices", ignore_result=True)
def redeliver_alerts_by_its_old_name() -> None:
    redeliver_alerts()


@shared_task(name="notices.tasks.raise_unannounced_alerts", ignore_result=True)
def raise_unannounced_feedback_by_its_old_name() -> None:
    raise_unannounced_feedback()


@shared_task(name="notices.tasks.check_quota_usage", ignore_result=True)
def check_quota_usage_by_its_old_name() -> None:
    check_quota_usage()


@shared_task(name="notices.tasks.send_digests", ignore_result=True)
def send_digests_by_its_old_name() -> None:
    send_digests()


@shared_task(name="notices.tasks.build_digest", ignore_result=True)
def build_digest_by_its_old_name(seller_id: str, frequency: str) -> None:
    build_digest(seller_id, frequency)
