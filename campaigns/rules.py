"""What a campaign does with one order, and why: the one rulebook the planner, the preview, the
"why not?" page and the campaign form all read, so that what we show a seller is what the planner
does and what the form accepts can send."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from common import words
from optouts.suppression import SELLER_BLOCKLIST, reason_for_kind
from sellers.delivery import LONGEST_TRANSIT, estimate
from sellers.marketplaces import marketplace

from . import kinds

# Amazon's windows: a solicitation from 5 days after the earliest to 30 days after the latest
# delivery date; a proactive message within 30 days of the order's completion.
SOLICITATION_OPENS = timedelta(days=5)
SOLICITATION_CLOSES = timedelta(days=30)
MESSAGE_CLOSES = timedelta(days=30)
# An estimated delivery window (Amazon gave none yet) may be wrong by a few days: keep asking
# Amazon a little past its estimated close rather than give up on an order too early.
ESTIMATE_MARGIN = timedelta(days=7)
# Amazon's fulfilment statuses of an order that has left the warehouse (in part or whole).
SHIPPED_STATES = frozenset({"SHIPPED", "PARTIALLY_SHIPPED"})
NEVER_SHIPS = frozenset({"CANCELLED", "UNFULFILLABLE"})

# Outcomes
SEND = "send"  # a dispatch is (or would be) scheduled for `at`
WAITING = "waiting"  # the trigger has not happened yet; `expires_at` says until when at most
SKIPPED = "skipped"  # never sent, for `reason`
BLOCKED = "blocked"  # the buyer opted out or is on the seller's blocklist

# Reasons, grouped the way the preview counts them.
REASON_GROUPS = {
    "filtered_out": "Filtered out",
    "refund_unknown": "Refund status unknown",
    "opted_out": "Buyer opted out",
    "blocked": "On your blocklist",
    "outside_window": "Outside Amazon's window",
    "already_messaged": "Already messaged",
}


FILTER_LABELS = {
    "placed_before": "placed before the campaign started (you chose only new orders)",
    "marketplace": "marketplace",
    "fulfillment": "fulfilment channel",
    "asin": "ASIN",
    "sku": "SKU",
    "order_value": "order value",
    "cancelled": "cancelled",
    "returned": "returned",
    "refunded": "refunded",
    "replaced": "replaced",
    "promotion": "promotion",
    "buyers": "first-time or repeat buyer",
    "business": "business order",
}


class OrderFacts(NamedTuple):
    """What the rules need to know about an order beyond its own row, loaded in batches.

    Tuples rather than dataclasses: the planner builds hundreds of thousands per pass."""

    suppression: str = ""  # optouts.suppression's reason for a non-critical message, or ""
    repeat_buyer: bool = False  # the same buyer ordered from this seller before
    replaced: bool = False  # a later order replaces this one
    messaged_by: str = ""  # another campaign that messaged or will message this order
    review_requested_by: str = ""  # another campaign that requests (or requested) a review for it
    refunds_unknowable: bool = False  # the connection's authorization lacks Amazon's Finance role


class Outcome(NamedTuple):
    status: str
    reason: str = ""  # a reason code (for SKIPPED/BLOCKED: a key of REASON_GROUPS)
    detail: str = ""  # what a seller reads
    at: datetime | None = None
    expires_at: datetime | None = None
    filter: str = ""  # for "filtered_out": which filter (a key of FILTER_LABELS)
    estimated: bool = False  # the times rest on an estimated delivery date, not Amazon's

    @property
    def group(self) -> str:
        return self.reason if self.status in (SKIPPED, BLOCKED) else self.status


@lru_cache(maxsize=256)
def _minutes(minutes: int) -> timedelta:
    return timedelta(minutes=minutes)


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d")


def delivery_window(order) -> tuple[datetime, datetime, bool]:
    """(earliest, latest, estimated): Amazon's promised delivery window, or our estimate where the
    order has none (the sync stores one of the two on every order; this covers any other row)."""
    earliest = order.earliest_delivery or order.latest_delivery
    latest = order.latest_delivery or order.earliest_delivery
    if earliest is not None:
        return earliest, latest, bool(getattr(order, "delivery_estimated", False))
    place = marketplace(order.marketplace_id)
    earliest, latest = estimate(
        marketplace_code=place.code if place else "",
        fulfillment_channel=order.fulfillment_channel,
        purchased_at=order.purchased_at,
        shipped_at=order.shipped_at,
    )
    return earliest, latest, True


def trigger_time(campaign, order) -> datetime | None:
    """When the campaign's trigger happened (or will, by Amazon's promise); None while unknown."""
    if campaign.trigger == "shipped":
        return order.shipped_at
    if order.status not in SHIPPED_STATES:
        return None  # not delivered before it ships, whatever the promised date
    # Amazon gives no delivery scan for most orders; its promised "deliver by" date stands for
    # delivery, as it does in Amazon's own solicitation window.
    return delivery_window(order)[1]


def amazon_window(campaign, order) -> tuple[datetime, datetime]:
    """(opens, closes) of Amazon's window for this kind of message and order."""
    earliest, latest, estimated = delivery_window(order)
    margin = ESTIMATE_MARGIN if estimated else timedelta(0)
    if campaign.kind_info.requests_review:
        return earliest + SOLICITATION_OPENS, latest + SOLICITATION_CLOSES + margin
    return order.purchased_at, latest + MESSAGE_CLOSES + margin


