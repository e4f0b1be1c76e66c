"""Business rules for sellers, their members and invitations."""

import re
import secrets

import httpx
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from common import words
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


@sensitive_variables("tokens", "refresh_token", "code")
def amazon_connect_complete(*, request, state: str, selling_partner_id: str, code: str, now=None):
    """Check the state, trade the code for a refresh token and record the connection (the caller
    queues its first sync: sellers.tasks.enqueue_sync)."""
    data = _take_state(request, state)
    membership = Membership.objects.filter(user=request.user, seller_id=data["s"]).select_related("seller").first()
    if membership is None or not membership.has_role(Role.MANAGER):
        raise ConnectError("You can no longer connect Amazon accounts for this seller.")
    if not selling_partner_id or not code:
        raise ConnectError("Amazon did not complete the authorization. Try again.")
    if not SELLING_PARTNER_ID.fullmatch(selling_partner_id):
        raise ConnectError("Amazon's answer did not name a valid selling account. Start again.")
    try:
        tokens = amazon.exchange_authorization_code(code)
        refresh_token = tokens["refresh_token"]
        sellers_api = amazon.client(amazon.Sellers, refresh_token=refresh_token, region=data["r"])
        participations = sellers_api.get_marketplace_participation().payload or []
    except amazon.AuthorizationError as exc:
        raise ConnectError("Amazon refused the authorization code (it is valid for 5 minutes). Start again.") from exc
    except (amazon.SellingApiException, httpx.HTTPError, KeyError, ValueError) as exc:
        raise ConnectError(f"Amazon could not complete the authorization ({describe(exc)}). Start again.") from exc
    marketplace_ids = [p["marketplace"]["id"] for p in participations if p["participation"]["isParticipating"]]
    store_name = participations[0].get("storeName", "") if participations else ""
    now = now or timezone.now()
    connection, created = AmazonConnection.objects.update_or_create(
        seller=membership.seller,
        selling_partner_id=selling_partner_id,
        region=data["r"],
        defaults={
            "refresh_token": refresh_token,
            "status": AmazonConnection.Status.ACTIVE,
            "status_reason": "",
            "marketplace_ids": marketplace_ids,
            "store_name": store_name,
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
