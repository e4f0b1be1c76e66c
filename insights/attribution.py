"""Which messages came before a feedback, and the honest measure of what messaging does.

A feedback is attributed to the sent dispatches of its order: a dispatch whose message went out
on or before the day the feedback was left (Amazon gives feedback a day, not a time, so the same
day counts) may have prompted it, and counts for its campaign; feedback left before any message
counts for none.

The honest measure compares orders, not messages: of the orders placed in a period (by their
purchase day in UTC, which every order has; delivery dates are missing for orders that came
from the backfill report), how many of those a campaign messaged got feedback after the message,
against how many of those no campaign messaged got feedback at all. Cancelled orders are left
out (nobody messages them). Only feedback Amazon still lists counts (`Feedback.objects.listed`).
Amazon's feedback report carries neutral and negative feedback only (1 to 3 stars), so these
are the rates of neutral and negative feedback; `negative` counts 1 and 2 stars.

The counts are kept per purchase day in FeedbackRateDay by `refresh_feedback_rates` (run after
every feedback sync that loaded a report, so at least hourly per connection): the selector reads
at most one row per day and campaign, however many dispatches the seller has.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from campaigns.models import Dispatch
from sellers.models import Order

from .feedback_models import FeedbackRateDay
from .models import Feedback

# Orders placed this many days back are recounted on each refresh: Amazon's feedback window
# (90 days after the order) and the messages' window (30 days after delivery) fit inside.
REFRESH_DAYS = 120
COUNTED = [
    "orders",
    "messaged_orders",
    "messaged_feedback",
    "messaged_negative",
    "feedback_before_message",
    "unmessaged_orders",
    "unmessaged_feedback",
    "unmessaged_negative",
]


@dataclass(frozen=True)
class Group:
    orders: int
    feedback: int
    negative: int

    @property
    def rate(self) -> float | None:
        """Share of the orders with (neutral or negative) feedback, 0 to 1; None without orders."""
        return self.feedback / self.orders if self.orders else None

    @property
    def negative_rate(self) -> float | None:
        return self.negative / self.orders if self.orders else None


@dataclass(frozen=True)
class FeedbackRates:
    since: date
    until: date  # exclusive
    campaign: object | None
    messaged: Group  # orders the campaign (any campaign, without one) messaged; feedback after the message
    not_messaged: Group  # orders no campaign messaged
    feedback_before_message: int  # on messaged orders, left before the message: counted in neither
    computed_at: datetime | None  # when the counts were last refreshed

    @property
    def difference(self) -> float | None:
        """Messaged minus not-messaged feedback rate, in percentage points."""
        if self.messaged.rate is None or self.not_messaged.rate is None:
            return None
        return 100 * (self.messaged.rate - self.not_messaged.rate)


def _day(value) -> date:
    if isinstance(value, datetime):
        return (value if timezone.is_aware(value) else value.replace(tzinfo=UTC)).astimezone(UTC).date()
    return value


def feedback_rates(seller, *, since, until, campaign=None) -> FeedbackRates:
    """Feedback rates of the orders placed from `since` up to (not including) `until` (UTC days;
    dates or datetimes), messaged (by `campaign` if given, else by any campaign) against orders no
    campaign messaged. One query over the daily counts."""
    return feedback_rates_for_periods(seller, [(since, until)], campaign=campaign)[0]


def feedback_rates_for_periods(seller, periods, *, campaign=None) -> list[FeedbackRates]:
    """feedback_rates for several (since, until) periods, in one query."""
    days = [(_day(since), _day(until)) for since, until in periods]
    everything = Q(campaign__isnull=True)
    messaged = Q(campaign=campaign) if campaign is not None else everything
    sums = {}
    for i, (since_day, until_day) in enumerate(days):
        within = Q(day__gte=since_day, day__lt=until_day)
        for name in ("messaged_orders", "messaged_feedback", "messaged_negative", "feedback_before_message"):
            sums[f"{name}_{i}"] = Sum(name, filter=within & messaged)
        for name in ("unmessaged_orders", "unmessaged_feedback", "unmessaged_negative"):
            sums[f"{name}_{i}"] = Sum(name, filter=within & everything)
    first, last = min(d[0] for d in days), max(d[1] for d in days)
    found = (
        FeedbackRateDay.objects.for_seller(seller)
        .filter(day__gte=first, day__lt=last)
        .filter(everything | messaged)
        .aggregate(computed_at=Max("computed_at"), **sums)
    )
    rates = []
    for i, (since_day, until_day) in enumerate(days):
        n = {key[: -len(f"_{i}")]: value or 0 for key, value in found.items() if key.endswith(f"_{i}")}
        rates.append(
            FeedbackRates(
                since=since_day,
                until=until_day,
                campaign=campaign,
                messaged=Group(n["messaged_orders"], n["messaged_feedback"], n["messaged_negative"]),
                not_messaged=Group(n["unmessaged_orders"], n["unmessaged_feedback"], n["unmessaged_negative"]),
                feedback_before_message=n["feedback_before_message"],
                computed_at=found["computed_at"],
            )
        )
    return rates


# Per order of the cohort: the day of its first sent message (per campaign, and over all of them)
# and its listed feedback; then counted per purchase day. Plain SQL that PostgreSQL and SQLite
# (the zero-setup run command) both read: date() of a timestamp is its UTC day on both.
_COUNT_SQL = """
WITH cohort AS (
    SELECT o.id AS order_id, date(o.purchased_at) AS day
    FROM {orders} o
    WHERE o.seller_id = %(seller)s AND o.purchased_at >= %(start)s AND o.purchased_at < %(end)s
      AND o.status <> 'CANCELLED'
), sent AS (
    SELECT d.order_id, d.campaign_id, date(MIN(COALESCE(d.finished_at, d.updated_at))) AS sent_day
    FROM {dispatches} d JOIN cohort c ON c.order_id = d.order_id
    WHERE d.state = 'sent'
    GROUP BY d.order_id, d.campaign_id
), first_sent AS (
    SELECT order_id, MIN(sent_day) AS sent_day FROM sent GROUP BY order_id
), fb AS (
    SELECT f.order_id, f.left_on, f.rating FROM {feedback} f
    WHERE f.seller_id = %(seller)s AND f.order_id IS NOT NULL AND f.removed_at IS NULL
)
SELECT c.day, NULL,
       COUNT(*),
       SUM(CASE WHEN s.order_id IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.order_id IS NOT NULL AND fb.left_on >= s.sent_day THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.order_id IS NOT NULL AND fb.left_on >= s.sent_day AND fb.rating <= %(negative)s
           THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.order_id IS NOT NULL AND fb.left_on < s.sent_day THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.order_id IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.order_id IS NULL AND fb.order_id IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.order_id IS NULL AND fb.rating <= %(negative)s THEN 1 ELSE 0 END)
