import hashlib
import secrets

from django.db import models
from django.utils import timezone

from sellers.models import Seller, SellerOwned


def new_inbound_token() -> str:
    # 20 lowercase base32 characters (100 bits): unguessable, and safe in an email local part.
    return secrets.token_hex(13)[:20]


class InboundAddress(SellerOwned):
    """The seller's private address for Amazon's opt-out notices: <token>@<INBOUND_DOMAIN>."""

    seller = models.OneToOneField(Seller, on_delete=models.CASCADE, related_name="inbound_address")
    token = models.CharField(max_length=40, unique=True, default=new_inbound_token)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "inbound addresses"

    def __str__(self):
        return f"{self.token} ({self.seller})"


class InboundMessage(SellerOwned):
    """A raw email as it reached us, stored before anything else happens to it."""

    class Source(models.TextChoices):
        SMTP = "smtp", "SMTP receiver"
        MAILGUN = "mailgun", "Mailgun"
        SENDGRID = "sendgrid", "SendGrid"
        POSTMARK = "postmark", "Postmark"
        SES = "amazon_ses", "Amazon SES"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received, waiting to be parsed"
        PARSED = "parsed", "Parsed"
        NOT_A_NOTICE = "not_a_notice", "Not an opt-out notice"
        MALFORMED = "malformed", "Malformed"

    source = models.CharField(max_length=16, choices=Source.choices)
    recipient = models.CharField(max_length=320)
    mail_from = models.CharField(max_length=320, blank=True)
    message_id = models.CharField(max_length=998, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    raw = models.BinaryField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    status_reason = models.TextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "sha256"], name="inbound_message_once_per_content"),
            models.UniqueConstraint(
                fields=["seller", "message_id"],
                condition=~models.Q(message_id=""),
                name="inbound_message_once_per_message_id",
            ),
        ]

    def __str__(self):
        return f"{self.subject or '(no subject)'} to {self.recipient}"

    @staticmethod
    def digest(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()
