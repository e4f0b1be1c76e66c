"""Reads for campaign pages: the list, the preview of what a campaign would do, and "why not?"."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from common import words
from sellers.limits import daily_caps
from sellers.marketplaces import marketplace
from sellers.models import Order

from . import planner
from .facts import FactBook
from .models import Campaign, Dispatch
from .rules import BLOCKED, FILTER_LABELS, REASON_GROUPS, SEND, SHIPPED_STATES, SKIPPED, WAITING, Outcome, evaluate

PREVIEW_DAYS = 30
SAMPLES_PER_GROUP = 5
DELIVERED_SAMPLES = 25  # orders the editor offers to preview a text with


SENT_STATES = (Dispatch.State.SENT,)
BLOCKED_STATES = (Dispatch.State.BLOCKED_OPTOUT, Dispatch.State.BLOCKED_SELLER)
LISTED_STATES = (Dispatch.State.SCHEDULED, *SENT_STATES, *BLOCKED_STATES)


@dataclass
class PreviewRow:
    order: Order
    outcome: Outcome

    @property
    def local_time(self) -> str:
        """When it would go out, on the buyer's marketplace clock (the send window's clock)."""
        if self.outcome.at is None:
            return ""
        place = marketplace(self.order.marketplace_id)
        moment = self.outcome.at.astimezone(ZoneInfo(place.time_zone if place else "UTC"))
        return f"{moment:%a %d %b %H:%M} {moment.tzname()}"


@dataclass
class Preview:
    days: int
    total: int = 0
    counts: Counter = field(default_factory=Counter)
    samples: dict = field(default_factory=lambda: defaultdict(list))
    by_day: list = field(default_factory=list)  # [(date, count)] of sends
    filter_reasons: Counter = field(default_factory=Counter)

    @property
    def top_filter_reasons(self) -> list:
        return self.filter_reasons.most_common(8)

    @property
    def groups(self):
        """[(code, label, count, samples)] in the order a seller reads them."""
        labels = {
            SENT: "Already sent by this campaign",
            SEND: "Scheduled or would be sent",
            WAITING: "Waiting to ship or be delivered",
            ENDED: "Amazon said no, expired or failed",
            **REASON_GROUPS,
        }
        return [(code, label, self.counts.get(code, 0), self.samples.get(code, [])) for code, label in labels.items()]


# The preview's groups for what the campaign already did with an order (its own dispatch).
SENT = "sent"
ENDED = "ended"


def _outcome_with_own_dispatch(campaign, order, book, now, own) -> Outcome:
    dispatch = own.get(order.pk)
    if dispatch is not None:
        State = Dispatch.State
        if dispatch.state in (State.BLOCKED_OPTOUT, State.BLOCKED_SELLER):
            reason = "blocked" if dispatch.state == State.BLOCKED_SELLER else "opted_out"
            return Outcome(BLOCKED, reason, dispatch.reason, dispatch.scheduled_for, dispatch.expires_at)
        if dispatch.state == State.SENT:
            return Outcome(SENT, "", "Sent.", dispatch.finished_at or dispatch.scheduled_for, dispatch.expires_at)
        if dispatch.state in Dispatch.OPEN_STATES:
            return Outcome(SEND, "", f"{dispatch.get_state_display()}.", dispatch.scheduled_for, dispatch.expires_at)
        return Outcome(
            ENDED,
            "",
            f"{dispatch.get_state_display()}: {dispatch.reason}".rstrip(": "),
            dispatch.finished_at,
            dispatch.expires_at,
        )
    return evaluate(campaign, order, book.facts(campaign, order), now)


def campaign_preview(campaign: Campaign, *, now=None, days: int = PREVIEW_DAYS) -> Preview:
    """What the campaign would do with the seller's orders of the last `days` days, were it active."""
    now = now or timezone.now()
    orders = list(
        Order.objects.for_seller(campaign.seller)
        .filter(purchased_at__gte=now - timedelta(days=days))
        .order_by("-purchased_at")
    )
    book = FactBook(orders)
    own = {
        d.order_id: d
        for d in Dispatch.objects.for_seller(campaign.seller).filter(
            campaign=campaign, order_id__in=[o.pk for o in orders]
        )
    }
    preview = Preview(days=days, total=len(orders))
    sends: Counter[date] = Counter()
    for order in orders:
        outcome = _outcome_with_own_dispatch(campaign, order, book, now, own)
        group = outcome.group if outcome.status in (SKIPPED, BLOCKED) else outcome.status
        preview.counts[group] += 1
        if len(preview.samples[group]) < SAMPLES_PER_GROUP:
            preview.samples[group].append(PreviewRow(order, outcome))
        if outcome.status == SEND and outcome.at:
            sends[outcome.at.date()] += 1
        if outcome.reason == "filtered_out":
            preview.filter_reasons[FILTER_LABELS.get(outcome.filter, outcome.filter)] += 1
    preview.by_day = sorted(sends.items())
    return preview


