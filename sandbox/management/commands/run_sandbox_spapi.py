import io
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management.base import BaseCommand

from sandbox.app import Sandbox
from sandbox.world import World


class SandboxServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


class KeepAliveWSGIHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive in front of the WSGI app.

    wsgiref answers one request per connection, so every call paid a TCP connect and a new
    thread on both sides; Amazon keeps connections open, and so does this stand-in.
    """

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes
    app = None
    verbose = False

    def _serve(self):
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        environ = {
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": self.server.server_address[0],
            "SERVER_PORT": str(self.server.server_address[1]),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(length),
        }
        for name, value in self.headers.items():
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environ["CONTENT_TYPE"] = value
            elif key != "CONTENT_LENGTH":
                environ[f"HTTP_{key}"] = value
        reply = {}

        def start_response(status, headers, exc_info=None):
            reply["status"], reply["headers"] = status, headers

        payload = b"".join(self.app(environ, start_response))
        code, _, phrase = reply["status"].partition(" ")
        self.send_response(int(code), phrase)
        for name, value in reply["headers"]:
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

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
        parser.add_argument(
            "--feedback-share",
            type=float,
            default=0.1,
            help="share of delivered orders whose buyer left seller feedback (mostly 4-5 stars)",
        )
        parser.add_argument("--rate-scale", type=float, default=1.0, help="multiply every usage plan (rate and burst)")
        parser.add_argument("--fail-rate", type=float, default=0.0, help="share of calls answered 500/503")
        parser.add_argument("--slow-rate", type=float, default=0.0, help="share of calls answered slowly")
        parser.add_argument("--slow-seconds", type=float, default=2.0)
        parser.add_argument("--token-ttl", type=int, default=3600, help="access token lifetime in seconds")
        parser.add_argument(
            "--false-negative-rate",
            type=float,
            default=0.0,
            help="share of eligible orders for which solicitation actions come back empty",
        )
        parser.add_argument("--notice-smtp", help="host:port to mail opt-out notices to (the inbound SMTP receiver)")
        parser.add_argument("--refund-share", type=float, default=0.04, help="share of shipped orders refunded")
        parser.add_argument(
            "--report-delay-seconds", type=float, default=0.0, help="seconds Amazon takes to prepare a report"
        )
        parser.add_argument("--verbose", action="store_true", help="log every request")

    def handle(self, *args, **o):
        world = World(
            sellers=o["sellers"],
            orders=o["orders"],
            seed=o["seed"],
            optout_share=o["optout_share"],
            feedback_share=o["feedback_share"],
            refund_share=o["refund_share"],
        )
        app = Sandbox(
            world,
            rate_scale=o["rate_scale"],
            fail_rate=o["fail_rate"],
            slow_rate=o["slow_rate"],
            slow_seconds=o["slow_seconds"],
            token_ttl=o["token_ttl"],
            false_negative_rate=o["false_negative_rate"],
            seed=o["seed"],
            notice_smtp=o["notice_smtp"],
            report_delay_seconds=o["report_delay_seconds"],
        )
        handler = type("Handler", (KeepAliveWSGIHandler,), {"app": staticmethod(app), "verbose": o["verbose"]})
        server = SandboxServer((o["host"], o["port"]), handler)
        self.stdout.write(
            f"Sandbox Amazon on http://{o['host']}:{server.server_port} "
            f"({len(world.partners)} sellers, {len(world.orders)} orders, rate scale {o['rate_scale']:g})"
        )
        self.stdout.flush()
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        sys.stdout.flush()
