"""Thin tasks: ids in, one service call; and the helper that queues them."""

from celery import shared_task
from django.db import transaction

from . import inbound_mail
from .models import InboundMessage


def enqueue_processing(message_ids) -> None:
    """Queue parsing of stored messages, one task for the batch, once the transaction that stored them
    commits (at once outside a transaction)."""
    ids = [str(pk) for pk in message_ids]
    if ids:
        transaction.on_commit(lambda: process_inbound_messages.delay(ids))


@shared_task(ignore_result=True)
def process_inbound_messages(message_ids: list[str]) -> None:
    for message_id in message_ids:
        # Claimed row by row: the every-minute sweep (inbound_process_waiting) skips what this holds.
        with transaction.atomic():
            message = (
                InboundMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, status=InboundMessage.Status.RECEIVED)
                .first()
            )
            if message is not None:
                inbound_mail.inbound_process(message)


@shared_task(ignore_result=True)
def process_waiting_messages() -> None:
    inbound_mail.inbound_process_waiting()


@shared_task(ignore_result=True)
def erase_other_mail() -> None:
    inbound_mail.inbound_erase_other_mail()


@shared_task(ignore_result=True)
def resolve_pending_notices() -> None:
    inbound_mail.notices_resolve()
