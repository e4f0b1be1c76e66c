"""The one mechanism that scopes every request to the current seller.

current_membership() resolves which seller the logged-in user is acting for (their choice,
kept in the session, or their first membership). SellerView is the base of every tenant view:
it demands a membership, refuses writes to members below the view's role with 403, and fetches
objects only through the seller-scoped queryset, so another seller's object is a 404.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import Promise, SimpleLazyObject
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin

from .models import Membership, Role

SESSION_KEY = "current_seller_id"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


_UNRESOLVED = object()


def current_membership(request):
    """The membership the user acts through on this request (their choice, else their first)."""
    cached = getattr(request, "_current_membership", _UNRESOLVED)
    if cached is not _UNRESOLVED:
        return cached
    membership = None
    if request.user.is_authenticated:
        memberships = Membership.objects.filter(user=request.user).select_related("seller")
        chosen = request.session.get(SESSION_KEY)
        if chosen and _is_uuid(chosen):
            membership = memberships.filter(seller_id=chosen).first()
        if membership is None:
            membership = memberships.order_by("created_at").first()
    request._current_membership = membership
    return membership


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def switch_seller(request, seller_id) -> bool:
    try:
        seller_id = uuid.UUID(str(seller_id))
    except ValueError:
        return False
    if not Membership.objects.filter(user=request.user, seller_id=seller_id).exists():
        return False
    request.session[SESSION_KEY] = str(seller_id)
    request.__dict__.pop("_current_membership", None)
    return True


def current_seller(request):
    """Template context: the seller, the member's role and the sellers they can switch to."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    membership = current_membership(request)
    return {
        "membership": membership,
        "current_seller": membership.seller if membership else None,
        "my_memberships": SimpleLazyObject(
            lambda: list(Membership.objects.filter(user=request.user).select_related("seller"))
        ),
    }


class SellerView(LoginRequiredMixin):
    """Base of every view that reads or changes a seller's data.

    `model` names the tenant-owned model the view's `pk` refers to; `write_role` is the least
    role that may use a state-changing method (POST, PUT, PATCH, DELETE).
    """

    model: Any = None  # a tenant model class; Any as Django's SingleObjectMixin types it by generic
    write_role = Role.MANAGER
    read_role = Role.VIEWER

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        membership = current_membership(request)
        if membership is None:
            return redirect("seller_create")
        self.membership = membership
        self.seller = membership.seller
        needed = self.read_role if request.method in SAFE_METHODS else self.write_role
        if not membership.has_role(needed):
            raise PermissionDenied("Your role in this seller does not allow this.")
        return super().dispatch(request, *args, **kwargs)

    @property
    def can_write(self) -> bool:
        return self.membership.has_role(self.write_role)

    def get_queryset(self):
        return self.model.objects.for_seller(self.seller)

    def get_object(self, queryset=None):
        return get_object_or_404(queryset if queryset is not None else self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_write"] = self.can_write
        return context


def error_text(error: ValidationError) -> str:
    """A refusal as one line for a flash message."""
    return " ".join(error.messages)


class SellerObjectActionView(SellerView, SingleObjectMixin, View):
    """A POST-only action on one of the current seller's objects, then back to `success_url`."""

    http_method_names = ["post"]
    success_url: str | Promise | None = None
    success_message = ""

    def perform(self, obj):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.perform(self.object)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if self.success_message:
                messages.success(request, self.success_message.format(obj=self.object))
        return redirect(self.success_url)
