"""Rollups: the counts the dashboard and the campaign funnel read, kept current by beat tasks.

The outbox and the planner change dispatches in bulk, many pumps at once; they know nothing of
this module. The rollup reads the dispatch table afterwards, so that a page never counts a
million rows:

- OutcomeDay: dispatches that ended (sent, blocked, ineligible, expired, failed) per seller, UTC
  day of `finished_at`, campaign, marketplace, language and state. An ended dispatch never
  changes again, so each is counted once, on the day it ended. CampaignOutcomeDay holds the same
  counts without marketplace and language (the dashboard's read), written in the same statements.
- WaitingDispatches: the dispatches not yet decided as of the watermark, per campaign (replaced
  whole on every run).
- FeedbackDay: feedback per day it was left, attributed to every campaign that messaged the
  order on or before that day.

How OutcomeDay stays exact (never double counting, always converging):

1. `refresh` (every minute) counts the dispatches that finished in (watermark, horizon] and
   moves the watermark to the horizon, adding the counts and the new watermark in one
   transaction: a run that fails adds nothing, and two runs never count the same interval
   (they serialize on the RollupState row's lock).
2. The horizon trails the clock by LAG and, on PostgreSQL, stays behind the start of the
   oldest transaction still open that has written anything: a batch of outcomes committed
   late carries a `finished_at` from before its commit, and must not land behind the
   watermark. The hold is capped (MAX_HOLD) so that a stuck session cannot freeze the charts.
3. Whatever still lands behind the watermark (a worker whose clock lags, a hold past its cap,
   a dispatch deleted with its order) is absorbed by `recount`, which replaces whole days with
   a fresh count of the dispatches that finished in them *up to the watermark*. It counts
   exactly what the increments would have, so increments after it continue without overlap.
   Recent days are recounted every quarter of an hour, the last RECOUNT_HISTORY_DAYS nightly.
"""

import time as clock
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from campaigns.models import Dispatch
from sellers.models import Seller

from .models import Feedback
from .rollup_models import (
    CampaignOutcomeDay,
    FeedbackDay,
    OutcomeDay,
    RollupState,
    WaitingDispatches,
)

STATE_NAME = "dashboard"
LAG = timedelta(minutes=2)
MAX_HOLD = timedelta(minutes=15)
RECENT_RECOUNT_DAYS = 2  # today and yesterday, every quarter of an hour
FEEDBACK_RECENT_DAYS = 3  # feedback left in the last three days, every minute
FEEDBACK_RECOUNT_DAYS = 14  # every quarter of an hour (reports bring feedback late)
RECOUNT_HISTORY_DAYS = 95  # nightly: the dashboard's longest range and then some
INSERT_BATCH = 1000

State = Dispatch.State


@dataclass
class RollupResult:
    watermark: datetime
    outcomes_counted: int = 0  # dispatches added by the increment
    days_recounted: int = 0
    waiting: int = 0
    feedback_days: int = 0
    seconds: float = 0.0


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


def utc_today(now: datetime) -> date:
    return now.astimezone(UTC).date()


# -- entry points (the beat tasks call these) -------------------------------------------------
def refresh(now: datetime | None = None) -> RollupResult:
    """Count what finished since the last run, replace the waiting counts, recount recent feedback."""
    return _run(now or timezone.now(), recount_days=0, feedback_days=FEEDBACK_RECENT_DAYS)


def recount(
    now: datetime | None = None, *, days: int = RECENT_RECOUNT_DAYS, feedback_days: int = FEEDBACK_RECOUNT_DAYS
) -> RollupResult:
    """`refresh`, then count the last `days` UTC days (today included) again from the dispatches."""
    return _run(now or timezone.now(), recount_days=days, feedback_days=feedback_days)


def recount_history(now: datetime | None = None) -> RollupResult:
    return recount(now, days=RECOUNT_HISTORY_DAYS, feedback_days=RECOUNT_HISTORY_DAYS)


def as_of() -> datetime | None:
    """The moment the rollup's counts are complete up to (None before its first run)."""
    return RollupState.objects.filter(name=STATE_NAME).values_list("watermark", flat=True).first()


