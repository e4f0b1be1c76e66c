"""The one place the product builds python-amazon-sp-api clients.

Production talks to Amazon's regional endpoints and LWA. When SPAPI_ENDPOINT_OVERRIDE and
LWA_TOKEN_URL_OVERRIDE are set (the sandbox, in development and tests), the same clients are
pointed there: this is the smallest hook the library allows, a marketplace-like object carrying
the endpoint and an AccessTokenClient subclass carrying the LWA URL. The library derives the
Host header as endpoint[8:], which is wrong for http:// URLs, so the override also fixes the
header. Every response passes through one hook that turns a 5xx or 429 without Amazon's
JSON error body into an exception too, so an HTML error page is never taken for success.
"""

import os
import threading
import time
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import httpx
from cachetools import TTLCache
from django.conf import settings
from sp_api.api import (
    FinancesV20240619,
    Messaging,
    OrdersV20260101,
    Reports,
    Sellers,
    Solicitations,
    Tokens,
)
from sp_api.auth import AccessTokenClient
from sp_api.auth import access_token_client as _token_module
from sp_api.auth._core import build_cache_key
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base._transport_httpx import HttpxTransport
from sp_api.base.credential_provider import CredentialProvider
from sp_api.base.exceptions import SellingApiException, get_exception_for_code

from common.backoff import backoff_seconds
from common.ratelimit import Buckets

from .amazon_errors import Outcome, classify, describe

__all__ = [
    "AuthorizationError",
    "SellingApiException",
    "FinancesV20240619",
    "Messaging",
    "OrdersV20260101",
    "Reports",
    "Sellers",
    "Solicitations",
    "Tokens",
    "REGIONS",
    "client",
    "exchange_authorization_code",
    "forget_access_token",
    "consent_url",
    "call_amazon",
    "RetryLater",
    "Unauthorized",
]


@dataclass(frozen=True)
class Region:
    code: str
    endpoint: str
    aws_region: str
    default_marketplace: str
    seller_central: str


REGIONS = {
    "NA": Region(
        "NA",
        "https://sellingpartnerapi-na.amazon.com",
        "us-east-1",
        "ATVPDKIKX0DER",
        "https://sellercentral.amazon.com",
    ),
    "EU": Region(
        "EU",
        "https://sellingpartnerapi-eu.amazon.com",
        "eu-west-1",
        "A1PA6795UKMFR9",
        "https://sellercentral-europe.amazon.com",
    ),
    "FE": Region(
        "FE",
        "https://sellingpartnerapi-fe.amazon.com",
        "us-west-2",
        "A1VC38T7YXB528",
        "https://sellercentral.amazon.co.jp",
    ),
}


def _request_timeout() -> httpx.Timeout:
    seconds = float(settings.SPAPI_TIMEOUT_SECONDS)
    return httpx.Timeout(seconds, connect=min(10.0, seconds))


class _SharedTokenCache(TTLCache):
    """The library's access-token cache, big enough for every seller and safe across threads.

    Its default keeps 10 tokens: with more sellers than that, every call fetched a fresh token
    from Login with Amazon first (measured: a third of a sender's time, and twice the calls).
    Tokens live an hour; the library's 3,200 s keeps a margin.
    """

    def __init__(self):
        super().__init__(maxsize=100_000, ttl=3200)
        self._lock = threading.RLock()

    def __getitem__(self, key):
        with self._lock:
            return super().__getitem__(key)

    def __setitem__(self, key, value):
        with self._lock:
            super().__setitem__(key, value)

    def __delitem__(self, key):
        with self._lock:
            super().__delitem__(key)


if not isinstance(_token_module.cache, _SharedTokenCache):
    _token_module.cache = _SharedTokenCache()


def _raise_for_bare_errors(response: httpx.Response) -> None:
    if response.status_code == 429 or response.status_code >= 500:
        response.read()
        try:
            has_errors = bool(response.json().get("errors"))
        except ValueError:
            has_errors = False
        if not has_errors:
            raise get_exception_for_code(response.status_code)(
                [{"code": str(response.status_code), "message": response.text[:200] or response.reason_phrase}],
                headers=response.headers,
            )


