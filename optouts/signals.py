from django.db.models.signals import post_save
from django.dispatch import receiver

from sellers.models import Seller
from sellers.signals import orders_synced

from . import services


@receiver(post_save, sender=Seller)
def give_every_new_seller_an_inbound_address(sender, instance, created, **kwargs):
    if created:
        services.inbound_address_for(instance)


@receiver(orders_synced)
def resolve_notices_waiting_for_these_orders(sender, connection, **kwargs):
    services.notices_resolve(seller=connection.seller)
    services.buyer_keys_arrived(seller=connection.seller)
