from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import DetailView, TemplateView, View

from common.csv_export import csv_response
from common.words import counted, was_were
from sellers.tenancy import SellerObjectActionView, SellerView

from . import inbound_mail, lists, selectors
from .models import BlockedBuyer, InboundMessage, OrderOptOut


class OptoutListView(SellerView, TemplateView):
    template_name = "optouts/optout_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        address = inbound_mail.inbound_address_for(self.seller)
        context["inbound_address"] = inbound_mail.inbound_address_text(address)
        context["inbound_messages"] = selectors.inbound_messages(self.seller)
        context["first_message"] = selectors.first_inbound_message(self.seller)
        context["refused_today"] = selectors.inbound_refusals_today(self.seller)
        context["other_mail_days"] = settings.INBOUND_OTHER_MAIL_DAYS
        context["optouts"] = selectors.opted_out_orders(self.seller)
        context["own_optouts"] = selectors.own_optouts(self.seller)
        context["blocklist"] = selectors.blocklist(self.seller)
        return context


class BlockedBuyerAddView(SellerView, View):
    http_method_names = ["post"]

    def post(self, request):
        try:
            blocked, created = lists.blocked_buyer_add(
                seller=self.seller,
                amazon_order_id=request.POST.get("amazon_order_id", ""),
                reason=request.POST.get("reason", ""),
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"The buyer of {blocked.amazon_order_id} is on your blocklist."
                if created
                else f"{blocked.amazon_order_id} was already on your blocklist.",
            )
        return redirect("optouts")


class ManualOptoutView(SellerView, View):
    http_method_names = ["post"]

    def post(self, request):
        try:
            lists.optout_add_manual(
                seller=self.seller, amazon_order_id=request.POST.get("amazon_order_id", ""), user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                "Recorded on your own opt-out list: your campaigns send this buyer no feedback requests any more.",
            )
        return redirect("optouts")


class OwnOptoutRemoveView(SellerObjectActionView):
    model = OrderOptOut
    success_url = reverse_lazy("optouts")
    success_message = "{obj.amazon_order_id} was taken off your own opt-out list."

    def perform(self, entry):
        lists.seller_optout_remove(entry=entry)


class BlockedBuyerRemoveView(SellerObjectActionView):
    model = BlockedBuyer
    success_url = reverse_lazy("optouts")
    success_message = "{obj.amazon_order_id} was removed from your blocklist."

    def perform(self, blocked):
        lists.blocked_buyer_remove(blocked=blocked)


class InboundAddressRotateView(SellerView, View):
    http_method_names = ["post"]

    def post(self, request):
        address = inbound_mail.inbound_address_rotate(seller=self.seller)
        messages.success(
            request,
            f"Your new inbound address is {inbound_mail.inbound_address_text(address)}. "
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
        context["other_mail_days"] = settings.INBOUND_OTHER_MAIL_DAYS
        context["notice_orders"] = selectors.notice_orders(self.object)
        context["confirmable_order_ids"] = selectors.confirmable_order_ids(self.object)
        return context


class InboundNoticeConfirmView(SellerObjectActionView):
    model = InboundMessage
    success_message = (
        "Recorded as an opt-out notice: the buyers of its orders join the opt-out table, "
        "each as soon as its order has synced from Amazon."
    )

    def perform(self, message):
        self.success_url = reverse("inbound_message_detail", args=[message.pk])
        inbound_mail.inbound_confirm_notice(message=message, user=self.request.user)


IMPORT_SESSION_KEY = "blocklist_import_rows"


class BlocklistExportView(SellerView, View):
    def get(self, request):
        rows = [["amazon_order_id", "reason", "added_at", "added_by"]] + [
            [
                blocked.amazon_order_id,
                blocked.reason,
                blocked.created_at.isoformat(),
                blocked.created_by.email if blocked.created_by else "",
            ]
            for blocked in selectors.blocklist(self.seller)
        ]
        return csv_response(rows, filename="blocklist.csv")


class BlocklistImportView(SellerView, TemplateView):
    """Upload a CSV, see what would be added and what is wrong line by line, then confirm."""

    template_name = "optouts/blocklist_import.html"

    def post(self, request):
        upload = request.FILES.get("file")
        if request.POST.get("confirm"):
            rows = request.session.pop(IMPORT_SESSION_KEY, None)
            if not rows:
                messages.error(request, "Nothing to import: upload the file again.")
                return redirect("blocklist_import")
            added = lists.blocklist_import(seller=self.seller, rows=rows, user=request.user)
            already = len(rows) - added
            note = f"; {already:,} {was_were(already)} already on it" if already else ""
            messages.success(request, f"{counted(added, 'buyer')} added to your blocklist{note}.")
            return redirect("optouts")
        if upload is None:
            messages.error(request, "Choose a CSV file to upload.")
            return redirect("blocklist_import")
        rows, problems = lists.blocklist_parse_csv(upload.read(lists.CSV_MAX_BYTES + 1))
        request.session[IMPORT_SESSION_KEY] = rows
        return self.render_to_response(self.get_context_data(rows=rows, problems=problems, file_name=upload.name))