@cache
def _ssl_context():
    # Building a context reads the CA bundle: tens of milliseconds. One per process serves every
    # client, including the throwaway transports the library builds in its constructors.
    return httpx.create_ssl_context()


_transports: dict[tuple, HttpxTransport] = {}


def _transport() -> HttpxTransport:
    """The process's one HTTP client (thread-safe, pooled); a forked worker builds its own."""
    key = (os.getpid(), settings.SPAPI_TIMEOUT_SECONDS)
    if key not in _transports:
        _transports[key] = HttpxTransport(
            client=httpx.Client(
                timeout=_request_timeout(),
                verify=_ssl_context(),
                event_hooks={"response": [_raise_for_bare_errors]},
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
            )
        )
    return _transports[key]


def _lwa_client_class() -> type[AccessTokenClient]:
    override = settings.LWA_TOKEN_URL_OVERRIDE
    if not override:
        return AccessTokenClient
    parts = urlsplit(override)
    return _lwa_override(f"{parts.scheme}://", parts.netloc, parts.path or "/auth/o2/token")


@cache
def _lwa_override(scheme: str, host: str, path: str) -> type[AccessTokenClient]:
    return type("OverriddenAccessTokenClient", (AccessTokenClient,), {"scheme": scheme, "host": host, "path": path})


@cache
def _with_host_header(api_class):
    def headers(self):
        values = super(cls, self).headers
        values["host"] = urlsplit(self.endpoint).netloc
        return values

    cls = type(f"Overridden{api_class.__name__}", (api_class,), {"headers": property(headers)})
    return cls


def _credentials() -> dict:
    return {
        "lwa_app_id": settings.SPAPI_LWA_APP_ID or "sandbox-app",
        "lwa_client_secret": settings.SPAPI_LWA_CLIENT_SECRET or "sandbox-secret",
    }


def client(api_class, *, refresh_token: str, region: str, marketplace_id: str | None = None):
    """An SP-API client of `api_class` for one seller authorization in one region."""
    spec = REGIONS[region]
    endpoint = settings.SPAPI_ENDPOINT_OVERRIDE.rstrip("/") or spec.endpoint
    marketplace = SimpleNamespace(
        endpoint=endpoint, marketplace_id=marketplace_id or spec.default_marketplace, region=spec.aws_region
    )
    cls = _with_host_header(api_class) if settings.SPAPI_ENDPOINT_OVERRIDE else api_class
    instance = cls(
        marketplace,
        refresh_token=refresh_token,
        credentials=_credentials(),
        auth_token_client_class=_lwa_client_class(),
        timeout=_request_timeout(),
        verify=_ssl_context(),
    )
    instance._transport = _transport()
    instance._auth._transport = _transport()
    return instance


def exchange_authorization_code(code: str) -> dict:
    """Trade the spapi_oauth_code from the consent redirect for a refresh token (within 5 minutes)."""
    lwa = _lwa_client_class()(
        credentials=CredentialProvider(credentials=_credentials()).credentials, verify=_ssl_context()
    )
    lwa._transport = _transport()
    return lwa.authorize_auth_code(code)


def forget_access_token(refresh_token: str) -> None:
    """Drop the library's cached access token (process-wide, keyed by refresh token) after Amazon refused it."""
    _token_module.cache.pop(build_cache_key(refresh_token), None)


def consent_url(*, region: str, state: str, redirect_uri: str) -> str:
    base = settings.SPAPI_ENDPOINT_OVERRIDE.rstrip("/") or REGIONS[region].seller_central
    query = {
        "application_id": settings.SPAPI_APP_ID or "amzn1.sp.solution.sandbox",
        "state": state,
        "redirect_uri": redirect_uri,
    }
    if settings.SPAPI_APP_IS_DRAFT:
        query["version"] = "beta"
    return f"{base}/apps/authorize/consent?{urlencode(query)}"


