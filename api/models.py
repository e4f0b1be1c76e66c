"""API keys (one seller's, shown once, stored hashed) and the writes an Idempotency-Key has answered."""

from django.db import models
from django.utils import timezone

from sellers.models import Membership, Role, SellerOwned


class APIKey(SellerOwned):
    """A seller's key to the API. Only `prefix` (to find it) and a SHA-256 `digest` of the whole
    key are stored: the key itself is shown once, when it is created.

    It acts with its scope's role at most, and never above the role its creator holds now: the
    key follows `membership`, which is gone (null) once the creator leaves the team."""

    class Scope(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Read and write"

    # The most a key of each scope may do; the creator's current role may lower it.
    SCOPE_ROLES = {Scope.READ: Role.VIEWER, Scope.WRITE: Role.MANAGER}

    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by_email = models.EmailField(blank=True)

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["seller", "-created_at"], name="apikey_seller_recent")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.membership_id is not None


class IdempotentRequest(models.Model):
    """A write made with an `Idempotency-Key` header and the response it got, kept for a day
    (api.idempotency.KEEP_FOR): the same key with the same request gets the same response again,
    without doing the write twice."""

    id = models.BigAutoField(primary_key=True)
    api_key = models.ForeignKey(APIKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body.")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "key"], name="one_request_per_idempotency_key")]

    def __str__(self):
        return f"{self.key} → {self.status}"
