"""Reads for alerts: the digest's aggregates and the members an alert goes to."""

from datetime import datetime

from django.db.models import Avg, Count, Q, Sum

from campaigns.models import Campaign, Dispatch
from insights import rollups
from insights.models import Feedback
from insights.rollup_models import CampaignOutcomeDay
from messaging.limits import day_start, month_start
from messaging.models import DailySends
from optouts.models import InboundMessage, OptOut, OrderOptOut
from sellers.models import AmazonConnection, Membership

from .kinds import Kind
from .models import Alert, digest_frequency, wants

NEGATIVE_LISTED = 10  # negative feedback listed in a digest; the feedback page has the rest
FAILURE_REASONS_LISTED = 3


def members_for(seller):
    return (
        Membership.objects.for_seller(seller)
        .filter(user__is_active=True)
        .select_related("user", "alert_preferences")
        .order_by("created_at")
    )


def recipients(alert: Alert) -> list[Membership]:
    """The members this alert goes to, by their choices or their role's default."""
    members = members_for(alert.seller)
    if alert.kind == Kind.DIGEST:
        frequency = alert.context.get("frequency")
        return [m for m in members if digest_frequency(preferences_of(m), m.role) == frequency]
    return [m for m in members if wants(preferences_of(m), alert.kind, m.role)]


def preferences_of(membership):
    """The member's saved choices (read through select_related), or None: the role's defaults."""
    try:
        return membership.alert_preferences
    except Membership.alert_preferences.RelatedObjectDoesNotExist:
        return None


def month_usage(seller, now: datetime) -> int:
    """Messages Amazon accepted for the seller this calendar month (UTC), as the plan counts them."""
    return (
        DailySends.objects.for_seller(seller).filter(day__gte=month_start(now).date()).aggregate(n=Sum("sent"))["n"]
        or 0
    )


def policy_paused_campaigns(seller) -> list[Campaign]:
    """Campaigns the policy check paused that are still paused for it (a campaign keeps its
    `paused_reason` until it is resumed; one the seller paused has none)."""
    return list(
        Campaign.objects.for_seller(seller)
        .filter(state=Campaign.State.PAUSED)
        .exclude(paused_reason="")
        .only("id", "name")
    )


def period_outcomes(seller, start: datetime, end: datetime) -> dict[str, int]:
    """{state: dispatches of the seller that ended in [start, end)}. Read from the dashboard's
    rollup once it is complete past the period (so the digest says what the dashboard says, in a
    few rows a day); counted from the dispatches otherwise."""
    watermark = rollups.as_of()
    whole_days = start == day_start(start) and end == day_start(end)
    if watermark is not None and watermark >= end and whole_days:
        rows = CampaignOutcomeDay.objects.for_seller(seller).filter(day__gte=start.date(), day__lt=end.date())
        return dict(rows.values_list("state").annotate(n=Sum("count")).values_list("state", "n"))
    rows = Dispatch.objects.for_seller(seller).filter(finished_at__gte=start, finished_at__lt=end)
    return dict(rows.values_list("state").annotate(n=Count("id")).values_list("state", "n"))


def digest_summary(seller, start: datetime, end: datetime, *, now: datetime) -> dict:
    """What happened for the seller in [start, end), as plain JSON the digest email renders.

    Messages count by when their outcome was recorded, opt-outs by when we learned them, feedback
    by the date Amazon gives for it. Problems are as they stand now: what the seller must act on.
    """
    by_state = period_outcomes(seller, start, end)
    State = Dispatch.State
    messages = {
        "sent": by_state.get(State.SENT, 0),
        "blocked": by_state.get(State.BLOCKED_OPTOUT, 0) + by_state.get(State.BLOCKED_SELLER, 0),
        "ineligible": by_state.get(State.INELIGIBLE, 0) + by_state.get(State.SKIPPED, 0),
        "failed": by_state.get(State.FAILED, 0),
        "expired": by_state.get(State.EXPIRED, 0),
    }
    failure_reasons = (
        [
            {"reason": reason or "No reason recorded", "count": n}
            # Through the seller's campaigns: the (campaign, state) index reads failed dispatches only.
            for reason, n in Dispatch.objects.filter(campaign__in=Campaign.objects.for_seller(seller).values("pk"))
            .filter(seller=seller, state=State.FAILED, finished_at__gte=start, finished_at__lt=end)
            .values_list("reason")
            .annotate(n=Count("id"))
            .order_by("-n", "reason")
            .values_list("reason", "n")[:FAILURE_REASONS_LISTED]
        ]
        if messages["failed"]
        else []
    )
    optouts = (
        OptOut.objects.filter(first_seller=seller, created_at__gte=start, created_at__lt=end).count()
        + OrderOptOut.objects.for_seller(seller).filter(created_at__gte=start, created_at__lt=end).count()
    )
    optout_notices = (  # Amazon's opt-out notices that reached the seller's inbound address
        InboundMessage.objects.for_seller(seller)
        .filter(status=InboundMessage.Status.PARSED, received_at__gte=start, received_at__lt=end)
        .count()
    )
    feedback_rows = (
        Feedback.objects.for_seller(seller).listed().filter(left_on__gte=start.date(), left_on__lt=end.date())
    )
    feedback = feedback_rows.aggregate(
        count=Count("id"), average=Avg("rating"), negative=Count("id", filter=Q(rating__lte=Feedback.NEGATIVE_AT_MOST))
    )
    negatives = [
        {
            "rating": f.rating,
            "comment": f.comment[:300],
            "left_on": f.left_on.isoformat(),
            "amazon_order_id": f.amazon_order_id,
            "order_id": str(f.order_id) if f.order_id else "",
        }
        for f in feedback_rows.filter(rating__lte=Feedback.NEGATIVE_AT_MOST)
        .order_by("-left_on", "amazon_order_id")
        .only("rating", "comment", "left_on", "amazon_order_id", "order_id")[:NEGATIVE_LISTED]
    ]
    reauthorize = [
        {"connection": str(c), "reason": c.status_reason}
        for c in AmazonConnection.objects.for_seller(seller).filter(status=AmazonConnection.Status.NEEDS_REAUTH)
    ]
    paused = [{"id": str(c.pk), "name": c.name} for c in policy_paused_campaigns(seller)]
    quota = seller.monthly_message_quota
    used = month_usage(seller, now)
    summary = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "messages": messages,
        "failure_reasons": failure_reasons,
        "optouts_learned": optouts,
        "optout_notices": optout_notices,
        "feedback": {
            "count": feedback["count"],
            "negative": feedback["negative"],
            "average": round(feedback["average"], 2) if feedback["average"] is not None else None,
        },
        "negative_feedback": negatives,
        "problems": {"reauthorize": reauthorize, "paused_campaigns": paused, "failed": messages["failed"]},
        "quota": {"used": used, "quota": quota, "percent": round(100 * used / quota) if quota else None},
    }
    summary["empty"] = not (
        any(messages.values()) or optouts or optout_notices or feedback["count"] or reauthorize or paused
    )
    return summary
