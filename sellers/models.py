import secrets
import uuid
from datetime import timedelta
from typing import ClassVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from common.crypto import EncryptedTextField


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("Users are identified by their email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        """Staff made from the command line (`createsuperuser`) count as verified: whoever runs
        it on the server vouches for the address, and allauth's mandatory verification would
        otherwise send them to a mailbox before the admin opens."""
        extra.update(is_staff=True, is_superuser=True)
        with transaction.atomic(using=self._db):
            user = self._create(email, password, **extra)
            email_address = apps.get_model("account", "EmailAddress")
            email_address.objects.using(self._db).update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        return user


class User(AbstractUser):
    """A person who logs in. Email is the identity; there is no username."""

    username = None  # type: ignore[assignment]  # django-stubs cannot express a removed field
    email = models.EmailField("email address", unique=True)
    # The IANA zone this person reads times in (sellers.preferences): set from the browser the
    # first time a page needs it, changeable on those pages. Empty: not known yet (UTC).
    time_zone = models.CharField(max_length=64, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []  # only the email and the password

    objects = UserManager()  # type: ignore[misc, assignment]  # ours creates users by email

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email


class Seller(models.Model):
    """The business that subscribes: the tenant every other row belongs to."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    monthly_message_quota = models.PositiveIntegerField(
        default=10_000, help_text="Messages Amazon may accept for this seller per calendar month (UTC) on its plan."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SellerOwnedQuerySet(models.QuerySet):
    def for_seller(self, seller):
        return self.filter(seller=seller)


class SellerOwned(models.Model):
    """Base for every tenant-owned row: addressed by UUID, always reached through for_seller()."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE)

    objects = SellerOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    MANAGER = "manager", "Manager"
    VIEWER = "viewer", "Viewer"


# Higher rank can do everything a lower rank can.
ROLE_RANK = {Role.VIEWER: 0, Role.MANAGER: 1, Role.OWNER: 2}


class Membership(SellerOwned):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["seller", "user"], name="one_membership_per_user_and_seller")]

    def __str__(self):
        return f"{self.user} in {self.seller} ({self.role})"

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


def _invitation_token():
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(SellerOwned):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Revoked"

    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "seller",
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_email_and_seller",
            )
        ]

    def __str__(self):
        return f"{self.email} to {self.seller} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


class Region(models.TextChoices):
    NA = "NA", "North America"
    EU = "EU", "Europe"
    FE = "FE", "Far East"


AUTHORIZATION_LIFETIME = timedelta(days=365)
# Why a connection needs re-authorization, when we decided it: sentences a seller reads as they
# are. Any other reason stored on a connection is what Amazon answered (kept for support).
REAUTH_EXPIRED = "Amazon authorizations last 365 days and this one has expired. Authorize again."
REAUTH_UNREADABLE = (
    "We can no longer read the stored Amazon authorization (our encryption keys changed). Authorize again to resume."
)
REAUTH_OUR_WORDS = (REAUTH_EXPIRED, REAUTH_UNREADABLE)


class AmazonConnection(SellerOwned):
    """One seller authorization of our app in one Amazon region."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Connected"
        NEEDS_REAUTH = "needs_reauth", "Needs re-authorization"
        DISCONNECTED = "disconnected", "Disconnected"

    class Backfill(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        REQUESTED = "requested", "Amazon is preparing the order report"
        LOADING = "loading", "Loading orders"
        # The report is loaded; delivery windows and buyer details come from searchOrders, newest
        # orders first, while the incremental sync already runs.
        ENRICHING = "enriching", "Fetching delivery dates and buyer details, newest orders first"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    selling_partner_id = models.CharField(max_length=32)
    region = models.CharField(max_length=2, choices=Region.choices)
    store_name = models.CharField(max_length=200, blank=True)
    marketplace_ids = models.JSONField(default=list)
    refresh_token = EncryptedTextField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    status_reason = models.TextField(blank=True)
    authorized_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    expiry_warning_sent = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The last expiry warning sent, in days before expiry (30, then 7)."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # Incremental sync: orders updated since `orders_cursor`; a run in progress keeps its window
    # and page token so that a failure resumes where it stopped.
    orders_cursor = models.DateTimeField(null=True, blank=True)
    sync_window_start = models.DateTimeField(null=True, blank=True)
    sync_window_end = models.DateTimeField(null=True, blank=True)
    sync_page_token = models.TextField(blank=True)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_sync_error = models.TextField(blank=True)
    orders_count = models.PositiveIntegerField(default=0)

    backfill_status = models.CharField(max_length=16, choices=Backfill.choices, default=Backfill.PENDING)
    backfill_report_id = models.CharField(max_length=64, blank=True)
    backfill_since = models.DateTimeField(null=True, blank=True)
    backfill_total = models.PositiveIntegerField(default=0)
    backfill_done = models.PositiveIntegerField(default=0)
    backfill_error = models.TextField(blank=True)
    # Progress the Amazon accounts page shows while the first sync runs, written by the sync as it
    # goes (sellers.progress reads them): when the report was asked for, what Amazon last said of
    # it (IN_QUEUE, IN_PROGRESS, DONE, ...) and when, how many searchOrders pages and orders the
    # enrichment has read, and when the whole backfill finished.
    backfill_requested_at = models.DateTimeField(null=True, blank=True)
    backfill_report_status = models.CharField(max_length=16, blank=True, db_default="")
    backfill_report_checked_at = models.DateTimeField(null=True, blank=True)
    backfill_finished_at = models.DateTimeField(null=True, blank=True)
    enrich_pages = models.PositiveIntegerField(default=0, db_default=0)
    enrich_orders = models.PositiveIntegerField(default=0, db_default=0)
    # Enrichment of the backfilled orders: searchOrders over slices of creation time, newest
    # first, down to `enrich_after` (the oldest order the report gave: an order updated in the
    # report's range may be older than it); `enrich_before` is the upper end of the slice in
    # progress (null once done).
    enrich_after = models.DateTimeField(null=True, blank=True)
    enrich_before = models.DateTimeField(null=True, blank=True)
    enrich_page_token = models.TextField(blank=True, db_default="")

    class FinanceRole(models.TextChoices):
        UNKNOWN = "unknown", "Not asked yet"
        GRANTED = "granted", "Granted"
        MISSING = "missing", "Not granted"

    # Amazon's Finances API needs the app's "Finance and Accounting" role, which a seller may not
    # have granted: without it, refunds cannot be known.
    finance_role = models.CharField(
        max_length=8, choices=FinanceRole.choices, default=FinanceRole.UNKNOWN, db_default=FinanceRole.UNKNOWN
    )
    finance_role_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "selling_partner_id", "region"], name="one_connection_per_seller_partner_region"
            )
        ]

    def __str__(self):
        return f"{self.store_name or self.selling_partner_id} ({self.region})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def rate_key(self) -> str:
        """The key of this connection's rate-limit buckets. Not the selling partner id: that comes
        from the consent callback's query string, which the seller's browser can rewrite, and a
        bucket keyed by it would let one tenant spend another's quota. Two tenants authorized by
        the same Amazon account keep a bucket each; Amazon's 429s and x-amzn-RateLimit-Limit
        pace them where their calls add up."""
        return f"connection:{self.pk}"

    @property
    def backfill_percent(self) -> int:
        if self.backfill_status == self.Backfill.DONE:
            return 100
        if self.backfill_status == self.Backfill.ENRICHING:
            return self.enrich_percent
        return int(100 * self.backfill_done / self.backfill_total) if self.backfill_total else 0

    @property
    def enrich_percent(self) -> int:
        """How far back in the backfill's range Amazon's delivery windows have been fetched."""
        if self.backfill_status == self.Backfill.DONE:
            return 100
        if self.backfill_status != self.Backfill.ENRICHING or not (self.enrich_after and self.orders_cursor):
            return 0
        reached = self.enrich_before or self.orders_cursor
        span = (self.orders_cursor - self.enrich_after).total_seconds()
        return max(0, min(100, int(100 * (self.orders_cursor - reached).total_seconds() / span))) if span > 0 else 100

    def days_until_expiry(self, now=None) -> int:
        return (self.expires_at - (now or timezone.now())).days