@dataclass
class Explanation:
    campaign: Campaign
    outcome: Outcome | None
    dispatch: Dispatch | None
    summary: str


def why_not(seller, amazon_order_id: str, *, now=None) -> tuple[Order | None, list[Explanation]]:
    """For one order: what each of the seller's campaigns did with it, or why not."""
    now = now or timezone.now()
    order = Order.objects.for_seller(seller).filter(amazon_order_id=amazon_order_id.strip()).first()
    if order is None:
        return None, []
    book = FactBook([order])
    dispatches = {d.campaign_id: d for d in Dispatch.objects.for_seller(seller).filter(order=order)}
    explanations = []
    campaigns = Campaign.objects.for_seller(seller).filter(
        ~Q(state=Campaign.State.ARCHIVED) | Q(pk__in=list(dispatches))
    )  # archived: only where it acted
    for campaign in campaigns:
        dispatch = dispatches.get(campaign.pk)
        if dispatch is not None:
            summary = f"{dispatch.get_state_display()}" + (f": {dispatch.reason}" if dispatch.reason else "")
            explanations.append(Explanation(campaign, None, dispatch, summary))
            continue
        outcome = evaluate(campaign, order, book.facts(campaign, order), now)
        explanations.append(Explanation(campaign, outcome, None, _summary(campaign, outcome, now)))
    return order, explanations


ESTIMATED = (
    "Amazon has not given this order's delivery window yet: the times rest on an estimate, and "
    "Amazon is asked whether it allows the message before anything is sent."
)


def _summary(campaign, outcome: Outcome, now) -> str:
    estimated = f" {ESTIMATED}" if outcome.estimated else ""
    if outcome.status == SEND and outcome.at is not None:
        when = words.moment(outcome.at)
        if campaign.state != Campaign.State.ACTIVE:
            return (
                f"Would be sent {when} if the campaign were active (it is {campaign.get_state_display().lower()})."
                + estimated
            )
        return (
            f"Waits until {when}; the planner schedules it then."
            if outcome.at > now
            else "Due now: the planner picks it up within a minute."
        ) + estimated
    if outcome.status == WAITING:
        return outcome.detail + estimated
    label = REASON_GROUPS.get(outcome.reason, outcome.reason)
    return f"{label}: {outcome.detail}" + (estimated if outcome.reason == "outside_window" else "")


def delivered_orders(seller, *, now=None, limit: int = DELIVERED_SAMPLES) -> list[Order]:
    """The seller's most recently delivered orders, newest delivery first: shipped, and the latest
    delivery date Amazon promised (or our estimate of it) has passed. Never a pending order: a
    preview shows what a buyer who has the parcel would read. One index range, (seller, delivery)."""
    now = now or timezone.now()
    return list(
        Order.objects.for_seller(seller)
        .filter(status__in=SHIPPED_STATES, latest_delivery__lte=now)
        .order_by("-latest_delivery", "-purchased_at")[:limit]
    )


