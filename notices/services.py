"""Business rules for the emails the service sends sellers: raising a notice once, mailing it to
the members who want it, their preferences and unsubscribe links, the quota check and digests.

A notice is raised (one row per seller, kind and key, in the transaction of the event) and
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

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from common.backoff import backoff_seconds
from messaging.limits import day_start, month_start
from messaging.models import DailySends
from sellers.models import Membership, Role, Seller

from . import content, selectors
from .kinds import ALL_CODES, IMMEDIATE_BY_CODE, Digest, Kind
from .models import Notice, NoticeDelivery, NoticePreferences, digest_frequency, wants

logger = logging.getLogger(__name__)


def site_url(path: str) -> str:
    return settings.SITE_URL + path


# -- preferences -------------------------------------------------------------------------------
def preferences_for(membership: Membership) -> NoticePreferences | None:
    return NoticePreferences.objects.filter(membership=membership).first()


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


def preferences_save(*, membership: Membership, digest: str, enabled: set[str]) -> NoticePreferences:
    """Record the member's choice for every kind (explicitly, so later changes of the defaults or
    of their role do not change what they chose)."""
    if digest not in Digest.values:
        raise ValueError(f"unknown digest frequency {digest!r}")
    preferences, _ = NoticePreferences.objects.update_or_create(
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
def unsubscribe(*, membership: Membership, kind: str) -> NoticePreferences:
    """Stop one kind of email for one member (the digest: turn it off)."""
    if kind not in ALL_CODES:
        raise ValueError(f"unknown notice kind {kind!r}")
    preferences, _ = NoticePreferences.objects.select_for_update().get_or_create(
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
UNSUBSCRIBE_SALT = "notices.unsubscribe"


class InvalidLink(Exception):
    """The unsubscribe link is forged, damaged, or its member has left the seller."""


def unsubscribe_token(membership: Membership, kind: str) -> str:
    """A signed token for one member and one kind: it needs no login and cannot be guessed or
    changed to another member or kind without SECRET_KEY. It does not expire, like the emails
    that carry it."""
    return signing.dumps({"m": str(membership.pk), "u": membership.user_id, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(membership: Membership, kind: str) -> str:
    return site_url(reverse("notice_unsubscribe", args=[unsubscribe_token(membership, kind)]))


def unsubscribe_resolve(token: str) -> tuple[Membership, str]:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise InvalidLink("This unsubscribe link is not valid.") from exc
    if not isinstance(data, dict) or data.get("k") not in ALL_CODES:
        raise InvalidLink("This unsubscribe link is not valid.")
    membership = (
        Membership.objects.select_related("seller", "user").filter(pk=data.get("m"), user_id=data.get("u")).first()
    )
    if membership is None:
        raise InvalidLink("You are no longer a member of this seller, so you get none of its emails.")
    return membership, data["k"]


# -- raising a notice --------------------------------------------------------------------------
def notice_raise(
    *, seller: Seller, kind: str, key: str, context: dict | None = None, now: datetime | None = None
) -> Notice | None:
    """Record that the seller's people should hear about something, once per (seller, kind, key),
    and mail it once the surrounding transaction commits. Returns the notice if this call raised
    it, None if it was raised before."""
    # The unique (seller, kind, key) decides once, also between concurrent events.
    notice, created = Notice.objects.get_or_create(
        seller=seller,
        kind=kind,
        key=key[:200],
        defaults={"context": context or {}, "created_at": now or timezone.now()},
    )
    if not created:
        return None
    queue_delivery(notice)
    return notice


def negative_feedback_raise(alerts) -> list[Notice]:
    """One notice per seller for these negative-feedback alerts (one sync's, or the sweep's)."""
    by_seller: dict = {}
    for alert in alerts:
        by_seller.setdefault(alert.seller_id, (alert.seller, []))[1].append(str(alert.pk))
    raised = []
    for seller, ids in by_seller.values():
        notice = notice_raise(
            seller=seller,
            kind=Kind.NEGATIVE_FEEDBACK,
            key=f"alerts:{short_hash(ids)}",
            context={"alert_ids": sorted(ids)},
        )
        if notice is not None:
            raised.append(notice)
    return raised


ALERT_ANNOUNCE_GRACE = timedelta(minutes=15)
ALERT_ANNOUNCE_WITHIN = timedelta(days=2)


def unannounced_alerts_raise(*, now: datetime | None = None) -> list[Notice]:
    """Open negative-feedback alerts that no notice lists, a while after they were found: their sync
    announced nothing (a worker died between its load and the announcement, or a receiver failed).
    Raised as one notice per seller; an alert a notice lists already is left to that notice."""
    from insights.models import FeedbackAlert

    now = now or timezone.now()
    alerts = list(
        FeedbackAlert.objects.filter(
            emailed_at__isnull=True,
            dismissed_at__isnull=True,
            created_at__lt=now - ALERT_ANNOUNCE_GRACE,
            created_at__gte=now - ALERT_ANNOUNCE_WITHIN,
        )
        .select_related("seller")
        .order_by("created_at")[:5000]
    )
    if not alerts:
        return []
    listed = set()
    for ids in Notice.objects.filter(
        kind=Kind.NEGATIVE_FEEDBACK,
        seller_id__in={a.seller_id for a in alerts},
        created_at__gte=now - ALERT_ANNOUNCE_WITHIN - ALERT_ANNOUNCE_GRACE,
    ).values_list("context__alert_ids", flat=True):
        listed.update(ids or [])
    unannounced = [a for a in alerts if str(a.pk) not in listed]
    if unannounced:
        logger.warning("notices: %s negative-feedback alerts were never announced; raising them now", len(unannounced))
    return negative_feedback_raise(unannounced)


def queue_delivery(notice: Notice) -> None:
    from . import tasks

    notice_id = str(notice.pk)
    # robust: a broker that is down must not break the event that raised the notice; the sweep
    # (notices_redeliver) finds the notice again.
    transaction.on_commit(lambda: tasks.deliver_notice.delay(notice_id), robust=True)


# -- delivering a notice -----------------------------------------------------------------------
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
    return backoff_seconds(max(attempts - 1, 0), base=float(settings.NOTICE_RETRY_BASE_SECONDS), cap=RETRY_CAP_SECONDS)


def notice_deliver(notice_id, *, now: datetime | None = None) -> Delivery:
    """Mail the notice to every member who wants it and has not had it yet. Any failure (the
    mail server, or a notice that cannot be rendered) counts as an attempt and is retried with
    back-off, up to MAX_ATTEMPTS; members already mailed are never mailed again."""
    result = Delivery()
    notice = Notice.objects.select_related("seller").filter(pk=notice_id).first()
    if notice is None or notice.delivered_at:
        return result
    now = now or timezone.now()
    try:
        _deliver_pending(notice, result)
    except Exception as exc:
        result.error = f"{type(exc).__name__}: {exc}"[:2000]
        logger.exception("notice %s (%s) could not be delivered", notice.pk, notice.kind)
    if result.error:
        attempts = notice.attempts + 1
        result.retry_in = retry_delay(attempts) if attempts < MAX_ATTEMPTS else None
        Notice.objects.filter(pk=notice.pk).update(
            attempts=attempts,
            last_error=result.error,
            retry_at=now + timedelta(seconds=result.retry_in) if result.retry_in is not None else None,
        )
        return result
    Notice.objects.filter(pk=notice.pk).update(
        delivered_at=now,
        attempts=notice.attempts + 1,
        retry_at=None,
        **({"last_error": result.moot} if result.moot else {}),
    )
    if not result.moot:
        content.after_delivery(notice, now=now)
    return result


def _deliver_pending(notice: Notice, result: Delivery) -> None:
    body = content.build(notice)
    if body is None:  # no longer true (authorized again, alert dismissed): nothing to tell
        result.moot = "No longer relevant when it was due; not sent."
        return
    done = set(notice.deliveries.values_list("user_id", flat=True))
    pending = [m for m in selectors.recipients(notice) if m.user_id not in done]
    if not pending:
        return
    with get_connection() as connection:
        for membership in pending:
            message = render_message(notice, membership, body, connection=connection)
            try:
                _deliver_one(notice, membership, message, result)
            except Exception as exc:  # noqa: BLE001 - any mail failure: the retry takes it and the rest
                result.error = f"{type(exc).__name__}: {exc}"[:2000]
                logger.warning("notice %s to membership %s failed: %s", notice.pk, membership.pk, result.error)
                return  # the server is likely down for everyone


def _deliver_one(notice: Notice, membership: Membership, message: EmailMultiAlternatives, result: Delivery) -> None:
    """Claim the (notice, member) row and hand the email over in one transaction. A concurrent
    delivery of the same notice waits on the row's unique index and then skips this member."""
    try:
        with transaction.atomic():
            delivery = NoticeDelivery.objects.create(
                seller_id=notice.seller_id,
                notice=notice,
                user=membership.user,
                email=membership.user.email,
                subject=message.subject[:300],
            )
            try:
                message.send()
            except (smtplib.SMTPRecipientsRefused, *_anymail_refusals()) as exc:
                if not _permanent(exc):
                    raise
                delivery.error = f"{type(exc).__name__}: {exc}"[:2000]
                delivery.save(update_fields=["error"])
                result.refused.append(delivery.email)
                return
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["sent_at"])
    except IntegrityError:
        return  # another delivery of this notice has mailed this member
    result.sent.append(membership.user.email)


