from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sellers.models import AmazonConnection, Order, Seller, SellerOwned

from . import kinds

# The languages of Amazon's marketplaces that a seller can write a template in.
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("es", "Español"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("sv", "Svenska"),
    ("tr", "Türkçe"),
    ("ja", "日本語"),
    ("pt-BR", "Português (Brasil)"),
    ("ar", "العربية"),
]
LANGUAGE_CODES = [code for code, _ in LANGUAGES]
ALL_DAYS = [0, 1, 2, 3, 4, 5, 6]


class Campaign(SellerOwned):
    """A seller's rule for which orders get which message when."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ARCHIVED = "archived", "Archived"

    class Trigger(models.TextChoices):
        SHIPPED = "shipped", "Order shipped"
        DELIVERED = "delivered", "Order delivered"

    class Fulfillment(models.TextChoices):
        ANY = "", "FBA and FBM"
        AMAZON = "AMAZON", "Fulfilled by Amazon (FBA)"
        MERCHANT = "MERCHANT", "Fulfilled by you (FBM)"

    class Buyers(models.TextChoices):
        ANY = "", "All buyers"
        FIRST = "first", "First-time buyers only"
        REPEAT = "repeat", "Repeat buyers only"

    class BusinessOrders(models.TextChoices):
        ANY = "", "Business and consumer orders"
        ONLY = "only", "Business orders only"
        EXCLUDE = "exclude", "Consumer orders only"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=40, choices=kinds.CHOICES, default=kinds.SOLICITATION)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    priority = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers go first when campaigns compete for an order or the daily cap."
    )

    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.DELIVERED)
    delay_minutes = models.PositiveIntegerField(default=5 * 24 * 60)
    send_days = models.JSONField(default=list, help_text="Days of the week (0 = Monday) messages may go out.")
    send_from_hour = models.PositiveSmallIntegerField(default=9)
    send_until_hour = models.PositiveSmallIntegerField(default=18)

    marketplaces = models.JSONField(default=list, blank=True, help_text="Marketplace ids; empty means all.")
    fulfillment = models.CharField(max_length=10, choices=Fulfillment.choices, blank=True, default="")
    include_asins = models.JSONField(default=list, blank=True)
    exclude_asins = models.JSONField(default=list, blank=True)
    include_skus = models.JSONField(default=list, blank=True)
    exclude_skus = models.JSONField(default=list, blank=True)
    min_total = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    max_total = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    exclude_returned = models.BooleanField(default=True)
    exclude_cancelled = models.BooleanField(default=True)
    exclude_replaced = models.BooleanField(default=True)
    # Asked of Amazon's Finances API right before each send (needs its Finance and Accounting role).
    exclude_refunded = models.BooleanField(default=False, db_default=False)
    exclude_promotions = models.BooleanField(default=False)
    buyers = models.CharField(max_length=10, choices=Buyers.choices, blank=True, default="")
    business_orders = models.CharField(max_length=10, choices=BusinessOrders.choices, blank=True, default="")
    skip_if_messaged = models.BooleanField(
        default=False, help_text="Skip orders another campaign has already messaged or scheduled."
    )

    default_language = models.CharField(max_length=8, choices=LANGUAGES, default="en")

    # The planner's watermark: every order whose due time is at or before it has been considered.
    planned_until = models.DateTimeField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    activated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The seller's answer when activating: None, every order Amazon still allows (the backlog
    # included); a moment, only orders placed from then on ("only new orders").
    orders_placed_from = models.DateTimeField(null=True, blank=True, editable=False)
    # Why the service (not the seller) paused it, shown until the campaign is resumed.
    paused_reason = models.CharField(max_length=1000, blank=True, db_default="")
    # The seller's one "campaign" of review requests asked for by hand (campaigns.manual): always
    # active so the outbox sends them, never planned, listed or edited as a campaign.
    by_hand = models.BooleanField(default=False, db_default=False, editable=False)

    class Meta:
        ordering = ["priority", "created_at"]
        indexes = [models.Index(fields=["state", "seller"], name="campaign_state_seller")]
        constraints = [
            models.UniqueConstraint(
                fields=["seller"], condition=Q(by_hand=True), name="one_by_hand_campaign_per_seller"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def delay_display(self) -> str:
        days, rest = divmod(self.delay_minutes, 24 * 60)
        if not rest:
            return f"{days} day{'s' if days != 1 else ''}"
        hours = self.delay_minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"

    @property
    def kind_info(self) -> kinds.Kind:
        return kinds.KINDS[self.kind]


class MessageTemplate(SellerOwned):
    """The seller's text for one language of a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="templates")
    language = models.CharField(max_length=8, choices=LANGUAGES)
    body = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["campaign", "language"], name="one_template_per_language")]

    def __str__(self):
        return f"{self.campaign} ({self.language})"


