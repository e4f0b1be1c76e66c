"""The events of the apps below that their sellers are emailed about. Each receiver only raises an
alert (a row in the event's transaction, its emails queued on commit); a failure here is logged
and never breaks the sync, send or request that announced the event."""

import functools
import logging

from django.db import transaction
from django.dispatch import receiver

from campaigns.events import campaign_paused_by_policy
from insights.events import negative_feedback_found
from optouts.events import optout_notice_received
from optouts.models import InboundMessage
from sellers.signals import reauthorization_needed

from . import services
from .kinds import Kind
from .models import Alert
from .tasks import enqueue_deliveries, enqueue_delivery

logger = logging.getLogger(__name__)

ORDER_IDS_LISTED = 10


def never_breaks_the_sender(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():  # a savepoint: a failed insert leaves the sender's transaction usable
                func(*args, **kwargs)
        except Exception:
            logger.exception("alerts: could not raise an alert in %s", func.__name__)

    return wrapper


def deliver_if_raised(alert: Alert | None) -> None:
    if alert is not None:
        enqueue_delivery(alert)


@receiver(reauthorization_needed, dispatch_uid="alerts.reauthorization")
@never_breaks_the_sender
def connection_needs_reauthorization(sender, connection, reason="", **kwargs):
    # One alert per authorization: after the seller authorizes again (a new authorized_at), a
    # later loss is a new alert.
    alert = services.alert_raise(
        seller=connection.seller,
        kind=Kind.REAUTHORIZATION,
        key=f"{connection.pk}:{connection.authorized_at.isoformat()}",
        context={"connection_id": str(connection.pk), "connection": str(connection), "reason": reason},
    )
    deliver_if_raised(alert)


@receiver(campaign_paused_by_policy, dispatch_uid="alerts.campaign_paused")
@never_breaks_the_sender
def campaign_paused(sender, campaign, findings, **kwargs):
    activated = campaign.activated_at.isoformat() if campaign.activated_at else ""
    alert = services.alert_raise(
        seller=campaign.seller,
        kind=Kind.CAMPAIGN_PAUSED,
        key=f"{campaign.pk}:{activated}",
        context={"campaign_id": str(campaign.pk), "campaign": campaign.name, "findings": findings},
    )
    deliver_if_raised(alert)


@receiver(optout_notice_received, dispatch_uid="alerts.first_optout_notice")
@never_breaks_the_sender
def first_optout_notice(sender, message, order_ids=(), **kwargs):
    earlier = (
        InboundMessage.objects.for_seller(message.seller)
        .filter(status=InboundMessage.Status.PARSED)
        .exclude(pk=message.pk)
        .exists()
    )
    if earlier:
        return
    alert = services.alert_raise(
        seller=message.seller,
        kind=Kind.FIRST_OPTOUT_NOTICE,
        key="first",
        context={"message_id": str(message.pk), "order_ids": list(order_ids)[:ORDER_IDS_LISTED]},
    )
    deliver_if_raised(alert)


@receiver(negative_feedback_found, dispatch_uid="alerts.negative_feedback")
@never_breaks_the_sender
def negative_feedback(sender, alerts, **kwargs):
    # `alerts`: the FeedbackAlerts of insights that the sync found (the signal's argument).
    enqueue_deliveries(services.negative_feedback_raise(alerts))
