import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from sellers.management.commands.seed_demo import DEMO_EMAIL, DEMO_SELLER

from optouts import inbound_mail
from sellers.models import AmazonConnection


class Command(BaseCommand):
    help = (
        "Development: make the sandbox Amazon mail the demo seller's opt-out notices to its inbound address, "
        "as a seller does in Seller Central's Notification Preferences."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sandbox", required=True, help="URL of the running sandbox Amazon")

    def handle(self, *args, sandbox, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("demo_notice_recipient is for development machines.")
        connection = (
            AmazonConnection.objects.filter(seller__name=DEMO_SELLER, seller__membership__user__email=DEMO_EMAIL)
            .select_related("seller")
            .first()
        )
        if connection is None:
            raise CommandError("The demo seller has no Amazon connection; run seed_demo --sandbox first.")
        address = inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(connection.seller))
        response = httpx.post(
            f"{sandbox.rstrip('/')}/_sandbox/sellers/{connection.selling_partner_id}/notification-recipient",
            json={"email": address},
            timeout=10,
        )
        response.raise_for_status()
        self.stdout.write(f"The sandbox mails {connection}'s opt-out notices to {address}.")