def next_send_slot(moment: datetime, campaign, time_zone: str) -> datetime | None:
    """The first moment at or after `moment` inside the campaign's send window, in the
    marketplace's time zone (so 9-18 means the buyer's 9-18, across daylight saving changes)."""
    days = set(campaign.send_days or [])
    start, end = campaign.send_from_hour, campaign.send_until_hour
    if not days or start >= end:
        return None
    if start == 0 and end == 24 and len(days) == 7:
        return moment
    zone = ZoneInfo(time_zone)
    local = moment.astimezone(zone)
    for offset in range(8):
        day = (local + timedelta(days=offset)).date()
        if day.weekday() not in days:
            continue
        opens = datetime(day.year, day.month, day.day, start, tzinfo=zone)
        closes = datetime(day.year, day.month, day.day, 0, tzinfo=zone) + timedelta(hours=end)
        candidate = max(opens, local) if offset == 0 else opens
        if candidate < closes:
            return candidate.astimezone(moment.tzinfo)
    return None


def filter_failure(campaign, order, facts: OrderFacts) -> tuple[str, str]:
    """(filter, description) of the first of the campaign's filters this order fails; ("", "") if none."""
    since = getattr(campaign, "orders_placed_from", None)
    if since is not None and order.purchased_at < since:
        return "placed_before", (
            f"Placed before {since.astimezone(UTC):%Y-%m-%d %H:%M} UTC, when the campaign started: you chose to message only "
            "orders placed from then on."
        )
    if campaign.marketplaces and order.marketplace_id not in campaign.marketplaces:
        place = marketplace(order.marketplace_id)
        return "marketplace", f"Marketplace {place.name if place else order.marketplace_id} is not selected."
    if campaign.fulfillment and order.fulfillment_channel != campaign.fulfillment:
        return "fulfillment", (
            "Fulfilled by Amazon (FBA)." if order.fulfillment_channel == "AMAZON" else "Fulfilled by you (FBM)."
        )
    if campaign.trigger == "shipped" and order.fulfillment_channel == "AMAZON" and order.shipped_at is None:
        return "fulfillment", (
            "Amazon gives no ship time for orders it fulfils (FBA), and this campaign starts "
            "when an order ships; start it on delivery to reach FBA orders."
        )
    for field, label, include, exclude in (
        ("asin", "ASIN", campaign.include_asins, campaign.exclude_asins),
        ("sku", "SKU", campaign.include_skus, campaign.exclude_skus),
    ):
        if include or exclude:  # only these filters read the order's lines
            values = {item.get(field, "") for item in order.items or []}
            if include and not values & set(include):
                return field, f"None of the order's {label}s is in the campaign's list."
            if exclude and values & set(exclude):
                return field, f"Excluded {label} {sorted(values & set(exclude))[0]}."
    if campaign.min_total is not None or campaign.max_total is not None:
        total = order.total_amount
        if campaign.min_total is not None and (total is None or Decimal(total) < campaign.min_total):
            return (
                "order_value",
                f"Order value {total if total is not None else 'unknown'} is below {campaign.min_total}.",
            )
        if campaign.max_total is not None and (total is None or Decimal(total) > campaign.max_total):
            return (
                "order_value",
                f"Order value {total if total is not None else 'unknown'} is above {campaign.max_total}.",
            )
    if campaign.exclude_cancelled and order.status == "CANCELLED":
        return "cancelled", "The order was cancelled."
    if campaign.exclude_returned and order.is_returned:
        return "returned", "The order was returned."
    if campaign.exclude_refunded and order.refunded_at is not None:
        return "refunded", f"Amazon refunded the order on {_day(order.refunded_at)}."
    if campaign.exclude_replaced and (order.replaces_order_id or facts.replaced):
        return "replaced", "The order is a replacement." if order.replaces_order_id else "The order was replaced."
    if campaign.exclude_promotions and order.has_promotion:
        return "promotion", "The order used a promotion."
    if campaign.buyers == "first" and facts.repeat_buyer:
        return "buyers", "The buyer has ordered from you before."
    if campaign.buyers == "repeat" and not facts.repeat_buyer:
        return "buyers", "First order from this buyer (or Amazon does not identify the buyer)."
    if campaign.business_orders == "only" and not order.is_business:
        return "business", "Not a business order."
    if campaign.business_orders == "exclude" and order.is_business:
        return "business", "A business order."
    return "", ""


