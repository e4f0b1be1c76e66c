"""What is wrong with a campaign's settings, field by field: values out of range, filters that
contradict each other, and a delay after which Amazon would never accept the message."""

from sellers.marketplaces import MARKETPLACES

from . import kinds, rules
from .models import LANGUAGE_CODES, Campaign
from .rules import MESSAGE_CLOSES, SOLICITATION_CLOSES


def _filter_problems(campaign: Campaign) -> dict[str, str]:
    problems = {}
    unknown = [m for m in campaign.marketplaces or [] if m not in MARKETPLACES]
    if unknown:
        problems["marketplaces"] = f"Unknown marketplace {unknown[0]}."
    both = set(campaign.include_asins or []) & set(campaign.exclude_asins or [])
    if both:
        problems["exclude_asins"] = f"ASIN {sorted(both)[0]} is both included and excluded."
    both = set(campaign.include_skus or []) & set(campaign.exclude_skus or [])
    if both:
        problems["exclude_skus"] = f"SKU {sorted(both)[0]} is both included and excluded."
    if campaign.min_total is not None and campaign.max_total is not None and campaign.min_total > campaign.max_total:
        problems["max_total"] = "The maximum order value is below the minimum, so no order could match."
    if campaign.min_total is not None and campaign.min_total < 0:
        problems["min_total"] = "The minimum order value cannot be negative."
    return problems


def _schedule_problems(campaign: Campaign) -> dict[str, str]:
    problems = {}
    if not campaign.send_days:
        problems["send_days"] = "Choose at least one day of the week to send on."
    elif any(day not in range(7) for day in campaign.send_days):
        problems["send_days"] = "Days of the week are 0 (Monday) to 6 (Sunday)."
    if not 0 <= campaign.send_from_hour <= 23 or not 1 <= campaign.send_until_hour <= 24:
        problems["send_until_hour"] = "Send hours run from 0 to 24."
    elif campaign.send_from_hour >= campaign.send_until_hour:
        problems["send_until_hour"] = "The send window must end after it starts."
    return problems


def rule_problems(campaign: Campaign) -> dict[str, str]:
    """{field: message} for settings that are invalid or contradict each other."""
    schedule = _schedule_problems(campaign)
    problems = {**_filter_problems(campaign), **schedule}
    if campaign.kind not in kinds.KINDS:
        problems["kind"] = "Choose a message type."
        return problems
    if campaign.fulfillment == Campaign.Fulfillment.AMAZON and campaign.trigger == Campaign.Trigger.SHIPPED:
        problems["trigger"] = (
            "Amazon gives ship dates only for orders you fulfil yourself; use the delivery trigger for FBA orders."
        )
    if not schedule and not rules.can_ever_send(campaign):
        problems["delay_minutes"] = _never_sends_message(campaign)
    if campaign.default_language not in LANGUAGE_CODES:
        problems["default_language"] = "Choose a language we support."
    return problems


def _never_sends_message(campaign: Campaign) -> str:
    info = campaign.kind_info
    closes = SOLICITATION_CLOSES if info.requests_review else MESSAGE_CLOSES
    what = (
        "review requests until 30 days after the latest delivery date"
        if info.requests_review
        else f"“{info.label}” messages only until {closes.days} days after the order is completed"
    )
    start = "it ships" if campaign.trigger == Campaign.Trigger.SHIPPED else "it is delivered"
    return (
        f"Amazon accepts {what}: a delay of {campaign.delay_display} after {start} would never send. Shorten the delay."
    )
