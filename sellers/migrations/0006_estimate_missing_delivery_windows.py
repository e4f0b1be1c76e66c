"""Orders synced before delivery windows were estimated (report rows) get the estimate now, so
that the planner finds them and no order waits for a date Amazon will not send; connections whose
enrichment was under way start it again as slices of creation time, newest first."""

from django.db import migrations

BATCH = 2000


def estimate_missing_windows(apps, schema_editor):
    from sellers.delivery import estimate
    from sellers.marketplaces import marketplace

    Order = apps.get_model("sellers", "Order")
    while True:
        batch = list(Order.objects.filter(latest_delivery__isnull=True, earliest_delivery__isnull=True)
                     .only("id", "marketplace_id", "fulfillment_channel", "purchased_at", "shipped_at")[:BATCH])
        if not batch:
            return
        for order in batch:
            place = marketplace(order.marketplace_id)
            order.earliest_delivery, order.latest_delivery = estimate(
                marketplace_code=place.code if place else "", fulfillment_channel=order.fulfillment_channel,
                purchased_at=order.purchased_at, shipped_at=order.shipped_at)
            order.delivery_estimated = True
        Order.objects.bulk_update(batch, ["earliest_delivery", "latest_delivery", "delivery_estimated"])


def restart_enrichment(apps, schema_editor):
    AmazonConnection = apps.get_model("sellers", "AmazonConnection")
    for connection in AmazonConnection.objects.filter(backfill_status="enriching", enrich_before__isnull=True):
        connection.enrich_after = connection.backfill_since
        connection.enrich_before = connection.orders_cursor
        connection.save(update_fields=["enrich_after", "enrich_before"])


class Migration(migrations.Migration):
    dependencies = [("sellers", "0005_delivery_windows_refunds_finance_role")]

    operations = [migrations.RunPython(estimate_missing_windows, migrations.RunPython.noop),
                  migrations.RunPython(restart_enrichment, migrations.RunPython.noop)]