REFUND_UNKNOWN = (
    "Refund status unknown: your Amazon authorization does not include the Finance and Accounting "
    "role, so we cannot see refunds, and this campaign excludes refunded orders. Authorize again "
    "with that role to send it."
)


def evaluate(campaign, order, facts: OrderFacts, now: datetime) -> Outcome:
    """What `campaign` does with `order` at `now`, as if it were active."""
    info = campaign.kind_info
    failed, description = filter_failure(campaign, order, facts)
    if failed:
        return Outcome(SKIPPED, "filtered_out", description, filter=failed)
    if campaign.exclude_refunded and facts.refunds_unknowable:
        return Outcome(SKIPPED, "refund_unknown", REFUND_UNKNOWN)
    if info.requests_review and facts.review_requested_by:
        return Outcome(
            SKIPPED,
            "already_messaged",
            f"Campaign “{facts.review_requested_by}” already requests a review for this order; "
            "Amazon allows one per order.",
        )
    if campaign.skip_if_messaged and facts.messaged_by:
        return Outcome(SKIPPED, "already_messaged", f"Already messaged by campaign “{facts.messaged_by}”.")
    return window_outcome(campaign, order, facts, now)


def window_outcome(campaign, order, facts: OrderFacts, now: datetime) -> Outcome:
    """The timing part of `evaluate`: when Amazon's window and the campaign's trigger, delay and
    send window let the message go, or why they never will."""
    estimated = delivery_window(order)[2]
    opens, closes = amazon_window(campaign, order)
    happened = trigger_time(campaign, order)
    if happened is None:
        if order.status in NEVER_SHIPS:
            return Outcome(SKIPPED, "outside_window", "The order was cancelled: it will not ship or be delivered.")
        what = "to ship" if campaign.trigger == "shipped" or order.status not in SHIPPED_STATES else "to be delivered"
        if closes <= now:
            return Outcome(
                SKIPPED,
                "outside_window",
                f"Amazon's window for this message closed on {_day(closes)}, and the order had not shipped by then.",
                expires_at=closes,
                estimated=estimated,
            )
        return Outcome(
            WAITING,
            "trigger",
            f"Waiting for the order {what}, until {_day(closes)}, when Amazon's window for this message closes.",
            expires_at=closes,
            estimated=estimated,
        )
    suppressed = reason_for_kind(facts.suppression, critical=campaign.kind_info.critical)
    due = max(happened + _minutes(campaign.delay_minutes), opens, now)
    place = marketplace(order.marketplace_id)
    at = next_send_slot(due, campaign, place.time_zone if place else "UTC")
    if at is None or at > closes:
        return Outcome(
            SKIPPED,
            "outside_window",
            f"Amazon's window for this message closes {words.moment(closes)}, before the campaign's next send time.",
            expires_at=closes,
            estimated=estimated,
        )
    if suppressed:
        if suppressed == SELLER_BLOCKLIST:
            return Outcome(BLOCKED, "blocked", "The buyer is on your blocklist.", at, closes, estimated=estimated)
        return Outcome(
            BLOCKED, "opted_out", "The buyer opted out of unsolicited messages.", at, closes, estimated=estimated
        )
    return Outcome(SEND, "", "", at, closes, estimated=estimated)


class _Probe(NamedTuple):
    """The most favourable order a trigger can meet: the longest Amazon window there can be."""

    marketplace_id: str
    purchased_at: datetime
    status: str
    shipped_at: datetime | None
    earliest_delivery: datetime | None
    latest_delivery: datetime | None
    delivery_estimated: bool = False


def can_ever_send(campaign) -> bool:
    """Whether any order could ever get this campaign's message inside Amazon's window: the
    timing rules of `evaluate`, applied to the most favourable order its trigger can meet, at
    every hour of a week (the send window is a weekly pattern, so one of them is the best)."""
    monday = datetime(2026, 1, 5, tzinfo=UTC)
    for hour in range(7 * 24):
        moment = monday + timedelta(hours=hour)
        if campaign.trigger == "shipped":
            probe = _Probe("", moment - timedelta(days=1), "SHIPPED", moment, moment, moment + LONGEST_TRANSIT)
        else:
            probe = _Probe("", moment - timedelta(days=2), "SHIPPED", moment - timedelta(days=1), moment, moment)
        if window_outcome(campaign, probe, OrderFacts(), moment).status != SKIPPED:
            return True
    return False


def is_review_kind(code: str) -> bool:
    return kinds.kind(code).requests_review
