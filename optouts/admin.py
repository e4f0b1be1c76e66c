from django.contrib import admin

from .models import InboundAddress, InboundMessage


@admin.register(InboundAddress)
class InboundAddressAdmin(admin.ModelAdmin):
    list_display = ["token", "seller", "created_at", "rotated_at"]
    search_fields = ["token", "seller__name"]
    list_select_related = ["seller"]
    readonly_fields = ["created_at", "rotated_at"]


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "seller", "subject", "mail_from", "source", "status", "size"]
    list_filter = ["status", "source"]
    search_fields = ["subject", "mail_from", "message_id", "recipient", "seller__name"]
    list_select_related = ["seller"]
    date_hierarchy = "received_at"
    exclude = ["raw"]
    readonly_fields = ["seller", "source", "recipient", "mail_from", "message_id", "subject", "sha256", "size", "received_at", "raw_preview"]

    @admin.display(description="Raw message (first 20 kB)")
    def raw_preview(self, message):
        from django.utils.html import format_html

        return format_html("<pre style='white-space:pre-wrap'>{}</pre>", bytes(message.raw[:20000]).decode("utf-8", "replace"))
