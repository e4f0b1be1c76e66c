"""Reads for the dashboard and the campaign funnel.

Counts of dispatches and attributed feedback come from the rollup tables (insights.rollups),
the rest from small tables (connections, daily sends, alerts) or index-bounded reads (the next
sends, the opt-outs a seller's account taught us), so that each read costs the same at a
thousand dispatches or a million. Days are UTC days, as Amazon's daily cap and the plan's
quota count them.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db.models import (
    Count,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import TruncDate

from campaigns import selectors as campaign_selectors
from campaigns.models import Campaign, Dispatch
from messaging import limits
from messaging.models import DailySends
from messaging.selectors import LogEntry
from optouts.models import OptOut, OrderOptOut
from sellers.models import Seller

from . import rollups
from .counts import OutcomeCounts, outcome_counts
from .models import FeedbackAlert

RANGES = (7, 30, 90)
DEFAULT_RANGE = 30
FUNNEL_DEFAULT_RANGE = 90  # feedback follows a message by days or weeks: a longer window by default
NEXT_SENDS = 8
ALERTS_SHOWN = 3

State = Dispatch.State


@dataclass(frozen=True)
class Outcome:
    state: str
    label: str
    color: str


# The order of the stack, bottom up: what went out, then why the rest did not.
OUTCOMES = [
    Outcome(State.SENT, "Sent", "#12b76a"),
    Outcome(State.BLOCKED_OPTOUT, "Blocked: buyer opted out", "#f79009"),
    Outcome(State.BLOCKED_SELLER, "Blocked: your blocklist", "#7a2e0e"),
    Outcome(State.INELIGIBLE, "Ineligible (Amazon said no)", "#7d89b0"),
    Outcome(State.SKIPPED, "Skipped by your filters", "#98a2b3"),
    Outcome(State.EXPIRED, "Expired", "#c4cad6"),
    Outcome(State.FAILED, "Failed", "#d92d20"),
]
BLOCKED_STATES = (State.BLOCKED_OPTOUT, State.BLOCKED_SELLER)
NOT_SENT_STATES = (State.INELIGIBLE, State.SKIPPED, State.EXPIRED, State.FAILED)


def parse_range(value, *, default: int = DEFAULT_RANGE) -> tuple[int, str]:
    """The number of days a page shows, and an error to show when the request asked for another."""
    if value in (None, ""):
        return default, ""
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = None
    if days not in RANGES:
        return default, f"The dashboard shows 7, 30 or 90 days; showing {default}."
    return days, ""


def first_day(today: date, days: int) -> date:
    return today - timedelta(days=days - 1)


# -- charts ------------------------------------------------------------------------------------
@dataclass
class Series:
    key: str
    label: str
    color: str
    values: list[int]

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass
class DayChart:
    """Counts per day for one or more series: a stacked bar chart and the table behind it."""

    days: list[date]
    series: list[Series]
    y_title: str = ""

    @property
    def total(self) -> int:
        return sum(s.total for s in self.series)

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    @property
    def rows(self) -> list[dict]:
        """Newest day first, for the table; numbers already formatted (a 90-day table has a
        thousand cells, and formatting each in the template costs more than the queries)."""
        rows = []
        for i, day in enumerate(self.days):
            values = [s.values[i] for s in self.series]
            rows.append(
                {
                    "day": day,
                    "label": f"{day:%a} {day.day} {day:%b}",
                    "cells": [f"{v:,}" for v in values],
                    "total": f"{sum(values):,}",
                }
            )
        return rows[::-1]

    @property
    def totals(self) -> list[str]:
        return [f"{s.total:,}" for s in self.series]

    def as_json(self) -> dict:
        return {
            "kind": "stacked",
            "labels": [f"{d:%b} {d.day}" for d in self.days],
            "yTitle": self.y_title,
            "datasets": [{"label": s.label, "color": s.color, "values": s.values} for s in self.series],
        }


def _day_chart(days: list[date], specs, counts: dict[tuple[date, str], int], y_title: str) -> DayChart:
    return DayChart(
        days,
        [Series(key, label, color, [counts.get((d, key), 0) for d in days]) for key, label, color in specs],
        y_title,
    )


def _outcome_counts(seller: Seller, *, days: int, today: date) -> OutcomeCounts:
    """Dispatches that ended in the range per day, campaign and state, with each campaign's waiting
    ones: the rollup plus what ended since its watermark (insights.counts), one query."""
    return outcome_counts(seller, first=first_day(today, days), last=today, waiting=True)


def _outcome_chart(counts: OutcomeCounts, *, days: int, today: date) -> DayChart:
    start = first_day(today, days)
    dates = [start + timedelta(days=i) for i in range(days)]
    return _day_chart(dates, [(o.state, o.label, o.color) for o in OUTCOMES], counts.by_day(), "Messages")


def daily_outcomes(seller: Seller, *, days: int, today: date) -> DayChart:
    """Dispatches that ended per day, by outcome (one query over the rollup and what ended since)."""
    return _outcome_chart(_outcome_counts(seller, days=days, today=today), days=days, today=today)


def optouts_learned(seller: Seller, *, days: int, today: date) -> DayChart:
    """New opt-outs this seller's account taught the service, per day: buyers added to the global
    table from its notices or refusals, and orders opted out without a buyer identifier."""
    start = first_day(today, days)
    since = datetime.combine(start, datetime.min.time(), UTC)
    buyers = (
        OptOut.objects.filter(first_seller=seller, created_at__gte=since)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=UTC), kind=Value("buyer"))
        .values_list("day", "kind")
        .annotate(n=Count("pk"))
    )
    orders = (
        OrderOptOut.objects.for_seller(seller)
        .filter(created_at__gte=since)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=UTC), kind=Value("order"))
        .values_list("day", "kind")
        .annotate(n=Count("pk"))
    )
    counts = {(day, kind): n for day, kind, n in buyers.union(orders, all=True)}
    dates = [start + timedelta(days=i) for i in range(days)]
    return _day_chart(
        dates,
        [("buyer", "Buyers (from your notices)", "#6172f3"), ("order", "Orders without a buyer id", "#a4bcfd")],
        counts,
        "Opt-outs",
    )


# -- quota -------------------------------------------------------------------------------------
@dataclass
class Quota:
    used: int
    limit: int
    month: date

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.limit)) if self.limit else 100

    @property
    def left(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def level(self) -> str:
        if self.used >= self.limit:
            return "bad"
        return "warn" if self.percent >= 80 else "ok"


def quota_this_month(seller: Seller, *, now: datetime) -> Quota:
    """Messages Amazon accepted this calendar month (UTC) against the plan (messaging.limits' count)."""
    month = limits.month_start(now).date()
    used = DailySends.objects.for_seller(seller).filter(day__gte=month).aggregate(n=Sum("sent"))["n"] or 0
    return Quota(used, seller.monthly_message_quota, month)


# -- campaigns ---------------------------------------------------------------------------------
def _campaign_rows(campaigns: list, counts: OutcomeCounts) -> list[Campaign]:
    sums = counts.by_campaign()
    shown = []
    for campaign in campaigns:
        key = str(campaign.pk)
        campaign.sent = sums[key, State.SENT]
        campaign.blocked = sum(sums[key, s] for s in BLOCKED_STATES)
        campaign.not_sent = sum(sums[key, s] for s in NOT_SENT_STATES)
        campaign.waiting, campaign.due = counts.waiting(key)
        active = campaign.sent or campaign.blocked or campaign.not_sent
        if campaign.state != Campaign.State.ARCHIVED or active:
            shown.append(campaign)
    order = {Campaign.State.ACTIVE: 0, Campaign.State.PAUSED: 1, Campaign.State.DRAFT: 2, Campaign.State.ARCHIVED: 3}
    return sorted(shown, key=lambda c: (order.get(c.state, 9), c.priority, c.created_at))


def campaigns_with_counts(seller: Seller, *, include_archived: bool = False) -> list[Campaign]:
    """The seller's campaigns for the campaign list, with `scheduled_count` (now), `sent_count` and
    `blocked_count` (ever): insights.counts, the same count as the dashboard's."""
    # Requests by hand (campaigns.manual) are no campaign of the seller's: their sends count in
    # the totals, not as a campaign row.
    campaigns = Campaign.objects.for_seller(seller).filter(by_hand=False)
    if not include_archived:
        campaigns = campaigns.exclude(state=Campaign.State.ARCHIVED)
    return with_list_counts(seller, list(campaigns))


def with_list_counts(seller: Seller, campaigns: list[Campaign]) -> list[Campaign]:
    """The given campaigns of the seller with the campaign list's `scheduled_count`, `sent_count`
    and `blocked_count` (ever; the API's campaigns read them too): insights.counts, the same count
    as the dashboard's."""
    if not campaigns:
        return campaigns
    ended = [*campaign_selectors.SENT_STATES, *campaign_selectors.BLOCKED_STATES]
    counts = outcome_counts(seller, by_day=False, campaign_ids=[c.pk for c in campaigns], states=ended, scheduled=True)
    sums = counts.by_campaign()
    rows: list = campaigns  # the counts are attributes the pages and the API read, not fields
    for campaign in rows:
        key = str(campaign.pk)
        campaign.scheduled_count = counts.scheduled[key]
        campaign.sent_count = sum(sums[key, state] for state in campaign_selectors.SENT_STATES)
        campaign.blocked_count = sum(sums[key, state] for state in campaign_selectors.BLOCKED_STATES)
    return campaigns


def campaign_rows(seller: Seller, *, days: int, today: date) -> list[Campaign]:
    """The seller's campaigns (archived ones only with activity in the range), with `sent`, `blocked`,
    `not_sent` (ineligible, expired, failed) in the range and `waiting`/`due` now."""
    campaigns = Campaign.objects.for_seller(seller).filter(by_hand=False)  # requests by hand count in the totals only
    return _campaign_rows(list(campaigns), _outcome_counts(seller, days=days, today=today))


# -- what happens next -------------------------------------------------------------------------
def next_sends(seller: Seller, *, now: datetime, limit: int = NEXT_SENDS) -> list[LogEntry]:
    """The next scheduled messages by time, on their marketplace's clock. Read from `now` along the
    message log's index of open dispatches (seller, scheduled_for): only rows ahead of the clock are touched."""
    dispatches = (
        Dispatch.objects.for_seller(seller)
        .filter(state=State.SCHEDULED, scheduled_for__gte=now)
        .select_related("order", "campaign")
        .order_by("scheduled_for", "id")[:limit]
    )
    return [LogEntry(d) for d in dispatches]


# -- feedback alerts ---------------------------------------------------------------------------
@dataclass
class AlertPanel:
    open_count: int
    latest: list = field(default_factory=list)


def open_feedback_alerts(seller: Seller, *, limit: int = ALERTS_SHOWN) -> AlertPanel:
    """How many negative-feedback alerts are open, and the newest few: one query, both read along
    the open alerts' partial index (seller, created_at)."""
    open_alerts = FeedbackAlert.objects.for_seller(seller).filter(dismissed_at__isnull=True)
    total = open_alerts.order_by().values("seller").annotate(n=Count("id")).values("n")
    alerts = list(
        open_alerts.select_related("feedback").annotate(open_total=Subquery(total)).order_by("-created_at")[:limit]
    )
    return AlertPanel(alerts[0].open_total if alerts else 0, alerts)


# -- the dashboard -----------------------------------------------------------------------------
@dataclass
class Dashboard:
    days: int
    outcomes: DayChart
    optouts: DayChart
    quota: Quota
    campaigns: list
    next_sends: list
    alerts: AlertPanel
    as_of: datetime | None

    @property
    def due_now(self) -> int:
        return sum(c.due for c in self.campaigns if c.state == Campaign.State.ACTIVE)

    @property
    def waiting(self) -> int:
        return sum(c.waiting for c in self.campaigns)

    @property
    def has_activity(self) -> bool:
        return not self.outcomes.is_empty or self.waiting > 0

    @property
    def has_active_campaign(self) -> bool:
        return any(c.state == Campaign.State.ACTIVE for c in self.campaigns)

    def total(self, *states) -> int:
        return sum(s.total for s in self.outcomes.series if s.key in states)

    @property
    def sent(self) -> int:
        return self.total(State.SENT)

    @property
    def blocked(self) -> int:
        return self.total(*BLOCKED_STATES)

    @property
    def not_sent(self) -> int:
        return self.total(*NOT_SENT_STATES)


def dashboard(seller: Seller, *, days: int, now: datetime) -> Dashboard:
    today = rollups.utc_today(now)
    counts = _outcome_counts(seller, days=days, today=today)
    return Dashboard(
        days=days,
        outcomes=_outcome_chart(counts, days=days, today=today),
        optouts=optouts_learned(seller, days=days, today=today),
        quota=quota_this_month(seller, now=now),
        campaigns=_campaign_rows(list(Campaign.objects.for_seller(seller).filter(by_hand=False)), counts),
        next_sends=next_sends(seller, now=now),
        alerts=open_feedback_alerts(seller),
        as_of=rollups.as_of(),
    )
