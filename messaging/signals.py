from django.dispatch import receiver

from campaigns.events import dispatches_planned

from . import queue


@receiver(dispatches_planned)
def offer_planned_connections(sender, due, **kwargs):
    """Newly planned dispatches: their connections join the outbox's queue at once."""
    queue.offer(due)
