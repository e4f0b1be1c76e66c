from django.contrib import admin

from .models import Notice, NoticeDelivery, NoticePreferences


class NoticeDeliveryInline(admin.TabularInline):
    model = NoticeDelivery
    extra = 0
    can_delete = False
    fields = ["email", "subject", "sent_at", "error"]
    readonly_fields = fields


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "seller", "kind", "key", "delivered_at", "attempts", "last_error"]
    list_filter = ["kind"]
    search_fields = ["seller__name", "key", "last_error"]
    list_select_related = ["seller"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "seller",
        "kind",
        "key",
        "context",
        "created_at",
        "delivered_at",
        "attempts",
        "retry_at",
        "last_error",
    ]
    inlines = [NoticeDeliveryInline]
    actions = ["deliver_again"]

    @admin.action(description="Deliver again to anyone not mailed yet")
    def deliver_again(self, request, queryset):
        from . import services

        for notice in queryset.filter(delivered_at__isnull=True):
            services.queue_delivery(notice)
        self.message_user(request, "Undelivered notices were queued; delivered ones are never sent twice.")


@admin.register(NoticeDelivery)
class NoticeDeliveryAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "seller", "email", "subject", "error"]
    search_fields = ["email", "subject", "seller__name"]
    list_select_related = ["seller"]
    readonly_fields = ["seller", "notice", "user", "email", "subject", "sent_at", "error"]


@admin.register(NoticePreferences)
class NoticePreferencesAdmin(admin.ModelAdmin):
    list_display = ["membership", "seller", "digest", "choices", "updated_at"]
    list_filter = ["digest"]
    search_fields = ["membership__user__email", "seller__name"]
    list_select_related = ["seller", "membership__user"]
    raw_id_fields = ["membership"]
