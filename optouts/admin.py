from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html

from common.words import counted

from . import lists
from .models import (
    BlockedBuyer,
    InboundAddress,
    InboundDailyUsage,
    InboundMessage,
    NoticeOrder,
    OptOut,
    OptOutRemoval,
    OrderOptOut,
)


@admin.register(InboundAddress)
class InboundAddressAdmin(admin.ModelAdmin):
    list_display = ["token", "seller", "created_at", "rotated_at"]
    search_fields = ["token", "seller__name"]
    list_select_related = ["seller"]
    readonly_fields = ["created_at", "rotated_at"]


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "seller", "subject", "mail_from", "source", "status", "language", "size"]
    list_filter = ["status", "source", "language", "confirmable"]
    search_fields = ["subject", "mail_from", "message_id", "recipient", "seller__name"]
    list_select_related = ["seller"]
    date_hierarchy = "received_at"
    exclude = ["raw"]
    readonly_fields = [
        "seller",
        "source",
        "recipient",
        "mail_from",
        "message_id",
        "subject",
        "sha256",
        "size",
        "received_at",
        "confirmable",
        "confirmed_by",
        "confirmed_at",
        "raw_preview",
    ]

    @admin.display(description="Raw message (first 20 kB)")
    def raw_preview(self, message):
        return format_html(
            "<pre style='white-space:pre-wrap'>{}</pre>", bytes(message.raw[:20000]).decode("utf-8", "replace")
        )


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    """The shared table: only Amazon's signed notices write it. Staff read it and can take an entry
    out (a notice shown to be forged, a mistake), saying why; nobody types one in."""

    list_display = ["buyer_key", "source", "first_seller", "first_order_id", "created_at"]
    list_filter = ["source"]
    search_fields = ["=buyer_key", "=first_order_id", "first_seller__name"]
    list_select_related = ["first_seller"]
    raw_id_fields = ["evidence"]
    show_full_result_count = False
    actions = ["remove_with_reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # removals go through remove_with_reason, which records who and why

    @admin.action(description="Remove from the shared table, saying why")
    def remove_with_reason(self, request, queryset):
        if request.POST.get("confirmed"):
            reason = request.POST.get("reason", "").strip()
            if reason:
                removed = 0
                for optout in queryset:
                    lists.optout_remove(optout=optout, user=request.user, reason=reason)
                    removed += 1
                self.message_user(request, f"Removed {counted(removed, 'opt-out')}; the record keeps who and why.")
                return None
            self.message_user(request, "Say why: a removal is recorded with its reason.", level=messages.ERROR)
        return TemplateResponse(
            request,
            "admin/optouts/optout/remove_with_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": "Remove opt-outs from the shared table",
                "optouts": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(OptOutRemoval)
class OptOutRemovalAdmin(admin.ModelAdmin):
    list_display = ["buyer_key", "source", "first_learned_at", "removed_at", "removed_by", "reason"]
    list_filter = ["source"]
    search_fields = ["=buyer_key", "reason"]
    list_select_related = ["removed_by"]

    # The record of a removal is kept as written.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrderOptOut)
class OrderOptOutAdmin(admin.ModelAdmin):
    list_display = ["amazon_order_id", "seller", "source", "created_by", "created_at"]
    list_filter = ["source"]
    search_fields = ["=amazon_order_id", "seller__name"]
    list_select_related = ["seller"]
    raw_id_fields = ["evidence"]


@admin.register(NoticeOrder)
class NoticeOrderAdmin(admin.ModelAdmin):
    list_display = ["amazon_order_id", "seller", "state", "message", "resolved_at"]
    list_filter = ["state"]
    search_fields = ["=amazon_order_id", "seller__name"]
    list_select_related = ["seller", "message"]
    raw_id_fields = ["message"]


@admin.register(BlockedBuyer)
class BlockedBuyerAdmin(admin.ModelAdmin):
    list_display = ["amazon_order_id", "seller", "reason", "created_by", "created_at"]
    search_fields = ["=amazon_order_id", "seller__name", "reason"]
    list_select_related = ["seller", "created_by"]


@admin.register(InboundDailyUsage)
class InboundDailyUsageAdmin(admin.ModelAdmin):
    list_display = ("seller", "day", "messages", "bytes", "refused", "first_refused_at")
    list_filter = ("day",)
    search_fields = ("seller__name",)
    ordering = ("-day",)

    def has_add_permission(self, request):
        return False
