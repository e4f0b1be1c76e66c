from django.contrib import admin

from .models import Delivery, DeliveryAttempt, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ["url_display", "seller", "format", "enabled", "failing_since", "due_at"]
    list_filter = ["enabled", "format"]
    search_fields = ["seller__name", "url_display", "description"]
    list_select_related = ["seller"]
    # The URL and the secrets are the seller's: staff see the masked URL only.
    fields = ["seller", "url_display", "format", "description", "event_types", "enabled", "disabled_reason"]
    readonly_fields = ["seller", "url_display", "format", "event_types"]

    def has_add_permission(self, request):
        return False  # owners add endpoints, with their URL and a secret only they see


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event_type", "endpoint", "seller", "state", "attempts", "next_attempt_at", "last_status"]
    list_filter = ["state", "event_type"]
    search_fields = ["seller__name", "endpoint__url_display", "event_type"]
    list_select_related = ["seller", "endpoint"]
    raw_id_fields = ["endpoint", "event"]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(admin.ModelAdmin):
    list_display = ["delivery", "seller", "at", "status", "error", "duration_ms"]
    search_fields = ["seller__name", "error"]
    list_select_related = ["seller", "delivery"]
    raw_id_fields = ["delivery"]