# -- one run -------------------------------------------------------------------------------------
def _run(now: datetime, *, recount_days: int, feedback_days: int) -> RollupResult:
    started = clock.perf_counter()
    with transaction.atomic():
        state = _locked_state()
        previous = state.watermark
        watermark = max(_safe_horizon(now), previous) if previous else _safe_horizon(now)
        result = RollupResult(watermark)
        if previous is None or watermark > previous:
            result.outcomes_counted = _add_outcomes(previous, watermark)
        state.watermark = watermark
        state.refreshed_at = now
        if recount_days:
            last = utc_today(watermark)
            result.days_recounted = _recount_outcomes(last - timedelta(days=recount_days - 1), last, watermark)
            state.recounted_at = now
        result.waiting = _replace_waiting(watermark)
        if feedback_days:
            today = utc_today(now)
            result.feedback_days = _recount_feedback(today - timedelta(days=feedback_days - 1), today)
            state.feedback_counted_at = now
        state.save()
    result.seconds = clock.perf_counter() - started
    return result


def _locked_state() -> RollupState:
    RollupState.objects.get_or_create(name=STATE_NAME)
    return RollupState.objects.select_for_update().get(name=STATE_NAME)


def _safe_horizon(now: datetime) -> datetime:
    horizon = now - LAG
    with connection.cursor() as cursor:
        # Other sessions of this database that hold a transaction id (they wrote something) and
        # have not committed: their outcomes may carry a finish time from before their commit.
        cursor.execute(
            "SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        )
        oldest_open = cursor.fetchone()[0]
    if oldest_open is not None:
        horizon = min(horizon, max(oldest_open - LAG, now - LAG - MAX_HOLD))
    return horizon


# -- outcomes --------------------------------------------------------------------------------------
def _outcome_groups(dispatches):
    """(seller, day, campaign, marketplace, language, state, count) of ended dispatches."""
    return (
        dispatches.exclude(state__in=Dispatch.OPEN_STATES)
        .order_by()
        .annotate(day=TruncDate("finished_at", tzinfo=UTC), marketplace=F("order__marketplace_id"))
        .values_list("seller_id", "day", "campaign_id", "marketplace", "language", "state")
        .annotate(n=Count("id"))
    )


OUTCOME_COLUMNS = ["seller_id", "day", "campaign_id", "marketplace_id", "language", "state", "count"]
TOTAL_COLUMNS = ["seller_id", "day", "campaign_id", "state", "count"]


def _campaign_totals(rows: list[tuple]) -> list[tuple]:
    """OutcomeDay rows summed over marketplace and language, as CampaignOutcomeDay stores them."""
    totals: dict[tuple, int] = {}
    for seller_id, day, campaign_id, _marketplace, _language, state, n in rows:
        key = (seller_id, day, campaign_id, state)
        totals[key] = totals.get(key, 0) + n
    return [(*key, n) for key, n in totals.items()]


def _add_outcomes(since: datetime | None, until: datetime) -> int:
    dispatches = Dispatch.objects.filter(finished_at__lte=until)
    if since is not None:
        dispatches = dispatches.filter(finished_at__gt=since)
    rows = list(_outcome_groups(dispatches))
    _upsert(OutcomeDay, OUTCOME_COLUMNS, rows, key=OUTCOME_COLUMNS[:-1], add=["count"])
    _upsert(CampaignOutcomeDay, TOTAL_COLUMNS, _campaign_totals(rows), key=TOTAL_COLUMNS[:-1], add=["count"])
    return sum(row[-1] for row in rows)


def _recount_outcomes(first: date, last: date, watermark: datetime) -> int:
    """Replace the counts of days first..last with what the dispatches say, up to the watermark."""
    if last < first:
        return 0
    OutcomeDay.objects.filter(day__gte=first, day__lte=last).delete()
    CampaignOutcomeDay.objects.filter(day__gte=first, day__lte=last).delete()
    dispatches = Dispatch.objects.filter(
        finished_at__gte=day_start(first),
        finished_at__lt=day_start(last + timedelta(days=1)),
        finished_at__lte=watermark,
    )
    rows = list(_outcome_groups(dispatches))
    _upsert(OutcomeDay, OUTCOME_COLUMNS, rows)
    _upsert(CampaignOutcomeDay, TOTAL_COLUMNS, _campaign_totals(rows))
    return (last - first).days + 1


# -- waiting ---------------------------------------------------------------------------------------
def _replace_waiting(watermark: datetime) -> int:
    """Every dispatch not decided as of the watermark: still open, or ended after it."""
    # Each arm has its own index: the outbox's queue (scheduled), its lease index (sending) and
    # the finish-time index; an OR of them is a bitmap union, never a scan of the ended millions.
    undecided = Dispatch.objects.filter(
        Q(state=State.SCHEDULED) | Q(state=State.SENDING) | Q(finished_at__gt=watermark)
    ).order_by()
    rows = list(
        undecided.values_list("seller_id", "campaign_id").annotate(
            waiting=Count("id"), due=Count("id", filter=Q(scheduled_for__lte=watermark))
        )
    )
    WaitingDispatches.objects.all().delete()
    _upsert(WaitingDispatches, ["seller_id", "campaign_id", "waiting", "due"], rows)
    return sum(row[2] for row in rows)


# -- feedback --------------------------------------------------------------------------------------
def _recount_feedback(first: date, last: date) -> int:
    """Replace FeedbackDay for days first..last: each feedback counts for every campaign whose
    message to that order went out on or before the day the feedback was left."""
    sellers = list(Seller.objects.values_list("id", flat=True))
    # seller IN (...) lets the (seller, left_on) index serve a range of days across sellers.
    feedback = (
        Feedback.objects.listed()
        .filter(
            seller_id__in=sellers,
            left_on__gte=first,
            left_on__lte=last,
            order__isnull=False,
            order__dispatches__state=State.SENT,
            order__dispatches__finished_at__date__lte=F("left_on"),
        )
        .order_by()
    )
    rows = list(
        feedback.annotate(
            campaign=F("order__dispatches__campaign_id"),
            marketplace=F("order__marketplace_id"),
            language=F("order__dispatches__language"),
            sent_on=TruncDate("order__dispatches__finished_at", tzinfo=UTC),
        )
        .values_list("seller_id", "left_on", "campaign", "marketplace", "language", "sent_on")
        .annotate(received=Count("id"), negative=Count("id", filter=Q(rating__lte=Feedback.NEGATIVE_AT_MOST)))
    )
    FeedbackDay.objects.filter(day__gte=first, day__lte=last).delete()
    _upsert(
        FeedbackDay,
        ["seller_id", "day", "campaign_id", "marketplace_id", "language", "sent_on", "received", "negative"],
        rows,
    )
    return (last - first).days + 1


# -- writing ---------------------------------------------------------------------------------------
def _upsert(
    model, columns: list[str], rows: list[tuple], *, key: list[str] | None = None, add: list[str] | None = None
) -> None:
    """Insert rows; with `key`, a row whose key exists adds `add` columns to the stored ones."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    conflict = ""
    if key:
        sums = ", ".join(
            f"{connection.ops.quote_name(c)} = {table}.{connection.ops.quote_name(c)} + "
            f"excluded.{connection.ops.quote_name(c)}"
            for c in add or []
        )
        conflict = f" ON CONFLICT ({', '.join(connection.ops.quote_name(c) for c in key)}) DO UPDATE SET {sums}"
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = [_db_row(row) for row in rows[start : start + INSERT_BATCH]]
            values = ", ".join([placeholder] * len(batch))
            # Only names from the model's meta are formatted in; every value is a parameter.
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {values}{conflict}",  # noqa: S608
                [value for row in batch for value in row],
            )


def _db_row(row: tuple) -> tuple:
    # PostgreSQL takes a UUID as text in raw SQL.
    return tuple(str(value) if isinstance(value, uuid.UUID) else value for value in row)
