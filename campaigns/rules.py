"""What a campaign does with one order, and why: the one rulebook the planner, the preview and
the "why not?" page all read, so that what we show a seller is what the planner does."""

from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sellers.marketplaces import marketplace

from . import kinds

# Amazon's windows: a solicitation from 5 days after the earliest to 30 days after the latest
# delivery date; a proactive message within 30 days of the order's completion.
SOLICITATION_OPENS = timedelta(days=5)
SOLICITATION_CLOSES = timedelta(days=30)
MESSAGE_CLOSES = timedelta(days=30)

# Outcomes
SEND = "send"            # a dispatch is (or would be) scheduled for `at`
WAITING = "waiting"      # the trigger has not happened yet
SKIPPED = "skipped"      # never sent, for `reason`
BLOCKED = "blocked"      # the buyer opted out or is on the seller's blocklist

# Reasons, grouped the way the preview counts them.
REASON_GROUPS = {
    "filtered_out": "Filtered out",
    "opted_out": "Buyer opted out",
    "blocked": "On your blocklist",
    "outside_window": "Outside Amazon's window",
    "already_messaged": "Already messaged",
}


FILTER_LABELS = {
    "marketplace": "marketplace", "fulfillment": "fulfilment channel", "asin": "ASIN", "sku": "SKU",
    "order_value": "order value", "cancelled": "cancelled", "returned": "returned", "replaced": "replaced",
    "promotion": "promotion", "buyers": "first-time or repeat buyer", "business": "business order",
}


class OrderFacts(NamedTuple):
    """What the rules need to know about an order beyond its own row, loaded in batches.

    Tuples rather than dataclasses: the planner builds hundreds of thousands per pass."""

    suppression: str = ""          # optouts' reason: buyer_opted_out, order_opted_out, seller_blocklist
    repeat_buyer: bool = False     # the same buyer ordered from this seller before
    replaced: bool = False         # a later order replaces this one
    messaged_by: str = ""          # another campaign that messaged or will message this order
    review_requested_by: str = ""  # another campaign that requests (or requested) a review for it


class Outcome(NamedTuple):
    status: str
    reason: str = ""     # a reason code (for SKIPPED/BLOCKED: a key of REASON_GROUPS)
    detail: str = ""     # what a seller reads
    at: datetime | None = None
    expires_at: datetime | None = None
    filter: str = ""     # for "filtered_out": which filter (a key of FILTER_LABELS)

    @property
    def group(self) -> str:
        return self.reason if self.status in (SKIPPED, BLOCKED) else self.status


@lru_cache(maxsize=256)
def _minutes(minutes: int) -> timedelta:
    return timedelta(minutes=minutes)


def trigger_time(campaign, order) -> datetime | None:
    if campaign.trigger == "shipped":
        return order.shipped_at
    # Amazon gives no delivery scan for most orders; its promised "deliver by" date stands for
    # delivery, as it does in Amazon's own solicitation window.
    return order.latest_delivery


def amazon_window(campaign, order) -> tuple[datetime | None, datetime | None]:
    """(opens, closes) for this kind of message and order; None where Amazon's dates are missing."""
    if campaign.kind_info.requests_review:
        earliest = order.earliest_delivery or order.latest_delivery
        latest = order.latest_delivery or order.earliest_delivery
        if not earliest:
            return None, None
        return earliest + SOLICITATION_OPENS, latest + SOLICITATION_CLOSES
    completed = order.latest_delivery or order.shipped_at
    return order.purchased_at, (completed + MESSAGE_CLOSES) if completed else None


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
    if campaign.marketplaces and order.marketplace_id not in campaign.marketplaces:
        place = marketplace(order.marketplace_id)
        return "marketplace", f"Marketplace {place.name if place else order.marketplace_id} is not selected."
    if campaign.fulfillment and order.fulfillment_channel != campaign.fulfillment:
        return "fulfillment", ("Fulfilled by Amazon (FBA)." if order.fulfillment_channel == "AMAZON"
                               else "Fulfilled by you (FBM).")
    for field, label, include, exclude in (("asin", "ASIN", campaign.include_asins, campaign.exclude_asins),
                                           ("sku", "SKU", campaign.include_skus, campaign.exclude_skus)):
        if include or exclude:  # only these filters read the order's lines
            values = {item.get(field, "") for item in order.items or []}
            if include and not values & set(include):
                return field, f"None of the order's {label}s is in the campaign's list."
            if exclude and values & set(exclude):
                return field, f"Excluded {label} {sorted(values & set(exclude))[0]}."
    if campaign.min_total is not None or campaign.max_total is not None:
        total = order.total_amount
        if campaign.min_total is not None and (total is None or Decimal(total) < campaign.min_total):
            return "order_value", f"Order value {total if total is not None else 'unknown'} is below {campaign.min_total}."
        if campaign.max_total is not None and (total is None or Decimal(total) > campaign.max_total):
            return "order_value", f"Order value {total if total is not None else 'unknown'} is above {campaign.max_total}."
    if campaign.exclude_cancelled and order.status == "CANCELLED":
        return "cancelled", "The order was cancelled."
    if campaign.exclude_returned and order.is_returned:
        return "returned", "The order was returned."
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


def evaluate(campaign, order, facts: OrderFacts, now: datetime) -> Outcome:
    """What `campaign` does with `order` at `now`, as if it were active."""
    info = campaign.kind_info
    failed, description = filter_failure(campaign, order, facts)
    if failed:
        return Outcome(SKIPPED, "filtered_out", description, filter=failed)
    if info.requests_review and facts.review_requested_by:
        return Outcome(SKIPPED, "already_messaged",
                       f"Campaign “{facts.review_requested_by}” already requests a review for this order; "
                       "Amazon allows one per order.")
    if campaign.skip_if_messaged and facts.messaged_by:
        return Outcome(SKIPPED, "already_messaged", f"Already messaged by campaign “{facts.messaged_by}”.")
    happened = trigger_time(campaign, order)
    if happened is None:
        what = "shipped" if campaign.trigger == "shipped" else "given a delivery date by Amazon"
        return Outcome(WAITING, "trigger", f"Waiting for the order to be {what}.")
    opens, closes = amazon_window(campaign, order)
    if closes is None:
        return Outcome(WAITING, "trigger", "Waiting for Amazon's delivery dates for this order.")
    due = max(happened + _minutes(campaign.delay_minutes), opens, now)
    place = marketplace(order.marketplace_id)
    at = next_send_slot(due, campaign, place.time_zone if place else "UTC")
    if at is None or at > closes:
        when = closes.strftime("%Y-%m-%d %H:%M UTC")
        return Outcome(SKIPPED, "outside_window",
                       f"Amazon's window for this message closes {when}, before the campaign's next send time.",
                       expires_at=closes)
    if facts.suppression and not info.critical:
        if facts.suppression == "seller_blocklist":
            return Outcome(BLOCKED, "blocked", "The buyer is on your blocklist.", at, closes)
        return Outcome(BLOCKED, "opted_out", "The buyer opted out of unsolicited messages.", at, closes)
    return Outcome(SEND, "", "", at, closes)


def due_at(campaign, order) -> datetime | None:
    """When the order becomes the planner's business: its trigger plus the campaign's delay."""
    happened = trigger_time(campaign, order)
    return None if happened is None else happened + timedelta(minutes=campaign.delay_minutes)


def is_review_kind(code: str) -> bool:
    return kinds.kind(code).requests_review
