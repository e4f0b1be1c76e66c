"""The feedback sync's position per marketplace, and the daily counts behind the feedback rates.

Neither is addressed by id in a view: they carry the seller for scoping (`for_seller`) but are
not `SellerOwned` (no UUIDs, no factories), like the dashboard's rollup tables.
"""

from django.db import models
from django.utils import timezone

from campaigns.models import Campaign
from sellers.models import AmazonConnection, Seller, SellerOwnedQuerySet


class FeedbackSync(models.Model):
    """Where the feedback sync of one marketplace of one Amazon connection stands.

    Amazon's feedback report has no marketplace column, so each marketplace has its own report
    and its own position. A report Amazon is still preparing is kept by id (`report_id`) and
    picked up by a later run; no worker waits for it.
    """

    id = models.BigAutoField(primary_key=True)
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="+", db_index=False)
    connection = models.ForeignKey(AmazonConnection, on_delete=models.CASCADE, related_name="feedback_syncs")
    marketplace_id = models.CharField(max_length=20)
    report_id = models.CharField(max_length=64, blank=True, help_text="Requested from Amazon, not loaded yet.")
    report_requested_at = models.DateTimeField(null=True, blank=True)
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)
    covered_until = models.DateTimeField(null=True, blank=True, help_text="End of the last window loaded.")
    loaded_at = models.DateTimeField(null=True, blank=True, help_text="When a report was last loaded.")
    next_run_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    last_rows = models.PositiveIntegerField(default=0, help_text="Rows in the last report loaded.")
    bad_row_count = models.PositiveIntegerField(default=0, help_text="Rows of the last report that could not be read.")
    bad_rows = models.JSONField(default=list, blank=True, help_text="The first of them: line and problem.")

    objects = SellerOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["connection", "marketplace_id"], name="one_feedback_sync_per_marketplace")
        ]
        indexes = [models.Index(fields=["next_run_at"], name="feedback_sync_due")]

    def __str__(self):
        return f"Feedback of {self.connection_id} in {self.marketplace_id}"


class FeedbackRateDay(models.Model):
    """The orders placed on one UTC day and what became of them, written by
    `insights.attribution.refresh_feedback_rates` and read by `feedback_rates`.

    The row without a campaign covers every order of the day: all of them (`orders`), those a
    campaign messaged (`messaged_*`, by the first message sent) and those none did
    (`unmessaged_*`). A row per campaign counts the orders that campaign messaged; its
    `orders` and `unmessaged_*` stay 0. Feedback counts only listed feedback (not removed).
    """

    id = models.BigAutoField(primary_key=True)
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    orders = models.PositiveIntegerField(default=0)
    messaged_orders = models.PositiveIntegerField(default=0)
    # Feedback left on or after the day of the (first) message: the message may have prompted it.
    messaged_feedback = models.PositiveIntegerField(default=0)
    messaged_negative = models.PositiveIntegerField(default=0)
    # Feedback on a messaged order left before the message went out: not the message's doing.
    feedback_before_message = models.PositiveIntegerField(default=0)
    unmessaged_orders = models.PositiveIntegerField(default=0)
    unmessaged_feedback = models.PositiveIntegerField(default=0)
    unmessaged_negative = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    objects = SellerOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "day"], condition=models.Q(campaign__isnull=True), name="feedback_rate_day_all"
            ),
            models.UniqueConstraint(
                fields=["seller", "campaign", "day"],
                condition=models.Q(campaign__isnull=False),
                name="feedback_rate_day_campaign",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.campaign_id or 'all'}: {self.orders} orders"
