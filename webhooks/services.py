"""Business rules for webhook endpoints: adding, changing and removing them, their secrets, the
test event, replays, and the email to owners when a failing endpoint is disabled.

Every change to a seller's endpoints holds the seller's endpoint lock and rewrites, in the same
transaction, which event types the event log records for the seller (eventlog.Subscription):
events are written exactly for the types some enabled endpoint wants.
"""

import ipaddress
import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection as db_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from eventlog import types as event_types
from eventlog.models import Event
from eventlog.services import subscriptions_replace
from eventlog.signals import events_recorded
from sellers.models import Membership, Role

from . import payloads
from .http import address_allowed
from .models import Delivery, Endpoint

logger = logging.getLogger(__name__)

MAX_ENDPOINTS = 20
URL_MAX_LENGTH = 2000
ENDPOINT_LOCK_SPACE = 7403


def overlap() -> timedelta:
    return timedelta(hours=settings.WEBHOOK_SECRET_OVERLAP_HOURS)


# -- what an owner may enter ---------------------------------------------------------------------
def url_problem(url: str) -> str:
    """Why this URL cannot be an endpoint, in plain words, or "" when it can. The address it
    resolves to is checked again at every connection (webhooks.http): this only catches the
    mistakes that need no DNS."""
    if len(url) > URL_MAX_LENGTH:
        return f"Use a URL of at most {URL_MAX_LENGTH} characters."
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Enter a full web address, starting with https://."
    if parts.scheme != "https" and settings.WEBHOOK_REQUIRE_HTTPS:
        return "Use an https:// address: events carry your business data and must travel encrypted."
    try:
        port = parts.port
    except ValueError:
        return "The port in this address is not a number between 1 and 65535."
    if port == 0:
        return "The port in this address is not a number between 1 and 65535."
    host = parts.hostname
    if host == "localhost" or host.endswith(".localhost"):
        host = "127.0.0.1"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return ""
    if not address_allowed(str(ip), allow_loopback=settings.WEBHOOK_ALLOW_LOOPBACK):
        return "This address is private or local: webhooks only go to public internet addresses."
    return ""


def url_display(url: str, fmt: str) -> str:
    """The URL with what may be secret hidden: a query string, a Slack webhook's path."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    path = parts.path
    if fmt == Endpoint.Format.SLACK and path.count("/") > 1:
        path = path.rsplit("/", 1)[0] + "/…"
    shown = f"{parts.scheme}://{host}{path}" + ("?…" if parts.query else "")
    return shown[:300]


def clean_event_types(values) -> list[str]:
    chosen = [t for t in event_types.SUBSCRIBABLE if t in set(values)]
    if not chosen:
        raise ValidationError({"event_types": "Choose at least one event."})
    return chosen


# -- endpoints -------------------------------------------------------------------------------------
def _lock_endpoints_of(seller_id) -> None:
    """Until the transaction ends: one change to a seller's endpoints at a time."""
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [ENDPOINT_LOCK_SPACE, str(seller_id)])


def sync_subscriptions(seller_id) -> None:
    """The event log records for the seller exactly the types its enabled endpoints want."""
    wanted: set[str] = set()
    for types in Endpoint.objects.filter(seller_id=seller_id, enabled=True).values_list("event_types", flat=True):
        wanted.update(types)
    subscriptions_replace(seller_id, wanted)


def _check(url: str, fmt: str) -> None:
    problem = url_problem(url)
    if problem:
        raise ValidationError({"url": problem})
    if fmt not in Endpoint.Format.values:
        raise ValidationError({"format": "Choose where the events go."})


@transaction.atomic
def endpoint_create(
    *, seller, url: str, format: str, event_types: list[str], description: str = "", user=None
) -> Endpoint:
    url = url.strip()
    _check(url, format)
    chosen = clean_event_types(event_types)
    _lock_endpoints_of(seller.pk)
    if Endpoint.objects.for_seller(seller).count() >= MAX_ENDPOINTS:
        raise ValidationError(f"A seller can have at most {MAX_ENDPOINTS} endpoints: remove one you no longer use.")
    endpoint = Endpoint.objects.create(
        seller=seller,
        url=url,
        url_display=url_display(url, format),
        format=format,
        description=description.strip()[:200],
        event_types=chosen,
        secret=payloads.new_secret(),
        created_by=user,
    )
    sync_subscriptions(seller.pk)
    return endpoint


@transaction.atomic
def endpoint_update(
    *, endpoint: Endpoint, url: str, format: str, event_types: list[str], description: str = ""
) -> Endpoint:
    url = url.strip()
    _check(url, format)
    chosen = clean_event_types(event_types)
    _lock_endpoints_of(endpoint.seller_id)
    endpoint.url, endpoint.url_display, endpoint.format = url, url_display(url, format), format
    endpoint.event_types, endpoint.description = chosen, description.strip()[:200]
    endpoint.updated_at = timezone.now()
    endpoint.save(update_fields=["url", "url_display", "format", "event_types", "description", "updated_at"])
    sync_subscriptions(endpoint.seller_id)
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint: Endpoint) -> None:
    _lock_endpoints_of(endpoint.seller_id)
    endpoint.delete()
    sync_subscriptions(endpoint.seller_id)


