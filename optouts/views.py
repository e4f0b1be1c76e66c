from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import DetailView, TemplateView, View

from sellers.tenancy import SellerView

from . import selectors, services
from .models import InboundMessage


class OptoutListView(SellerView, TemplateView):
    template_name = "optouts/optout_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        address = services.inbound_address_for(self.seller)
        context["inbound_address"] = services.inbound_address_text(address)
        context["inbound_messages"] = selectors.inbound_messages(self.seller)
        context["first_message"] = selectors.first_inbound_message(self.seller)
        return context


class InboundAddressRotateView(SellerView, View):
    http_method_names = ["post"]

    def post(self, request):
        address = services.inbound_address_rotate(seller=self.seller)
        messages.success(
            request,
            f"Your new inbound address is {services.inbound_address_text(address)}. "
            "Update Seller Central and your forwarding rule: mail to the old address is now refused.",
        )
        return redirect("optouts")


class InboundMessageDetailView(SellerView, DetailView):
    model = InboundMessage
    template_name = "optouts/inbound_message_detail.html"
    context_object_name = "inbound"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["body_text"] = selectors.inbound_message_text(self.object)
        return context
