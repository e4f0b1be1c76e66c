"""The one way webhooks reach the outside: an HTTP client that cannot be turned on us.

- Every request has one deadline for all of it (connecting, TLS, sending, the answer), not a
  timeout per read that a receiver dribbling a byte at a time could stretch forever.
- Redirects are never followed: the URL the owner gave is the only one we call.
- The host name is resolved here, every address it resolves to is checked, and the connection
  goes to the checked address (the Host header and TLS name stay the URL's). A name that resolves
  to a loopback, private, link-local, shared, reserved or otherwise non-global address is refused,
  so a second lookup that answers differently (DNS rebinding) has nothing to rebind.
  WEBHOOK_ALLOW_LOOPBACK lets development and tests reach 127.0.0.1 and ::1, and nothing else.
- At most RESPONSE_READ_LIMIT bytes of an answer are read, undecoded (a compressed answer is
  never inflated), and the environment's proxy settings are ignored.
"""

import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass

import httpcore
import httpx

RESPONSE_READ_LIMIT = 16 * 1024
RESPONSE_KEPT = 1000  # characters of an answer kept in the delivery log
USER_AGENT = "FeedbackHub-Webhooks/1.0"

_deadline = threading.local()


class AddressRefused(Exception):
    """The URL's host resolves to an address webhooks never call."""


def address_allowed(address: str, *, allow_loopback: bool) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone index is not part of the address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return allow_loopback
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int, *, allow_loopback: bool) -> str:
    """The address to connect to for `host`, after checking every address it resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"the name {host} does not resolve ({exc.strerror})") from exc
    addresses = [str(info[4][0]) for info in infos]
    refused = [a for a in addresses if not address_allowed(a, allow_loopback=allow_loopback)]
    if refused or not addresses:
        raise AddressRefused(
            f"{host} resolves to {refused[0] if refused else 'no address'}, a private or local address: "
            "webhooks only go to public internet addresses."
        )
    return addresses[0]


def _remaining(timeout: float | None) -> float | None:
    """The operation's timeout, cut to what is left of the request's deadline."""
    at = getattr(_deadline, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _remaining(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _remaining(timeout)))

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    def __init__(self, *, allow_loopback: bool):
        self._inner = httpcore.SyncBackend()
        self._allow_loopback = allow_loopback

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        address = resolve(host, port, allow_loopback=self._allow_loopback)
        stream = self._inner.connect_tcp(address, port, _remaining(timeout), local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise AddressRefused("webhooks do not use local sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass
class Answer:
    status: int | None = None
    body: str = ""
    error: str = ""
    duration_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Sender:
    """A pooled client for many threads. `post` never raises for what the receiver does."""

    def __init__(self, *, timeout: float, allow_loopback: bool, connections: int = 64):
        self.timeout = timeout
        transport = httpx.HTTPTransport(trust_env=False)
        # The transport's own pool, with our backend: the one place connections are opened.
        transport._pool = httpcore.ConnectionPool(
            ssl_context=ssl.create_default_context(),
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=30.0,
            network_backend=_GuardedBackend(allow_loopback=allow_loopback),
        )
        self.client = httpx.Client(
            transport=transport, trust_env=False, follow_redirects=False, timeout=httpx.Timeout(timeout)
        )

    def close(self) -> None:
        self.client.close()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Answer:
        started = time.monotonic()
        _deadline.at = started + self.timeout
        answer = Answer()
        try:
            headers = {"content-type": "application/json", "user-agent": USER_AGENT, **headers}
            headers["accept-encoding"] = "identity"
            with self.client.stream("POST", url, content=body, headers=headers) as response:
                answer.status = response.status_code
                answer.body = _read_bounded(response)
            if 300 <= response.status_code < 400:
                answer.error = f"answered {response.status_code}: redirects are not followed"
        except AddressRefused as exc:
            answer.error = f"refused: {exc}"
        except httpx.TimeoutException:
            answer.error = f"no answer within {self.timeout:g} seconds"
        except httpx.HTTPError as exc:
            answer.error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        finally:
            _deadline.at = None
            answer.duration_ms = int((time.monotonic() - started) * 1000)
        answer.error = answer.error[:500]
        return answer


def _read_bounded(response: httpx.Response) -> str:
    kept = bytearray()
    for chunk in response.iter_raw():
        kept += chunk[: RESPONSE_READ_LIMIT - len(kept)]
        if len(kept) >= RESPONSE_READ_LIMIT:
            break  # the rest is never read: closing the response drops the connection
    return kept.decode("utf-8", errors="replace")[:RESPONSE_KEPT]
