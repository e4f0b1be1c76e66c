import logging

from anymail.signals import inbound as anymail_inbound
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sellers.models import Seller
from sellers.signals import orders_synced

from . import inbound_mail, lists, tasks
from .models import OptOut

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Seller)
def give_every_new_seller_an_inbound_address(sender, instance, created, **kwargs):
    if created:
        inbound_mail.inbound_address_for(instance)


@receiver(post_delete, sender=OptOut)
def record_the_removal_of_an_optout(sender, instance, **kwargs):
    # Fires for the admin's deletes too (a queryset delete sends it per row while it has receivers);
    # optout_remove records its own, with who and why.
    if not getattr(instance, "_removal_recorded", False):
        lists.optout_removal_record(instance)


@receiver(orders_synced)
def resolve_notices_waiting_for_these_orders(sender, connection, **kwargs):
    inbound_mail.notices_resolve(seller=connection.seller)
    lists.buyer_keys_arrived(seller=connection.seller)


# -- ESP inbound webhooks (django-anymail) ----------------------------------------------------
ESP_SOURCES = {"mailgun": "mailgun", "sendgrid": "sendgrid", "postmark": "postmark"}


@receiver(anymail_inbound)
def store_mail_from_an_esp(sender, event, esp_name, **kwargs):
    """An ESP forwards a seller's mail: store it like the SMTP receiver does (signature already checked)."""
    message = event.message
    recipients = [message.envelope_recipient] if message.envelope_recipient else [a.addr_spec for a in message.to]
    source = ESP_SOURCES.get(esp_name.lower())
    if source is None:
        logger.warning("inbound: mail from unsupported ESP %s ignored", esp_name)
        return
    for recipient in recipients:
        try:
            stored, created = inbound_mail.inbound_store(
                recipient=recipient, raw=message.as_bytes(), source=source, mail_from=message.envelope_sender or ""
            )
        except inbound_mail.UnknownRecipient:
            logger.info("inbound: %s delivered mail for unknown recipient %s", esp_name, recipient)
            continue
        if created:
            tasks.enqueue_processing([stored.pk])
