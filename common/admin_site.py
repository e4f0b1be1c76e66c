from datetime import UTC, datetime

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse


def presented_second_factor(request) -> bool:
    """Whether this session presented a second factor that the account had before the session
    began: enrolling a factor proves nothing (anyone holding the password can), and a factor
    enrolled in the session cannot vouch for it."""
    records = get_authentication_records(request, request.user)
    started = min((r["at"] for r in records if r.get("method") != "mfa" and "at" in r), default=None)
    used = {r.get("id") for r in records if r.get("method") == "mfa"}
    if started is None or not used:
        return False
    return Authenticator.objects.filter(user=request.user, pk__in=used,
                                        created_at__lt=datetime.fromtimestamp(started, UTC)).exists()


def staff_has_required_factor(request) -> bool:
    return not settings.ADMIN_REQUIRES_MFA or presented_second_factor(request)


class SecureAdminSite(admin.AdminSite):
    site_header = "FeedbackHub operations"
    site_title = "FeedbackHub admin"
    index_title = "Tenants, connections, opt-outs, inbound mail and dispatches"

    def has_permission(self, request):
        return super().has_permission(request) and staff_has_required_factor(request)

    def login(self, request, extra_context=None):
        # Staff log in through allauth so that its rate limits and second factor apply; the
        # admin's own password form would bypass both.
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff and not staff_has_required_factor(request):
            if not is_mfa_enabled(user):
                messages.warning(request, "Staff need two-factor authentication to open the admin. Set it up "
                                          "here, then log out and log in again with it.")
                return redirect("mfa_index")
            messages.warning(request, "The admin opens only in a session that began with your second factor. "
                                      "Log out and log in again with your authenticator code.")
            return redirect("mfa_index")
        return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("account_login"))
