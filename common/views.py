from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from redis import Redis
from redis.exceptions import RedisError

from .mail import mailbox_messages


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down", and we say which
        return False, type(exc).__name__
    return True, "ok"


def _redis_ok() -> tuple[bool, str]:
    try:
        Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except RedisError as exc:
        return False, type(exc).__name__
    return True, "ok"


def tenant_exempt(reason: str):
    """Mark a function view that reads no tenant's data, with the reason (the tenant-isolation test
    requires every other view to be a SellerView)."""

    def mark(view):
        view.tenant_exempt = reason
        return view

    return mark


@tenant_exempt("reports service health, no tenant data")
def healthz(request):
    database_ok, database_state = _database_ok()
    redis_ok, redis_state = _redis_ok()
    healthy = database_ok and redis_ok
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database_state, "redis": redis_state},
        status=200 if healthy else 503,
    )


@tenant_exempt("development only; shows the machine's outgoing mail")
def dev_mailbox(request):
    """Development only: the emails the product would have sent, newest first."""
    if not settings.DEV_MAILBOX_ENABLED:
        raise Http404
    return render(request, "dev_mailbox.html", {"messages_sent": mailbox_messages()})
