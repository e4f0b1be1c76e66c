"""The seller's feedback page (alerts, rates, the list) and dismissing an alert."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from sellers.tenancy import SellerObjectActionView, SellerView

from . import feedback, feedback_selectors
from .models import FeedbackAlert

# Amazon's report carries 1 to 3 stars only, so there is no "positive" to filter by.
RATING_CHOICES = [("", "Any rating"), ("negative", "Negative (1–2 stars)"), ("neutral", "Neutral (3 stars)")]


class FeedbackFilterForm(forms.Form):
    rating = forms.ChoiceField(choices=RATING_CHOICES, required=False)
    marketplace = forms.ChoiceField(required=False)

    def __init__(self, data=None, *, seller, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["marketplace"].choices = [("", "Any marketplace"), *feedback_selectors.seller_marketplaces(seller)]
        self.fields["rating"].error_messages["invalid_choice"] = "%(value)s is not a rating filter."
        self.fields["marketplace"].error_messages["invalid_choice"] = "%(value)s is not one of your marketplaces."

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class FeedbackListView(SellerView, TemplateView):
    """Open alerts first, then messaged against not-messaged feedback rates, then every feedback."""

    template_name = "insights/feedback_list.html"

    def get(self, request, *args, **kwargs):
        form = FeedbackFilterForm(request.GET, seller=self.seller)
        context = self.get_context_data(form=form)
        alerts = feedback_selectors.open_alerts(self.seller)
        # Counted only when the list is full; the navigation's badge reads the same number.
        count = (
            feedback_selectors.open_alert_count(self.seller)
            if len(alerts) == feedback_selectors.ALERTS_SHOWN
            else len(alerts)
        )
        context.update(
            alerts=alerts,
            open_alert_count=count,
            rates=feedback_selectors.rate_periods(self.seller),
            settle_days=feedback_selectors.RATE_SETTLE_DAYS,
            syncs=feedback.sync_status(self.seller),
        )
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        cursor = None
        if token := request.GET.get("cursor", ""):
            try:
                cursor = feedback_selectors.cursor_decode(token)
            except feedback_selectors.InvalidCursor as error:
                context["cursor_error"] = f"{error} Showing the newest feedback instead."
        page = feedback_selectors.feedback_page(
            self.seller,
            rating=form.cleaned_data["rating"],
            marketplace_id=form.cleaned_data["marketplace"],
            cursor=cursor,
        )
        context.update(page=page, filtered=form.active)
        return self.render_to_response(context)


class FeedbackAlertDismissView(SellerObjectActionView):
    """A manager or owner has seen to a negative feedback: the alert leaves the badge and the list."""

    model = FeedbackAlert
    success_url = reverse_lazy("feedback")

    def post(self, request, *args, **kwargs):
        alert = self.get_object()
        if feedback.alert_dismiss(alert=alert):
            messages.success(request, f"The alert for order {alert.feedback.amazon_order_id} is dismissed.")
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("feedback")
        return redirect(target)
