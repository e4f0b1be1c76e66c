import signal
import sys
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.core.management.base import BaseCommand

from sandbox.app import Sandbox
from sandbox.world import World


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class QuietHandler(WSGIRequestHandler):
    verbose = False

    def log_message(self, format, *args):
        if self.verbose:
            super().log_message(format, *args)


class Command(BaseCommand):
    help = "Serve the local Amazon stand-in (LWA, SP-API, consent page) over HTTP."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8999)
        parser.add_argument("--sellers", type=int, default=3, help="seeded selling partners")
        parser.add_argument("--orders", type=int, default=300, help="orders per seller, spread over 90 days")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--optout-share", type=float, default=0.05, help="share of buyers who opted out")
        parser.add_argument("--rate-scale", type=float, default=1.0, help="multiply every usage plan (rate and burst)")
        parser.add_argument("--fail-rate", type=float, default=0.0, help="share of calls answered 500/503")
        parser.add_argument("--slow-rate", type=float, default=0.0, help="share of calls answered slowly")
        parser.add_argument("--slow-seconds", type=float, default=2.0)
        parser.add_argument("--token-ttl", type=int, default=3600, help="access token lifetime in seconds")
        parser.add_argument("--false-negative-rate", type=float, default=0.0,
                            help="share of eligible orders for which solicitation actions come back empty")
        parser.add_argument("--notice-smtp", help="host:port to mail opt-out notices to (the inbound SMTP receiver)")
        parser.add_argument("--verbose", action="store_true", help="log every request")

    def handle(self, *args, **o):
        world = World(sellers=o["sellers"], orders=o["orders"], seed=o["seed"], optout_share=o["optout_share"])
        app = Sandbox(world, rate_scale=o["rate_scale"], fail_rate=o["fail_rate"], slow_rate=o["slow_rate"],
                      slow_seconds=o["slow_seconds"], token_ttl=o["token_ttl"],
                      false_negative_rate=o["false_negative_rate"], seed=o["seed"], notice_smtp=o["notice_smtp"])
        QuietHandler.verbose = o["verbose"]
        server = make_server(o["host"], o["port"], app, server_class=ThreadingWSGIServer, handler_class=QuietHandler)
        self.stdout.write(f"Sandbox Amazon on http://{o['host']}:{server.server_port} "
                          f"({len(world.partners)} sellers, {len(world.orders)} orders, rate scale {o['rate_scale']:g})")
        self.stdout.flush()
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        sys.stdout.flush()
