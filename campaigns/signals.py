from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from sellers.models import Seller
from sellers.signals import orders_synced

from . import services, tasks

# Orders per planning task: a 60-day backfill of a large seller becomes a few dozen tasks.
PLAN_BATCH = 5000


@receiver(post_save, sender=Seller)
def give_new_seller_a_starter_campaign(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.starter_campaign_create(seller=instance)


@receiver(orders_synced)
def plan_the_orders_a_sync_wrote(sender, connection, order_ids=(), **kwargs):
    """An order can become due in the past (a backfill, a late delivery date): plan what the sync
    wrote, after it commits, instead of rescanning orders on every pass."""
    ids = [str(pk) for pk in order_ids]
    for start in range(0, len(ids), PLAN_BATCH):
        batch = ids[start:start + PLAN_BATCH]
        transaction.on_commit(lambda batch=batch: tasks.plan_synced_orders.delay(batch))
