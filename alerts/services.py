"""Business rules for the emails the service sends sellers: raising an alert once, mailing it to
the members who want it, their preferences and unsubscribe links, the quota check and digests.

An alert is raised (one row per seller, kind and key, in the transaction of the event) and
delivered by a task queued on commit; delivery writes one row per recipient in the transaction
that hands that email to the mail server, so concurrent or repeated deliveries mail each member
once, and a mail server that fails leaves the rest for the retry. Links in emails are absolute,
under settings.SITE_URL.
"""

import hashlib
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from anymail.exceptions import AnymailRecipientsRefused
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from common.backoff import backoff_seconds
from insights.models import FeedbackAlert
from messaging.limits import day_start, month_start
from messaging.models import DailySends
from sellers.models import Membership, Role, Seller

from . import content, selectors
from .kinds import ALL_CODES, IMMEDIATE_BY_CODE, Digest, Kind
from .models import Alert, AlertDelivery, AlertPreferences, digest_frequency, wants

logger = logging.getLogger(__name__)


def site_url(path: str) -> str:
    return settings.SITE_URL + path


# -- preferences -------------------------------------------------------------------------------
def preferences_for(membership: Membership) -> AlertPreferences | None:
    return AlertPreferences.objects.filter(membership=membership).first()


def preference_rows(membership: Membership) -> list[dict]:
    """Each immediate kind with whether this member gets it now, for the preferences page."""
    preferences = preferences_for(membership)
    return [
        {
            "code": info.code,
            "label": info.label,
            "description": info.description,
            "enabled": wants(preferences, info.code, membership.role),
        }
        for info in IMMEDIATE_BY_CODE.values()
    ]


def current_digest(membership: Membership) -> str:
    return digest_frequency(preferences_for(membership), membership.role)


def preferences_save(*, membership: Membership, digest: str, enabled: set[str]) -> AlertPreferences:
    """Record the member's choice for every kind (explicitly, so later changes of the defaults or
    of their role do not change what they chose)."""
    if digest not in Digest.values:
        raise ValueError(f"unknown digest frequency {digest!r}")
    preferences, _ = AlertPreferences.objects.update_or_create(
        membership=membership,
        defaults={
            "seller_id": membership.seller_id,
            "digest": digest,
            "updated_at": timezone.now(),
            "choices": {code: code in enabled for code in IMMEDIATE_BY_CODE},
        },
    )
    return preferences


@transaction.atomic
def unsubscribe(*, membership: Membership, kind: str) -> AlertPreferences:
    """Stop one kind of email for one member (the digest: turn it off)."""
    if kind not in ALL_CODES:
        raise ValueError(f"unknown alert kind {kind!r}")
    preferences, _ = AlertPreferences.objects.select_for_update().get_or_create(
        membership=membership, defaults={"seller_id": membership.seller_id}
    )
    if kind == Kind.DIGEST:
        preferences.digest = Digest.OFF
    else:
        preferences.choices = {**(preferences.choices or {}), kind: False}
    preferences.updated_at = timezone.now()
    preferences.save(update_fields=["digest", "choices", "updated_at"])
    return preferences


def is_subscribed(membership: Membership, kind: str) -> bool:
    preferences = preferences_for(membership)
    if kind == Kind.DIGEST:
        return digest_frequency(preferences, membership.role) != Digest.OFF
    return wants(preferences, kind, membership.role)


# -- unsubscribe links -------------------------------------------------------------------------
# Frozen: every unsubscribe link already mailed is signed with this salt (from when this app was
# named notices), and those links never expire.
UNSUBSCRIBE_SALT = "notices.unsubscribe"


class InvalidLink(Exception):
    """The unsubscribe link is forged, damaged, or its member has left the seller."""


