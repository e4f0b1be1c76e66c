"""Reads that views and tasks share."""

from django.utils import timezone

from .models import Invitation, Membership


def open_invitations_for_email(email: str):
    return Invitation.objects.filter(
        email__iexact=email, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).select_related("seller")


def team_members(seller):
    return Membership.objects.for_seller(seller).select_related("user").order_by("created_at")


def pending_invitations(seller):
    return Invitation.objects.for_seller(seller).filter(status=Invitation.Status.PENDING).select_related("invited_by")
