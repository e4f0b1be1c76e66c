from django.contrib import admin
from django.utils.html import format_html, format_html_join

from sellers.admin import OrderAdmin
from sellers.models import Order

from . import selectors
from .models import Campaign, Dispatch, MessageTemplate


class MessageTemplateInline(admin.StackedInline):
    model = MessageTemplate
    extra = 0
    fields = ["language", "body", "updated_at"]
    readonly_fields = ["updated_at"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "seller", "kind", "state", "priority", "trigger", "delay_minutes", "planned_until"]
    list_filter = ["state", "kind", "trigger"]
    search_fields = ["name", "seller__name"]
    list_select_related = ["seller"]
    readonly_fields = ["planned_until", "created_at", "updated_at", "activated_at", "orders_placed_from"]
    inlines = [MessageTemplateInline]

    def save_formset(self, request, form, formset, change):
        # Texts belong to the campaign's seller; the inline has no seller field to fill.
        for template in formset.save(commit=False):
            template.seller = form.instance.seller
            template.save()
        for template in formset.deleted_objects:
            template.delete()


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["campaign", "language", "seller", "updated_at"]
    list_filter = ["language"]
    search_fields = ["campaign__name", "seller__name"]
    list_select_related = ["campaign", "seller"]


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = ["order", "campaign", "seller", "kind", "state", "scheduled_for", "attempts", "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["=order__amazon_order_id", "campaign__name", "seller__name"]
    list_select_related = ["order", "campaign", "seller"]
    raw_id_fields = ["order", "campaign", "connection"]
    show_full_result_count = False


admin.site.unregister(Order)


@admin.register(Order)
class OrderWithCampaignsAdmin(OrderAdmin):
    """Orders, with the answer staff are asked most: why did (or didn't) this order get a message?"""

    readonly_fields = [*OrderAdmin.readonly_fields, "campaigns_explained"]

    @admin.display(description="Campaigns: what happened, or why not")
    def campaigns_explained(self, order):
        _, explanations = selectors.why_not(order.seller, order.amazon_order_id)
        if not explanations:
            return "The seller has no campaigns."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((e.campaign.name, e.campaign.get_state_display(), e.summary) for e in explanations),
        )
        return format_html("<table><tr><th>Campaign</th><th>State</th><th>What happened</th></tr>{}</table>", rows)
