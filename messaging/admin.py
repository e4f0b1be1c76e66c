from django.contrib import admin

from .models import DailySends


@admin.register(DailySends)
class DailySendsAdmin(admin.ModelAdmin):
    list_display = ["connection", "seller", "day", "sent"]
    list_filter = ["day"]
    search_fields = ["seller__name", "connection__selling_partner_id", "connection__store_name"]
    list_select_related = ["connection", "seller"]
    raw_id_fields = ["connection"]
    date_hierarchy = "day"