FROM cohort c
LEFT JOIN first_sent s ON s.order_id = c.order_id
LEFT JOIN fb ON fb.order_id = c.order_id
GROUP BY c.day
UNION ALL
SELECT c.day, s.campaign_id,
       0,
       COUNT(*),
       SUM(CASE WHEN fb.left_on >= s.sent_day THEN 1 ELSE 0 END),
       SUM(CASE WHEN fb.left_on >= s.sent_day AND fb.rating <= %(negative)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN fb.left_on < s.sent_day THEN 1 ELSE 0 END),
       0, 0, 0
FROM sent s
JOIN cohort c ON c.order_id = s.order_id
LEFT JOIN fb ON fb.order_id = s.order_id
GROUP BY c.day, s.campaign_id
"""


def _db(model, field_name, value):
    return model._meta.get_field(field_name).get_db_prep_value(value, db_connection)


def refresh_feedback_rates(seller, *, days: int = REFRESH_DAYS, now=None) -> int:
    """Recount the orders placed in the last `days` days (UTC) into FeedbackRateDay; rows written."""
    now = now or timezone.now()
    end_day = _day(now) + timedelta(days=1)
    start_day = end_day - timedelta(days=days + 1)
    start = datetime(start_day.year, start_day.month, start_day.day, tzinfo=UTC)
    end = datetime(end_day.year, end_day.month, end_day.day, tzinfo=UTC)
    sql = _COUNT_SQL.format(
        orders=Order._meta.db_table, dispatches=Dispatch._meta.db_table, feedback=Feedback._meta.db_table
    )
    params = {
        "seller": _db(Order, "seller", seller.pk),
        "start": db_connection.ops.adapt_datetimefield_value(start),
        "end": db_connection.ops.adapt_datetimefield_value(end),
        "negative": Feedback.NEGATIVE_AT_MOST,
    }
    with db_connection.cursor() as cursor:
        cursor.execute(sql, params)
        counted = cursor.fetchall()
    rows = [
        FeedbackRateDay(
            seller=seller,
            day=_as_date(day),
            campaign_id=_as_uuid(campaign_id),
            computed_at=now,
            **{name: int(value or 0) for name, value in zip(COUNTED, values, strict=True)},
        )
        for day, campaign_id, *values in counted
    ]
    with transaction.atomic():
        FeedbackRateDay.objects.for_seller(seller).filter(day__gte=start_day, day__lt=end_day).delete()
        FeedbackRateDay.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _as_uuid(value):
    if value is None:
        return None
    return Dispatch._meta.get_field("campaign").target_field.to_python(value)


# -- attribution of single feedback (the feedback list) ------------------------------------------
@dataclass(frozen=True)
class Attribution:
    campaign_id: object
    campaign_name: str
    sent_at: datetime
    counts: bool  # the message went out on or before the day the feedback was left


def attributions(seller, feedback_rows) -> dict:
    """For each feedback (by pk) the sent messages of its order, oldest first. One query."""
    order_ids = {f.order_id for f in feedback_rows if f.order_id}
    if not order_ids:
        return {}
    sent: dict = {}
    for dispatch in (
        Dispatch.objects.for_seller(seller)
        .filter(order_id__in=order_ids, state=Dispatch.State.SENT)
        .select_related("campaign")
        .only("order_id", "finished_at", "updated_at", "campaign__name")
    ):
        sent.setdefault(dispatch.order_id, []).append(dispatch)
    found = {}
    for feedback in feedback_rows:
        entries = []
        for dispatch in sent.get(feedback.order_id, []):
            at = dispatch.finished_at or dispatch.updated_at
            entries.append(
                Attribution(dispatch.campaign_id, dispatch.campaign.name, at, counts=_day(at) <= feedback.left_on)
            )
        if entries:
            found[feedback.pk] = sorted(entries, key=lambda a: a.sent_at)
    return found
