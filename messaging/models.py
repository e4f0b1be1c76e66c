from django.db import models

from sellers.models import AmazonConnection, SellerOwned


class DailySends(SellerOwned):
    """How many messages Amazon accepted for one connection on one UTC day.

    Amazon's daily cap is per selling account, and a seller's plan quota counts accepted
    messages only; both are read from here rather than counted from millions of dispatches.
    """

    connection = models.ForeignKey(AmazonConnection, on_delete=models.CASCADE, related_name="daily_sends")
    day = models.DateField()
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "daily sends"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["connection", "day"], name="one_daily_count_per_connection")]
        indexes = [models.Index(fields=["seller", "day"], name="daily_sends_seller_day")]

    def __str__(self):
        return f"{self.connection} {self.day}: {self.sent}"
