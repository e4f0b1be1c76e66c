from django.db.models.signals import post_save
from django.dispatch import receiver

from sellers.models import Seller

from . import services


@receiver(post_save, sender=Seller)
def give_every_new_seller_an_inbound_address(sender, instance, created, **kwargs):
    if created:
        services.inbound_address_for(instance)
