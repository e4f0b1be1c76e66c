from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, RedirectView

from sellers.tenancy import current_membership

from . import services
from .forms import PreferencesForm
from .kinds import Digest, Kind

DIGEST_HELP = {
    Digest.OFF: "No digest. The immediate emails above still arrive.",
    Digest.DAILY: "Yesterday, every morning (days end at midnight UTC).",
    Digest.WEEKLY: "Monday to Sunday, every Monday (UTC).",
}


class PreferencesView(LoginRequiredMixin, FormView):
    """The logged-in member's email choices for the seller they act for."""

    tenant_exempt = "reads and writes only the logged-in member's own email choices, for their current seller"
    template_name = "alerts/preferences.html"
    form_class = PreferencesForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.membership = current_membership(request)
            if self.membership is None:
                return redirect("seller_create")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        rows = services.preference_rows(self.membership)
        return {
            "digest": services.current_digest(self.membership),
            "enabled": [row["code"] for row in rows if row["enabled"]],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        chosen = set(form["enabled"].value() or [])
        context["rows"] = [
            {**row, "checked": row["code"] in chosen} for row in services.preference_rows(self.membership)
        ]
        context["digest_choices"] = [(value, label, DIGEST_HELP[value]) for value, label in Digest.choices]
        context["digest_value"] = form["digest"].value()
        return context

    def form_valid(self, form):
        services.preferences_save(
            membership=self.membership, digest=form.cleaned_data["digest"], enabled=set(form.cleaned_data["enabled"])
        )
        messages.success(self.request, "Your email choices are saved.")
        return redirect("alert_preferences")


ONE_CLICK = "One-Click"


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """Stop one kind of email from the link in it, without logging in.

    The signed token is the credential: unguessable and bound to one member and one kind, so the
    view needs no CSRF token (mail clients' one-click POST, RFC 8058, carries none) and no
    session. A GET only asks for confirmation, because mail scanners open links.
    """

    tenant_exempt = "authorized by the signed per-member, per-kind link in the email, not by a login"
    http_method_names = ["get", "post"]

    def dispatch(self, request, token):
        try:
            self.membership, self.kind = services.unsubscribe_resolve(token)
        except services.InvalidLink as invalid:
            return render(request, "alerts/unsubscribe_invalid.html", {"reason": str(invalid)}, status=400)
        return super().dispatch(request, token)

    def get(self, request, token):
        return render(request, "alerts/unsubscribe.html", self.context(self.membership, self.kind))

    def post(self, request, token):
        services.unsubscribe(membership=self.membership, kind=self.kind)
        if request.POST.get("List-Unsubscribe") == ONE_CLICK:
            return HttpResponse("Unsubscribed.\n", content_type="text/plain; charset=utf-8")
        return render(request, "alerts/unsubscribe.html", {**self.context(self.membership, self.kind), "done": True})

    @staticmethod
    def context(membership, kind):
        return {
            "membership": membership,
            "seller": membership.seller,
            "email": membership.user.email,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "is_digest": kind == Kind.DIGEST,
            "subscribed": services.is_subscribed(membership, kind),
        }


@method_decorator(csrf_exempt, name="dispatch")
class SentEmailLinkView(RedirectView):
    """A link of an email sent before the app was renamed: 308, the permanent redirect that keeps
    the method and body, so a mail client's one-click unsubscribe POST (RFC 8058) arrives as one."""

    tenant_exempt = "only redirects to the same page under its new address, which checks the request"
    permanent = True
    http_method_names = ["get", "head", "post"]

    def get(self, request, *args, **kwargs):
        return HttpResponsePermanentRedirect(self.get_redirect_url(*args, **kwargs), preserve_request=True)

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)
