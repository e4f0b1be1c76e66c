"""What an exception from an Amazon call means for the caller: wait, retry, re-authorize or give up."""

import json
from enum import Enum

import httpx
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base.exceptions import (
    SellingApiException,
    SellingApiForbiddenException,
    SellingApiGatewayTimeoutException,
    SellingApiRequestThrottledException,
    SellingApiServerException,
    SellingApiTemporarilyUnavailableException,
)


class Outcome(Enum):
    THROTTLED = "throttled"  # 429: wait for the bucket, then retry
    TRANSIENT = "transient"  # 5xx, timeouts, broken responses: retry with back-off
    TOKEN_REFUSED = "token_refused"  # 403 on the access token: refresh it once, then re-authorize
    REVOKED = "revoked"  # LWA refuses the refresh token: the seller must re-authorize
    PERMANENT = "permanent"  # anything else: record the reason, do not retry


def _amazon_message(exc: SellingApiException) -> str:
    errors = exc.error if isinstance(exc.error, list) else []
    first = errors[0] if errors else {}
    return " ".join(str(first.get(k, "")) for k in ("message", "details")).strip()


def classify(exc: BaseException) -> Outcome:
    if isinstance(exc, SellingApiRequestThrottledException):
        return Outcome.THROTTLED
    if isinstance(
        exc, SellingApiServerException | SellingApiTemporarilyUnavailableException | SellingApiGatewayTimeoutException
    ):
        return Outcome.TRANSIENT
    if isinstance(exc, httpx.TransportError | json.JSONDecodeError):
        return Outcome.TRANSIENT
    if isinstance(exc, AuthorizationError):
        if exc.status_code and (exc.status_code >= 500 or exc.status_code == 429):
            return Outcome.TRANSIENT
        if exc.error_code == "invalid_grant":
            return Outcome.REVOKED
        # invalid_client and the like: our app's LWA credentials are wrong, not the seller's
        # authorization. Pausing every seller would be wrong; an operator must act.
        return Outcome.PERMANENT
    if isinstance(exc, SellingApiForbiddenException) and "access token" in _amazon_message(exc).lower():
        return Outcome.TOKEN_REFUSED
    return Outcome.PERMANENT


def describe(exc: BaseException) -> str:
    """A sentence a seller or an operator can act on."""
    if isinstance(exc, SellingApiException):
        return f"Amazon answered {exc.code}: {_amazon_message(exc) or exc.amzn_code}"
    if isinstance(exc, AuthorizationError):
        return f"Login with Amazon refused the authorization ({exc.error_code}: {exc.message})."
    if isinstance(exc, httpx.TimeoutException):
        return "Amazon did not answer in time."
    if isinstance(exc, httpx.TransportError):
        return f"Could not reach Amazon ({type(exc).__name__})."
    if isinstance(exc, json.JSONDecodeError):
        return "Amazon sent a response that is not valid JSON."
    return f"{type(exc).__name__}: {exc}"