class Order(SellerOwned):
    """An Amazon order as last synced. The buyer is only a keyed hash (buyer_key), never an address."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, db_index=False)

    class BuyerKeyKind(models.TextChoices):
        NONE = "", "None given by Amazon"
        ANONYMIZED_EMAIL = "anonymized_email", "Anonymized buyer email (per buyer and seller)"

    # Both foreign keys are covered by the composite indexes below; separate indexes would only
    # slow the sync's bulk writes.
    connection = models.ForeignKey(AmazonConnection, on_delete=models.CASCADE, related_name="orders", db_index=False)
    amazon_order_id = models.CharField(max_length=32)
    marketplace_id = models.CharField(max_length=20)
    purchased_at = models.DateTimeField()
    last_updated_at = models.DateTimeField()
    fulfillment_channel = models.CharField(max_length=10)  # AMAZON or MERCHANT
    status = models.CharField(max_length=24)  # Amazon's fulfillment status
    # Amazon's promised delivery window; where Amazon has not given it (yet), our estimate
    # (sellers.delivery) and `delivery_estimated` says so.
    earliest_delivery = models.DateTimeField(null=True, blank=True)
    latest_delivery = models.DateTimeField(null=True, blank=True)
    delivery_estimated = models.BooleanField(default=False, db_default=False)
    shipped_at = models.DateTimeField(null=True, blank=True)
    package_status = models.CharField(max_length=32, blank=True)
    is_delivered = models.BooleanField(default=False)
    is_returned = models.BooleanField(default=False)
    is_business = models.BooleanField(default=False)
    has_promotion = models.BooleanField(default=False)
    replaces_order_id = models.CharField(max_length=32, blank=True)
    total_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    buyer_key = models.CharField(max_length=64, blank=True, db_index=True)
    buyer_key_kind = models.CharField(max_length=20, choices=BuyerKeyKind.choices, blank=True)
    # The order's lines as Amazon gave them: [{order_item_id, asin, sku, title, quantity, unit_price}].
    # They never change after the order is placed and are always read with it, so they live on it.
    items = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=40, blank=True, help_text="Hash of Amazon's data as last written.")
    synced_at = models.DateTimeField(default=timezone.now)
    # Refunds, from the Finances API (sellers.finances): asked right before a message that
    # excludes refunded orders goes out. Not part of the order sync's data or fingerprint.
    refund_checked_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    refund_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-purchased_at"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "amazon_order_id"], name="one_row_per_amazon_order")
        ]
        indexes = [
            models.Index(fields=["seller", "-purchased_at", "id"], name="order_seller_recent"),
            models.Index(fields=["seller", "amazon_order_id"], name="order_seller_order_id"),
            # The campaign planner's: orders newly shipped or newly delivered. Partial, so orders
            # without the date (FBA orders have no ship time; report rows have no dates) cost the
            # sync's writes nothing here.
            models.Index(
                fields=["seller", "shipped_at"],
                condition=models.Q(shipped_at__isnull=False),
                name="order_seller_shipped",
            ),
            models.Index(
                fields=["seller", "latest_delivery"],
                condition=models.Q(latest_delivery__isnull=False),
                name="order_seller_delivery",
            ),
            models.Index(
                fields=["seller", "replaces_order_id"],
                condition=~models.Q(replaces_order_id=""),
                name="order_seller_replacement",
            ),
        ]

    def __str__(self):
        return self.amazon_order_id
