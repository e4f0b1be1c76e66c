"""Thin Celery tasks for the outbox.

Each pump runs in a slot for a time slice, then hands the slot to its own successor (the next
task carries the slot's lock token), so a deploy or a killed worker costs at most one slice:
late acks put the interrupted task back on the queue, and beat starts a pump for any slot whose
lock has lapsed.
"""

import logging
import uuid
from typing import cast

from celery import shared_task
from django.conf import settings

from common.ratelimit import redis_client

from . import outbox, queue

logger = logging.getLogger(__name__)


def _slot_key(slot: int) -> str:
    return f"outbox:pump:{slot}"


def _lock_ttl() -> int:
    return int(settings.OUTBOX_PUMP_SECONDS + settings.OUTBOX_LEASE_SECONDS)  # refreshed by every slice


# A slice, plus a database or Redis outage the pump waits through, plus finishing what is in flight.
_SLICE_LIMIT = settings.OUTBOX_PUMP_SECONDS + outbox.OUTAGE_PATIENCE + 2 * settings.SPAPI_TIMEOUT_SECONDS + 60


@shared_task(
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=_SLICE_LIMIT,
    time_limit=_SLICE_LIMIT + 30,
)
def pump(slot: int, token: str | None = None) -> None:
    redis = redis_client()
    key = _slot_key(slot)
    held = cast(bytes | None, redis.get(key))
    if token is None or (held or b"").decode() != token:
        token = uuid.uuid4().hex
        if not redis.set(key, token, nx=True, ex=_lock_ttl()):
            return  # another pump holds the slot
    redis.expire(key, _lock_ttl())
    report = outbox.pump(seconds=settings.OUTBOX_PUMP_SECONDS)
    if report.claimed:
        logger.info("outbox pump %s: claimed %s, recorded %s", slot, report.claimed, report.recorded)
    redis.expire(key, _lock_ttl())
    pump.apply_async((slot, token))


@shared_task(ignore_result=True)
def ensure_pumps() -> None:
    """Beat: start a pump in every slot nobody holds."""
    redis = redis_client()
    for slot in range(settings.OUTBOX_PUMPS):
        if not redis.exists(_slot_key(slot)):
            pump.delay(slot)


@shared_task(ignore_result=True)
def outbox_maintenance() -> None:
    """Beat: take back lapsed leases, expire what can no longer go, and rebuild the queue."""
    requeued = outbox.requeue_lapsed()
    expired = outbox.expire_overdue()
    offered = queue.rebuild()
    if requeued or expired:
        logger.info("outbox: %s requeued, %s expired, %s connections queued", requeued, expired, offered)