def unsubscribe_token(membership: Membership, kind: str) -> str:
    """A signed token for one member and one kind: it needs no login and cannot be guessed or
    changed to another member or kind without SECRET_KEY. It does not expire, like the emails
    that carry it."""
    return signing.dumps({"m": str(membership.pk), "u": membership.user_id, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(membership: Membership, kind: str) -> str:
    return site_url(reverse("alert_unsubscribe", args=[unsubscribe_token(membership, kind)]))


def unsubscribe_resolve(token: str) -> tuple[Membership, str]:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise InvalidLink("This unsubscribe link is not valid.") from exc
    if not isinstance(data, dict) or data.get("k") not in ALL_CODES:
        raise InvalidLink("This unsubscribe link is not valid.")
    membership_id, user_id = data.get("m"), data.get("u")
    if not isinstance(membership_id, str) or not isinstance(user_id, int):
        raise InvalidLink("This unsubscribe link is not valid.")
    membership = Membership.objects.select_related("seller", "user").filter(pk=membership_id, user_id=user_id).first()
    if membership is None:
        raise InvalidLink("You are no longer a member of this seller, so you get none of its emails.")
    return membership, data["k"]


# -- raising an alert --------------------------------------------------------------------------
def alert_raise(
    *, seller: Seller, kind: str, key: str, context: dict | None = None, now: datetime | None = None
) -> Alert | None:
    """Record that the seller's people should hear about something, once per (seller, kind, key).
    Returns the alert if this call raised it, None if it was raised before; the caller queues the
    delivery of a raised alert (tasks.enqueue_delivery: once the surrounding transaction commits)."""
    # The unique (seller, kind, key) decides once, also between concurrent events.
    alert, created = Alert.objects.get_or_create(
        seller=seller,
        kind=kind,
        key=key[:200],
        defaults={"context": context or {}, "created_at": now or timezone.now()},
    )
    return alert if created else None


def negative_feedback_raise(feedback_alerts) -> list[Alert]:
    """One alert per seller for these negative-feedback alerts of insights (one sync's, or the
    sweep's). Its context lists them as `alert_ids`: FeedbackAlert ids."""
    by_seller: dict = {}
    for feedback_alert in feedback_alerts:
        by_seller.setdefault(feedback_alert.seller_id, (feedback_alert.seller, []))[1].append(str(feedback_alert.pk))
    raised = []
    for seller, ids in by_seller.values():
        alert = alert_raise(
            seller=seller,
            kind=Kind.NEGATIVE_FEEDBACK,
            key=f"alerts:{short_hash(ids)}",
            context={"alert_ids": sorted(ids)},
        )
        if alert is not None:
            raised.append(alert)
    return raised


FEEDBACK_ANNOUNCE_GRACE = timedelta(minutes=15)
FEEDBACK_ANNOUNCE_WITHIN = timedelta(days=2)


def unannounced_feedback_raise(*, now: datetime | None = None) -> list[Alert]:
    """Open negative-feedback alerts of insights that no alert email lists, a while after they were
    found: their sync announced nothing (a worker died between its load and the announcement, or a
    receiver failed). Raised as one alert per seller; one an alert lists already is left to it."""
    now = now or timezone.now()
    feedback_alerts = list(
        FeedbackAlert.objects.filter(
            emailed_at__isnull=True,
            dismissed_at__isnull=True,
            created_at__lt=now - FEEDBACK_ANNOUNCE_GRACE,
            created_at__gte=now - FEEDBACK_ANNOUNCE_WITHIN,
        )
        .select_related("seller")
        .order_by("created_at")[:5000]
    )
    if not feedback_alerts:
        return []
    listed: set[str] = set()
    for ids in Alert.objects.filter(
        kind=Kind.NEGATIVE_FEEDBACK,
        seller_id__in={f.seller_id for f in feedback_alerts},
        created_at__gte=now - FEEDBACK_ANNOUNCE_WITHIN - FEEDBACK_ANNOUNCE_GRACE,
    ).values_list("context__alert_ids", flat=True):
        listed.update(ids or [])
    unannounced = [f for f in feedback_alerts if str(f.pk) not in listed]
    if unannounced:
        logger.warning("alerts: %s negative-feedback alerts were never announced; raising them now", len(unannounced))
    return negative_feedback_raise(unannounced)


# -- delivering an alert -----------------------------------------------------------------------
MAX_ATTEMPTS = 20
RETRY_CAP_SECONDS = 3600


@dataclass
class Delivery:
    sent: list[str] = field(default_factory=list)  # addresses mailed by this attempt
    refused: list[str] = field(default_factory=list)  # addresses the server refused for good
    retry_in: float | None = None  # seconds until the next attempt, if one is due
    error: str = ""
    moot: str = ""  # why nothing was sent: it is no longer true


def retry_delay(attempts: int) -> float:
    """After `attempts` failed deliveries: the base time after the first, doubling after each
    further one, at most an hour."""
    return backoff_seconds(max(attempts - 1, 0), base=float(settings.ALERT_RETRY_BASE_SECONDS), cap=RETRY_CAP_SECONDS)


def alert_deliver(alert_id, *, now: datetime | None = None) -> Delivery:
    """Mail the alert to every member who wants it and has not had it yet. Any failure (the
    mail server, or an alert that cannot be rendered) counts as an attempt and is retried with
    back-off, up to MAX_ATTEMPTS; members already mailed are never mailed again."""
    result = Delivery()
    alert = Alert.objects.select_related("seller").filter(pk=alert_id).first()
    if alert is None or alert.delivered_at:
        return result
    now = now or timezone.now()
    try:
        _deliver_pending(alert, result)
    except Exception as exc:
        result.error = f"{type(exc).__name__}: {exc}"[:2000]
        logger.exception("alert %s (%s) could not be delivered", alert.pk, alert.kind)
    if result.error:
        attempts = alert.attempts + 1
        result.retry_in = retry_delay(attempts) if attempts < MAX_ATTEMPTS else None
        Alert.objects.filter(pk=alert.pk).update(
            attempts=attempts,
            last_error=result.error,
            retry_at=now + timedelta(seconds=result.retry_in) if result.retry_in is not None else None,
        )
        return result
    Alert.objects.filter(pk=alert.pk).update(
        delivered_at=now,
        attempts=alert.attempts + 1,
        retry_at=None,
        **({"last_error": result.moot} if result.moot else {}),
    )
    if not result.moot:
        content.after_delivery(alert, now=now)
    return result


def _deliver_pending(alert: Alert, result: Delivery) -> None:
    body = content.build(alert)
    if body is None:  # no longer true (authorized again, feedback alert dismissed): nothing to tell
        result.moot = "No longer relevant when it was due; not sent."
        return
    done = set(alert.deliveries.values_list("user_id", flat=True))
    pending = [m for m in selectors.recipients(alert) if m.user_id not in done]
    if not pending:
        return
    with get_connection() as connection:
        for membership in pending:
            message = render_message(alert, membership, body, connection=connection)
            try:
                _deliver_one(alert, membership, message, result)
            except Exception as exc:  # noqa: BLE001 - any mail failure: the retry takes it and the rest
                result.error = f"{type(exc).__name__}: {exc}"[:2000]
                logger.warning("alert %s to membership %s failed: %s", alert.pk, membership.pk, result.error)
                return  # the server is likely down for everyone


def _deliver_one(alert: Alert, membership: Membership, message: EmailMultiAlternatives, result: Delivery) -> None:
    """Claim the (alert, member) row and hand the email over in one transaction. A concurrent
    delivery of the same alert waits on the row's unique index and then skips this member."""
    try:
        with transaction.atomic():
            delivery = AlertDelivery.objects.create(
                seller_id=alert.seller_id,
                alert=alert,
                user=membership.user,
                email=membership.user.email,
                subject=message.subject[:300],
            )
            try:
                message.send()
            except (smtplib.SMTPRecipientsRefused, AnymailRecipientsRefused) as exc:
                if not _permanent(exc):
                    raise
                delivery.error = f"{type(exc).__name__}: {exc}"[:2000]
                delivery.save(update_fields=["error"])
                result.refused.append(delivery.email)
                return
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["sent_at"])
    except IntegrityError:
        return  # another delivery of this alert has mailed this member
    result.sent.append(membership.user.email)


def _permanent(exc: Exception) -> bool:
    """A refusal that a retry will not change (5xx for every recipient, or the ESP says so)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return True


def render_message(alert: Alert, membership: Membership, body: dict, *, connection=None) -> EmailMultiAlternatives:
    """The email of an alert for one member: HTML with a text alternative, and the headers that
    let mail clients offer one-click unsubscribe (RFC 8058)."""
    kind = alert.kind
    unsubscribe = unsubscribe_url(membership, kind)
    context = {
        **body,
        "alert": alert,
        "seller": alert.seller,
        "user": membership.user,
        "membership": membership,
        "kind_label": Kind(kind).label,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "preferences_url": site_url(reverse("alert_preferences")),
        "why": _why(alert, membership),
    }
    prefix = f"emails/alerts/{kind}"
    subject = " ".join(render_to_string(f"{prefix}-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{prefix}.txt", context),
        to=[membership.user.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"{prefix}.html", context), "text/html")
    return message


def _why(alert: Alert, membership: Membership) -> str:
    seller = alert.seller.name
    preferences = selectors.preferences_of(membership)
    if alert.kind == Kind.DIGEST:
        if preferences and preferences.digest:
            return f"You chose a {alert.context.get('frequency', 'weekly')} digest of {seller}."
        return f"Owners of {seller} get a weekly digest unless they choose otherwise."
    if preferences and (preferences.choices or {}).get(alert.kind):
        return f"You chose these emails for {seller}."
    return f"You are an owner of {seller}."


def alerts_redeliver(*, now: datetime | None = None) -> list[str]:
    """Alerts whose delivery task was lost (the broker was down, a worker died): due again.
    A retry still waiting for its time is not due; one late by the margin is."""
    now = now or timezone.now()
    margin = timedelta(minutes=10)
    due = Alert.objects.filter(
        delivered_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__gte=now - timedelta(days=3)
    ).filter(Q(retry_at__isnull=True, created_at__lt=now - margin) | Q(retry_at__lt=now - margin))
    return [str(pk) for pk in due.values_list("pk", flat=True)[:1000]]


# -- the monthly quota -------------------------------------------------------------------------
QUOTA_THRESHOLDS = (100, 90)  # percent, highest first: one alert per threshold a month


def quota_check(*, now: datetime | None = None) -> list[Alert]:
    """Raise the quota alert for every seller whose accepted messages this month reached 90% (and
    again at 100%) of the plan's quota. One aggregate query over this month's daily counts."""
    now = now or timezone.now()
    month = month_start(now)
    usage = dict(
        DailySends.objects.filter(day__gte=month.date())
        .values_list("seller_id")
        .annotate(n=Sum("sent"))
        .values_list("seller_id", "n")
    )
    if not usage:
        return []
    prefix = f"{month:%Y-%m}:"
    raised_before = set(
        Alert.objects.filter(kind=Kind.QUOTA, key__startswith=prefix, seller_id__in=usage).values_list(
            "seller_id", "key"
        )
    )
    raised = []
    for seller in Seller.objects.filter(pk__in=usage, monthly_message_quota__gt=0):
        used, quota = usage[seller.pk] or 0, seller.monthly_message_quota
        percent = 100 * used / quota
        threshold = next((t for t in QUOTA_THRESHOLDS if percent >= t), None)
        if threshold is None or (seller.pk, f"{prefix}{threshold}") in raised_before:
            continue
        alert = alert_raise(
            seller=seller,
            kind=Kind.QUOTA,
            key=f"{prefix}{threshold}",
            now=now,
            context={
                "month": f"{month:%Y-%m}",
                "used": used,
                "quota": quota,
                "percent": int(percent),
                "threshold": threshold,
                "resets_on": (month + timedelta(days=32)).replace(day=1).date().isoformat(),
            },
        )
        if alert:
            raised.append(alert)
    return raised


# -- digests -----------------------------------------------------------------------------------
def digest_period(frequency: str, now: datetime) -> tuple[datetime, datetime]:
    """The last whole period before now: yesterday (UTC), or last week from Monday to Monday."""
    end = day_start(now)
    if frequency == Digest.DAILY:
        return end - timedelta(days=1), end
    end -= timedelta(days=end.weekday())
    return end - timedelta(days=7), end


def digest_key(frequency: str, start: datetime) -> str:
    return f"{frequency}:{start.date().isoformat()}"


def digests_due(*, now: datetime | None = None) -> list[tuple[str, str]]:
    """(seller id, frequency) of every seller with a member who wants a digest of the period that
    just closed and has none for it yet."""
    now = now or timezone.now()
    due: list[tuple[str, str]] = []
    for frequency in (Digest.DAILY, Digest.WEEKLY):
        start, _ = digest_period(frequency, now)
        wanted = Q(alert_preferences__digest=frequency)
        if frequency == Digest.WEEKLY:  # the owners' default (kinds.digest_default)
            wanted |= Q(role=Role.OWNER) & (Q(alert_preferences__isnull=True) | Q(alert_preferences__digest=""))
        sellers = (
            Membership.objects.filter(wanted, user__is_active=True)
            .exclude(
                Exists(
                    Alert.objects.filter(
                        seller_id=OuterRef("seller_id"), kind=Kind.DIGEST, key=digest_key(frequency, start)
                    )
                )
            )
            .values_list("seller_id", flat=True)
            .distinct()
        )
        due += [(str(seller_id), frequency) for seller_id in sellers]
    return due


def digest_build(*, seller: Seller, frequency: str, now: datetime | None = None) -> Alert | None:
    """The seller's digest of the last whole period, raised once. A period with nothing at all to
    tell (no messages, opt-outs, feedback or problems) is recorded as skipped and mails nobody."""
    now = now or timezone.now()
    start, end = digest_period(frequency, now)
    key = digest_key(frequency, start)
    if Alert.objects.for_seller(seller).filter(kind=Kind.DIGEST, key=key).exists():
        return None
    summary = selectors.digest_summary(seller, start, end, now=now)
    summary["frequency"] = frequency
    if summary["empty"]:
        Alert.objects.get_or_create(
            seller=seller,
            kind=Kind.DIGEST,
            key=key,
            defaults={
                "context": summary,
                "created_at": now,
                "delivered_at": now,
                "last_error": "Nothing happened in the period; no digest was sent.",
            },
        )
        return None
    return alert_raise(seller=seller, kind=Kind.DIGEST, key=key, context=summary, now=now)


# -- keys of the immediate alerts --------------------------------------------------------------
def short_hash(values) -> str:
    return hashlib.sha256("|".join(sorted(str(v) for v in values)).encode()).hexdigest()[:32]
