"""Thin Celery tasks: ids in, one service call, reschedule when the service says so."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction

from common.single_flight import single_flight

from . import services, sync
from .models import AmazonConnection

logger = logging.getLogger(__name__)


def enqueue_sync(connection) -> None:
    """Sync the connection now, once the transaction that asked commits."""
    transaction.on_commit(lambda: sync_connection.delay(str(connection.pk)))


def _one_sync(connection_id: str):
    # One sync or enrichment per connection at a time, across every worker.
    return single_flight(f"sync-lock:{connection_id}", timeout=settings.CELERY_TASK_TIME_LIMIT + 60)


@shared_task(ignore_result=True)
def sync_connection(connection_id: str) -> None:
    connection = AmazonConnection.objects.filter(pk=connection_id, status=AmazonConnection.Status.ACTIVE).first()
    if connection is None:
        return
    with _one_sync(connection_id) as ours:
        if not ours:
            return
        result = sync.connection_sync(connection)
    logger.info(
        "sync %s: %s pages, %s new, %s changed. %s",
        connection_id,
        result.pages,
        result.inserted,
        result.changed,
        result.note,
    )
    if result.retry_in is not None:
        sync_connection.apply_async(args=[connection_id], countdown=max(1, int(result.retry_in)))
    elif result.enrich_in is not None:
        enrich_connection.apply_async(args=[connection_id], countdown=max(1, int(result.enrich_in)))


@shared_task(ignore_result=True)
def enrich_connection(connection_id: str) -> None:
    """The next pages of a backfill's enrichment, when Amazon's quota has refilled. A run the
    lock turns away is not lost: every sync goes on with the enrichment and arms this again."""
    connection = AmazonConnection.objects.filter(pk=connection_id, status=AmazonConnection.Status.ACTIVE).first()
    if connection is None:
        return
    with _one_sync(connection_id) as ours:
        if not ours:
            return
        result = sync.connection_enrich(connection)
    if result.enrich_in is not None:
        enrich_connection.apply_async(args=[connection_id], countdown=max(1, int(result.enrich_in)))


@shared_task(ignore_result=True)
def sync_all_connections() -> None:
    for connection_id in sync.sync_due_connections():
        sync_connection.delay(str(connection_id))


@shared_task(ignore_result=True)
def check_authorization_expiry() -> None:
    services.connections_check_expiry()