class Dispatch(SellerOwned):
    """One planned message for one (campaign, order), and what became of it."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        BLOCKED_OPTOUT = "blocked_optout", "Blocked: buyer opted out"
        BLOCKED_SELLER = "blocked_seller", "Blocked: on your blocklist"
        INELIGIBLE = "ineligible", "Ineligible (Amazon said no)"
        SKIPPED = "skipped", "Skipped by your filters"
        EXPIRED = "expired", "Expired"
        FAILED = "failed", "Failed"

    OPEN_STATES = [State.SCHEDULED, State.SENDING]

    # The planner inserts dispatches by the hundred thousand. A foreign-key constraint would lock
    # the referenced order row for every one (measured: two thirds of the insert's time), so the
    # references are plain columns to the database: the planner only writes ids it has just read,
    # and deleting an order, campaign, seller or connection cascades through Django. The composite
    # indexes below serve every lookup.
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, db_index=False, db_constraint=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="dispatches", db_index=False, db_constraint=False
    )
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="dispatches", db_index=False, db_constraint=False
    )
    connection = models.ForeignKey(
        AmazonConnection, on_delete=models.CASCADE, related_name="dispatches", db_index=False, db_constraint=False
    )
    kind = models.CharField(max_length=40, choices=kinds.CHOICES)
    requests_review = models.BooleanField(default=False)
    priority = models.PositiveSmallIntegerField(default=100)
    state = models.CharField(max_length=16, choices=State.choices, default=State.SCHEDULED)
    reason = models.CharField(max_length=300, blank=True)
    scheduled_for = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    amazon_response_id = models.CharField(max_length=100, blank=True)
    # The template language a message went out in (the buyer's, from Amazon, or the fallback).
    language = models.CharField(max_length=8, blank=True)
    # While a worker holds it (state "sending"): the moment another worker may take it over.
    lease_until = models.DateTimeField(null=True, blank=True)
    # A worker stopped after asking Amazon to send: Amazon may have accepted it. The next attempt
    # reads the order's actions first and records "sent" when the action is gone.
    in_doubt = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A review request asked for by hand: who asked, and through what ("web", "api"); the planner's
    # dispatches have neither.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    requested_via = models.CharField(max_length=16, blank=True, db_default="")

    class Meta:
        verbose_name_plural = "dispatches"
        constraints = [
            # Order first: it also serves every lookup of an order's dispatches.
            models.UniqueConstraint(fields=["order", "campaign"], name="one_dispatch_per_campaign_order"),
            # Amazon allows one review or feedback request per order, whichever campaign asks.
            models.UniqueConstraint(
                fields=["order"], condition=Q(requests_review=True), name="one_review_request_per_order"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "state"], name="dispatch_campaign_state"),
            # The outbox's queue: one connection's due dispatches, most important first. It also
            # serves the minute's expiry sweep; every index here is paid for by the planner's insert.
            models.Index(
                fields=["connection", "priority", "scheduled_for"],
                condition=Q(state="scheduled"),
                name="dispatch_queue",
            ),
            models.Index(fields=["lease_until"], condition=Q(state="sending"), name="dispatch_lease"),
            # Every message, latest due first (the API's message list, messaging.selectors).
            models.Index(fields=["seller", "-scheduled_for", "-id"], name="dispatch_log"),
            # The message log's views, by keyset (messaging.selectors): what ended, newest first (an
            # entry is added once, when a dispatch ends), and what is still to go out, soonest first.
            models.Index(
                fields=["seller", "-finished_at", "-id"],
                condition=Q(finished_at__isnull=False),
                name="dispatch_log_ended",
            ),
            models.Index(
                fields=["seller", "scheduled_for", "id"],
                condition=Q(state__in=["scheduled", "sending"]),
                name="dispatch_log_open",
            ),
            # Partial: the planner's rows (no requester) cost it nothing here.
            models.Index(
                fields=["requested_by"], condition=Q(requested_by__isnull=False), name="dispatch_requested_by"
            ),
        ]

    def __str__(self):
        return f"{self.campaign} → {self.order}"
