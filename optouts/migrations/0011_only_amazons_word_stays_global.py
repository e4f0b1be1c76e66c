"""Only Amazon's word stays in the shared table: every existing entry goes to the list of the seller
that recorded it, under its true source. Entries typed, imported or confirmed by a seller were
that seller's word; notices recorded before signatures were checked are "unverified" until
`python manage.py verify_optout_evidence` finds Amazon's signature on the stored notice and puts
them back in the shared table. Each entry taken out is recorded as a removal, with the reason."""

from django.db import migrations
from django.utils import timezone

REASON = "Moved to the seller's own list on upgrade: only a notice Amazon signed stays in the shared table."
BATCH = 1000


def to_seller_lists(apps, schema_editor):
    OptOut = apps.get_model("optouts", "OptOut")
    OptOutRemoval = apps.get_model("optouts", "OptOutRemoval")
    OrderOptOut = apps.get_model("optouts", "OrderOptOut")
    now = timezone.now()
    while True:
        batch = list(OptOut.objects.order_by("buyer_key")[:BATCH])
        if not batch:
            return
        OrderOptOut.objects.bulk_create([
            OrderOptOut(seller_id=entry.first_seller_id, amazon_order_id=entry.first_order_id,
                        buyer_key=entry.buyer_key, evidence_id=entry.evidence_id, created_at=entry.created_at,
                        source="unverified_notice" if entry.source == "amazon_notice" else entry.source)
            for entry in batch if entry.first_seller_id and entry.first_order_id
        ], ignore_conflicts=True)
        OptOutRemoval.objects.bulk_create([
            OptOutRemoval(buyer_key=entry.buyer_key, source=entry.source, first_learned_at=entry.created_at,
                          removed_at=now, reason=REASON)
            for entry in batch
        ])
        OptOut.objects.filter(buyer_key__in=[entry.buyer_key for entry in batch]).delete()


class Migration(migrations.Migration):
    dependencies = [("optouts", "0010_seller_lists_and_signed_notices")]

    operations = [migrations.RunPython(to_seller_lists, migrations.RunPython.noop)]
