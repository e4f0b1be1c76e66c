from datetime import UTC, datetime

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

APPROVED = "admin_approved_at"  # in an authenticator's data: an operator vouched for it out of band


def settled(authenticator: Authenticator, now: datetime) -> bool:
    """A factor vouches for the admin once it is older than ADMIN_NEW_FACTOR_DELAY or an operator
    approved it (approve_staff_factor): whoever holds only the password can enrol a factor, but the
    account's owner is mailed at once and has that long to react."""
    return (
        bool((authenticator.data or {}).get(APPROVED))
        or authenticator.created_at <= now - settings.ADMIN_NEW_FACTOR_DELAY
    )


def presented_second_factor(request) -> bool:
    """Whether this session presented a settled second factor that the account had before the
    session began: enrolling a factor proves nothing (anyone holding the password can), and a
    factor enrolled in the session cannot vouch for it."""
    records = get_authentication_records(request, request.user)
    started = min((r["at"] for r in records if r.get("method") != "mfa" and "at" in r), default=None)
    used = {r.get("id") for r in records if r.get("method") == "mfa"}
    if started is None or not used:
        return False
    now = timezone.now()
    return any(
        settled(factor, now)
        for factor in Authenticator.objects.filter(
            user=request.user, pk__in=used, created_at__lt=datetime.fromtimestamp(started, UTC)
        )
    )


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
                messages.warning(
                    request,
                    "Staff need two-factor authentication to open the admin. Set it up "
                    "here, then log out and log in again with it.",
                )
                return redirect("mfa_index")
            hours = int(settings.ADMIN_NEW_FACTOR_DELAY.total_seconds() // 3600)
            messages.warning(
                request,
                "The admin opens only in a session that began with your second factor, "
                f"once that factor is {hours} hours old or an operator approved it "
                "(python manage.py approve_staff_factor). Log out and log in again with "
                "your authenticator code.",
            )
            return redirect("mfa_index")
        return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("account_login"))