@dataclass
class ActivationQuestion:
    """What to ask before a campaign starts: message the past orders Amazon still allows, or only
    new ones. The counts are the planner's own first pass (planner.backlog), nothing estimated."""

    backlog: planner.Backlog
    days: int  # days the due orders take at each Amazon account's daily limit
    daily_limit: int  # the smallest of those limits
    first: str  # when the first would go out, in words
    past_title: str = ""
    past_detail: str = ""
    new_detail: str = ""


def activation_question(campaign: Campaign, *, now=None) -> ActivationQuestion:
    now = now or timezone.now()
    backlog = planner.backlog(campaign, now=now)
    caps = daily_caps(list(backlog.by_connection), now)
    days = max((math.ceil(n / caps[c]) for c, n in backlog.by_connection.items()), default=0)
    question = ActivationQuestion(backlog, days, min(caps.values(), default=0), _when(backlog.first_at, now))
    question.past_title, question.past_detail = _past_choice(question, several_accounts=len(caps) > 1)
    question.new_detail = _new_choice(campaign, backlog)
    return question


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _past_choice(question: ActivationQuestion, *, several_accounts: bool) -> tuple[str, str]:
    backlog, sentences = question.backlog, []
    if not backlog.due:
        title = "Past orders Amazon still allows: none are due now"
    else:
        title = f"Also the {_plural(backlog.due, 'past order', 'past orders')} Amazon still allows"
        limit = f"{question.daily_limit:,} messages a day"
        if backlog.due == 1:
            sentences.append(f"It goes out {question.first}.")
        elif question.days <= 1:
            sentences.append(f"The first ones go out {question.first}, all within Amazon's limit of {limit}.")
        else:
            who = "each of your Amazon accounts" if several_accounts else "this Amazon account"
            sentences.append(
                f"The first ones go out {question.first}, the rest over the next "
                f"{_plural(question.days - 1, 'day', 'days')}: Amazon lets {who} send {limit}."
            )
    if backlog.blocked:
        sentences.append(
            f"{_plural(backlog.blocked, 'more order is', 'more orders are')} recorded as blocked, never "
            "messaged: the buyer opted out or is on your blocklist."
        )
    if backlog.waiting:
        sentences.append(
            f"{_plural(backlog.waiting, 'earlier order', 'earlier orders')} still on "
            f"{'its way gets its' if backlog.waiting == 1 else 'their way get their'} message when due."
        )
    sentences.append("After that, every new order as it comes due.")
    return title, " ".join(sentences)


def _new_choice(campaign: Campaign, backlog: planner.Backlog) -> str:
    left_out = [
        part
        for part in (
            f"the {_plural(backlog.due, 'past order', 'past orders')}" if backlog.due else "",
            f"the {_plural(backlog.waiting, 'order still on its way', 'orders still on their way')}"
            if backlog.waiting
            else "",
        )
        if part
    ]
    event = "ships" if campaign.trigger == Campaign.Trigger.SHIPPED else "is delivered"
    when = f"as soon as it {event}" if not campaign.delay_minutes else f"{campaign.delay_display} after it {event}"
    first = f"The first message goes to an order placed after now, {when}."
    if not left_out:
        return f"Nothing goes out for orders placed before now. {first}"
    return f"Nothing goes out for orders placed before now: {' and '.join(left_out)} are left out. {first}"


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return ""
    if moment <= now + timedelta(minutes=2):
        return "within a minute"
    moment, today = moment.astimezone(UTC), now.astimezone(UTC).date()
    day = {today: "today", today + timedelta(days=1): "tomorrow"}.get(moment.date(), f"on {moment:%a %-d %b}")
    return f"{day} at {moment:%H:%M} UTC, when the campaign's send window opens"
