from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse


def staff_has_required_factor(user) -> bool:
    return not settings.ADMIN_REQUIRES_MFA or is_mfa_enabled(user)


class SecureAdminSite(admin.AdminSite):
    site_header = "FeedbackHub operations"
    site_title = "FeedbackHub admin"
    index_title = "Tenants, connections, opt-outs, inbound mail and dispatches"

    def has_permission(self, request):
        return super().has_permission(request) and staff_has_required_factor(request.user)

    def login(self, request, extra_context=None):
        # Staff log in through allauth so that its rate limits and second factor apply; the
        # admin's own password form would bypass both.
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff and not staff_has_required_factor(user):
            messages.warning(request, "Staff need two-factor authentication to open the admin. Set it up here.")
            return redirect("mfa_index")
        return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("account_login"))
