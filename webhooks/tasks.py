"""Thin Celery tasks of webhooks.

One deliverer runs at a time (more threads, not more runs, for throughput: order per endpoint
comes from the claims either way). It is started on the commit of new events, by beat every ten
seconds (retries that came due, a start that was lost), and by itself when it stops with work
still waiting; it stops after a while with nothing to do.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from common.ratelimit import redis_client
from common.single_flight import single_flight

from . import delivery, services

logger = logging.getLogger(__name__)

RUNNER_LOCK = "webhooks:runner"
STARTING = "webhooks:starting"
IDLE_EXIT_SECONDS = 10.0
_SLICE_LIMIT = settings.WEBHOOK_RUNNER_SECONDS + delivery.lease_seconds() + 60


def start_deliverer() -> None:
    """Wake a running deliverer, or start one (at most one start queued at a time)."""
    delivery.wake()
    redis = redis_client()
    if not redis.exists(RUNNER_LOCK) and redis.set(STARTING, 1, nx=True, ex=30):
        deliver_webhooks.delay()


@shared_task(ignore_result=True, acks_late=True, soft_time_limit=_SLICE_LIMIT, time_limit=_SLICE_LIMIT + 30)
def deliver_webhooks() -> None:
    with single_flight(RUNNER_LOCK, timeout=_SLICE_LIMIT) as ours:
        redis_client().delete(STARTING)
        if not ours:
            return  # the running one does the work
        report = delivery.Deliverer().run(seconds=settings.WEBHOOK_RUNNER_SECONDS, idle_exit=IDLE_EXIT_SECONDS)
        if report.attempts:
            logger.info("webhooks: %s attempts, %s delivered", report.attempts, report.delivered)
    # Events committed while this run was deciding to stop found it still holding the lock.
    if delivery.work_waiting(timezone.now()):
        start_deliverer()


@shared_task(ignore_result=True)
def catch_up() -> None:
    """Beat: start a deliverer when work waits and none runs (retries come due, a lost start)."""
    if delivery.work_waiting(timezone.now()):
        start_deliverer()


@shared_task(ignore_result=True)
def prune_log() -> None:
    delivery.prune()


@shared_task(ignore_result=True, autoretry_for=(Exception,), retry_backoff=60, retry_backoff_max=3600, max_retries=12)
def mail_endpoint_disabled(endpoint_id: str) -> None:
    services.endpoint_disabled_mail(endpoint_id)
