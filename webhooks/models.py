"""A seller's webhook endpoints, one delivery per (event, endpoint), one row per attempt."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common.crypto import EncryptedTextField
from eventlog.models import Event
from sellers.models import SellerOwned


class Endpoint(SellerOwned):
    class Format(models.TextChoices):
        STANDARD = "standard", "Signed JSON (Standard Webhooks), for your own server"
        SLACK = "slack", "A readable Slack message, for a Slack incoming webhook"

    # Encrypted: a Slack webhook's URL is its password, and other URLs often carry a token.
    url = EncryptedTextField()
    # The URL with its secret parts hidden, for pages and emails.
    url_display = models.CharField(max_length=300)
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.STANDARD)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)
    secret = EncryptedTextField()
    # While a rotation overlaps, the old secret signs too, until previous_secret_until.
    previous_secret = EncryptedTextField(null=True, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=500, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    # The first failed attempt since the last success: a day of failing disables the endpoint.
    failing_since = models.DateTimeField(null=True, blank=True)
    # When its oldest waiting delivery may go (null: nothing waits). Later ones wait behind it.
    due_at = models.DateTimeField(null=True, blank=True)
    # While a deliverer holds it: the moment another may take it over.
    lease_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(enabled=True, due_at__isnull=False), name="endpoint_due")
        ]

    def __str__(self):
        return self.url_display

    @property
    def is_slack(self) -> bool:
        return self.format == self.Format.SLACK


class Delivery(SellerOwned):
    """One event for one endpoint: what became of it, and when it is tried next."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    event_seq = models.BigIntegerField(help_text="The event's place in the recording order: deliveries go in it.")
    event_type = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # The retries give up RETRY_FOR after this (the first try, or the last replay).
    pending_since = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_response = models.TextField(blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["endpoint", "event"], name="one_delivery_per_endpoint_event")]
        indexes = [
            models.Index(fields=["endpoint", "event_seq"], condition=Q(state="pending"), name="delivery_waiting"),
            models.Index(fields=["endpoint", "-event_seq"], name="delivery_log"),
            models.Index(fields=["created_at"], name="delivery_created"),
        ]

    def __str__(self):
        return f"{self.event_type} to {self.endpoint_id} ({self.get_state_display()})"


class DeliveryAttempt(SellerOwned):
    """One request to the endpoint, and what it answered (the body trimmed)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField()
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["delivery", "-at"], name="attempt_of_delivery")]

    def __str__(self):
        return f"{self.status or self.error} at {self.at:%Y-%m-%d %H:%M:%S}"
