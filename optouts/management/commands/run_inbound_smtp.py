import signal
import threading

from django.core.management.base import BaseCommand

from optouts.smtp_receiver import ClientRateLimit, InboundController


class Command(BaseCommand):
    help = "Receive forwarded opt-out notices over SMTP at <token>@INBOUND_DOMAIN."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 in a container)")
        parser.add_argument("--port", type=int, default=2525)
        parser.add_argument("--rate", type=int, default=120, help="messages per client address per minute")

    def handle(self, *args, host, port, rate, **options):
        controller = InboundController(hostname=host, port=port, rate_limit=ClientRateLimit(limit=rate, window=60))
        controller.start()
        self.stdout.write(f"Inbound SMTP listening on {host}:{port}", ending="\n")
        self.stdout.flush()
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        signal.signal(signal.SIGINT, lambda *_: stopped.set())
        stopped.wait()
        controller.stop()
