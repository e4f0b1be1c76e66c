from django.contrib import admin

from .models import DemoWorld


@admin.register(DemoWorld)
class DemoWorldAdmin(admin.ModelAdmin):
    list_display = ["seller", "world_generated_at", "seeded_at"]
    search_fields = ["seller__name"]
    list_select_related = ["seller"]
    readonly_fields = ["seller", "world_generated_at", "seeded_at"]

    def has_add_permission(self, request):
        return False  # written by seed_demo as it lives the demo's history
