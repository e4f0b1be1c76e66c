from django.core.management.base import BaseCommand

from common.words import counted
from optouts import lists


class Command(BaseCommand):
    help = (
        "Check the stored notices of opt-outs recorded before signatures were checked: those Amazon "
        "signed go back to the shared table, the others stay on their seller's own list. Run once "
        "after upgrading (docker-compose's migrate service does); it needs DNS for Amazon's keys."
    )

    def handle(self, *args, **options):
        def progress(done, total):
            if done % 1000 == 0 or done == total:
                self.stdout.write(f"{done:,} of {total:,} checked")

        checked, promoted = lists.optouts_verify_evidence(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"{counted(checked, 'opt-out')} checked; {promoted:,} signed by Amazon are back in the shared table."
            )
        )
