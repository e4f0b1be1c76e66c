from django.db import models
from django.utils import timezone

from sellers.models import AmazonConnection, Order, SellerOwned, SellerOwnedQuerySet


class FeedbackQuerySet(SellerOwnedQuerySet):
    def listed(self):
        """Feedback Amazon still lists: not removed, struck through or revised out of its report."""
        return self.filter(removed_at__isnull=True)


class Feedback(SellerOwned):
    """One seller-feedback entry from Amazon's seller feedback report (GET_SELLER_FEEDBACK_DATA).

    Amazon allows one feedback per order, so (connection, order id) identifies it; a later report
    that shows a changed rating or comment updates the row. The rater's email in the report is
    never stored.
    """

    connection = models.ForeignKey(AmazonConnection, on_delete=models.CASCADE, related_name="feedback")
    amazon_order_id = models.CharField(max_length=32)
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback", db_index=False
    )
    marketplace_id = models.CharField(max_length=20, blank=True)
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    left_on = models.DateField(help_text="The date Amazon gives for the feedback.")
    synced_at = models.DateTimeField(default=timezone.now)
    # Amazon's report lists feedback of 1 to 3 stars that is neither removed nor struck through;
    # feedback that left it (removed by the buyer or Amazon, or revised to 4-5 stars) is kept with
    # the moment a sync found it gone, and comes back (removed_at cleared) if a later report lists it.
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()  # type: ignore[misc]  # SellerOwned's manager, with feedback's queries

    class Meta:
        verbose_name_plural = "feedback"
        ordering = ["-left_on"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "amazon_order_id"], name="one_feedback_per_order"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]
        indexes = [
            models.Index(fields=["seller", "left_on"], name="feedback_seller_day"),
            models.Index(fields=["order"], name="feedback_order", condition=models.Q(order__isnull=False)),
        ]

    NEGATIVE_AT_MOST = 2

    @property
    def is_negative(self) -> bool:
        return self.rating <= self.NEGATIVE_AT_MOST

    def __str__(self):
        return f"{self.amazon_order_id}: {self.rating}★"


class FeedbackAlert(SellerOwned):
    """Negative feedback (1-2 stars) the seller should look at: emailed once, badged until dismissed."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="alert")
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    # Dismissed by the sync because Amazon stopped listing the feedback (not by a person): reopened
    # if Amazon lists it again.
    dismissed_as_removed = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["seller", "-created_at"],
                name="feedback_alert_open",
                condition=models.Q(dismissed_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"Alert for {self.feedback}"


# The feedback sync's position and the feedback rates' daily counts (insights.feedback, .attribution).
from .feedback_models import FeedbackRateDay, FeedbackSync  # noqa: E402, F401

# The dashboard's rollup tables live in their own module; importing them here registers them.
from .rollup_models import (  # noqa: E402, F401
    CampaignOutcomeDay,
    FeedbackDay,
    OutcomeDay,
    RollupState,
    WaitingDispatches,
)
