from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.admin_site import APPROVED
from common.words import counted


class Command(BaseCommand):
    help = (
        "Vouch, out of band, for the second factors of a staff account so that they open the admin "
        "before ADMIN_NEW_FACTOR_DELAY has passed (for example the first staff account of a deployment). "
        "Check with the person first: a factor enrolled by someone holding only the password looks the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email, is_staff=True).first()
        if user is None:
            raise CommandError(f"No staff account {email}.")
        factors = list(Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES))
        if not factors:
            raise CommandError(f"{email} has no second factor to approve: set one up under Security first.")
        for factor in factors:
            factor.data = {**(factor.data or {}), APPROVED: timezone.now().isoformat()}
            factor.save(update_fields=["data"])
        self.stdout.write(self.style.SUCCESS(f"Approved {counted(len(factors), 'factor')} of {email} for the admin."))
