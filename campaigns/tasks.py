"""Thin Celery tasks for campaigns."""

import logging

from celery import shared_task

from common.single_flight import single_flight

from . import planner, services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def plan_due_dispatches() -> None:
    # One pass at a time: a second would only redo the first's work (the constraints keep it
    # harmless, not free).
    with single_flight("campaign-planner", timeout=600) as ours:
        if not ours:
            return
        result = planner.plan_due()
    if result.candidates:
        logger.info(
            "planner: %s campaigns, %s candidates, %s scheduled, %s blocked, %s skipped in %.2fs",
            result.campaigns,
            result.candidates,
            result.scheduled,
            result.blocked,
            result.skipped,
            result.seconds,
        )


@shared_task(ignore_result=True)
def plan_synced_orders(order_ids: list[str]) -> None:
    result = planner.plan_orders(order_ids)
    if result.candidates:
        logger.info(
            "planner (synced orders): %s candidates, %s scheduled, %s blocked, %s skipped",
            result.candidates,
            result.scheduled,
            result.blocked,
            result.skipped,
        )


@shared_task(ignore_result=True)
def plan_lookback() -> None:
    """Hourly: every active campaign's whole lookback again, in case a planning task was lost
    (the constraints make it harmless; the cost is one busy pass an hour)."""
    with single_flight("campaign-planner", timeout=1800, wait=120) as ours:
        if not ours:
            return
        result = planner.plan_due(full=True)
    logger.info(
        "planner (lookback): %s candidates, %s scheduled in %.1fs", result.candidates, result.scheduled, result.seconds
    )


@shared_task(ignore_result=True)
def recheck_campaign_policy(force: bool = False) -> None:
    """Hourly: lint active campaigns again when the guidelines changed (a deploy) or once a day,
    and pause any whose text now breaks a rule. `force` re-checks now (after a deploy, by hand)."""
    paused = services.campaigns_policy_recheck_if_due(force=force)
    for campaign, findings in paused or []:
        logger.warning("policy check: paused campaign %s with %s finding(s)", campaign.pk, len(findings))
