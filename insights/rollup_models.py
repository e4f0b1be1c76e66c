"""The rollup tables behind the dashboard and the campaign funnel (kept current by insights.rollups).

Their rows are derived: the rollup task writes them from dispatches and feedback and can always
write them again, so tests and views never create them by hand. They carry the seller for
scoping (`for_seller`) but are not addressed by id, so they are not `SellerOwned` (no UUIDs,
no factories): a narrow bigint row keeps a seller's 90 days of counts small.
"""

from django.db import models

from campaigns.models import Campaign
from sellers.models import Seller, SellerOwnedQuerySet


class RollupState(models.Model):
    """Where the rollup stands; its row lock is what lets only one rollup run at a time."""

    name = models.CharField(max_length=40, primary_key=True)
    # Every dispatch that finished at or before this moment is counted in OutcomeDay (dispatches
    # committed later with an earlier finish time are picked up by the next recount of their day).
    watermark = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    recounted_at = models.DateTimeField(null=True, blank=True)
    feedback_counted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} as of {self.watermark}"


class OutcomeDay(models.Model):
    """How many of a seller's dispatches ended in one state on one UTC day, per campaign,
    marketplace and language (the language is known once a message went out; else empty)."""

    id = models.BigAutoField(primary_key=True)
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, db_index=False, related_name="+")
    day = models.DateField()
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, db_index=False, related_name="outcome_days")
    marketplace_id = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=8, blank=True)
    state = models.CharField(max_length=16)
    count = models.PositiveIntegerField()

    objects = SellerOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "day", "campaign", "marketplace_id", "language", "state"], name="outcome_day_key"
            )
        ]
        indexes = [models.Index(fields=["campaign", "day"], name="outcome_day_campaign")]

    def __str__(self):
        return f"{self.day} {self.state}: {self.count}"


class CampaignOutcomeDay(models.Model):
    """OutcomeDay summed over marketplaces and languages: what the dashboard reads (a few rows a day
    per campaign, where OutcomeDay has one per marketplace and language too)."""

    id = models.BigAutoField(primary_key=True)
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, db_index=False, related_name="+")
    day = models.DateField()
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, db_index=False, related_name="+")
    state = models.CharField(max_length=16)
    count = models.PositiveIntegerField()

    objects = SellerOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller", "day", "campaign", "state"], name="campaign_outcome_day_key")
        ]
        indexes = [models.Index(fields=["campaign"], name="campaign_outcome_day_campaign")]

    def __str__(self):
        return f"{self.day} {self.state}: {self.count}"


class WaitingDispatches(models.Model):
    """A campaign's dispatches not yet decided as of the rollup's watermark: all of them (`waiting`) and
    those already due (`due`: waiting for Amazon's rate, the daily cap or the plan's quota). Replaced as
    a whole by every rollup run, from the outbox's own indexes (no join: the open backlog can be large)."""

    id = models.BigAutoField(primary_key=True)
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, db_index=False, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, db_index=False, related_name="waiting_counts")
    waiting = models.PositiveIntegerField()
    due = models.PositiveIntegerField()

    objects = SellerOwnedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "waiting dispatches"
        constraints = [models.UniqueConstraint(fields=["campaign"], name="waiting_dispatches_key")]

    def __str__(self):
        return f"{self.campaign_id}: {self.waiting}"


class FeedbackDay(models.Model):
    """Feedback left on one day for orders a campaign had messaged before it (the message went
    out on `sent_on`, on or before that day), per marketplace and the message's language. The
    funnel reads it by `sent_on`: the feedback that followed the messages of its range."""

    id = models.BigAutoField(primary_key=True)
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, db_index=False, related_name="+")
    day = models.DateField()
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, db_index=False, related_name="feedback_days")
    marketplace_id = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=8, blank=True)
    sent_on = models.DateField(null=True)  # null only on rows counted before it existed
    received = models.PositiveIntegerField()
    negative = models.PositiveIntegerField()

    objects = SellerOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "day", "campaign", "marketplace_id", "language", "sent_on"], name="feedback_day_key"
            )
        ]
        indexes = [models.Index(fields=["campaign", "sent_on"], name="feedback_day_campaign_sent")]

    def __str__(self):
        return f"{self.day} {self.campaign_id}: {self.received}"
