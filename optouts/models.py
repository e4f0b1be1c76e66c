import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
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
        PARSED = "parsed", "Opt-out notice"
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
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    language = models.CharField(max_length=8, blank=True)
    status_reason = models.TextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set when the content of mail that was not a notice was erased (INBOUND_OTHER_MAIL_DAYS).
    content_erased_at = models.DateTimeField(null=True, blank=True)
    # Amazon mail about orders that the parser could not read as a notice (see parser.ParseResult),
    # and the seller's word that it is one.
    confirmable = models.BooleanField(default=False, db_default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # An opt-out notice whose DKIM signature by an Amazon domain verified (optouts.signatures):
    # Amazon's word, which alone goes to the shared table.
    amazon_signed = models.BooleanField(default=False, db_default=False)

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


class OptOutSource(models.TextChoices):
    # Amazon's word (the shared table): a notice whose DKIM signature by Amazon verifies.
    AMAZON_NOTICE = "amazon_notice", "Amazon opt-out notice, signed by Amazon"
    # The seller's word (its own list only).
    FORWARDED_NOTICE = "forwarded_notice", "Opt-out notice you forwarded (Amazon's signature did not come with it)"
    CONFIRMED_NOTICE = "confirmed_notice", "Amazon mail you confirmed as an opt-out notice"
    MANUAL = "manual", "Added by hand"
    CSV_IMPORT = "csv_import", "CSV import"
    AMAZON_REFUSAL = "amazon_refusal", "Amazon refused a message"
    RECORDED_BEFORE_SIGNATURES = "unverified_notice", "Opt-out notice recorded before signatures were checked"


# What only Amazon can say: the sources that may enter the shared table.
GLOBAL_SOURCES = (OptOutSource.AMAZON_NOTICE,)


class OptOut(models.Model):
    """The global opt-out table: one row per buyer, shared by every tenant for suppression.

    It holds keyed hashes only. Where and how it was first learned is kept for that seller alone
    (first_seller, first_order_id, evidence); other tenants only learn that the buyer opted out.
    """

    buyer_key = models.CharField(max_length=64, primary_key=True)
    source = models.CharField(max_length=20, choices=OptOutSource.choices)
    first_seller = models.ForeignKey(Seller, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    first_order_id = models.CharField(max_length=32, blank=True)
    evidence = models.ForeignKey(InboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The inserting statement's start on the database's clock (statement_timestamp(), never before
    # its transaction's): what optouts.mirror re-reads by (a BRIN index on PostgreSQL, migration 0008).
    recorded_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        verbose_name = "opt-out"

    def __str__(self):
        return f"{self.buyer_key[:12]}… ({self.get_source_display()})"


class OptOutRemoval(models.Model):
    """A buyer taken off the global table (by staff, correcting a mistake): the record of it, and
    the signal that makes in-memory copies of the table (optouts.mirror) reload."""

    buyer_key = models.CharField(max_length=64, db_index=True)
    source = models.CharField(max_length=20, choices=OptOutSource.choices)
    first_learned_at = models.DateTimeField()
    removed_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        verbose_name = "removed opt-out"

    def __str__(self):
        return f"{self.buyer_key[:12]}… removed {self.removed_at:%Y-%m-%d}"


class OrderOptOut(SellerOwned):
    """The seller's own opt-out list: an opt-out it alone vouches for (added by hand, confirmed,
    forwarded without Amazon's signature), or one for an order whose buyer Amazon gives no
    identifier for (most FBA orders). It suppresses only this seller's sends: the order's, and
    through `buyer_key` (when Amazon names the buyer) the same buyer's other orders here."""

    amazon_order_id = models.CharField(max_length=32)
    buyer_key = models.CharField(max_length=64, blank=True, db_default="")
    source = models.CharField(max_length=20, choices=OptOutSource.choices)
    evidence = models.ForeignKey(InboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller", "amazon_order_id"], name="one_order_optout_per_order")]
        indexes = [
            models.Index(
                fields=["seller", "buyer_key"], condition=~models.Q(buyer_key=""), name="order_optout_seller_buyer"
            )
        ]

    def __str__(self):
        return self.amazon_order_id


class NoticeOrder(SellerOwned):
    """One order id found in an opt-out notice, and what became of it."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for the order to sync"
        BUYER = "buyer", "Buyer added to the opt-out table"
        ORDER = "order", "Order marked opted out (no buyer identifier)"

    message = models.ForeignKey(InboundMessage, on_delete=models.CASCADE, related_name="notice_orders")
    amazon_order_id = models.CharField(max_length=32)
    # Named inside Amazon's own signed notice (optouts.signatures), not only around it (a
    # forward's subject, another attachment): only then does its buyer go to the shared table.
    amazon_signed = models.BooleanField(default=False, db_default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "amazon_order_id"], name="one_row_per_notice_order")]

    def __str__(self):
        return f"{self.amazon_order_id} ({self.state})"


class BlockedBuyer(SellerOwned):
    """The seller's own blocklist: buyers (by order) this seller never wants to message."""

    amazon_order_id = models.CharField(max_length=32)
    buyer_key = models.CharField(max_length=64, blank=True, db_index=True)
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey("sellers.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["seller", "amazon_order_id"], name="one_block_per_order")]

    def __str__(self):
        return self.amazon_order_id


class InboundDailyUsage(SellerOwned):
    """How much mail one seller's inbound address stored on one UTC day, against its daily allowance.

    A leaked or spammed address must not fill the database: past the allowance the receivers answer
    "try again later", so a real notice is retried by its sending server and nothing is lost.
    """

    day = models.DateField()
    messages = models.PositiveIntegerField(default=0)
    bytes = models.PositiveBigIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0, help_text="Deliveries refused because the allowance was used.")
    first_refused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "inbound daily usage"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["seller", "day"], name="one_inbound_usage_per_seller_day")]

    def __str__(self):
        return f"{self.seller} {self.day}: {self.messages} messages, {self.bytes} bytes"
