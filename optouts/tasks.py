"""Thin tasks: ids in, one service call."""

from celery import shared_task

from . import services
from .models import InboundMessage


@shared_task(ignore_result=True)
def process_inbound_messages(message_ids: list[str]) -> None:
    for message in InboundMessage.objects.filter(pk__in=message_ids, status=InboundMessage.Status.RECEIVED):
        services.inbound_process(message)


@shared_task(ignore_result=True)
def process_waiting_messages() -> None:
    services.inbound_process_waiting()


@shared_task(ignore_result=True)
def erase_other_mail() -> None:
    services.inbound_erase_other_mail()


@shared_task(ignore_result=True)
def resolve_pending_notices() -> None:
    services.notices_resolve()
