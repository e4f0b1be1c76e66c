from django.db import migrations

# Sellers created before campaigns existed get the starter draft new sellers get.
STARTER = {
    "name": "Request a Review after delivery", "kind": "review_request", "state": "draft", "priority": 100,
    "trigger": "delivered", "delay_minutes": 7 * 24 * 60, "send_days": [0, 1, 2, 3, 4, 5, 6],
    "send_from_hour": 9, "send_until_hour": 18,
}


def add_starter_campaigns(apps, schema_editor):
    Seller = apps.get_model("sellers", "Seller")
    Campaign = apps.get_model("campaigns", "Campaign")
    for seller in Seller.objects.filter(campaign__isnull=True):
        Campaign.objects.create(seller=seller, **STARTER)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]
    operations = [migrations.RunPython(add_starter_campaigns, migrations.RunPython.noop)]
