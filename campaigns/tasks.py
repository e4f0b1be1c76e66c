"""Thin Celery tasks for campaigns."""

import logging

from celery import shared_task

from common.ratelimit import redis_client

from . import planner

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def plan_due_dispatches() -> None:
    # One pass at a time: a second would only redo the first's work (the constraints keep it
    # harmless, not free).
    lock = redis_client().lock("campaign-planner", timeout=600)
    if not lock.acquire(blocking=False):
        return
    try:
        result = planner.plan_due()
    finally:
        lock.release()
    if result.candidates:
        logger.info("planner: %s campaigns, %s candidates, %s scheduled, %s blocked, %s skipped in %.2fs",
                    result.campaigns, result.candidates, result.scheduled, result.blocked, result.skipped,
                    result.seconds)


@shared_task(ignore_result=True)
def plan_synced_orders(order_ids: list[str]) -> None:
    result = planner.plan_orders(order_ids)
    if result.candidates:
        logger.info("planner (synced orders): %s candidates, %s scheduled, %s blocked, %s skipped",
                    result.candidates, result.scheduled, result.blocked, result.skipped)