@transaction.atomic
def endpoint_enable(*, endpoint: Endpoint, now: datetime | None = None) -> Endpoint:
    """Back on: what waited while it was off goes first, in order."""
    now = now or timezone.now()
    _lock_endpoints_of(endpoint.seller_id)
    locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    waiting = Delivery.objects.filter(endpoint=locked, state=Delivery.State.PENDING).exists()
    locked.enabled, locked.disabled_reason, locked.disabled_at, locked.failing_since = True, "", None, None
    locked.due_at = now if waiting else None
    locked.updated_at = now
    locked.save(update_fields=["enabled", "disabled_reason", "disabled_at", "failing_since", "due_at", "updated_at"])
    sync_subscriptions(endpoint.seller_id)
    if waiting:
        _wake_on_commit()
    return locked


@transaction.atomic
def endpoint_disable(*, endpoint: Endpoint, reason: str, now: datetime | None = None) -> Endpoint:
    now = now or timezone.now()
    _lock_endpoints_of(endpoint.seller_id)
    Endpoint.objects.filter(pk=endpoint.pk).update(
        enabled=False, disabled_reason=reason[:500], disabled_at=now, updated_at=now
    )
    sync_subscriptions(endpoint.seller_id)
    endpoint.refresh_from_db()
    return endpoint


def secret_rotate(*, endpoint: Endpoint, now: datetime | None = None) -> Endpoint:
    """A new signing secret; the old one keeps signing beside it for the overlap, so receivers
    can switch without losing an event."""
    now = now or timezone.now()
    endpoint.previous_secret, endpoint.previous_secret_until = endpoint.secret, now + overlap()
    endpoint.secret, endpoint.updated_at = payloads.new_secret(), now
    endpoint.save(update_fields=["previous_secret", "previous_secret_until", "secret", "updated_at"])
    return endpoint


def secrets_in_force(endpoint: Endpoint, now: datetime) -> list[str]:
    in_force = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        in_force.append(endpoint.previous_secret)
    return [s for s in in_force if s]


def _wake_on_commit() -> None:
    """A deliverer looks at once, as for newly recorded events."""
    transaction.on_commit(lambda: events_recorded.send(sender=Event, count=1), robust=True)


def make_due(endpoint_ids, now: datetime) -> None:
    """Endpoints that were idle have work now. Under their row locks, like every change of
    `due_at`: a deliverer finishing with one waits for this, then sees the new delivery."""
    ids = sorted({str(i) for i in endpoint_ids})
    if not ids:
        return
    list(Endpoint.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    Endpoint.objects.filter(pk__in=ids, due_at__isnull=True).update(due_at=now)


@transaction.atomic
def endpoint_send_test(*, endpoint: Endpoint, now: datetime | None = None) -> Delivery:
    """A `webhook.test` event for this endpoint only, delivered like any other."""
    now = now or timezone.now()
    if not endpoint.enabled:
        raise ValidationError("Turn the endpoint on first: a disabled endpoint is sent nothing.")
    event = Event.objects.create(
        seller_id=endpoint.seller_id,
        type=event_types.WEBHOOK_TEST,
        data={"seller_id": str(endpoint.seller_id), "endpoint_id": str(endpoint.pk), "message": "It works."},
        created_at=now,
        fanned_out_at=now,
    )
    delivery = Delivery.objects.create(
        seller_id=endpoint.seller_id,
        endpoint=endpoint,
        event=event,
        event_seq=event.pk,
        event_type=event.type,
        next_attempt_at=now,
        pending_since=now,
        created_at=now,
    )
    make_due([endpoint.pk], now)
    _wake_on_commit()
    return delivery


@transaction.atomic
def delivery_replay(*, delivery: Delivery, now: datetime | None = None) -> Delivery:
    """Send the same message again (same webhook-id) as soon as the endpoint is free: a receiver
    that lost it gets it back, one that kept it can tell it has it."""
    now = now or timezone.now()
    if not delivery.endpoint.enabled:
        raise ValidationError("Turn the endpoint on first: a disabled endpoint is sent nothing.")
    if delivery.state == Delivery.State.PENDING:
        raise ValidationError("This delivery is still waiting to go: it needs no replay.")
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.PENDING, next_attempt_at=now, pending_since=now, delivered_at=None
    )
    make_due([delivery.endpoint_id], now)
    _wake_on_commit()
    delivery.refresh_from_db()
    return delivery


# -- the email when an endpoint is disabled --------------------------------------------------------
def endpoint_disabled_mail(endpoint_id) -> int:
    """Mail the seller's owners that the endpoint was disabled for failing (a task, after the
    commit that disabled it). Nothing if it was turned back on meanwhile. Returns mails sent."""
    endpoint = Endpoint.objects.select_related("seller").filter(pk=endpoint_id, enabled=False).first()
    if endpoint is None:
        return 0
    owners = Membership.objects.filter(seller_id=endpoint.seller_id, role=Role.OWNER).select_related("user")
    context = {
        "endpoint": endpoint,
        "seller": endpoint.seller,
        "page_url": settings.SITE_URL + reverse("webhook_detail", args=[endpoint.pk]),
        "hours": settings.WEBHOOK_DISABLE_AFTER_HOURS,
    }
    subject = render_to_string("emails/webhooks/endpoint-disabled-subject.txt", context).strip()
    body = render_to_string("emails/webhooks/endpoint-disabled-body.txt", context)
    sent = 0
    for membership in owners:
        sent += send_mail(subject, body, None, [membership.user.email])
    return sent
