from django.core.management.base import BaseCommand

from common.words import counted
from optouts import inbound_mail


class Command(BaseCommand):
    help = (
        "Parse again the received mail kept as not an opt-out notice (content not yet erased), after "
        "a release that teaches the parser more: new wordings, Amazon mail for sellers to confirm."
    )

    def handle(self, *args, **options):
        def progress(done, total):
            if done % 1000 == 0 or done == total:
                self.stdout.write(f"{done:,} of {total:,} read")

        read, notices = inbound_mail.inbound_reread(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"{counted(read, 'message')} read again; {counted(notices, 'opt-out notice')} now.")
        )
