"""One campaign's funnel (the campaign insights page): its sends over the range, what came of them
(feedback, reviews attributed), broken down by marketplace and language."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    Sum,
)

from campaigns.models import LANGUAGES, Campaign, Dispatch
from sellers.marketplaces import marketplace
from sellers.models import Seller

from . import attribution, rollups
from .feedback_selectors import RATE_SETTLE_DAYS
from .rollup_models import (
    FeedbackDay,
    OutcomeDay,
    WaitingDispatches,
)
from .selectors import BLOCKED_STATES, OUTCOMES, first_day

State = Dispatch.State


@dataclass
class Breakdown:
    """One marketplace's or one language's part of a campaign's funnel."""

    key: str
    label: str
    matched: int = 0
    sent: int = 0
    blocked: int = 0
    not_sent: int = 0
    waiting: int = 0
    feedback: int = 0
    negative: int = 0

    @property
    def sent_percent(self) -> float | None:
        return 100 * self.sent / self.matched if self.matched else None

    @property
    def feedback_percent(self) -> float | None:
        return 100 * self.feedback / self.sent if self.sent else None


@dataclass
class Funnel:
    campaign: Campaign
    days: int
    start: date
    end: date
    total: Breakdown
    outcomes: dict[str, int]
    marketplaces: list[Breakdown]
    languages: list[Breakdown]
    rates: attribution.FeedbackRates
    as_of: datetime | None

    @property
    def is_empty(self) -> bool:
        return self.total.matched == 0

    @property
    def rates_last_day(self) -> date:
        return self.rates.until - timedelta(days=1)

    @property
    def stages(self) -> list[dict]:
        t = self.total
        return [
            {
                "key": "matched",
                "label": "Orders matched",
                "count": t.matched,
                "of_previous": None,
                "help": "Orders the campaign planned a message for: sent, stopped, or still waiting.",
            },
            {
                "key": "sent",
                "label": "Messages sent",
                "count": t.sent,
                "of_previous": t.sent_percent,
                "help": "Amazon accepted the message.",
            },
            {
                "key": "feedback",
                "label": "Feedback received",
                "count": t.feedback,
                "of_previous": t.feedback_percent,
                "help": "Seller feedback on the orders messaged in these days, left on or after the day the message "
                "went out, as Amazon's feedback report lists it (neutral and negative: 1 to 3 stars).",
            },
        ]

    @property
    def rates_comparable(self) -> bool:
        return bool(self.rates.messaged.orders and self.rates.not_messaged.orders)

    @property
    def rate_rows(self) -> list[dict]:
        def percent(rate):
            return None if rate is None else 100 * rate

        messaged, others = self.rates.messaged, self.rates.not_messaged
        return [
            {
                "key": "messaged",
                "label": "Messaged by this campaign",
                "note": "feedback left after the message",
                "group": messaged,
                "percent": percent(messaged.rate),
                "negative_percent": percent(messaged.negative_rate),
            },
            {
                "key": "not-messaged",
                "label": "Not messaged by any campaign",
                "note": "any feedback",
                "group": others,
                "percent": percent(others.rate),
                "negative_percent": percent(others.negative_rate),
            },
        ]

    @property
    def outcome_rows(self) -> list[dict]:
        rows = [{"state": o.state, "label": o.label, "count": self.outcomes.get(o.state, 0)} for o in OUTCOMES]
        return rows + [{"state": "waiting", "label": "Waiting to go out", "count": self.total.waiting}]

    def as_json(self) -> dict:
        colors = {"matched": "#84adff", "sent": "#12b76a", "feedback": "#6172f3"}
        stages = self.stages
        return {
            "kind": "funnel",
            "labels": [s["label"] for s in stages],
            "xTitle": "Orders",
            "datasets": [
                {
                    "label": "Orders",
                    "colors": [colors[s["key"]] for s in stages],
                    "values": [s["count"] for s in stages],
                }
            ],
        }


def _language_label(code: str, campaign: Campaign) -> str:
    if not code:
        return "Chosen by Amazon" if not campaign.kind_info.seller_text else "Not recorded"
    return dict(LANGUAGES).get(code, code)


def _marketplace_label(marketplace_id: str) -> str:
    place = marketplace(marketplace_id)
    return place.name if place else (marketplace_id or "Unknown marketplace")


def campaign_funnel(seller: Seller, campaign: Campaign, *, days: int, today: date) -> Funnel:
    """Orders matched → sent → feedback received for one of the seller's campaigns over the last
    `days` days, per marketplace and per language (three queries over the rollup tables), and the
    feedback rate of the orders it messaged against orders no campaign messaged (one more)."""
    seller_id = seller.pk
    start = first_day(today, days)
    total = Breakdown("", "All marketplaces")
    outcomes: dict[str, int] = {}
    places: dict[str, Breakdown] = {}
    languages: dict[str, Breakdown] = {}

    def place(key):
        return places.setdefault(key, Breakdown(key, _marketplace_label(key)))

    def language(key):
        return languages.setdefault(key, Breakdown(key, _language_label(key, campaign)))

    for marketplace_id, lang, state, n in (
        OutcomeDay.objects.filter(seller_id=seller_id, campaign=campaign, day__gte=start, day__lte=today)
        .values_list("marketplace_id", "language", "state")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        outcomes[state] = outcomes.get(state, 0) + n
        for part in (total, place(marketplace_id)):
            part.matched += n
            if state == State.SENT:
                part.sent += n
            elif state in BLOCKED_STATES:
                part.blocked += n
            else:
                part.not_sent += n
        if state == State.SENT:
            language(lang).sent += n
    # Waiting dispatches are counted per campaign only (their marketplace is the order's, and a join
    # over the whole open backlog every minute costs more than it tells): they join the total.
    waiting = WaitingDispatches.objects.filter(seller_id=seller_id, campaign=campaign).values_list("waiting", flat=True)
    total.waiting = next(iter(waiting), 0)
    total.matched += total.waiting
    for marketplace_id, lang, received, negative in (
        FeedbackDay.objects.filter(seller_id=seller_id, campaign=campaign, sent_on__gte=start, sent_on__lte=today)
        .values_list("marketplace_id", "language")
        .annotate(r=Sum("received"), neg=Sum("negative"))
        .order_by()
    ):
        for part in (total, place(marketplace_id), language(lang)):
            part.feedback += received
            part.negative += negative

    by_size = sorted(places.values(), key=lambda b: (-b.matched, b.label))
    langs = sorted(languages.values(), key=lambda b: (-b.sent, b.label))
    # Rates compare orders whose feedback has had time to arrive: the range's length, ending
    # RATE_SETTLE_DAYS ago, as on the feedback page (recent orders have almost none yet).
    settle = timedelta(days=RATE_SETTLE_DAYS)
    rates = attribution.feedback_rates(
        seller, since=start - settle, until=today + timedelta(days=1) - settle, campaign=campaign
    )
    return Funnel(campaign, days, start, today, total, outcomes, by_size, langs, rates, rollups.as_of())
