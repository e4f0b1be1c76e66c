"""The planner: turns orders that active campaigns make due into dispatches.

A pass looks only at orders whose due time (trigger + delay) passed since the campaign's last
pass, and at orders a sync changed since then. Campaigns sharing a trigger and a window are
asked for in one indexed query over all their sellers, so an idle pass is a handful of index
probes and a busy one costs in proportion to the orders that became due, not to the orders
stored. A unique constraint on (campaign, order) makes every pass idempotent.
"""

import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from sellers.models import Order

from .facts import FactBook, PlanOrder
from .models import Campaign, Dispatch
from .rules import BLOCKED, SEND, evaluate

# How far back a newly activated (or edited) campaign looks: Amazon's longest window, 30 days
# after the latest delivery date, and a little more for late delivery dates.
LOOKBACK = timedelta(days=35)
# A sync stamps the rows it writes with the time it started, and commits later; re-reading this
# much of the recent past means no committed change is ever behind the watermark.
SYNC_OVERLAP = timedelta(minutes=15)
TRIGGER_COLUMNS = {"shipped": "shipped_at", "delivered": "latest_delivery"}


@dataclass
class PlanResult:
    campaigns: int = 0
    candidates: int = 0
    scheduled: int = 0
    blocked: int = 0
    skipped: int = 0
    seconds: float = 0.0


def _window(campaign, now):
    """(low, high]: the trigger times this pass covers for the campaign; and since: the sync
    time after which changed orders are looked at again (None on a campaign's first pass)."""
    delay = timedelta(minutes=campaign.delay_minutes)
    low = (campaign.planned_until or (now - LOOKBACK)) - delay
    since = campaign.changes_seen_until - SYNC_OVERLAP if campaign.changes_seen_until else None
    return low, now - delay, since


def _in_reach(campaign, order, now) -> bool:
    """Whether a changed order's trigger lies inside the campaign's lookback (it may be due)."""
    happened = getattr(order, TRIGGER_COLUMNS[campaign.trigger])
    delay = timedelta(minutes=campaign.delay_minutes)
    return happened is not None and now - delay - LOOKBACK < happened <= now - delay


def _find_postgres(campaigns, now) -> tuple[dict, dict]:
    """({campaign pk: {order pk: found only as a change}}, {order pk: PlanOrder})."""
    groups = defaultdict(set)
    since_by_seller = {}
    for c in campaigns:
        low, high, since = _window(c, now)
        groups[(TRIGGER_COLUMNS[c.trigger], low, high)].add(c.seller_id)
        if since is not None:
            since_by_seller[c.seller_id] = min(since, since_by_seller.get(c.seller_id, since))
    orders, due_in_window = {}, defaultdict(set)  # due_in_window: {(column, low, high): order pks}
    columns = ", ".join(f"o.{name}" for name in PlanOrder.COLUMNS)
    table = Order._meta.db_table
    with db_connection.cursor() as cursor:
        for (column, low, high), sellers in groups.items():
            cursor.execute(
                f"SELECT {columns} FROM {table} o WHERE o.seller_id = ANY(%s::uuid[]) "  # noqa: S608 - our names
                f"AND o.{column} > %s AND o.{column} <= %s",
                [[str(s) for s in sellers], low, high])
            for row in cursor.fetchall():
                order = PlanOrder.from_row(row)
                orders.setdefault(order.pk, order)
                due_in_window[(column, low, high)].add(order.pk)
        changed = set()
        if since_by_seller:
            cursor.execute(
                f"SELECT {columns} FROM {table} o JOIN unnest(%s::uuid[], %s::timestamptz[]) AS s(seller_id, since) "  # noqa: S608
                f"ON o.seller_id = s.seller_id AND o.synced_at > s.since",
                [[str(s) for s in since_by_seller], list(since_by_seller.values())])
            for row in cursor.fetchall():
                order = PlanOrder.from_row(row)
                orders.setdefault(order.pk, order)
                changed.add(order.pk)
    return _pair(campaigns, now, orders, due_in_window, changed), orders


def _find_portable(campaigns, now) -> tuple[dict, dict]:
    orders, due_in_window, changed = {}, defaultdict(set), set()
    for c in campaigns:
        low, high, since = _window(c, now)
        column = TRIGGER_COLUMNS[c.trigger]
        rows = Order.objects.filter(seller_id=c.seller_id, **{f"{column}__gt": low, f"{column}__lte": high})
        for values in rows.values(*PlanOrder.COLUMNS):
            order = PlanOrder.from_dict(values)
            orders.setdefault(order.pk, order)
            due_in_window[(column, low, high)].add(order.pk)
        if since is not None:
            for values in Order.objects.filter(seller_id=c.seller_id, synced_at__gt=since).values(*PlanOrder.COLUMNS):
                order = PlanOrder.from_dict(values)
                orders.setdefault(order.pk, order)
                changed.add(order.pk)
    return _pair(campaigns, now, orders, due_in_window, changed), orders


