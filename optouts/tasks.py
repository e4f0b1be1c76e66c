"""Thin tasks: ids in, one service call."""

from celery import shared_task

from . import services
from .models import InboundMessage


@shared_task(ignore_result=True)
def process_inbound_message(message_id: str) -> None:
    message = InboundMessage.objects.filter(pk=message_id, status=InboundMessage.Status.RECEIVED).first()
    if message is not None:
        services.inbound_process(message)


@shared_task(ignore_result=True)
def resolve_pending_notices() -> None:
    services.notices_resolve()
