from django.contrib import admin

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
    readonly_fields = ["seller", "source", "recipient", "mail_from", "message_id", "subject", "sha256", "size", "received_at",
                       "confirmable", "confirmed_by", "confirmed_at", "raw_preview"]

    @admin.display(description="Raw message (first 20 kB)")
    def raw_preview(self, message):
        from django.utils.html import format_html

        return format_html("<pre style='white-space:pre-wrap'>{}</pre>", bytes(message.raw[:20000]).decode("utf-8", "replace"))


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["buyer_key", "source", "first_seller", "first_order_id", "created_at"]
    list_filter = ["source"]
    search_fields = ["=buyer_key", "=first_order_id", "first_seller__name"]
    list_select_related = ["first_seller"]
    raw_id_fields = ["evidence"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # When a buyer was learned is the record's, not an editor's; a changed key would be another buyer.
        return ["created_at", "recorded_at"] + (["buyer_key"] if obj is not None else [])


@admin.register(OptOutRemoval)
class OptOutRemovalAdmin(admin.ModelAdmin):
    list_display = ["buyer_key", "source", "first_learned_at", "removed_at"]
    list_filter = ["source"]
    search_fields = ["=buyer_key"]

    # The record of a removal is kept as written.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrderOptOut)
class OrderOptOutAdmin(admin.ModelAdmin):
    list_display = ["amazon_order_id", "seller", "source", "created_at"]
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
