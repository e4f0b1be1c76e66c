"""The planner: turns orders that active campaigns make due into dispatches.

Two ways in, both cheap in proportion to the orders they concern, not the orders stored:
- `plan_due`, every minute: for each active campaign, the orders whose trigger plus delay passed
  since the campaign's watermark. Campaigns sharing a window are asked for in one statement over
  all their sellers, on (seller, trigger time) indexes, so an idle pass is a handful of index
  probes.
- `plan_orders`, after a sync: the orders it wrote (a backfill, a late delivery date), for every
  active campaign of their sellers, whenever their due time is.
A unique constraint on (order, campaign) makes both idempotent.
"""

import copy
import gc
import io
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import Q
from django.utils import timezone

from optouts.lists import blocklist_lock
from sellers.models import Order

from .events import dispatches_planned
from .facts import FactBook, PlanOrder
from .models import Campaign, Dispatch
from .rules import BLOCKED, SEND, SHIPPED_STATES, WAITING, evaluate, window_outcome

# How far back a newly activated (or edited) campaign looks: Amazon's longest window, 30 days
# after the latest delivery date, and a little more for late delivery dates.
LOOKBACK = timedelta(days=35)
# Watermarks move when a campaign had candidates, is new, or lags by this much: an idle pass
# writes nothing, and re-reading a few minutes of trigger times is cheap and harmless.
WATERMARK_STEP = timedelta(minutes=10)
TRIGGER_COLUMNS = {"shipped": "shipped_at", "delivered": "latest_delivery"}
TEXT_IDS = ("id", "seller_id", "connection_id")


@dataclass
class PlanResult:
    campaigns: int = 0
    candidates: int = 0
    scheduled: int = 0
    blocked: int = 0
    skipped: int = 0
    rescheduled: int = 0  # scheduled dispatches moved to the order's new delivery window
    seconds: float = 0.0
    phases: dict = field(default_factory=dict)  # seconds per phase, for the bench's summary


def _window(campaign, now, full=False):
    """(low, high]: the trigger times this pass covers for the campaign (all of its lookback in
    a full pass)."""
    delay = timedelta(minutes=campaign.delay_minutes)
    since = now - LOOKBACK if full or campaign.planned_until is None else campaign.planned_until
    return since - delay, now - delay


def _in_reach(campaign, order, now) -> bool:
    """Whether the order's trigger plus delay has passed, inside the campaign's lookback."""
    happened = getattr(order, TRIGGER_COLUMNS[campaign.trigger])
    delay = timedelta(minutes=campaign.delay_minutes)
    return happened is not None and now - delay - LOOKBACK < happened <= now - delay


def _columns() -> str:
    return ", ".join(
        f"o.{name}::text" if name in TEXT_IDS or name == "items" else f"o.{name}" for name in PlanOrder.COLUMNS
    )


def _find(campaigns, now, full=False) -> tuple[dict, dict]:
    """({campaign pk: [order id]}, {order id: PlanOrder}) for the campaigns' windows."""
    groups = defaultdict(set)
    for c in campaigns:
        low, high = _window(c, now, full)
        groups[(TRIGGER_COLUMNS[c.trigger], low, high)].add(str(c.seller_id))
    # One statement for every window: each order comes back once, with a flag per window it falls
    # in. Each condition matches an index, (seller, trigger time).
    conditions, params = [], []
    for (column, low, high), sellers in groups.items():
        conditions.append(
            f"(o.seller_id = ANY(string_to_array(%s, ',')::uuid[]) AND o.{column} > %s AND o.{column} <= %s)"
        )
        params.extend([",".join(sellers), low, high])
    sql = (
        f"SELECT {_columns()}, {', '.join(conditions)} FROM {Order._meta.db_table} o "  # noqa: S608 - our names
        f"WHERE {' OR '.join(conditions)}"
    )
    orders, in_window = {}, defaultdict(set)
    keys, width = list(groups), len(PlanOrder.COLUMNS)
    with db_connection.cursor() as cursor:
        cursor.execute(sql, params + params)
        for row in cursor.fetchall():
            order = PlanOrder.from_row(row[:width])
            orders[order.id] = order
            for key, flag in zip(keys, row[width:], strict=True):
                if flag:
                    in_window[key].add(order.id)
    return _pair(campaigns, now, orders, in_window, full), orders


def _pair(campaigns, now, orders, in_window, full=False) -> dict:
    by_seller = defaultdict(list)
    for order in orders.values():
        by_seller[order.seller_id].append(order.id)
    found = {}
    for c in campaigns:
        low, high = _window(c, now, full)
        window = in_window.get((TRIGGER_COLUMNS[c.trigger], low, high), set())
        found[c.pk] = [order_id for order_id in by_seller.get(str(c.seller_id), ()) if order_id in window]
    return found


