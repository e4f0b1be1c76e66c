from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count

from .models import AmazonConnection, Invitation, Membership, Order, Seller, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["name", "member_count", "created_at"]
    list_per_page = 50
    search_fields = ["name", "id"]
    date_hierarchy = "created_at"
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("membership"))

    @admin.display(description="Members", ordering="_member_count")
    def member_count(self, seller):
        return seller._member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "seller", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "seller__name"]
    list_select_related = ["user", "seller"]
    autocomplete_fields = ["user", "seller"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "seller", "role", "status", "invited_by", "created_at", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "seller__name"]
    list_select_related = ["seller", "invited_by"]
    readonly_fields = ["token", "created_at", "accepted_at"]
    autocomplete_fields = ["seller", "invited_by"]


@admin.register(AmazonConnection)
class AmazonConnectionAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "seller",
        "selling_partner_id",
        "region",
        "status",
        "backfill_status",
        "orders_count",
        "last_sync_at",
        "expires_at",
    ]
    list_filter = ["status", "region", "backfill_status"]
    search_fields = ["selling_partner_id", "store_name", "seller__name"]
    list_select_related = ["seller"]
    # The refresh token never leaves the database in clear text, not even for staff.
    exclude = ["refresh_token", "sync_page_token"]
    readonly_fields = [
        "seller",
        "selling_partner_id",
        "region",
        "marketplace_ids",
        "authorized_at",
        "created_at",
        "orders_cursor",
        "sync_window_start",
        "sync_window_end",
        "last_sync_at",
        "orders_count",
        "backfill_report_id",
        "backfill_since",
        "backfill_total",
        "backfill_done",
    ]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "amazon_order_id",
        "seller",
        "marketplace_id",
        "fulfillment_channel",
        "status",
        "is_delivered",
        "is_returned",
        "purchased_at",
        "last_updated_at",
    ]
    list_filter = ["fulfillment_channel", "status", "is_delivered", "is_returned", "is_business", "buyer_key_kind"]
    search_fields = ["=amazon_order_id", "seller__name"]
    list_select_related = ["seller"]
    show_full_result_count = False
    readonly_fields = ["seller", "connection", "buyer_key", "items", "fingerprint"]
