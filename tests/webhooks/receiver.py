"""A real HTTP receiver on loopback: what a seller's server is to our webhooks.

It records every request (headers, body, arrival), answers with the status the test sets
(or per request, through `answer`), and can stall, redirect or answer with a huge body.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    at: float  # time.time() on arrival


@dataclass
class Receiver:
    status: int = 200
    body: bytes = b"ok"
    stall_seconds: float = 0.0
    location: str = ""
    requests: list[Received] = field(default_factory=list)
    answer: object = None  # callable(Received) -> (status, body), overriding status/body

    def __post_init__(self):
        receiver = self
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # As production servers do (nginx, gunicorn): without it the answer's body waits for the
            # client's delayed ACK of its headers, 40 ms a request on Linux.
            disable_nagle_algorithm = True

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                received = Received(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length), time.time()
                )
                with receiver._lock:
                    receiver.requests.append(received)
                if receiver.stall_seconds:
                    time.sleep(receiver.stall_seconds)
                status, body = receiver.answer(received) if receiver.answer else (receiver.status, receiver.body)
                self.send_response(status)
                if receiver.location:
                    self.send_header("location", receiver.location)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
