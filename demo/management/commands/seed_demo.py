import time

import httpx
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from sellers import amazon, services, sync
from sellers.models import AUTHORIZATION_LIFETIME, AmazonConnection, Membership, Seller, User

DEMO_EMAIL = "demo@feedbackhub.localhost"
DEMO_PASSWORD = "demo-password-2026"
DEMO_SELLER = "Demo Outdoor Co."


class Command(BaseCommand):
    help = "Create (or refresh) the demo user and seller, connect it to the sandbox Amazon, and print the login."

    def add_arguments(self, parser):
        parser.add_argument("--sandbox", help="URL of a running sandbox Amazon to connect the demo seller to")

    def handle(self, *args, sandbox=None, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("seed_demo is for development machines; DJANGO_ENV is production.")
        with transaction.atomic():
            user, _ = User.objects.get_or_create(email=DEMO_EMAIL)
            user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True}
            )
            membership = Membership.objects.filter(user=user, seller__name=DEMO_SELLER).select_related("seller").first()
            seller = membership.seller if membership else services.seller_create(user=user, name=DEMO_SELLER)
        if sandbox:
            self.connect_to_sandbox(seller, sandbox)
        self.stdout.write(f"Demo seller: {seller.name}")
        self.stdout.write(f"Demo login:  {DEMO_EMAIL} / {DEMO_PASSWORD}")

    def connect_to_sandbox(self, seller: Seller, url: str) -> None:
        """Connect the demo seller to the sandbox's first selling partner and sync its orders."""
        partner = httpx.get(f"{url.rstrip('/')}/_sandbox/sellers", timeout=10).json()["sellers"][0]
        participations = (
            amazon.client(amazon.Sellers, refresh_token=partner["refresh_token"], region=partner["region"])
            .get_marketplace_participation()
            .payload
        )
        now = timezone.now()
        connection, created = AmazonConnection.objects.update_or_create(
            seller=seller,
            selling_partner_id=partner["selling_partner_id"],
            region=partner["region"],
            defaults={
                "refresh_token": partner["refresh_token"],
                "status": AmazonConnection.Status.ACTIVE,
                "status_reason": "",
                "store_name": partner["store_name"],
                "marketplace_ids": [p["marketplace"]["id"] for p in participations],
                "authorized_at": now,
                "expires_at": now + AUTHORIZATION_LIFETIME,
                # The sandbox is new on every start: sync its orders from scratch.
                "backfill_status": AmazonConnection.Backfill.PENDING,
                "orders_cursor": None,
                "sync_window_start": None,
                "sync_window_end": None,
                "sync_page_token": "",
                "enrich_after": None,
                "enrich_before": None,
                "enrich_page_token": "",
                "finance_role": AmazonConnection.FinanceRole.UNKNOWN,
            },
        )
        if not created:
            connection.orders.all().delete()
        self.stdout.write(f"Connected {connection} to the sandbox Amazon; syncing its orders...")
        for _ in range(60):
            result = sync.connection_sync(connection)
            connection.refresh_from_db()
            if result.retry_in is None:
                break
            time.sleep(min(result.retry_in, 3))
        self.stdout.write(f"Synced {connection.orders_count} orders ({connection.get_backfill_status_display()}).")
        self.fetch_feedback(connection)

    def fetch_feedback(self, connection: AmazonConnection) -> None:
        """The feedback report now, rather than at the first beat tick minutes later."""
        from insights.feedback import connection_feedback_sync

        self.stdout.write("Fetching its seller feedback report...")
        for _ in range(30):
            result = connection_feedback_sync(connection, force=True)
            if result.retry_in is None:
                break
            time.sleep(min(result.retry_in, 2))
        self.stdout.write(f"Feedback: {result.inserted} rows loaded{f' ({result.note})' if result.note else ''}.")
