"""The event log: what happened to a seller, written in the transaction that caused it.

It is an outbox. A row exists exactly when the change it reports committed: a crash after the
commit loses nothing (the row is there for the webhooks app to deliver), and a rollback sends
nothing (the row went with it). It sits below every product app, so none of them has to know
who listens; it references sellers by id only for the same reason.
"""

import uuid

from django.db import models
from django.db.models import Q


class Event(models.Model):
    # The recording order: deliveries to one endpoint go out in it.
    id = models.BigAutoField(primary_key=True)
    # What receivers see as `webhook-id`: the same for every attempt, unique across events.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    seller_id = models.UUIDField()
    type = models.CharField(max_length=64)
    # Names the thing reported when it must be reported once (a month's quota threshold, an
    # order's opt-out); empty when every occurrence counts.
    key = models.CharField(max_length=200, blank=True, default="")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    # Handed to the webhooks app (a delivery per subscribed endpoint written), or null while waiting.
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller_id", "type", "key"], condition=~Q(key=""), name="one_event_per_key")
        ]
        indexes = [
            models.Index(fields=["id"], condition=Q(fanned_out_at__isnull=True), name="event_waiting"),
            models.Index(fields=["created_at"], name="event_created"),
        ]

    def __str__(self):
        return f"{self.type} for seller {self.seller_id} ({self.created_at:%Y-%m-%d %H:%M})"


class Subscription(models.Model):
    """That some endpoint of the seller wants events of this type. Events nobody wants are not
    written at all: the send path stays as cheap for sellers without webhooks as before."""

    seller_id = models.UUIDField()
    type = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller_id", "type"], name="one_subscription_per_type")]

    def __str__(self):
        return f"{self.type} for seller {self.seller_id}"
