"""What each kind of alert tells, read fresh when it is mailed: the template context beyond the
alert's own record, with absolute links into the app. `build` returns None when what the alert
reports is no longer true (the account was authorized again), so a late delivery says nothing
stale."""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from campaigns.models import Campaign
from insights.feedback_selectors import feedback_manager_url
from insights.models import FeedbackAlert
from optouts.models import InboundMessage
from sellers.marketplaces import marketplace
from sellers.models import AmazonConnection

from .kinds import Kind
from .models import Alert


def link(name: str, *args, query: str = "") -> str:
    return settings.SITE_URL + reverse(name, args=args) + (f"?{query}" if query else "")


def optional_link(name: str, *args) -> str:
    """A link to a page another part of the product may not have yet: empty until it exists."""
    try:
        return link(name, *args)
    except NoReverseMatch:
        return ""


def order_link(seller_order_pk, amazon_order_id: str) -> str:
    if seller_order_pk:
        return link("order_detail", seller_order_pk)
    return link("orders", query=f"q={amazon_order_id}")


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def build(alert: Alert) -> dict | None:
    return BUILDERS[alert.kind](alert)


def _reauthorization(alert: Alert) -> dict | None:
    connection = AmazonConnection.objects.for_seller(alert.seller).filter(pk=alert.context.get("connection_id")).first()
    if connection is None or connection.status != AmazonConnection.Status.NEEDS_REAUTH:
        return None
    return {
        "connection": connection,
        "reason": connection.status_reason or alert.context.get("reason", ""),
        "accounts_url": link("amazon_accounts"),
    }


def _campaign_paused(alert: Alert) -> dict | None:
    campaign = Campaign.objects.for_seller(alert.seller).filter(pk=alert.context.get("campaign_id")).first()
    if campaign is None:
        return None
    return {
        "campaign": campaign,
        "findings": alert.context.get("findings", []),
        "campaign_url": link("campaign_detail", campaign.pk),
    }


def _quota(alert: Alert) -> dict:
    return {
        **alert.context,
        "resets_on": _day(alert.context["resets_on"]),
        "campaigns_url": link("campaigns"),
        "messages_url": link("messages"),
    }


def _first_optout_notice(alert: Alert) -> dict | None:
    message = (
        InboundMessage.objects.for_seller(alert.seller).filter(pk=alert.context.get("message_id")).defer("raw").first()
    )
    if message is None:
        return None
    return {
        "message": message,
        "order_ids": alert.context.get("order_ids", []),
        "message_url": link("inbound_message_detail", message.pk),
        "optouts_url": link("optouts"),
    }


def _negative_feedback(alert: Alert) -> dict | None:
    # A feedback alert dismissed meanwhile (the feedback was removed, or the seller dealt with it) is not mailed.
    feedback_alerts = list(
        FeedbackAlert.objects.for_seller(alert.seller)
        .filter(pk__in=alert.context.get("alert_ids", []), dismissed_at__isnull=True)
        .select_related("feedback", "feedback__connection")
        .order_by("feedback__left_on")
    )
    if not feedback_alerts:
        return None
    items = []
    for feedback_alert in feedback_alerts:
        feedback = feedback_alert.feedback
        place = marketplace(feedback.marketplace_id)
        items.append(
            {
                "rating": feedback.rating,
                "stars": "★" * feedback.rating + "☆" * (5 - feedback.rating),
                "comment": feedback.comment,
                "left_on": feedback.left_on,
                "amazon_order_id": feedback.amazon_order_id,
                "marketplace": place.name if place else feedback.marketplace_id,
                "account": str(feedback.connection),
                "order_url": order_link(feedback.order_id, feedback.amazon_order_id),
                "removal_url": feedback_manager_url(feedback.marketplace_id),
            }
        )
    return {"negative_feedback": items, "feedback_url": optional_link("feedback")}


def _digest(alert: Alert) -> dict:
    summary = alert.context
    negatives = [
        {**item, "left_on": _day(item["left_on"]), "order_url": order_link(item["order_id"], item["amazon_order_id"])}
        for item in summary.get("negative_feedback", [])
    ]
    paused = [{**item, "url": link("campaign_detail", item["id"])} for item in summary["problems"]["paused_campaigns"]]
    start, end = _moment(summary["start"]), _moment(summary["end"])
    problems = summary["problems"]
    return {
        "summary": summary,
        "frequency": summary["frequency"],
        "start": start,
        "last_day": end - timedelta(days=1),
        "messages": summary["messages"],
        "negatives": negatives,
        "paused": paused,
        "has_problems": bool(problems["reauthorize"] or problems["paused_campaigns"] or problems["failed"]),
        "period_word": "week" if summary["frequency"] == "weekly" else "day",
        "dashboard_url": link("dashboard"),
        "messages_url": link("messages"),
        "failed_url": link("messages", query="state=failed"),
        "optouts_url": link("optouts"),
        "accounts_url": link("amazon_accounts"),
        "campaigns_url": link("campaigns"),
        "feedback_url": optional_link("feedback"),
    }


BUILDERS: dict[str, Callable[[Alert], dict | None]] = {
    Kind.REAUTHORIZATION: _reauthorization,
    Kind.CAMPAIGN_PAUSED: _campaign_paused,
    Kind.QUOTA: _quota,
    Kind.FIRST_OPTOUT_NOTICE: _first_optout_notice,
    Kind.NEGATIVE_FEEDBACK: _negative_feedback,
    Kind.DIGEST: _digest,
}


def after_delivery(alert: Alert, *, now: datetime | None = None) -> None:
    """What a delivered alert changes elsewhere: the feedback alerts it told of record their email."""
    if alert.kind == Kind.NEGATIVE_FEEDBACK and alert.deliveries.filter(sent_at__isnull=False).exists():
        FeedbackAlert.objects.for_seller(alert.seller).filter(
            pk__in=alert.context.get("alert_ids", []),
            emailed_at__isnull=True,
        ).update(emailed_at=now or timezone.now())
