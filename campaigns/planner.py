"""The planner: turns orders that active campaigns make due into dispatches.

Each pass looks only at orders whose due time (trigger + delay) passed since the campaign's last
pass, and at orders a sync changed since then, through indexes made for exactly that, so its
cost follows the number of newly due orders, not the number of stored orders. A unique
constraint on (campaign, order) makes every pass idempotent.
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sellers.models import Order

from .facts import FactBook
from .models import Campaign, Dispatch
from .rules import BLOCKED, SEND, evaluate

# How far back a newly activated (or edited) campaign looks: Amazon's longest window, 30 days
# after the latest delivery date, and a little more for late delivery dates.
LOOKBACK = timedelta(days=35)
# A sync stamps the rows it writes with the time it started, and commits later; re-reading this
# much of the recent past means no committed change is ever behind the watermark.
SYNC_OVERLAP = timedelta(minutes=15)


@dataclass
class PlanResult:
    campaigns: int = 0
    candidates: int = 0
    scheduled: int = 0
    blocked: int = 0
    skipped: int = 0
    seconds: float = 0.0
    by_campaign: dict = field(default_factory=lambda: defaultdict(int))


def _window(campaign, now):
    delay = timedelta(minutes=campaign.delay_minutes)
    low = campaign.planned_until or (now - LOOKBACK)
    since = campaign.changes_seen_until - SYNC_OVERLAP if campaign.changes_seen_until else None
    # Trigger times (not due times) bounding this pass.
    return low - delay, now - delay, since, now - delay - LOOKBACK


def _candidates_postgres(campaigns, now) -> dict:
    rows = []
    for c in campaigns:
        low, high, since, oldest = _window(c, now)
        rows.append((str(c.pk), str(c.seller_id), c.trigger, low, high, since))
    table = Order._meta.db_table
    sql = f"""
        SELECT c.id, o.id, o.is_change FROM (VALUES {{values}}) AS c(id, seller_id, trig, low, high, since)
        JOIN LATERAL (
            SELECT o.id, false AS is_change FROM {table} o
             WHERE c.trig = 'shipped' AND o.seller_id = c.seller_id AND o.shipped_at > c.low AND o.shipped_at <= c.high
            UNION ALL
            SELECT o.id, false FROM {table} o
             WHERE c.trig = 'delivered' AND o.seller_id = c.seller_id
               AND o.latest_delivery > c.low AND o.latest_delivery <= c.high
            UNION ALL
            SELECT o.id, true FROM {table} o
             WHERE c.since IS NOT NULL AND o.seller_id = c.seller_id AND o.synced_at > c.since
        ) o ON true"""  # noqa: S608 - the table name is ours
    template = "(%s::uuid, %s::uuid, %s, %s::timestamptz, %s::timestamptz, %s::timestamptz)"
    found = defaultdict(dict)
    with db_connection.cursor() as cursor:
        values = cursor.cursor.mogrify(",".join([template] * len(rows)), [v for row in rows for v in row]).decode()
        cursor.execute(sql.replace("{values}", values))
        for campaign_id, order_id, is_change in cursor.fetchall():
            found[campaign_id][order_id] = found[campaign_id].get(order_id, True) and is_change
    return found


def _candidates_portable(campaigns, now) -> dict:
    found = defaultdict(dict)
    for c in campaigns:
        low, high, since, _ = _window(c, now)
        column = "shipped_at" if c.trigger == "shipped" else "latest_delivery"
        query = Q(**{f"{column}__gt": low, f"{column}__lte": high})
        if since:
            query |= Q(synced_at__gt=since)
        for pk, trigger in Order.objects.filter(query, seller_id=c.seller_id).values_list("pk", column):
            found[c.pk][pk] = not (trigger and low < trigger <= high)
    return found


def plan_due(*, now=None, campaigns=None) -> PlanResult:
    """One planning pass over every active campaign (or the ones given)."""
    started = time.perf_counter()
    now = now or timezone.now()
    result = PlanResult()
    if campaigns is None:
        campaigns = Campaign.objects.filter(state=Campaign.State.ACTIVE)
    campaigns = sorted(campaigns, key=lambda c: (c.priority, c.created_at, str(c.pk)))
    result.campaigns = len(campaigns)
    if not campaigns:
        return result
    finder = _candidates_postgres if db_connection.vendor == "postgresql" else _candidates_portable
    found = finder(campaigns, now)
    order_ids = {order_id for orders in found.values() for order_id in orders}
    orders = Order.objects.in_bulk(order_ids) if order_ids else {}
    book = FactBook(orders.values())
    rows = []
    for campaign in campaigns:
        low, high, _, oldest = _window(campaign, now)
        for order_id, is_change in found.get(campaign.pk, {}).items():
            order = orders[order_id]
            if is_change:
                # A changed order is this pass's business only if its trigger is in reach.
                column = order.shipped_at if campaign.trigger == "shipped" else order.latest_delivery
                if column is None or not oldest < column <= high:
                    continue
            if campaign.pk in book.existing_dispatch_campaigns(order):
                continue
            result.candidates += 1
            outcome = evaluate(campaign, order, book.facts(campaign, order), now)
            if outcome.status not in (SEND, BLOCKED):
                result.skipped += 1
                continue
            rows.append(_dispatch(campaign, order, outcome, now))
            book.planned(campaign, order)
            if outcome.status == SEND:
                result.scheduled += 1
                result.by_campaign[campaign.pk] += 1
            else:
                result.blocked += 1
    with transaction.atomic():
        Dispatch.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
        # A campaign edited during the pass keeps the watermark its edit reset.
        Campaign.objects.filter(pk__in=[c.pk for c in campaigns], updated_at__lte=now).update(
            planned_until=now, changes_seen_until=now)
    result.seconds = time.perf_counter() - started
    return result


def _dispatch(campaign, order, outcome, now) -> Dispatch:
    info = campaign.kind_info
    blocked = outcome.status == BLOCKED
    state = Dispatch.State.SCHEDULED
    if blocked:
        state = Dispatch.State.BLOCKED_SELLER if outcome.reason == "blocked" else Dispatch.State.BLOCKED_OPTOUT
    return Dispatch(
        seller_id=campaign.seller_id, campaign=campaign, order=order, connection_id=order.connection_id,
        kind=campaign.kind, requests_review=info.requests_review, priority=campaign.priority,
        state=state, reason=outcome.detail, scheduled_for=outcome.at, expires_at=outcome.expires_at,
        created_at=now, updated_at=now, finished_at=now if blocked else None,
    )