def _anymail_refusals() -> tuple:
    try:
        from anymail.exceptions import AnymailRecipientsRefused
    except ImportError:  # pragma: no cover - anymail is a dependency
        return ()
    return (AnymailRecipientsRefused,)


def _permanent(exc: Exception) -> bool:
    """A refusal that a retry will not change (5xx for every recipient, or the ESP says so)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return True


def render_message(notice: Notice, membership: Membership, body: dict, *, connection=None) -> EmailMultiAlternatives:
    """The email of a notice for one member: HTML with a text alternative, and the headers that
    let mail clients offer one-click unsubscribe (RFC 8058)."""
    kind = notice.kind
    unsubscribe = unsubscribe_url(membership, kind)
    context = {
        **body,
        "notice": notice,
        "seller": notice.seller,
        "user": membership.user,
        "membership": membership,
        "kind_label": Kind(kind).label,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "preferences_url": site_url(reverse("notice_preferences")),
        "why": _why(notice, membership),
    }
    prefix = f"emails/notices/{kind}"
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


def _why(notice: Notice, membership: Membership) -> str:
    seller = notice.seller.name
    preferences = selectors.preferences_of(membership)
    if notice.kind == Kind.DIGEST:
        if preferences and preferences.digest:
            return f"You chose a {notice.context.get('frequency', 'weekly')} digest of {seller}."
        return f"Owners of {seller} get a weekly digest unless they choose otherwise."
    if preferences and (preferences.choices or {}).get(notice.kind):
        return f"You chose these emails for {seller}."
    return f"You are an owner of {seller}."


def notices_redeliver(*, now: datetime | None = None) -> list[str]:
    """Notices whose delivery task was lost (the broker was down, a worker died): due again.
    A retry still waiting for its time is not due; one late by the margin is."""
    now = now or timezone.now()
    margin = timedelta(minutes=10)
    due = Notice.objects.filter(
        delivered_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__gte=now - timedelta(days=3)
    ).filter(Q(retry_at__isnull=True, created_at__lt=now - margin) | Q(retry_at__lt=now - margin))
    return [str(pk) for pk in due.values_list("pk", flat=True)[:1000]]


# -- the monthly quota -------------------------------------------------------------------------
QUOTA_THRESHOLDS = (100, 90)  # percent, highest first: one notice per threshold a month


def quota_check(*, now: datetime | None = None) -> list[Notice]:
    """Raise the quota notice for every seller whose accepted messages this month reached 90% (and
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
        Notice.objects.filter(kind=Kind.QUOTA, key__startswith=prefix, seller_id__in=usage).values_list(
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
        notice = notice_raise(
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
        if notice:
            raised.append(notice)
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
    due = []
    for frequency in (Digest.DAILY, Digest.WEEKLY):
        start, _ = digest_period(frequency, now)
        wanted = Q(notice_preferences__digest=frequency)
        if frequency == Digest.WEEKLY:  # the owners' default (kinds.digest_default)
            wanted |= Q(role=Role.OWNER) & (Q(notice_preferences__isnull=True) | Q(notice_preferences__digest=""))
        sellers = (
            Membership.objects.filter(wanted, user__is_active=True)
            .exclude(
                Exists(
                    Notice.objects.filter(
                        seller_id=OuterRef("seller_id"), kind=Kind.DIGEST, key=digest_key(frequency, start)
                    )
                )
            )
            .values_list("seller_id", flat=True)
            .distinct()
        )
        due += [(str(seller_id), frequency) for seller_id in sellers]
    return due


def digest_build(*, seller: Seller, frequency: str, now: datetime | None = None) -> Notice | None:
    """The seller's digest of the last whole period, raised once. A period with nothing at all to
    tell (no messages, opt-outs, feedback or problems) is recorded as skipped and mails nobody."""
    now = now or timezone.now()
    start, end = digest_period(frequency, now)
    key = digest_key(frequency, start)
    if Notice.objects.for_seller(seller).filter(kind=Kind.DIGEST, key=key).exists():
        return None
    summary = selectors.digest_summary(seller, start, end, now=now)
    summary["frequency"] = frequency
    if summary["empty"]:
        Notice.objects.get_or_create(
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
    return notice_raise(seller=seller, kind=Kind.DIGEST, key=key, context=summary, now=now)


# -- keys of the immediate notices -------------------------------------------------------------
def short_hash(values) -> str:
    return hashlib.sha256("|".join(sorted(str(v) for v in values)).encode()).hexdigest()[:32]
