from django.contrib import admin

from .models import Alert, AlertDelivery, AlertPreferences
from .tasks import enqueue_deliveries


class AlertDeliveryInline(admin.TabularInline):
    model = AlertDelivery
    extra = 0
    can_delete = False
    fields = readonly_fields = ("email", "subject", "sent_at", "error")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
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
    inlines = [AlertDeliveryInline]
    actions = ["deliver_again"]

    @admin.action(description="Deliver again to anyone not mailed yet")
    def deliver_again(self, request, queryset):
        enqueue_deliveries(queryset.filter(delivered_at__isnull=True))
        self.message_user(request, "Undelivered alerts were queued; delivered ones are never sent twice.")


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "seller", "email", "subject", "error"]
    search_fields = ["email", "subject", "seller__name"]
    list_select_related = ["seller"]
    readonly_fields = ["seller", "alert", "user", "email", "subject", "sent_at", "error"]


@admin.register(AlertPreferences)
class AlertPreferencesAdmin(admin.ModelAdmin):
    list_display = ["membership", "seller", "digest", "choices", "updated_at"]
    list_filter = ["digest"]
    search_fields = ["membership__user__email", "seller__name"]
    list_select_related = ["seller", "membership__user"]
    raw_id_fields = ["membership"]
