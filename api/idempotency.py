"""Writes: each in one transaction, and with an `Idempotency-Key` header done at most once.

The first request with a key claims it by inserting its row, inside the write's transaction, and
stores the response there too: so the row exists exactly when the write committed. A retry with
the same key and the same method, path and body gets that response again (`Idempotent-Replayed:
true`); one with anything else is refused (422). A retry that arrives while the first is still
running waits on the row's unique index and then replays it. Rows are kept for KEEP_FOR.
"""

import functools
import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .models import IdempotentRequest
from .problems import IdempotencyKeyReused, InvalidParameter

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255
# Write responses are single small objects; a larger one is a bug, refused before it commits.
MAX_STORED_BYTES = 32 * 1024


def _valid_key(value: str) -> str:
    if not value or len(value) > MAX_KEY_LENGTH or not value.isascii() or not value.isprintable():
        raise InvalidParameter(
            {HEADER: [f"An {HEADER} is 1 to {MAX_KEY_LENGTH} printable ASCII characters, such as a UUID."]}
        )
    return value


def fingerprint(request) -> str:
    """The request as far as a retry must repeat it: method, path and the parsed body."""
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _claim(api_key, key: str, print_: str, now) -> IdempotentRequest | None:
    """The stored request with this key, when there is a live one; else None, having claimed the
    key (a row with status 0 that the caller completes before its transaction commits)."""
    stored = IdempotentRequest.objects.filter(api_key=api_key, key=key).first()
    if stored is not None and stored.created_at < now - KEEP_FOR:
        stored.delete()
        stored = None
    if stored is None:
        try:
            with transaction.atomic():
                IdempotentRequest.objects.create(
                    api_key=api_key, key=key, fingerprint=print_, status=0, body=None, created_at=now
                )
            return None
        except IntegrityError:
            # Another request with this key committed while we waited on its row: it is the first.
            stored = IdempotentRequest.objects.get(api_key=api_key, key=key)
    if stored.fingerprint != print_:
        raise IdempotencyKeyReused(
            f"The {HEADER} {key!r} was used for another request in the last 24 hours. Use a new key for a new request."
        )
    return stored


def _store(api_key, key: str, response: Response) -> None:
    body = JSONRenderer().render(response.data) if response.data is not None else b""
    if len(body) > MAX_STORED_BYTES:
        raise exceptions.APIException("The response is too large to keep for the Idempotency-Key.")
    IdempotentRequest.objects.filter(api_key=api_key, key=key).update(
        status=response.status_code, body=json.loads(body) if body else None
    )


def _replay(stored: IdempotentRequest) -> Response:
    return Response(stored.body, status=stored.status, headers={"Idempotent-Replayed": "true"})


def write(handler):
    """Decorate an API view's write method (post, delete): one transaction, idempotent by key."""

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        header = request.headers.get(HEADER)
        with transaction.atomic():
            if header is None:
                return handler(view, request, *args, **kwargs)
            key, api_key = _valid_key(header), request.auth.key
            stored = _claim(api_key, key, fingerprint(request), timezone.now())
            if stored is not None:
                return _replay(stored)
            response = handler(view, request, *args, **kwargs)
            _store(api_key, key, response)
            return response

    wrapper.is_api_write = True
    return wrapper


def forget_expired(*, now=None) -> int:
    """Delete the rows older than KEEP_FOR (hourly, from Celery beat)."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