def _load_orders(order_ids) -> dict:
    """{order id: PlanOrder} for these order pks."""
    ids = [str(pk) for pk in order_ids]
    if not ids:
        return {}
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_columns()} FROM {Order._meta.db_table} o "  # noqa: S608 - our names
            "WHERE o.id = ANY(string_to_array(%s, ',')::uuid[])",
            [",".join(ids)],
        )
        return {row[0]: PlanOrder.from_row(row) for row in cursor.fetchall()}


def _sorted(campaigns) -> list:
    return sorted(campaigns, key=lambda c: (c.priority, c.created_at, str(c.pk)))


def _without_collector(function):
    """A busy pass allocates hundreds of thousands of small objects and frees them together at
    the end; the cyclic collector would rescan them many times on the way (measured: about a
    tenth of a 100,000-order pass). Nothing here makes cycles, so it waits until the pass ends."""

    def run(*args, **kwargs):
        collecting = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    run.__doc__, run.__name__ = function.__doc__, function.__name__
    return run


@_without_collector
def plan_due(*, now=None, campaigns=None, full=False) -> PlanResult:
    """One planning pass over every active campaign (or the ones given). A full pass looks at
    each campaign's whole lookback, whatever its watermark: the hourly safety net."""
    started = time.perf_counter()
    now = now or timezone.now()
    campaigns = _sorted(Campaign.objects.filter(state=Campaign.State.ACTIVE) if campaigns is None else campaigns)
    result = PlanResult(campaigns=len(campaigns))
    if not campaigns:
        return result
    found, orders = _find(campaigns, now, full)
    result.phases["find"] = time.perf_counter() - started
    with transaction.atomic():
        touched = _plan(campaigns, found, orders, now, result, started)
        # Only campaigns this pass read, and not one edited since (its edit reset the watermark).
        fresh = {c.pk for c in campaigns if c.planned_until is None or c.planned_until < now - WATERMARK_STEP}
        Campaign.objects.filter(pk__in=touched | fresh, state=Campaign.State.ACTIVE, updated_at__lte=now).update(
            planned_until=now
        )
    result.seconds = time.perf_counter() - started
    result.phases["write"] = result.seconds - sum(result.phases.values())
    return result


@_without_collector
def plan_orders(order_ids, *, now=None) -> PlanResult:
    """Plan these orders (just written by a sync) for every active campaign of their sellers."""
    started = time.perf_counter()
    now = now or timezone.now()
    orders = _load_orders(order_ids)
    sellers = {order.seller_id for order in orders.values()}
    campaigns = _sorted(Campaign.objects.filter(state=Campaign.State.ACTIVE, seller_id__in=sellers))
    result = PlanResult(campaigns=len(campaigns))
    by_seller = defaultdict(list)
    for order in orders.values():
        by_seller[order.seller_id].append(order)
    found = {c.pk: [o.id for o in by_seller[str(c.seller_id)] if _in_reach(c, o, now)] for c in campaigns}
    result.phases["find"] = time.perf_counter() - started
    with transaction.atomic():
        _plan(campaigns, found, orders, now, result, started)
        result.rescheduled = _follow_amazons_dates(campaigns, orders, now)
    result.seconds = time.perf_counter() - started
    result.phases["write"] = result.seconds - sum(result.phases.values())
    return result


def _plan(campaigns, found, orders, now, result, started) -> set:
    """Evaluate each (campaign, order) pair in priority order and write the dispatches; returns
    the campaigns that had candidates."""
    # Before reading the blocklists: an entry added meanwhile waits for this pass's dispatches,
    # then blocks them too.
    blocklist_lock({c.seller_id for c in campaigns if found.get(c.pk)}, shared=True)
    book = FactBook(
        [orders[order_id] for order_id in {i for ids in found.values() for i in ids}],
        buyer_history=any(c.buyers for c in campaigns),
        replacements=any(c.exclude_replaced for c in campaigns),
        bulk=True,
    )
    result.phases["facts"] = time.perf_counter() - started - sum(result.phases.values())
    rows = []
    constants = {campaign.pk: DispatchConstants.of(campaign) for campaign in campaigns}
    for campaign, order, outcome in _decide(campaigns, found, orders, book, now):
        result.candidates += 1
        if outcome.status == SEND:
            result.scheduled += 1
        elif outcome.status == BLOCKED:
            result.blocked += 1
        else:
            result.skipped += 1
            continue
        rows.append(constants[campaign.pk].row(order, outcome))
    result.phases["evaluate"] = time.perf_counter() - started - sum(result.phases.values())
    _insert(rows, now)
    _announce_due(rows)
    return {campaign.pk for campaign in campaigns if found.get(campaign.pk)}


