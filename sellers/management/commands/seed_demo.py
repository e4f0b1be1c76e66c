from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sellers import services
from sellers.models import Membership, Seller, User

DEMO_EMAIL = "demo@feedbackhub.localhost"
DEMO_PASSWORD = "demo-password-2026"
DEMO_SELLER = "Demo Outdoor Co."


class Command(BaseCommand):
    help = "Create (or refresh) the demo user and seller for a development machine, and print the login."

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("seed_demo is for development machines; DJANGO_ENV is production.")
        with transaction.atomic():
            user, _ = User.objects.get_or_create(email=DEMO_EMAIL)
            user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True}
            )
            if not Membership.objects.filter(user=user, seller__name=DEMO_SELLER).exists():
                services.seller_create(user=user, name=DEMO_SELLER)
        seller = Seller.objects.get(name=DEMO_SELLER, membership__user=user)
        self.stdout.write(f"Demo seller: {seller.name}")
        self.stdout.write(f"Demo login:  {DEMO_EMAIL} / {DEMO_PASSWORD}")
