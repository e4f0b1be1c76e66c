from django.db import transaction
from django.dispatch import receiver

from eventlog.signals import events_recorded

from . import tasks
from .events import endpoint_disabled


@receiver(events_recorded, dispatch_uid="webhooks.start_deliverer")
def deliver_new_events(sender, **kwargs):
    """After the commit of new events (the event log sends this on commit)."""
    tasks.start_deliverer()


@receiver(endpoint_disabled, dispatch_uid="webhooks.mail_owners")
def mail_owners_of_a_disabled_endpoint(sender, endpoint_id, **kwargs):
    endpoint = str(endpoint_id)
    transaction.on_commit(lambda: tasks.mail_endpoint_disabled.delay(endpoint), robust=True)