def _decide(campaigns, found, orders, book, now):
    """(campaign, order, outcome) for each pair without a dispatch yet, campaigns in priority
    order: what one campaign plans, the campaigns after it see (one review request per order)."""
    for campaign in campaigns:
        requests_review = campaign.kind_info.requests_review
        for order_id in found.get(campaign.pk, ()):
            order = orders[order_id]
            if book.has_dispatch(campaign, order):
                continue
            outcome = evaluate(campaign, order, book.facts(campaign, order), now)
            yield campaign, order, outcome
            if outcome.status in (SEND, BLOCKED):
                book.planned(campaign, order, requests_review=requests_review)


@dataclass
class Backlog:
    """What activating a campaign now would do with the orders placed before now, by the
    planner's own reading and rules: `due` messages on its first pass (Amazon's window still open),
    `blocked` of them recorded instead (opted out or blocklisted), `waiting` orders not due yet
    (on their way) that it would message later; each connection's share of `due`."""

    due: int = 0
    blocked: int = 0
    waiting: int = 0
    first_at: datetime | None = None  # the earliest send
    by_connection: dict = field(default_factory=dict)


def backlog(campaign, *, now=None) -> Backlog:
    """The planner's first pass over `campaign` as if it were activated now with every order Amazon
    still allows, without writing anything; and the earlier orders not due yet."""
    now = now or timezone.now()
    trial = copy.copy(campaign)
    trial.state, trial.planned_until, trial.orders_placed_from = Campaign.State.ACTIVE, None, None
    found, orders = _find([trial], now, full=True)
    book = FactBook(list(orders.values()), buyer_history=bool(trial.buyers), replacements=trial.exclude_replaced)
    result = Backlog()
    for _campaign, order, outcome in _decide([trial], found, orders, book, now):
        if outcome.status == BLOCKED:
            result.blocked += 1
        elif outcome.status == SEND:
            result.due += 1
            result.by_connection[order.connection_id] = result.by_connection.get(order.connection_id, 0) + 1
            result.first_at = min(result.first_at or outcome.at, outcome.at)
        elif outcome.status == WAITING:  # its trigger time came, but the order has not shipped
            result.waiting += 1
    result.waiting += _not_due_yet(trial, set(found.get(trial.pk, ())), now)
    return result


BACKLOG_CHUNK = 2000


