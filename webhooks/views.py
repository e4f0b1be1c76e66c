"""The owners' webhook pages: endpoints, their delivery log, a delivery's attempts; thin views
over webhooks.services. Owners only, reading included: the pages show signing secrets."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import DetailView, FormView, TemplateView

from eventlog.types import SUBSCRIBABLE
from sellers.models import Role
from sellers.tenancy import SellerObjectActionView, SellerView

from . import payloads, selectors, services
from .forms import EndpointForm
from .models import Delivery, Endpoint


class OwnersOnly(SellerView):
    read_role = Role.OWNER
    write_role = Role.OWNER


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


class EndpointListView(OwnersOnly, TemplateView):
    template_name = "webhooks/endpoint_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["endpoints"] = selectors.endpoints_with_counts(self.seller)
        context["events"] = SUBSCRIBABLE
        return context


class EndpointCreateView(OwnersOnly, FormView):
    template_name = "webhooks/endpoint_form.html"
    form_class = EndpointForm

    def form_valid(self, form):
        try:
            endpoint = services.endpoint_create(seller=self.seller, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Endpoint added. Send it a test event to check that your side receives it.")
        return redirect("webhook_detail", endpoint.pk)


class EndpointEditView(OwnersOnly, FormView):
    model = Endpoint
    template_name = "webhooks/endpoint_form.html"
    form_class = EndpointForm

    def get_form(self, form_class=None):
        self.object = self.get_object()
        return EndpointForm.for_endpoint(self.object, data=self.request.POST if self.request.method == "POST" else None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["endpoint"] = self.object
        return context

    def form_valid(self, form):
        try:
            services.endpoint_update(endpoint=self.object, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Endpoint saved.")
        return redirect("webhook_detail", self.object.pk)


class EndpointDetailView(OwnersOnly, DetailView):
    model = Endpoint
    template_name = "webhooks/endpoint_detail.html"
    context_object_name = "endpoint"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        before = self.request.GET.get("before", "")
        deliveries, more = selectors.delivery_log(self.object, before=int(before) if before.isdigit() else None)
        context.update(deliveries=deliveries, more=more, events=SUBSCRIBABLE)
        return context


class EndpointAction(OwnersOnly, SellerObjectActionView):
    model = Endpoint

    @property
    def success_url(self):
        return reverse("webhook_detail", args=[self.object.pk])


class EndpointDeleteView(EndpointAction):
    success_url = reverse_lazy("webhooks")
    success_message = "Endpoint removed: it gets no more events."

    def perform(self, endpoint):
        services.endpoint_delete(endpoint=endpoint)


class EndpointEnableView(EndpointAction):
    success_message = "Endpoint turned on: events that waited go out first, in order."

    def perform(self, endpoint):
        services.endpoint_enable(endpoint=endpoint)


class EndpointDisableView(EndpointAction):
    success_message = "Endpoint turned off: it gets no events until you turn it on again."

    def perform(self, endpoint):
        services.endpoint_disable(endpoint=endpoint, reason=f"Turned off by {self.request.user.email}.")


class EndpointRotateSecretView(EndpointAction):
    def perform(self, endpoint):
        services.secret_rotate(endpoint=endpoint)
        hours = int(services.overlap().total_seconds() // 3600)
        self.success_message = (
            f"New signing secret made. The old one signs beside it for {hours} hours: switch your receiver over."
        )


class EndpointTestView(EndpointAction):
    success_message = "Test event queued: it shows in the log below within seconds."

    def perform(self, endpoint):
        services.endpoint_send_test(endpoint=endpoint)


class DeliveryDetailView(OwnersOnly, DetailView):
    model = Delivery
    template_name = "webhooks/delivery_detail.html"
    context_object_name = "delivery"

    def get_queryset(self):
        return super().get_queryset().select_related("endpoint", "event")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery = self.object
        message = payloads.build(delivery.event, slack=delivery.endpoint.is_slack)
        context.update(
            attempts=selectors.attempts_of(delivery),
            message_id=message.id,
            body=json.dumps(json.loads(message.body), indent=2, ensure_ascii=False),
        )
        return context


class DeliveryReplayView(OwnersOnly, SellerObjectActionView):
    model = Delivery
    success_message = "Replay queued: the same message, with the same webhook-id, goes out again shortly."

    def perform(self, delivery):
        services.delivery_replay(delivery=delivery)

    @property
    def success_url(self):
        return reverse("webhook_delivery", args=[self.object.pk])