def _pair(campaigns, now, orders, due_in_window, changed) -> dict:
    by_seller = defaultdict(list)
    for order in orders.values():
        by_seller[order.seller_id].append(order)
    found = {}
    for c in campaigns:
        low, high, since = _window(c, now)
        in_window = due_in_window.get((TRIGGER_COLUMNS[c.trigger], low, high), set())
        pairs = {}
        for order in by_seller.get(c.seller_id, []):
            if order.pk in in_window:
                pairs[order.pk] = False
            elif order.pk in changed and since is not None and order.synced_at > since and _in_reach(c, order, now):
                pairs[order.pk] = True
        found[c.pk] = pairs
    return found


def plan_due(*, now=None, campaigns=None) -> PlanResult:
    """One planning pass over every active campaign (or the ones given)."""
    started = time.perf_counter()
    now = now or timezone.now()
    result = PlanResult()
    given = campaigns is not None
    if campaigns is None:
        campaigns = Campaign.objects.filter(state=Campaign.State.ACTIVE)
    campaigns = sorted(campaigns, key=lambda c: (c.priority, c.created_at, str(c.pk)))
    result.campaigns = len(campaigns)
    if not campaigns:
        return result
    postgres = db_connection.vendor == "postgresql"
    found, orders = (_find_postgres if postgres else _find_portable)(campaigns, now)
    book = FactBook(orders.values())
    rows = []
    for campaign in campaigns:
        for order_id in found.get(campaign.pk, {}):
            order = orders[order_id]
            if campaign.pk in book.existing_dispatch_campaigns(order):
                continue
            result.candidates += 1
            outcome = evaluate(campaign, order, book.facts(campaign, order), now)
            if outcome.status not in (SEND, BLOCKED):
                result.skipped += 1
                continue
            rows.append(_dispatch_row(campaign, order, outcome, now))
            book.planned(campaign, order)
            if outcome.status == SEND:
                result.scheduled += 1
            else:
                result.blocked += 1
    with transaction.atomic():
        if postgres:
            _insert_postgres(rows)
        else:
            Dispatch.objects.bulk_create([Dispatch(**row) for row in rows], ignore_conflicts=True, batch_size=2000)
        # A campaign edited or activated during the pass keeps the watermark that reset.
        planned = Campaign.objects.filter(state=Campaign.State.ACTIVE, updated_at__lte=now)
        if given:
            planned = planned.filter(pk__in=[c.pk for c in campaigns])
        planned.update(planned_until=now, changes_seen_until=now)
    result.seconds = time.perf_counter() - started
    return result


def _dispatch_row(campaign, order, outcome, now) -> dict:
    blocked = outcome.status == BLOCKED
    state = Dispatch.State.SCHEDULED
    if blocked:
        state = Dispatch.State.BLOCKED_SELLER if outcome.reason == "blocked" else Dispatch.State.BLOCKED_OPTOUT
    return {
        "id": uuid.uuid4(), "seller_id": campaign.seller_id, "campaign_id": campaign.pk, "order_id": order.pk,
        "connection_id": order.connection_id, "kind": campaign.kind,
        "requests_review": campaign.kind_info.requests_review, "priority": campaign.priority, "state": state,
        "reason": outcome.detail, "scheduled_for": outcome.at, "expires_at": outcome.expires_at, "attempts": 0,
        "last_error": "", "amazon_response_id": "", "created_at": now, "updated_at": now,
        "finished_at": now if blocked else None,
    }


def _insert_postgres(rows) -> None:
    """One multi-row INSERT per chunk, quoted by psycopg2: the planner's busiest write."""
    if not rows:
        return
    columns = list(rows[0])
    template = "(" + ",".join(["%s"] * len(columns)) + ")"
    table = Dispatch._meta.db_table
    with db_connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            values = ",".join(cursor.cursor.mogrify(template, [str(v) if isinstance(v, uuid.UUID) else v
                                                               for v in row.values()]).decode() for row in chunk)
            cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "  # noqa: S608
                           "ON CONFLICT DO NOTHING")


