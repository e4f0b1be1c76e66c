"""The sandbox's HTTP plumbing: requests, JSON replies, Amazon's error bodies, token buckets."""

import json
import threading
import time
from datetime import UTC, datetime
from urllib.parse import parse_qs

from .usage_plans import USAGE_PLANS


class RawJSON(str):
    """Already-serialized JSON to splice into a response as it is."""


def dump_json(body) -> str:
    """json.dumps that splices RawJSON values in without decoding and encoding them again."""
    if (
        isinstance(body, dict)
        and isinstance(body.get("orders"), list)
        and body["orders"]
        and isinstance(body["orders"][0], RawJSON)
    ):
        rest = json.dumps({k: v for k, v in body.items() if k != "orders"})
        return '{"orders": [' + ",".join(body["orders"]) + "]" + ("" if rest == "{}" else ", " + rest[1:])
    return json.dumps(body)


class Reply(Exception):
    """Raised by handlers to answer at once (errors, mostly)."""

    def __init__(self, status: int, body, headers: dict | None = None):
        self.status, self.body, self.headers = status, body, headers or {}


def error(status: int, code: str, message: str, details: str = "") -> Reply:
    body = {"errors": [{"code": code, "message": message, "details": details}]}
    return Reply(status, body, {"x-amzn-ErrorType": code})


class TokenBuckets:
    def __init__(self, scale: float, clock=time.monotonic):
        self.scale, self.clock = scale, clock
        self._state: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def plan(self, operation: str) -> tuple[float, float]:
        rate, burst = USAGE_PLANS[operation]
        return rate * self.scale, max(1.0, burst * self.scale)

    def take(self, partner_id: str, operation: str) -> bool:
        rate, burst = self.plan(operation)
        with self._lock:
            now = self.clock()
            tokens, last = self._state.get((partner_id, operation), (burst, now))
            # A clock set back (sandbox.clock) gives no quota back and takes none away.
            tokens = min(burst, tokens + max(0.0, now - last) * rate)
            if tokens < 1:
                self._state[(partner_id, operation)] = (tokens, now)
                return False
            self._state[(partner_id, operation)] = (tokens - 1, now)
            return True


class Request:
    def __init__(self, environ):
        self.method = environ["REQUEST_METHOD"]
        self.path = environ.get("PATH_INFO", "/")
        self.query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        self.headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if "CONTENT_TYPE" in environ:
            self.headers["content-type"] = environ["CONTENT_TYPE"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        self.body = environ["wsgi.input"].read(length) if length else b""
        self.base_url = f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST') or environ['SERVER_NAME'] + ':' + environ['SERVER_PORT']}"

    def one(self, name: str, default=None):
        values = self.query.get(name)
        return values[0] if values else default

    def many(self, *names: str) -> list[str]:
        """An array query parameter: repeated, comma-separated, or both; under any of its spellings."""
        values = []
        for name in names:
            for value in self.query.get(name, []):
                values.extend(v for v in value.split(",") if v and v not in values)
        return values

    def json(self):
        if not self.body:
            return {}
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise error(400, "InvalidInput", "The request body is not valid JSON.") from exc

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode("utf-8", "replace")).items()}


def parse_time(value: str | None, name: str):
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise error(400, "InvalidInput", f"{name} must be an ISO 8601 date-time.") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


STATUS_TEXT = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
