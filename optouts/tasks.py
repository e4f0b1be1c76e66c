"""Thin tasks: ids in, one service call."""

from celery import shared_task
from django.db import transaction

from . import services
from .models import InboundMessage


@shared_task(ignore_result=True)
def process_inbound_messages(message_ids: list[str]) -> None:
    for message_id in message_ids:
        # Claimed row by row: the every-minute sweep (inbound_process_waiting) skips what this holds.
        with transaction.atomic():
            message = (InboundMessage.objects.select_for_update(skip_locked=True)
                       .filter(pk=message_id, status=InboundMessage.Status.RECEIVED).first())
            if message is not None:
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
