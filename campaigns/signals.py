from django.db.models.signals import post_save
from django.dispatch import receiver

from sellers.models import Seller

from . import services


@receiver(post_save, sender=Seller)
def give_new_seller_a_starter_campaign(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.starter_campaign_create(seller=instance)
