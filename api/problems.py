"""Every error of the API as an RFC 9457 problem detail (application/problem+json):
`type` (a URI naming the kind of problem, documented at that address), `title`, `status`,
`detail` in words a person can act on, `instance`, and for invalid input `errors`, one per field
(`pointer` into the body, or `parameter` of the query string)."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from .parsers import BodyTooLarge

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: str
    description: str


PROBLEM_TYPES = {
    p.slug: p
    for p in [
        ProblemType(
            "invalid-request",
            400,
            "The request is not valid",
            "A query parameter or a field of the body is missing, malformed or out of bounds, or the body is "
            "not JSON. `errors` lists each one: `parameter` names a query parameter, `pointer` a field of the body.",
        ),
        ProblemType(
            "unauthorized",
            401,
            "An API key is needed",
            "Send an active API key as `Authorization: Bearer <key>`. Owners create keys under "
            "Team and settings → API keys; a key stops working when it is revoked or its creator leaves the team.",
        ),
        ProblemType(
            "forbidden",
            403,
            "The key may not do this",
            "A read key cannot write, and a key never does more than its creator's current role allows.",
        ),
        ProblemType(
            "not-found",
            404,
            "Not found",
            "There is no such address, or the seller of the key has no such object.",
        ),
        ProblemType("method-not-allowed", 405, "Method not allowed", "The `Allow` header lists the methods here."),
        ProblemType("not-acceptable", 406, "Not acceptable", "The API answers JSON only."),
        ProblemType("body-too-large", 413, "The body is too large", "Request bodies are small JSON objects."),
        ProblemType("unsupported-media-type", 415, "Unsupported media type", "Send bodies as `application/json`."),
        ProblemType(
            "refused",
            422,
            "Refused by the seller's rules",
            "The request was understood, but the same rule that refuses it in the dashboard refused it here; "
            "`detail` and `errors` say which.",
        ),
        ProblemType(
            "idempotency-key-reused",
            422,
            "Idempotency key already used for another request",
            "An `Idempotency-Key` names one request for 24 hours: the same key with the same method, path and "
            "body replays the first response; with anything else it is refused. Use a new key for a new request.",
        ),
        ProblemType(
            "rate-limited",
            429,
            "Too many requests",
            "Each key has a rate limit. Wait the seconds the `Retry-After` header gives, then try again.",
        ),
        ProblemType("server-error", 500, "Something went wrong on our side", "Try again later; nothing was changed."),
    ]
}


def type_uri(slug: str) -> str:
    return f"{settings.SITE_URL}/api/v1/problems/{slug}/"


def problem_data(slug: str, detail: str, *, instance: str = "", errors=None, status_code: int | None = None) -> dict:
    kind = PROBLEM_TYPES[slug]
    data = {"type": type_uri(slug), "title": kind.title, "status": status_code or kind.status, "detail": detail}
    if instance:
        data["instance"] = instance
    if errors:
        data["errors"] = errors
    return data


def problem_json_response(request, slug: str, detail: str, *, status_code: int | None = None) -> JsonResponse:
    """A problem answered outside Django REST framework (an address the API does not have)."""
    data = problem_data(slug, detail, instance=request.path, status_code=status_code)
    return JsonResponse(data, status=data["status"], content_type=CONTENT_TYPE)


class InvalidParameter(exceptions.ValidationError):
    """Invalid query parameters or headers: their errors name a `parameter`, not a `pointer` into the body."""


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


# -- turning errors into problems ---------------------------------------------------------------
def field_errors(detail, *, in_query: bool, path: str = "") -> list[dict]:
    """DRF's nested error detail as a flat list: one {detail, parameter | pointer} per message."""
    if isinstance(detail, dict):
        return [
            error
            for name, inner in detail.items()
            for error in field_errors(
                inner, in_query=in_query, path=f"{path}/{name}" if name != "non_field_errors" else path
            )
        ]
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [_error(str(item), path, in_query) for item in detail]
        return [
            error
            for i, item in enumerate(detail)
            for error in field_errors(item, in_query=in_query, path=f"{path}/{i}")
        ]
    return [_error(str(detail), path, in_query)]


def _error(message: str, path: str, in_query: bool) -> dict:
    if not path:
        return {"detail": message}
    if in_query:
        return {"detail": message, "parameter": path.strip("/").split("/")[0]}
    return {"detail": message, "pointer": f"#{path}"}


def _summary(errors: list[dict]) -> str:
    named = [e.get("parameter") or e.get("pointer", "").lstrip("#/") for e in errors]
    named = [n for n in dict.fromkeys(named) if n]
    if not named:
        return " ".join(e["detail"] for e in errors[:3])
    return f"Not valid: {', '.join(named[:10])}. " + " ".join(e["detail"] for e in errors[:3])


def _django_validation(error: DjangoValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"detail": message, "pointer": f"#/{name}"} if name != "__all__" else {"detail": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"detail": message} for message in error.messages]


_SLUGS = [
    (exceptions.NotAuthenticated, "unauthorized"),
    (exceptions.AuthenticationFailed, "unauthorized"),
    (exceptions.PermissionDenied, "forbidden"),
    (exceptions.NotFound, "not-found"),
    (exceptions.MethodNotAllowed, "method-not-allowed"),
    (exceptions.NotAcceptable, "not-acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported-media-type"),
    (exceptions.Throttled, "rate-limited"),
    (exceptions.ParseError, "invalid-request"),
    (exceptions.ValidationError, "invalid-request"),
    (BodyTooLarge, "body-too-large"),
    (IdempotencyKeyReused, "idempotency-key-reused"),
]


def _slug_for(exc: exceptions.APIException) -> str:
    for cls, slug in _SLUGS:
        if isinstance(exc, cls):
            return slug
    return "invalid-request" if exc.status_code < 500 else "server-error"


def _api_problem(exc: exceptions.APIException, request) -> Response:
    slug = _slug_for(exc)
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled):
        headers["Retry-After"] = str(max(1, int(exc.wait or 1)))
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail, in_query=isinstance(exc, InvalidParameter))
        detail = _summary(errors)
    elif isinstance(exc, exceptions.ParseError):
        detail = f"The body is not valid JSON. {exc.detail}"
    elif isinstance(exc, exceptions.Throttled):
        detail = f"This API key made too many requests. Try again in {headers['Retry-After']} seconds."
    else:
        detail = str(exc.detail)
    data = problem_data(slug, detail, instance=request.path, errors=errors, status_code=exc.status_code)
    return Response(data, status=exc.status_code, headers=headers, content_type=CONTENT_TYPE)


def exception_handler(exc, context):
    """REST framework's EXCEPTION_HANDLER: every exception of an API view becomes a problem."""
    request = context["request"]
    set_rollback()
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, exceptions.APIException):
        return _api_problem(exc, request)
    if isinstance(exc, DjangoValidationError):
        errors = _django_validation(exc)
        data = problem_data("refused", " ".join(e["detail"] for e in errors), instance=request.path, errors=errors)
        return Response(data, status=422, content_type=CONTENT_TYPE)
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    data = problem_data("server-error", "The request failed on our side; try again later.", instance=request.path)
    return Response(data, status=500, content_type=CONTENT_TYPE)
