"""The seller's blocklist now stops every kind of message and shows at once: dispatches already
scheduled for a blocklisted order or buyer (critical ones included) become "blocked"."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

REASON = "The buyer is on your blocklist."


def block(apps, schema_editor):
    Dispatch = apps.get_model("campaigns", "Dispatch")
    BlockedBuyer = apps.get_model("optouts", "BlockedBuyer")
    Order = apps.get_model("sellers", "Order")
    now = timezone.now()
    for seller_id in BlockedBuyer.objects.values_list("seller_id", flat=True).distinct():
        entries = BlockedBuyer.objects.filter(seller_id=seller_id)
        orders = Order.objects.filter(seller_id=seller_id).filter(
            Q(amazon_order_id__in=entries.values("amazon_order_id"))
            | Q(buyer_key__in=entries.exclude(buyer_key="").values("buyer_key")))
        Dispatch.objects.filter(seller_id=seller_id, state="scheduled", order_id__in=orders.values("pk")).update(
            state="blocked_seller", reason=REASON, finished_at=now, updated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0005_campaign_exclude_refunded_skipped_state"),
        ("optouts", "0009_confirmed_notice_source"),
        ("sellers", "0006_estimate_missing_delivery_windows"),
    ]

    operations = [migrations.RunPython(block, migrations.RunPython.noop)]
