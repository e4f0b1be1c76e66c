from django.db.models.signals import post_save
from django.dispatch import receiver

from optouts.events import blocklist_changed
from sellers.models import Seller
from sellers.signals import orders_written

from . import services, tasks

# Orders per planning task: a 60-day backfill of a large seller becomes a few dozen tasks.
PLAN_BATCH = 5000


@receiver(post_save, sender=Seller)
def give_new_seller_a_starter_campaign(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.starter_campaign_create(seller=instance)


@receiver(orders_written)
def plan_the_orders_a_sync_wrote(sender, connection, order_ids=(), **kwargs):
    """An order can become due in the past (a backfill, a late delivery date): plan what a sync
    wrote once it is committed, instead of rescanning orders on every pass. The hourly lookback
    pass catches anything a lost task missed."""
    ids = [str(pk) for pk in order_ids]
    for start in range(0, len(ids), PLAN_BATCH):
        tasks.plan_synced_orders.delay(ids[start : start + PLAN_BATCH])


@receiver(blocklist_changed)
def follow_the_sellers_blocklist(sender, seller, order_ids, buyer_keys, added, **kwargs):
    """In the blocklist's own transaction: the message log, "why not?" and the dashboard show the
    change at once."""
    services.dispatches_follow_blocklist(seller=seller, order_ids=order_ids, buyer_keys=buyer_keys, added=added)
