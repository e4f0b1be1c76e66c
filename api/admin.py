from django.contrib import admin

from . import services
from .models import APIKey, IdempotentRequest


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    """Keys are created by the seller's owners, in the dashboard; staff see them and can revoke."""

    list_display = ["name", "prefix", "seller", "scope", "created_by_email", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix", "seller__name", "created_by_email"]
    list_select_related = ["seller"]
    readonly_fields = [
        "seller",
        "name",
        "scope",
        "prefix",
        "membership",
        "created_by_email",
        "created_at",
        "last_used_at",
        "revoked_at",
        "revoked_by_email",
    ]
    exclude = ["digest"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        for key in queryset.filter(revoked_at__isnull=True):
            services.api_key_revoke(key=key, user=request.user)


@admin.register(IdempotentRequest)
class IdempotentRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "api_key", "key", "status"]
    search_fields = ["key", "api_key__prefix"]
    list_select_related = ["api_key"]
    readonly_fields = ["api_key", "key", "fingerprint", "status", "body", "created_at"]

    def has_add_permission(self, request):
        return False
