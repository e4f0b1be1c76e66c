"""Business rules for sellers, their members and invitations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import ROLE_RANK, Invitation, Membership, Role, Seller


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
        raise ValidationError({"email": f"{email} is already a member of {seller.name}."})
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
        raise ValidationError(
            f"This invitation was sent to {invitation.email}. Log in with that address to accept it."
        )
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


def _ensure_another_owner(membership: Membership) -> None:
    if membership.role == Role.OWNER and not (
        Membership.objects.filter(seller=membership.seller, role=Role.OWNER).exclude(pk=membership.pk).exists()
    ):
        raise ValidationError("A seller needs at least one owner. Make someone else an owner first.")


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role != Role.OWNER:
        _ensure_another_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    _ensure_another_owner(membership)
    membership.delete()
