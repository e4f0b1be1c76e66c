"""Business rules for sellers, their members and invitations."""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from common import crypto, words
from eventlog import types as event_types
from eventlog.services import record_event

from . import amazon
from .amazon_errors import describe
from .models import (
    AUTHORIZATION_LIFETIME,
    REAUTH_EXPIRED,
    ROLE_RANK,
    AmazonConnection,
    Invitation,
    Membership,
    Role,
    Seller,
)
from .signals import reauthorization_needed


@transaction.atomic
def seller_create(*, user, name: str) -> Seller:
    seller = Seller.objects.create(name=name.strip())
    Membership.objects.create(seller=seller, user=user, role=Role.OWNER)
    return seller


def seller_rename(*, seller: Seller, name: str) -> Seller:
    seller.name = name.strip()
    seller.save(update_fields=["name"])
    return seller


def invitation_create(*, seller: Seller, invited_by, email: str, role: str) -> Invitation:
    email = email.strip().lower()
    if Membership.objects.filter(seller=seller, user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of {words.before_period(seller.name)}."})
    if Invitation.objects.filter(seller=seller, email__iexact=email, status=Invitation.Status.PENDING).exists():
        raise ValidationError({"email": f"{email} already has a pending invitation. Revoke it to send a new one."})
    with transaction.atomic():
        invitation = Invitation.objects.create(seller=seller, email=email, role=role, invited_by=invited_by)
        transaction.on_commit(lambda: _send_invitation_email(invitation))
    return invitation


def _send_invitation_email(invitation: Invitation) -> None:
    context = {
        "invitation": invitation,
        "accept_url": settings.SITE_URL + reverse("invitation_accept", args=[invitation.token]),
    }
    send_mail(
        subject=render_to_string("emails/invitation-subject.txt", context).strip(),
        message=render_to_string("emails/invitation-body.txt", context),
        html_message=render_to_string("emails/invitation-body.html", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.status == Invitation.Status.PENDING:
        invitation.status = Invitation.Status.REVOKED
        invitation.save(update_fields=["status"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError("This invitation is no longer valid. Ask the seller's owner for a new one.")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(f"This invitation was sent to {invitation.email}. Log in with that address to accept it.")
    membership, created = Membership.objects.get_or_create(
        seller=invitation.seller, user=user, defaults={"role": invitation.role}
    )
    if not created and ROLE_RANK[Role(invitation.role)] > ROLE_RANK[Role(membership.role)]:
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_at"])
    return membership


def _lock_team(membership: Membership) -> Membership:
    """Lock the seller's memberships (so two owners cannot demote each other at once); reload this one."""
    locked = {m.pk: m for m in Membership.objects.select_for_update().filter(seller_id=membership.seller_id)}
    if membership.pk not in locked:
        raise ValidationError("This member has already left the team.")
    return locked[membership.pk]


def _ensure_another_owner(membership: Membership) -> None:
    if membership.role == Role.OWNER and not (
        Membership.objects.filter(seller_id=membership.seller_id, role=Role.OWNER).exclude(pk=membership.pk).exists()
    ):
        raise ValidationError("A seller needs at least one owner. Make someone else an owner first.")


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    current = _lock_team(membership)
    if role != Role.OWNER:
        _ensure_another_owner(current)
    current.role = role
    current.save(update_fields=["role"])
    membership.role = role
    return current


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    current = _lock_team(membership)
    _ensure_another_owner(current)
    current.delete()


# -- Amazon connections ------------------------------------------------------------------------
CONNECT_SALT = "sellers.amazon-connect"
CONNECT_SESSION_KEY = "amazon_connect_nonces"
CONNECT_STATE_MAX_AGE = 10 * 60


class ConnectError(Exception):
    """The authorization callback cannot be accepted; the message says why, for the seller."""


def amazon_connect_start(*, request, seller, region: str) -> str:
    """The consent URL for this seller and region, with a signed, single-use, expiring state."""
    nonce = secrets.token_urlsafe(16)
    state = signing.dumps({"s": str(seller.pk), "u": request.user.pk, "r": region, "n": nonce}, salt=CONNECT_SALT)
    nonces = request.session.get(CONNECT_SESSION_KEY, [])[-4:]
    request.session[CONNECT_SESSION_KEY] = [*nonces, nonce]
    return amazon.consent_url(region=region, state=state, redirect_uri=settings.SITE_URL + reverse("amazon_callback"))


def _take_state(request, state: str) -> dict:
    try:
        data = signing.loads(state, salt=CONNECT_SALT, max_age=CONNECT_STATE_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ConnectError("The authorization took too long. Start again from Connect Amazon.") from exc
    except signing.BadSignature as exc:
        raise ConnectError("This authorization link is not valid. Start again from Connect Amazon.") from exc
    nonces = request.session.get(CONNECT_SESSION_KEY, [])
    if data.get("n") not in nonces or data.get("u") != request.user.pk:
        raise ConnectError("This authorization was already used or started in another session. Start again.")
    request.session[CONNECT_SESSION_KEY] = [n for n in nonces if n != data["n"]]
    return data


# Amazon's merchant (selling partner) ids: an "A" and upper-case letters and digits.
SELLING_PARTNER_ID = re.compile(r"A[0-9A-Z]{9,19}")


@dataclass(frozen=True)
class ConsentAnswer:
    """Amazon's answer to the consent page, its state checked: who may finish connecting what.
    The code is Amazon's single-use authorization code, worthless without our client secret and
    valid for 5 minutes."""

    seller_id: str
    user_id: int
    region: str
    selling_partner_id: str
    code: str


@dataclass(frozen=True)
class Authorization:
    """What Amazon granted for the code: the refresh token and the account's marketplaces."""

    refresh_token: str
    marketplace_ids: list[str]
    store_name: str


def amazon_connect_begin(*, request, state: str, selling_partner_id: str, code: str) -> ConsentAnswer:
    """Check Amazon's callback (the signed single-use state, the member's role, the ids) without
    calling Amazon yet; amazon_connect_authorize trades the code."""
    data = _take_state(request, state)
    _connecting_membership(request.user, data["s"])
    if not selling_partner_id or not code:
        raise ConnectError("Amazon did not complete the authorization. Try again.")
    if not SELLING_PARTNER_ID.fullmatch(selling_partner_id):
        raise ConnectError("Amazon's answer did not name a valid selling account. Start again.")
    return ConsentAnswer(data["s"], data["u"], data["r"], selling_partner_id, code[:500])


def _connecting_membership(user, seller_id) -> Membership:
    membership = Membership.objects.filter(user=user, seller_id=seller_id).select_related("seller").first()
    if membership is None or not membership.has_role(Role.MANAGER):
        raise ConnectError("You can no longer connect Amazon accounts for this seller.")
    return membership


@sensitive_variables("tokens", "refresh_token", "answer")
def amazon_connect_authorize(answer: ConsentAnswer) -> Authorization:
    """Trade the code for a refresh token and read the account's marketplaces. Done before
    anything is said about the account (connected_by_another_seller), so a made-up callback
    learns nothing: only a real, fresh authorization from Amazon gets that far."""
    try:
        tokens = amazon.exchange_authorization_code(answer.code)
        refresh_token = tokens["refresh_token"]
        sellers_api = amazon.client(amazon.Sellers, refresh_token=refresh_token, region=answer.region)
        participations = sellers_api.get_marketplace_participation().payload or []
    except amazon.AuthorizationError as exc:
        raise ConnectError("Amazon refused the authorization code (it is valid for 5 minutes). Start again.") from exc
    except (amazon.SellingApiException, httpx.HTTPError, KeyError, ValueError) as exc:
        raise ConnectError(f"Amazon could not complete the authorization ({describe(exc)}). Start again.") from exc
    marketplace_ids = [p["marketplace"]["id"] for p in participations if p["participation"]["isParticipating"]]
    store_name = participations[0].get("storeName", "") if participations else ""
    return Authorization(refresh_token, marketplace_ids, store_name)


def connected_by_another_seller(answer: ConsentAnswer) -> bool:
    """Whether another business here already connected this Amazon selling account (and this one
    has not: re-authorizing an account the seller already confirmed asks nothing). Says only
    yes or no, never which business."""
    connections = AmazonConnection.objects.filter(selling_partner_id=answer.selling_partner_id).exclude(
        status=AmazonConnection.Status.DISCONNECTED
    )
    if connections.filter(seller_id=answer.seller_id, region=answer.region).exists():
        return False
    return connections.exclude(seller_id=answer.seller_id).exists()


CONNECT_HELD_KEY = "amazon_connect_held"
# How long a granted authorization waits in the session for the member's answer.
HELD_LIFETIME = timedelta(minutes=10)


@sensitive_variables("authorization")
def amazon_connect_hold(request, answer: ConsentAnswer, authorization: Authorization, *, now=None) -> None:
    """Keep the granted authorization in the member's session while they confirm (one at a time),
    its refresh token encrypted as at rest."""
    request.session[CONNECT_HELD_KEY] = {
        "seller_id": answer.seller_id,
        "user_id": answer.user_id,
        "region": answer.region,
        "selling_partner_id": answer.selling_partner_id,
        "token": crypto.encrypt(authorization.refresh_token),
        "marketplace_ids": authorization.marketplace_ids,
        "store_name": authorization.store_name,
        "held_at": (now or timezone.now()).isoformat(),
    }


def amazon_connect_held(request, *, take: bool = False, now=None) -> tuple[ConsentAnswer, Authorization] | None:
    """The authorization waiting for the member's confirmation, if any is still usable (taken out
    of the session when `take`)."""
    held = request.session.pop(CONNECT_HELD_KEY, None) if take else request.session.get(CONNECT_HELD_KEY)
    if not isinstance(held, dict):
        return None
    try:
        answer = ConsentAnswer(held["seller_id"], held["user_id"], held["region"], held["selling_partner_id"], "")
        authorization = Authorization(crypto.decrypt(held["token"]), list(held["marketplace_ids"]), held["store_name"])
        held_at = datetime.fromisoformat(held["held_at"])
    except (KeyError, TypeError, ValueError, ImproperlyConfigured):
        return None
    if answer.user_id != request.user.pk:
        return None
    if (now or timezone.now()) - held_at > HELD_LIFETIME:
        raise ConnectError("This authorization waited more than 10 minutes for your answer. Start again.")
    return answer, authorization


@sensitive_variables("authorization")
def amazon_connect_finish(*, user, answer: ConsentAnswer, authorization: Authorization, now=None):
    """Record the connection Amazon authorized (the caller queues its first sync:
    sellers.tasks.enqueue_sync). Returns (connection, created)."""
    membership = _connecting_membership(user, answer.seller_id)
    now = now or timezone.now()
    connection, created = AmazonConnection.objects.update_or_create(
        seller=membership.seller,
        selling_partner_id=answer.selling_partner_id,
        region=answer.region,
        defaults={
            "refresh_token": authorization.refresh_token,
            "status": AmazonConnection.Status.ACTIVE,
            "status_reason": "",
            "marketplace_ids": authorization.marketplace_ids,
            "store_name": authorization.store_name,
            "authorized_at": now,
            "expires_at": now + AUTHORIZATION_LIFETIME,
            "expiry_warning_sent": None,
            # A new authorization may grant roles the last one lacked: ask Amazon again.
            "finance_role": AmazonConnection.FinanceRole.UNKNOWN,
            "finance_role_checked_at": None,
        },
    )
    return connection, created


def amazon_disconnect(*, connection) -> None:
    """Forget the refresh token; the orders stay for the message history until the seller deletes them."""
    connection.refresh_token = None
    connection.status = AmazonConnection.Status.DISCONNECTED
    connection.status_reason = "Disconnected by the seller."
    connection.save(update_fields=["refresh_token", "status", "status_reason"])


def connection_needs_reauthorization(connection, *, reason: str) -> None:
    """Pause everything this connection does until the seller authorizes us again."""
    with transaction.atomic():
        # The conditional update decides the transition once, however many workers see the failure.
        moved = (
            AmazonConnection.objects.filter(pk=connection.pk)
            .exclude(status=AmazonConnection.Status.NEEDS_REAUTH)
            .update(status=AmazonConnection.Status.NEEDS_REAUTH, status_reason=reason[:1000])
        )
        if not moved:
            AmazonConnection.objects.filter(pk=connection.pk).update(status_reason=reason[:1000])
        connection.status, connection.status_reason = AmazonConnection.Status.NEEDS_REAUTH, reason[:1000]
        if moved:
            record_event(
                connection.seller_id,
                event_types.CONNECTION_NEEDS_REAUTHORIZATION,
                {
                    "connection_id": str(connection.pk),
                    "connection": str(connection),
                    "selling_partner_id": connection.selling_partner_id,
                    "region": connection.region,
                    "reason": reason[:1000],
                },
                # Once per authorization: a later loss, after the seller authorized again, is new.
                key=f"{connection.pk}:{connection.authorized_at.isoformat()}",
            )
            reauthorization_needed.send(sender=AmazonConnection, connection=connection, reason=reason[:1000])


EXPIRY_WARNINGS = (30, 7)


def connections_check_expiry(*, now=None) -> dict:
    """Warn owners 30 and 7 days before an authorization expires; pause it once it has."""
    now = now or timezone.now()
    counts = {"expired": 0, "warned": 0}
    for connection in AmazonConnection.objects.filter(status=AmazonConnection.Status.ACTIVE).select_related("seller"):
        if connection.expires_at <= now:
            connection_needs_reauthorization(connection, reason=REAUTH_EXPIRED)
            counts["expired"] += 1
            continue
        days = connection.days_until_expiry(now)
        due = [d for d in EXPIRY_WARNINGS if days < d and (connection.expiry_warning_sent or 999) > d]
        if due:
            _send_expiry_warning(connection, days)
            connection.expiry_warning_sent = min(due)
            connection.save(update_fields=["expiry_warning_sent"])
            counts["warned"] += 1
    return counts


def _send_expiry_warning(connection, days: int) -> None:
    owners = Membership.objects.filter(seller=connection.seller, role=Role.OWNER).select_related("user")
    context = {"connection": connection, "days": days, "url": settings.SITE_URL + reverse("amazon_accounts")}
    send_mail(
        subject=render_to_string("emails/authorization-expiring-subject.txt", context).strip(),
        message=render_to_string("emails/authorization-expiring-body.txt", context),
        from_email=None,
        recipient_list=[m.user.email for m in owners],
    )
