"""Orders synced before delivery windows were estimated (report rows) get the estimate now, so
that the planner finds them and no order waits for a date Amazon will not send; connections with
such orders read them again from searchOrders (newest first) for Amazon's own window.

Not atomic: each batch commits on its own, so a large table is never locked whole.
"""

from django.db import migrations, transaction
from django.db.models import Min
from django.utils import timezone

BATCH = 2000


def estimate_missing_windows(apps, schema_editor):
    from sellers.delivery import estimate
    from sellers.marketplaces import marketplace

    Order = apps.get_model("sellers", "Order")
    last = None
    while True:
        rows = Order.objects.filter(latest_delivery__isnull=True, earliest_delivery__isnull=True).order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        batch = list(rows.only("id", "marketplace_id", "fulfillment_channel", "purchased_at", "shipped_at")[:BATCH])
        if not batch:
            return
        for order in batch:
            place = marketplace(order.marketplace_id)
            order.earliest_delivery, order.latest_delivery = estimate(
                marketplace_code=place.code if place else "", fulfillment_channel=order.fulfillment_channel,
                purchased_at=order.purchased_at, shipped_at=order.shipped_at)
            order.delivery_estimated = True
        with transaction.atomic():
            Order.objects.bulk_update(batch, ["earliest_delivery", "latest_delivery", "delivery_estimated"])
        last = batch[-1].pk


def enrich_estimated_orders(apps, schema_editor):
    AmazonConnection = apps.get_model("sellers", "AmazonConnection")
    Order = apps.get_model("sellers", "Order")
    now = timezone.now()
    oldest = dict(Order.objects.filter(delivery_estimated=True).values("connection_id")
                  .annotate(oldest=Min("purchased_at")).values_list("connection_id", "oldest"))
    for connection in AmazonConnection.objects.filter(pk__in=list(oldest)).exclude(status="disconnected"):
        if connection.backfill_status == "enriching" and connection.enrich_before is not None:
            continue
        if connection.backfill_status not in ("enriching", "done"):
            continue  # its backfill is still loading the report: enrichment follows on its own
        connection.backfill_status = "enriching"
        connection.backfill_since = connection.backfill_since or oldest[connection.pk]
        connection.enrich_after = min(oldest[connection.pk], connection.backfill_since)
        connection.enrich_before = connection.orders_cursor or now
        connection.enrich_page_token = ""
        connection.save(update_fields=["backfill_status", "backfill_since", "enrich_after", "enrich_before",
                                       "enrich_page_token"])


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("sellers", "0005_delivery_windows_refunds_finance_role")]

    operations = [migrations.RunPython(estimate_missing_windows, migrations.RunPython.noop),
                  migrations.RunPython(enrich_estimated_orders, migrations.RunPython.noop)]
