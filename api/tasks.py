from celery import shared_task

from . import idempotency


@shared_task
def forget_idempotency_keys() -> int:
    return idempotency.forget_expired()
