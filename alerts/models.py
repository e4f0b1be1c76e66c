from django.conf import settings
from django.db import models
from django.utils import timezone

from sellers.models import Membership, SellerOwned

from .kinds import Digest, Kind, digest_default, immediate_default


class AlertPreferences(SellerOwned):
    """What one member of one seller wants to be emailed. No row, or no choice for a kind, means
    the role's default (see alerts/kinds.py), so a member promoted to owner starts getting the
    owners' alerts unless they chose otherwise."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="alert_preferences")
    digest = models.CharField(
        max_length=8,
        choices=Digest.choices,
        blank=True,
        default="",
        help_text="Empty: the role's default (weekly for owners, off for others).",
    )
    choices = models.JSONField(default=dict, blank=True, help_text="{kind: true|false} the member chose.")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "alert preferences"

    def __str__(self):
        return f"{self.membership.user} in {self.seller}"


def wants(preferences: AlertPreferences | None, kind: str, role: str) -> bool:
    chosen = (preferences.choices or {}).get(kind) if preferences else None
    return immediate_default(role) if chosen is None else bool(chosen)


def digest_frequency(preferences: AlertPreferences | None, role: str) -> str:
    return (preferences.digest if preferences else "") or digest_default(role)


class Alert(SellerOwned):
    """Something a seller's people are emailed about, recorded once per (seller, kind, key).

    The key names the thing (a connection's authorization, a campaign's pause, a month's quota
    threshold, a digest period), so the same thing raised twice is one alert. The row is written
    in the transaction of the event that raised it and its emails go out from a task queued on
    commit: an event that rolls back mails nobody, and a lost task is found again by the sweep.
    `context` keeps what the email tells (plain JSON), so the alert is also the record of why.
    """

    kind = models.CharField(max_length=32, choices=Kind.choices)
    key = models.CharField(max_length=200)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(
        null=True, blank=True, help_text="Every recipient was mailed (or refused by their server)."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True, help_text="When the next delivery attempt is due.")
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["seller", "kind", "key"], name="one_alert_per_thing")]
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(delivered_at__isnull=True), name="alert_undelivered"
            ),
            models.Index(fields=["seller", "kind", "-created_at"], name="alert_seller_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.seller} ({self.key})"


class AlertDelivery(SellerOwned):
    """One email of an alert to one member: written in the transaction that hands the email to
    the mail server, so a member gets each alert once even when deliveries run concurrently."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    subject = models.CharField(max_length=300)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why the mail server refused this recipient for good.")

    class Meta:
        verbose_name_plural = "alert deliveries"
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["alert", "user"], name="one_delivery_per_alert_and_user")]

    def __str__(self):
        return f"{self.subject} to {self.email}"
