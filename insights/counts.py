"""How many of a seller's dispatches ended in each state: the one count behind every page that shows one.

The rollup (insights.rollups) counts ended dispatches up to its watermark, a minute or two behind
the clock; what ended since is read from the dispatches along the finish-time index (a minute's
worth of rows). `outcome_counts` adds the two in one statement, so that the rollup table and its
watermark are read in one snapshot: a rollup committing meanwhile can neither count a dispatch
twice nor drop one. Before the first rollup every ended dispatch is counted directly.

The dashboard, the campaign list and the message log's tabs all read it, so a send that Amazon
accepted a second ago shows on each of them at once, and on each the same.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import (
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, TruncDate

from campaigns.models import Dispatch
from messaging import selectors as log
from sellers.models import Seller

from . import rollups
from .rollup_models import CampaignOutcomeDay, RollupState, WaitingDispatches

State = Dispatch.State
ENDED_STATES = tuple(state for state in State.values if state not in Dispatch.OPEN_STATES)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Which arm of the statement a row came from.
ROLLED_UP, SINCE, WAITING, SCHEDULED, OPEN = "r", "s", "w", "q", "o"


@dataclass
class OutcomeCounts:
    """Ended dispatches per (day, campaign, state) (day None when not asked by day), and per campaign
    what ended since the rollup's watermark, what waits (as of the watermark, less what ended since)
    and what is scheduled now. Campaign ids are text (a UUID with dashes)."""

    ended: Counter = field(default_factory=Counter)  # (day | None, campaign, state) -> n
    since: Counter = field(default_factory=Counter)  # campaign -> ended after the watermark
    # campaign -> ended after the watermark among those the rollup counted as waiting (created before it ran)
    no_longer_waiting: Counter = field(default_factory=Counter)
    waiting_as_of: dict = field(default_factory=dict)  # campaign -> (waiting, due) at the watermark
    scheduled: Counter = field(default_factory=Counter)  # campaign -> scheduled now (when asked)
    open_now: int = 0  # scheduled or sending now, every campaign (when asked)

    def total(self, *states: str, campaign: str | None = None) -> int:
        return sum(
            n for (_day, c, state), n in self.ended.items() if state in states and (campaign is None or c == campaign)
        )

    def by_day(self) -> Counter:
        """(day, state) -> n, every campaign together (the dashboard's chart)."""
        days: Counter = Counter()
        for (day, _campaign, state), n in self.ended.items():
            days[day, state] += n
        return days

    def by_campaign(self) -> Counter:
        """(campaign, state) -> n, every day together."""
        campaigns: Counter = Counter()
        for (_day, campaign, state), n in self.ended.items():
            campaigns[campaign, state] += n
        return campaigns

    def waiting(self, campaign: str) -> tuple[int, int]:
        """(waiting, due) now: the rollup's count of undecided dispatches, less those of them that
        ended since its watermark (they are counted as ended already). Dispatches planned since
        the rollup ran join at the next one, a minute later."""
        waiting, due = self.waiting_as_of.get(campaign, (0, 0))
        ended = self.no_longer_waiting.get(campaign, 0)
        return max(0, waiting - ended), max(0, due - ended)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


@dataclass(frozen=True)
class _Days:
    first: date | None
    last: date | None
    by_day: bool


_CAMPAIGN_TEXT = Cast("campaign_id", CharField())
_NO_DAY = Value(None, output_field=DateField())
_ZERO = Value(0, output_field=IntegerField())


def _for_campaigns(rows, campaign_ids):
    return rows if campaign_ids is None else rows.filter(campaign_id__in=campaign_ids)


def _rolled_up(seller: Seller, watermark, days: _Days, campaign_ids, states):
    rows = CampaignOutcomeDay.objects.for_seller(seller).filter(Exists(watermark), state__in=states)
    if days.first is not None:
        rows = rows.filter(day__gte=days.first)
    if days.last is not None:
        rows = rows.filter(day__lte=days.last)
    return (
        _for_campaigns(rows, campaign_ids)
        .order_by()
        .annotate(arm=Value(ROLLED_UP), d=F("day") if days.by_day else _NO_DAY, c=_CAMPAIGN_TEXT)
        .values_list("arm", "d", "c", "state")
        .annotate(n=Sum("count"), m=_ZERO)
    )


def _ended_since(seller: Seller, watermark, days: _Days, campaign_ids, states):
    # One comparison with the watermark (or the epoch before the first rollup), so that the
    # finished-at index serves it: the rows since the watermark are a minute's worth.
    rows = Dispatch.objects.for_seller(seller).filter(
        finished_at__gt=Coalesce(
            Subquery(watermark.values("watermark")[:1]), Value(EPOCH), output_field=DateTimeField()
        ),
        state__in=states,
    )
    if days.first is not None:
        rows = rows.filter(finished_at__gte=_day_start(days.first))
    if days.last is not None:
        rows = rows.filter(finished_at__lt=_day_start(days.last + timedelta(days=1)))
    rollup_ran = Subquery(watermark.values("refreshed_at")[:1])
    return (
        _for_campaigns(rows, campaign_ids)
        .order_by()
        .annotate(
            arm=Value(SINCE), d=TruncDate("finished_at", tzinfo=UTC) if days.by_day else _NO_DAY, c=_CAMPAIGN_TEXT
        )
        .values_list("arm", "d", "c", "state")
        .annotate(n=Count("id"), m=Count("id", filter=Q(created_at__lte=rollup_ran)))
    )


def _waiting(seller: Seller, campaign_ids):
    return (
        _for_campaigns(WaitingDispatches.objects.for_seller(seller), campaign_ids)
        .order_by()
        .annotate(arm=Value(WAITING), d=_NO_DAY, c=_CAMPAIGN_TEXT, s=Value(""), n=F("waiting"), m=F("due"))
        .values_list("arm", "d", "c", "s", "n", "m")
    )


def _scheduled(seller: Seller, campaign_ids):
    return (
        _for_campaigns(Dispatch.objects.for_seller(seller).filter(state=State.SCHEDULED), campaign_ids)
        .order_by()
        .annotate(arm=Value(SCHEDULED), d=_NO_DAY, c=_CAMPAIGN_TEXT)
        .values_list("arm", "d", "c", "state")
        .annotate(n=Count("id"), m=_ZERO)
    )


def _open(seller: Seller):
    return (
        Dispatch.objects.for_seller(seller)
        .filter(state__in=Dispatch.OPEN_STATES)
        .order_by()
        .annotate(arm=Value(OPEN), d=_NO_DAY, c=Value(""), s=Value(""))
        .values_list("arm", "d", "c", "s")
        .annotate(n=Count("id"), m=_ZERO)
    )


def _read(arms: list) -> OutcomeCounts:
    """The arms' rows, in one statement (UNION ALL), into their counts."""
    counts = OutcomeCounts()
    for arm, day, campaign, state, n, m in arms[0].union(*arms[1:], all=True):
        if arm == WAITING:
            counts.waiting_as_of[campaign] = (n, m)
        elif arm == SCHEDULED:
            counts.scheduled[campaign] += n
        elif arm == OPEN:
            counts.open_now += n
        else:
            counts.ended[day, campaign, state] += n
            if arm == SINCE:
                counts.since[campaign] += n
                counts.no_longer_waiting[campaign] += m
    return counts


def outcome_counts(
    seller: Seller,
    *,
    first: date | None = None,
    last: date | None = None,
    by_day: bool = True,
    campaign_ids=None,
    states=ENDED_STATES,
    waiting: bool = False,
    scheduled: bool = False,
    open_now: bool = False,
) -> OutcomeCounts:
    """The seller's dispatches that ended in `states` on UTC days first..last (every day when not
    given), per day (or not, `by_day`) and campaign (the given ones, or all); with `waiting`, each
    campaign's undecided dispatches as of the rollup; with `scheduled`, each campaign's scheduled
    dispatches now (along the (campaign, state) index); with `open_now`, how many are scheduled or
    sending now, all campaigns together (along the message log's open index). One statement."""
    watermark = RollupState.objects.filter(name=rollups.STATE_NAME, watermark__isnull=False)
    days = _Days(first, last, by_day)
    arms = [
        _rolled_up(seller, watermark, days, campaign_ids, states),
        _ended_since(seller, watermark, days, campaign_ids, states),
    ]
    if waiting:
        arms.append(_waiting(seller, campaign_ids))
    if scheduled:
        arms.append(_scheduled(seller, campaign_ids))
    if open_now:
        arms.append(_open(seller))
    return _read(arms)


def log_view_counts(seller: Seller) -> dict[str, int]:
    """{view key: dispatches} for the message log's tabs: what was sent and what was not, ever
    (the rollup and what ended since), and what is scheduled or sending now."""
    counts = outcome_counts(seller, by_day=False, open_now=True)
    return {
        log.SENT.key: counts.total(*log.SENT.states),
        log.NOT_SENT.key: counts.total(*log.NOT_SENT.states),
        log.SCHEDULED.key: counts.open_now,
    }