# Amazon's default usage plans (requests per second, burst) for the operations we call.
USAGE_PLANS: dict[str, tuple[float, int]] = {
    "getMarketplaceParticipations": (0.016, 15),
    "searchOrders": (0.0056, 20),
    "getOrder": (0.5, 30),
    "createReport": (0.0167, 15),
    "getReport": (2.0, 15),
    "getReportDocument": (0.0167, 15),
    "getSolicitationActionsForOrder": (1.0, 5),
    "createProductReviewAndSellerFeedbackSolicitation": (1.0, 5),
    "getMessagingActionsForOrder": (1.0, 5),
    "GetAttributes": (1.0, 5),
    "createConfirmDeliveryDetails": (1.0, 5),
    "confirmCustomizationDetails": (1.0, 5),
    "createUnexpectedProblem": (1.0, 5),
    "CreateWarranty": (1.0, 5),
    "createConfirmOrderDetails": (1.0, 5),
    "createConfirmServiceDetails": (1.0, 5),
    "createLegalDisclosure": (1.0, 5),
    "createDigitalAccessKey": (1.0, 5),
    "listTransactions": (0.5, 10),
}


def buckets():
    return Buckets(USAGE_PLANS, prefix="spapi")


# -- calling Amazon under the shared rate limits ---------------------------------------------------
MAX_INLINE_WAIT = 5.0
TRANSIENT_TRIES = 4


class RetryLater(Exception):
    def __init__(self, seconds: float, reason: str):
        super().__init__(reason)
        self.seconds, self.reason = seconds, reason


class Unauthorized(Exception):
    """The seller's authorization no longer works; the connection needs re-authorization."""


@dataclass
class _Attempts:
    transient_failures: int = 0
    token_refreshed: bool = False


def call_amazon(connection, operation: str, function, *args, sleep=time.sleep, **kwargs):
    """Call one SP-API operation under the shared rate limit, with the retries that help."""
    rate_buckets = buckets()
    partner = connection.rate_key
    attempts = _Attempts()
    while True:
        taken = rate_buckets.take(partner, operation)
        if not taken.ok:
            if taken.wait > MAX_INLINE_WAIT:
                raise RetryLater(taken.wait, f"Waiting for Amazon's {operation} quota.")
            sleep(taken.wait)
            continue
        try:
            response = function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - classified below; what no retry helps is raised again
            wait = _wait_before_retry(connection, operation, exc, rate_buckets, attempts)
            if wait:
                sleep(wait)
            continue
        rate_buckets.adapt(partner, operation, (response.headers or {}).get("x-amzn-RateLimit-Limit"))
        return response


def _wait_before_retry(connection, operation: str, exc: Exception, rate_buckets, attempts: _Attempts) -> float:
    """Seconds to wait before calling again after `exc`; raises when calling again now cannot help."""
    outcome = classify(exc)
    if outcome is Outcome.THROTTLED:
        headers = getattr(exc, "headers", None) or {}
        rate_buckets.adapt(connection.rate_key, operation, headers.get("x-amzn-RateLimit-Limit"))
        pause = rate_buckets.back_off(connection.rate_key, operation)
        if pause > MAX_INLINE_WAIT:
            raise RetryLater(pause, f"Amazon throttled {operation}.") from exc
        return 0.0  # the next take waits for the bucket
    if outcome is Outcome.TOKEN_REFUSED and not attempts.token_refreshed:
        forget_access_token(connection.refresh_token)
        attempts.token_refreshed = True
        return 0.0
    if outcome in (Outcome.REVOKED, Outcome.TOKEN_REFUSED):
        raise Unauthorized(describe(exc)) from exc
    if outcome is Outcome.TRANSIENT:
        attempts.transient_failures += 1
        if attempts.transient_failures < TRANSIENT_TRIES:
            return backoff_seconds(attempts.transient_failures, base=0.2, cap=MAX_INLINE_WAIT)
        raise RetryLater(30, describe(exc)) from exc
    raise exc