def _not_due_yet(campaign, found: set, now) -> int:
    """Orders placed before now, inside the lookback, whose trigger plus delay has not come: the
    campaign would message them later (unless the seller chooses only new orders)."""
    column, delay = TRIGGER_COLUMNS[campaign.trigger], timedelta(minutes=campaign.delay_minutes)
    pending = (
        Order.objects.for_seller(campaign.seller)
        .filter(purchased_at__gte=now - LOOKBACK, purchased_at__lt=now)
        .filter(Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__gt": now - delay}) | ~Q(status__in=SHIPPED_STATES))
    )
    waiting, chunk = 0, []
    for order in pending.iterator(chunk_size=BACKLOG_CHUNK):
        if str(order.pk) not in found:
            chunk.append(order)
        if len(chunk) == BACKLOG_CHUNK:
            waiting, chunk = waiting + _waiting_in(campaign, chunk, now), []
    return waiting + _waiting_in(campaign, chunk, now)


def _waiting_in(campaign, orders, now) -> int:
    book = FactBook(orders, buyer_history=bool(campaign.buyers), replacements=campaign.exclude_replaced)
    waiting = 0
    for order in orders:
        if book.has_dispatch(campaign, order):
            continue
        outcome = evaluate(campaign, order, book.facts(campaign, order), now)
        waiting += outcome.status == WAITING or (outcome.status == SEND and outcome.at > now)
    return waiting


def _follow_amazons_dates(campaigns, orders, now) -> int:
    """Scheduled dispatches of orders a sync rewrote follow the order's window as it is now: Amazon
    gave the window that replaces an estimate, or moved a delivery date. Returns how many moved."""
    active = {str(c.pk): c for c in campaigns}
    scheduled = list(
        Dispatch.objects.filter(
            order_id__in=list(orders), state=Dispatch.State.SCHEDULED, campaign_id__in=list(active)
        ).values_list("id", "campaign_id", "order_id", "connection_id", "scheduled_for", "expires_at")
    )
    if not scheduled:
        return 0
    book = FactBook(
        [orders[str(order_id)] for _, _, order_id, *_ in scheduled], buyer_history=False, replacements=False
    )
    moved: list[tuple[Any, datetime, datetime]] = []
    due: dict[str, float] = {}
    for pk, campaign_id, order_id, connection_id, scheduled_for, expires_at in scheduled:
        campaign, order = active[str(campaign_id)], orders[str(order_id)]
        outcome = window_outcome(campaign, order, book.facts(campaign, order), now)
        if outcome.expires_at is None or outcome.expires_at == expires_at:
            continue
        at = (outcome.at if outcome.status in (SEND, BLOCKED) else None) or scheduled_for
        moved.append((pk, at, outcome.expires_at))
        due[str(connection_id)] = min(due.get(str(connection_id), at.timestamp()), at.timestamp())
    for pk, at, expires_at in moved:
        # Only while still scheduled: a worker that claimed it meanwhile sends on the old times,
        # and Amazon's own check decides.
        Dispatch.objects.filter(pk=pk, state=Dispatch.State.SCHEDULED).update(
            scheduled_for=at, expires_at=expires_at, updated_at=now
        )
    if due:
        transaction.on_commit(lambda: dispatches_planned.send_robust(sender=Dispatch, due=due))
    return len(moved)


def _announce_due(rows) -> None:
    """Tell the outbox, once committed, which connections have new dispatches and from when."""
    earliest: dict[str, float] = {}
    for _, _, connection_id, _, state, _, at, _ in rows:
        if state == Dispatch.State.SCHEDULED:
            earliest[connection_id] = min(earliest.get(connection_id, at.timestamp()), at.timestamp())
    if earliest:
        transaction.on_commit(lambda: dispatches_planned.send_robust(sender=Dispatch, due=earliest))


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
        return cls(
            str(campaign.seller_id),
            str(campaign.pk),
            campaign.kind,
            campaign.kind_info.requests_review,
            campaign.priority,
        )

    def row(self, order, outcome) -> tuple:
        """(campaign, order, connection, requests review, state, reason, scheduled_for, expires_at)."""
        state = Dispatch.State.SCHEDULED
        if outcome.status == BLOCKED:
            state = Dispatch.State.BLOCKED_SELLER if outcome.reason == "blocked" else Dispatch.State.BLOCKED_OPTOUT
        return (
            self.campaign_id,
            str(order.pk),
            str(order.connection_id),
            self.requests_review,
            state,
            outcome.detail,
            outcome.at,
            outcome.expires_at,
        )


def _insert(rows, now) -> None:
    """COPY slim rows into a temporary table, then one INSERT ... ON CONFLICT DO NOTHING that
    takes the rest from the campaign: the planner's busiest write, a few microseconds a row."""
    if not rows:
        return
    buffer = io.StringIO()
    # Times travel as epoch seconds: formatting a float is far cheaper than a datetime.
    buffer.writelines(
        f"{c},{o},{n},{r},{st},{_csv_text(reason)},{at.timestamp()},{ex.timestamp()}\n"
        for c, o, n, r, st, reason, at, ex in rows
    )
    buffer.seek(0)
    table, campaigns = Dispatch._meta.db_table, Campaign._meta.db_table
    with db_connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS planned_dispatches (campaign_id uuid, order_id uuid, "
            "connection_id uuid, requests_review boolean, state text, reason text, "
            "scheduled_for float8, expires_at float8) ON COMMIT DELETE ROWS"
        )
        # Empty even inside an outer transaction, where ON COMMIT has not run yet.
        cursor.execute("TRUNCATE planned_dispatches")
        cursor.cursor.copy_expert(
            "COPY planned_dispatches FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (reason))", buffer
        )
        insert = (
            f"INSERT INTO {table} (id, seller_id, campaign_id, order_id, connection_id, kind, requests_review, "  # noqa: S608
            "priority, state, reason, scheduled_for, expires_at, attempts, last_error, amazon_response_id, "
            "language, in_doubt, created_at, updated_at, finished_at) "
            "SELECT gen_random_uuid(), c.seller_id, p.campaign_id, p.order_id, p.connection_id, c.kind, "
            "p.requests_review, c.priority, p.state, p.reason, to_timestamp(p.scheduled_for), "
            "to_timestamp(p.expires_at), 0, '', '', '', false, %s, %s, "
            "CASE WHEN p.state = 'scheduled' THEN NULL ELSE %s::timestamptz END "
            f"FROM planned_dispatches p JOIN {campaigns} c ON c.id = p.campaign_id"
        )
        try:
            # The planner already left out what existed when it read; a plain insert is the fast
            # path, and the unique constraints still refuse anything a concurrent pass wrote.
            with transaction.atomic():
                cursor.execute(insert, [now, now, now])
        except IntegrityError:
            cursor.execute(insert + " ON CONFLICT DO NOTHING", [now, now, now])


def _csv_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if text else ""
