"""The planner: turns orders that active campaigns make due into dispatches.

A pass looks only at orders whose due time (trigger + delay) passed since the campaign's last
pass, and at orders a sync changed since then. Campaigns sharing a trigger and a window are
asked for in one indexed query over all their sellers, so an idle pass is a handful of index
probes and a busy one costs in proportion to the orders that became due, not to the orders
stored. A unique constraint on (campaign, order) makes every pass idempotent.
"""

import gc
import io
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import Q
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
WATERMARK_STEP = timedelta(minutes=10)
TRIGGER_COLUMNS = {"shipped": "shipped_at", "delivered": "latest_delivery"}


@dataclass
class PlanResult:
    campaigns: int = 0
    candidates: int = 0
    scheduled: int = 0
    blocked: int = 0
    skipped: int = 0
    seconds: float = 0.0
    phases: dict = field(default_factory=dict)  # seconds per phase, for the bench's summary


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
    """({campaign pk: {order id: found only as a change}}, {order id: PlanOrder})."""
    groups = defaultdict(set)
    sellers, since_all = set(), None
    for c in campaigns:
        low, high, since = _window(c, now)
        groups[(TRIGGER_COLUMNS[c.trigger], low, high)].add(str(c.seller_id))
        if since is not None:
            sellers.add(str(c.seller_id))
            since_all = since if since_all is None else min(since, since_all)
    # One statement for every window (and the changed orders): each order comes back once, with a
    # flag per window it falls in. The conditions match the planner's indexes, (seller, column).
    conditions, flags = [], []
    for column, _low, _high in groups:
        condition = (f"(o.seller_id = ANY(string_to_array(%s, ',')::uuid[]) "
                     f"AND o.{column} > %s AND o.{column} <= %s)")
        conditions.append(condition)
        flags.append(condition)
    group_params = [[",".join(seller_ids), low, high] for (_, low, high), seller_ids in groups.items()]
    if sellers:
        conditions.append("(o.seller_id = ANY(string_to_array(%s, ',')::uuid[]) AND o.synced_at > %s)")
        change_params = [",".join(sellers), since_all]
    else:
        change_params = []
    params = [p for group in group_params for p in group] + [p for group in group_params for p in group] + change_params
    columns = ", ".join(f"o.{name}::text" if name in ("id", "seller_id", "connection_id", "items") else f"o.{name}"
                        for name in PlanOrder.COLUMNS)
    sql = (f"SELECT {columns}, {', '.join(flags)} FROM {Order._meta.db_table} o "  # noqa: S608 - our names
           f"WHERE {' OR '.join(conditions)}")
    orders, due_in_window, changed = {}, defaultdict(set), set()
    keys = list(groups)
    width = len(PlanOrder.COLUMNS)
    with db_connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            order = PlanOrder.from_row(row[:width])
            orders[order.id] = order
            in_any = False
            for key, flag in zip(keys, row[width:], strict=True):
                if flag:
                    due_in_window[key].add(order.id)
                    in_any = True
            if not in_any:
                changed.add(order.id)
            elif sellers and order.synced_at > since_all:
                changed.add(order.id)
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
        by_seller[str(order.seller_id)].append(order)
    found = {}
    for c in campaigns:
        low, high, since = _window(c, now)
        in_window = due_in_window.get((TRIGGER_COLUMNS[c.trigger], low, high), set())
        pairs = {}
        for order in by_seller.get(str(c.seller_id), []):
            if order.pk in in_window:
                pairs[order.pk] = False
            elif order.pk in changed and since is not None and order.synced_at > since and _in_reach(c, order, now):
                pairs[order.pk] = True
        found[c.pk] = pairs
    return found


def plan_due(*, now=None, campaigns=None) -> PlanResult:
    """One planning pass over every active campaign (or the ones given)."""
    # A busy pass allocates hundreds of thousands of small objects and frees them together at
    # the end; the cyclic collector would rescan them many times on the way (measured: about a
    # tenth of a 100,000-order pass). Nothing here makes cycles, so it waits until the pass ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _plan_due(now=now, campaigns=campaigns)
    finally:
        if collecting:
            gc.enable()


