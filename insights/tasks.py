"""Thin Celery tasks of insights: load ids, call a service."""

import logging

from celery import shared_task
from django.conf import settings

from common.single_flight import single_flight
from sellers.models import AmazonConnection, Seller

from . import attribution, feedback, rollups

feedback_logger = logging.getLogger("insights.feedback")


# -- seller feedback (insights.feedback, insights.attribution) ----------------------------------


@shared_task(ignore_result=True)
def sync_feedback(connection_id: str, force: bool = False) -> None:
    """One step of a connection's feedback sync; comes back for a report Amazon is preparing."""
    connection = AmazonConnection.objects.filter(pk=connection_id, status=AmazonConnection.Status.ACTIVE).first()
    if connection is None:
        return
    # One feedback sync per connection at a time, across every worker.
    with single_flight(f"feedback-sync-lock:{connection_id}", timeout=settings.CELERY_TASK_TIME_LIMIT + 60) as ours:
        if not ours:
            return
        result = feedback.connection_feedback_sync(connection, force=force)
    feedback_logger.info(
        "feedback sync %s: %s reports loaded, %s new, %s changed, %s removed, %s alerts. %s",
        connection_id,
        result.loaded,
        result.inserted,
        result.changed,
        result.removed,
        len(result.alerts),
        result.note,
    )
    if result.loaded:
        refresh_feedback_rates.delay(str(connection.seller_id))
    if result.retry_in is not None:
        sync_feedback.apply_async(args=[connection_id], countdown=max(1, int(result.retry_in)))


@shared_task(ignore_result=True)
def sync_due_feedback() -> None:
    """The beat's tick: start the feedback syncs that are due."""
    for connection_id in feedback.connections_due():
        sync_feedback.delay(str(connection_id))


@shared_task(ignore_result=True)
def refresh_feedback_rates(seller_id: str) -> None:
    seller = Seller.objects.filter(pk=seller_id).first()
    if seller is not None:
        attribution.refresh_feedback_rates(seller)


# -- the dashboard's rollups (insights.rollups) ----------------------------------------------------
rollup_logger = logging.getLogger("insights.rollups")


@shared_task(ignore_result=True)
def refresh_rollups() -> None:
    """Every minute: count the dispatches that ended since the last run, and the waiting ones."""
    result = rollups.refresh()
    rollup_logger.info(
        "rollup to %s: %s ended dispatches counted, %s waiting, %.2f s",
        result.watermark,
        result.outcomes_counted,
        result.waiting,
        result.seconds,
    )


@shared_task(ignore_result=True)
def recount_recent_rollups() -> None:
    """Every quarter of an hour: today and yesterday counted again (outcomes committed late)."""
    result = rollups.recount()
    rollup_logger.info("rollup recount to %s: %s days, %.2f s", result.watermark, result.days_recounted, result.seconds)


@shared_task(ignore_result=True)
def recount_rollup_history() -> None:
    """Nightly: the dashboard's 90 days and attributed feedback counted again from the tables."""
    result = rollups.recount_history()
    rollup_logger.info(
        "rollup history recount to %s: %s days, %.2f s", result.watermark, result.days_recounted, result.seconds
    )
