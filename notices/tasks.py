"""Thin Celery tasks of notices: load ids, call a service, reschedule when the service says so."""

import logging

from celery import shared_task

from sellers.models import Seller

from . import services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def deliver_notice(notice_id: str) -> None:
    result = services.notice_deliver(notice_id)
    if result.retry_in is not None:
        # The mail server failed: try again later (the notice keeps who was already mailed).
        deliver_notice.apply_async(args=[notice_id], countdown=result.retry_in)
    elif result.error:
        logger.error("notice %s: gave up after %s attempts: %s", notice_id, services.MAX_ATTEMPTS, result.error)


@shared_task(ignore_result=True)
def redeliver_notices() -> None:
    for notice_id in services.notices_redeliver():
        deliver_notice.delay(notice_id)


@shared_task(ignore_result=True)
def raise_unannounced_alerts() -> None:
    services.unannounced_alerts_raise()


@shared_task(ignore_result=True)
def check_quota_usage() -> None:
    services.quota_check()


@shared_task(ignore_result=True)
def send_digests() -> None:
    """Hourly: each seller's daily and weekly digest of the period that just closed, once."""
    for seller_id, frequency in services.digests_due():
        build_digest.delay(seller_id, frequency)


@shared_task(ignore_result=True)
def build_digest(seller_id: str, frequency: str) -> None:
    seller = Seller.objects.filter(pk=seller_id).first()
    if seller is not None:
        services.digest_build(seller=seller, frequency=frequency)
