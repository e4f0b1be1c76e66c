import time
import uuid

from django.core.management.base import BaseCommand, CommandError

from common.words import counted
from insights import attribution, feedback
from sellers.models import AmazonConnection


class Command(BaseCommand):
    help = (
        "Sync seller feedback from Amazon's feedback report now, waiting while Amazon prepares it "
        "(for operators and the demo; workers never wait: the beat's tick and the task come back later)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--connection", help="id of one Amazon connection (default: every active one)")
        parser.add_argument("--seller", help="name of a seller: its active connections")
        parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for Amazon's reports")

    def handle(self, *args, connection=None, seller=None, timeout=300, **options):
        connections = AmazonConnection.objects.filter(status=AmazonConnection.Status.ACTIVE).select_related("seller")
        if connection:
            try:
                connections = connections.filter(pk=uuid.UUID(connection))
            except ValueError as exc:
                raise CommandError(f"{connection} is not a connection id.") from exc
        if seller:
            connections = connections.filter(seller__name=seller)
        connections = list(connections)
        if not connections:
            raise CommandError("No active Amazon connection matches.")
        for one in connections:
            deadline = time.monotonic() + timeout
            results = [feedback.connection_feedback_sync(one, force=True)]
            while results[-1].retry_in is not None and time.monotonic() < deadline:
                time.sleep(min(max(results[-1].retry_in, 1), 10, max(0.0, deadline - time.monotonic())))
                results.append(feedback.connection_feedback_sync(one))
            loaded = sum(r.loaded for r in results)
            if loaded:
                attribution.refresh_feedback_rates(one.seller)
            last = results[-1]
            waiting = " Amazon is still preparing a report; the next sync picks it up." if last.retry_in else ""
            problem = f" {last.note}" if last.note and not last.retry_in else ""
            self.stdout.write(
                f"{one}: {counted(loaded, 'report')} loaded, {sum(r.inserted for r in results):,} new feedback, "
                f"{counted(sum(len(r.alerts) for r in results), 'new alert')}.{problem}{waiting}"
            )
