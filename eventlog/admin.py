from django.contrib import admin

from .models import Event, Subscription


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "seller_id", "created_at", "fanned_out_at"]
    list_filter = ["type"]
    search_fields = ["type", "key", "=seller_id"]
    readonly_fields = ["id", "uuid", "seller_id", "type", "key", "data", "created_at", "fanned_out_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # events are what happened: recorded by the product, never typed in


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["seller_id", "type"]
    list_filter = ["type"]
    search_fields = ["type", "=seller_id"]

    def has_add_permission(self, request):
        return False  # follows the sellers' endpoints

    def has_change_permission(self, request, obj=None):
        return False
