"""Amazon's errors map to what the caller should do: wait, retry, re-authorize or stop."""

import json

import httpx
import pytest
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base.exceptions import get_exception_for_code

from sellers.amazon_errors import Outcome, classify, describe


def amazon_error(status, code="InvalidInput", message="Bad", details=""):
    return get_exception_for_code(status)([{"code": code, "message": message, "details": details}], headers={})


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (amazon_error(400), Outcome.PERMANENT),
        (amazon_error(404, "NotFound"), Outcome.PERMANENT),
        (
            amazon_error(
                403,
                "Unauthorized",
                "Access to requested resource is denied.",
                "The access token you provided is revoked, malformed or invalid.",
            ),
            Outcome.TOKEN_REFUSED,
        ),
        (
            amazon_error(403, "Unauthorized", "The requested solicitation is not available for this amazonOrderId."),
            Outcome.PERMANENT,
        ),
        (amazon_error(429, "QuotaExceeded"), Outcome.THROTTLED),
        (amazon_error(500, "InternalFailure"), Outcome.TRANSIENT),
        (amazon_error(503, "ServiceUnavailable"), Outcome.TRANSIENT),
        (httpx.ReadTimeout("timed out"), Outcome.TRANSIENT),
        (httpx.ConnectError("refused"), Outcome.TRANSIENT),
        (json.JSONDecodeError("Expecting value", "<html>", 0), Outcome.TRANSIENT),
        (AuthorizationError("invalid_grant", "The request has an invalid grant parameter", 400), Outcome.REVOKED),
        (AuthorizationError("server_error", "try later", 503), Outcome.TRANSIENT),
        (AuthorizationError("invalid_client", "Client authentication failed", 401), Outcome.PERMANENT),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, Outcome) else v.value,
)
def test_every_error_has_an_outcome(error, outcome):
    assert classify(error) is outcome


def test_descriptions_carry_amazons_message():
    assert describe(amazon_error(400, message="Invalid date")) == "Amazon answered 400: Invalid date"
    assert "invalid_grant" in describe(AuthorizationError("invalid_grant", "bad token", 400))
    assert describe(httpx.ReadTimeout("x")) == "Amazon did not answer in time."