def _plan_due(*, now, campaigns) -> PlanResult:
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
    result.phases["find"] = time.perf_counter() - started
    book = FactBook(orders.values(), buyer_history=any(c.buyers for c in campaigns),
                    replacements=any(c.exclude_replaced for c in campaigns))
    result.phases["facts"] = time.perf_counter() - started - result.phases["find"]
    rows, touched = [], set()
    for campaign in campaigns:
        constants = DispatchConstants.of(campaign)
        if found.get(campaign.pk):
            touched.add(campaign.pk)
        for order_id in found.get(campaign.pk, ()):
            order = orders[order_id]
            if book.has_dispatch(campaign, order):
                continue
            result.candidates += 1
            outcome = evaluate(campaign, order, book.facts(campaign, order), now)
            if outcome.status == SEND:
                result.scheduled += 1
            elif outcome.status == BLOCKED:
                result.blocked += 1
            else:
                result.skipped += 1
                continue
            rows.append(constants.row(order, outcome))
            book.planned(campaign, order, requests_review=constants.requests_review)
    result.phases["evaluate"] = time.perf_counter() - started - sum(result.phases.values())
    with transaction.atomic():
        if postgres:
            _insert_postgres(rows, now)
        else:
            by_id = {str(c.pk): c for c in campaigns}
            Dispatch.objects.bulk_create([_model(row, now, by_id) for row in rows], ignore_conflicts=True,
                                         batch_size=500)
        # Watermarks move when a campaign had candidates, is new, or lags by WATERMARK_STEP: an
        # idle pass writes nothing, and re-reading a few minutes is cheap and harmless. A campaign
        # edited or activated during the pass keeps the watermark its change reset.
        planned = Campaign.objects.filter(
            Q(pk__in=touched) | Q(planned_until__isnull=True) | Q(planned_until__lt=now - WATERMARK_STEP),
            state=Campaign.State.ACTIVE, updated_at__lte=now)
        if given:
            planned = planned.filter(pk__in=[c.pk for c in campaigns])
        planned.update(planned_until=now, changes_seen_until=now)
    result.seconds = time.perf_counter() - started
    result.phases["write"] = result.seconds - sum(result.phases.values())
    return result


@dataclass(frozen=True)
class DispatchConstants:
    """What every dispatch of one campaign shares, computed once per pass."""

    seller_id: str
    campaign_id: str
    kind: str
    requests_review: bool
    priority: int

    @classmethod
    def of(cls, campaign):
        return cls(str(campaign.seller_id), str(campaign.pk), campaign.kind, campaign.kind_info.requests_review,
                   campaign.priority)

    def row(self, order, outcome) -> tuple:
        """(campaign, order, connection, requests review, state, reason, scheduled_for, expires_at)."""
        state = Dispatch.State.SCHEDULED
        if outcome.status == BLOCKED:
            state = Dispatch.State.BLOCKED_SELLER if outcome.reason == "blocked" else Dispatch.State.BLOCKED_OPTOUT
        return (self.campaign_id, str(order.pk), str(order.connection_id), self.requests_review, state,
                outcome.detail, outcome.at, outcome.expires_at)


def _model(row, now, campaigns) -> Dispatch:
    campaign_id, order_id, connection_id, requests_review, state, reason, at, expires_at = row
    campaign = campaigns[campaign_id]
    return Dispatch(seller_id=campaign.seller_id, campaign_id=campaign_id, order_id=order_id,
                    connection_id=connection_id, kind=campaign.kind, requests_review=requests_review,
                    priority=campaign.priority, state=state, reason=reason, scheduled_for=at, expires_at=expires_at,
                    created_at=now, updated_at=now, finished_at=None if state == Dispatch.State.SCHEDULED else now)


def _insert_postgres(rows, now) -> None:
    """COPY slim rows into a temporary table, then one INSERT ... ON CONFLICT DO NOTHING that
    takes the rest from the campaign: the planner's busiest write, a few microseconds a row."""
    if not rows:
        return
    buffer = io.StringIO()
    # Times travel as epoch seconds: formatting a float is far cheaper than a datetime.
    buffer.writelines(f"{c},{o},{n},{r},{st},{_csv_text(reason)},{at.timestamp()},{ex.timestamp()}\n"
                      for c, o, n, r, st, reason, at, ex in rows)
    buffer.seek(0)
    table, campaigns = Dispatch._meta.db_table, Campaign._meta.db_table
    with db_connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS planned_dispatches (campaign_id uuid, order_id uuid, "
                       "connection_id uuid, requests_review boolean, state text, reason text, "
                       "scheduled_for float8, expires_at float8) ON COMMIT DELETE ROWS")
        # Empty even inside an outer transaction, where ON COMMIT has not run yet.
        cursor.execute("TRUNCATE planned_dispatches")
        cursor.cursor.copy_expert("COPY planned_dispatches FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (reason))",
                                  buffer)
        insert = (
            f"INSERT INTO {table} (id, seller_id, campaign_id, order_id, connection_id, kind, requests_review, "  # noqa: S608
            "priority, state, reason, scheduled_for, expires_at, attempts, last_error, amazon_response_id, "
            "created_at, updated_at, finished_at) "
            "SELECT gen_random_uuid(), c.seller_id, p.campaign_id, p.order_id, p.connection_id, c.kind, "
            "p.requests_review, c.priority, p.state, p.reason, to_timestamp(p.scheduled_for), "
            "to_timestamp(p.expires_at), 0, '', '', %s, %s, "
            "CASE WHEN p.state = 'scheduled' THEN NULL ELSE %s::timestamptz END "
            f"FROM planned_dispatches p JOIN {campaigns} c ON c.id = p.campaign_id")
        try:
            # The planner already left out what existed when it read; a plain insert is the fast
            # path, and the unique constraints still refuse anything a concurrent pass wrote.
            with transaction.atomic():
                cursor.execute(insert, [now, now, now])
        except IntegrityError:
            cursor.execute(insert + " ON CONFLICT DO NOTHING", [now, now, now])


def _csv_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if text else ""
