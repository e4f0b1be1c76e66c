import time

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.amazon import SandboxAmazon
from demo.history import HISTORY, FastForward, history_start
from demo.models import DemoWorld
from optouts import inbound_mail
from sellers import services
from sellers.models import AmazonConnection, Membership, Seller, User

DEMO_EMAIL = "demo@feedbackhub.localhost"
DEMO_PASSWORD = "demo-password-2026"
DEMO_SELLER = "Demo Outdoor Co."


class Command(BaseCommand):
    help = (
        "Create the demo user and seller and print the login. With --sandbox, the first time: connect the "
        "seller to the sandbox Amazon and live five weeks of its history through the real pipeline (in "
        "seconds); later: give the sandbox the same world again. Either way the sandbox mails the seller's "
        "opt-out notices to its inbound address."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sandbox", help="URL of a running sandbox Amazon to connect the demo seller to")
        parser.add_argument("--fresh", action="store_true", help="forget the demo seller's history and live it again")

    def handle(self, *args, sandbox=None, fresh=False, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("seed_demo is for development machines; DJANGO_ENV is production.")
        user, seller = self.demo_seller(fresh=fresh)
        if sandbox:
            amazon = SandboxAmazon(sandbox)
            try:
                self.with_history(amazon, user, seller)
                self.route_notices(amazon, seller)
            finally:
                amazon.close()
        self.stdout.write(f"Demo seller: {seller.name}")
        self.stdout.write(f"Demo login:  {DEMO_EMAIL} / {DEMO_PASSWORD}")

    @transaction.atomic
    def demo_seller(self, *, fresh: bool) -> tuple[User, Seller]:
        user, _ = User.objects.get_or_create(email=DEMO_EMAIL)
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True})
        membership = Membership.objects.filter(user=user, seller__name=DEMO_SELLER).select_related("seller").first()
        seller = membership.seller if membership else None
        demo = DemoWorld.objects.filter(seller=seller).first() if seller else None
        if seller and (fresh or (demo is not None and demo.seeded_at is None)):
            # A history cut short (or one to live again) starts over: a new seller, a new world.
            self.stdout.write("Starting the demo seller's history again.")
            seller.delete()
            seller = None
        if seller is None:
            seller = services.seller_create(user=user, name=DEMO_SELLER)
        return user, seller

    def with_history(self, amazon: SandboxAmazon, user: User, seller: Seller) -> None:
        demo = DemoWorld.objects.filter(seller=seller).first()
        if demo is not None:
            amazon.generate_world(demo.world_generated_at)
            self.stdout.write(
                f"The demo's history is there (lived on {demo.seeded_at:%d %b %Y}); the sandbox Amazon has its world "
                f"of {demo.world_generated_at:%d %b %Y} again."
            )
            return
        start = history_start(timezone.now())
        demo = DemoWorld.objects.create(seller=seller, world_generated_at=start)
        amazon.generate_world(start)
        partner = amazon.partners()[0]
        self.stdout.write(f"Living {HISTORY.days} days of {seller.name}'s history against the sandbox Amazon...")
        started = time.perf_counter()
        forward = FastForward(amazon, seller, user, say=self.stdout.write)
        forward.run(partner, start=start)
        demo.seeded_at = timezone.now()
        demo.save(update_fields=["seeded_at"])
        lived = forward.lived
        outcomes = ", ".join(f"{n} {state}" for state, n in sorted(lived.outcomes.items()))
        self.stdout.write(
            f"Lived {HISTORY.days} days in {time.perf_counter() - started:.1f} s ({lived.steps} moments, "
            f"{lived.syncs} order syncs, {lived.feedback_syncs} feedback reports): {outcomes}."
        )

    def route_notices(self, amazon: SandboxAmazon, seller: Seller) -> None:
        """As a seller does in Seller Central's Notification Preferences: Amazon's "Buyer Opt-Out"
        notices go to the seller's inbound address (the receiver `make run` starts on port 2525)."""
        address = inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))
        for connection in AmazonConnection.objects.for_seller(seller):
            amazon.notice_recipient(connection.selling_partner_id, address)
            self.stdout.write(f"The sandbox mails {connection}'s opt-out notices to {address}.")
