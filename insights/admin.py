from django.contrib import admin, messages
from django.db import transaction

from common.words import counted

from . import tasks
from .models import (
    CampaignOutcomeDay,
    Feedback,
    FeedbackAlert,
    FeedbackDay,
    FeedbackRateDay,
    FeedbackSync,
    OutcomeDay,
    RollupState,
    WaitingDispatches,
)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = [
        "amazon_order_id",
        "seller",
        "rating",
        "left_on",
        "marketplace_id",
        "order",
        "removed_at",
        "synced_at",
    ]
    list_filter = ["rating", "marketplace_id", ("removed_at", admin.EmptyFieldListFilter)]
    search_fields = ["=amazon_order_id", "seller__name"]
    list_select_related = ["seller", "order"]
    raw_id_fields = ["connection", "order"]
    readonly_fields = ["synced_at", "removed_at"]
    show_full_result_count = False


@admin.register(FeedbackAlert)
class FeedbackAlertAdmin(admin.ModelAdmin):
    list_display = ["feedback", "seller", "created_at", "emailed_at", "dismissed_at"]
    list_filter = [("dismissed_at", admin.EmptyFieldListFilter), ("emailed_at", admin.EmptyFieldListFilter)]
    search_fields = ["=feedback__amazon_order_id", "seller__name"]
    list_select_related = ["feedback", "seller"]
    raw_id_fields = ["feedback"]


@admin.action(description="Sync feedback now")
def sync_feedback_now(modeladmin, request, queryset):
    connection_ids = sorted({str(pk) for pk in queryset.values_list("connection_id", flat=True)})
    for connection_id in connection_ids:
        transaction.on_commit(lambda pk=connection_id: tasks.sync_feedback.delay(pk, force=True))
    modeladmin.message_user(
        request, f"A feedback sync of {counted(len(connection_ids), 'Amazon account')} has started.", messages.SUCCESS
    )


@admin.register(FeedbackSync)
class FeedbackSyncAdmin(admin.ModelAdmin):
    list_display = [
        "connection",
        "seller",
        "marketplace_id",
        "report_id",
        "covered_until",
        "loaded_at",
        "next_run_at",
        "last_rows",
        "bad_row_count",
        "last_error",
    ]
    list_filter = ["marketplace_id"]
    search_fields = ["connection__selling_partner_id", "connection__store_name", "seller__name"]
    list_select_related = ["connection", "seller"]
    readonly_fields = [
        "seller",
        "connection",
        "marketplace_id",
        "report_id",
        "report_requested_at",
        "window_start",
        "window_end",
        "covered_until",
        "loaded_at",
        "last_rows",
        "bad_row_count",
        "bad_rows",
    ]
    actions = [sync_feedback_now]


# -- the dashboard's rollups (derived from dispatches and feedback; insights.rollups rewrites them) -----
class RollupRowAdmin(admin.ModelAdmin):
    """Rows the rollup computes: to look at, never to edit (a recount would overwrite any change)."""

    list_select_related = ["seller", "campaign"]
    search_fields = ["seller__name", "campaign__name"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutcomeDay)
class OutcomeDayAdmin(RollupRowAdmin):
    list_display = ["day", "seller", "campaign", "marketplace_id", "language", "state", "count"]
    list_filter = ["state", "marketplace_id"]
    date_hierarchy = "day"


@admin.register(CampaignOutcomeDay)
class CampaignOutcomeDayAdmin(RollupRowAdmin):
    list_display = ["day", "seller", "campaign", "state", "count"]
    list_filter = ["state"]
    date_hierarchy = "day"


@admin.register(WaitingDispatches)
class WaitingDispatchesAdmin(RollupRowAdmin):
    list_display = ["campaign", "seller", "waiting", "due"]


@admin.register(FeedbackDay)
class FeedbackDayAdmin(RollupRowAdmin):
    list_display = ["day", "seller", "campaign", "marketplace_id", "language", "received", "negative"]
    date_hierarchy = "day"


@admin.action(description="Count the last 95 days again now")
def recount_rollup_history(modeladmin, request, queryset):
    transaction.on_commit(tasks.recount_rollup_history.delay)
    modeladmin.message_user(
        request, "The dashboard's counts of the last 95 days are being recounted.", messages.SUCCESS
    )


@admin.register(RollupState)
class RollupStateAdmin(admin.ModelAdmin):
    list_display = ["name", "watermark", "refreshed_at", "recounted_at", "feedback_counted_at"]
    readonly_fields = ["name", "watermark", "refreshed_at", "recounted_at", "feedback_counted_at"]
    actions = [recount_rollup_history]

    def has_add_permission(self, request):
        return False


@admin.register(FeedbackRateDay)
class FeedbackRateDayAdmin(RollupRowAdmin):
    """The feedback rates' daily counts (insights.attribution.refresh_feedback_rates rewrites them)."""

    list_display = [
        "day",
        "seller",
        "campaign",
        "orders",
        "messaged_orders",
        "messaged_feedback",
        "feedback_before_message",
        "unmessaged_orders",
        "unmessaged_feedback",
        "computed_at",
    ]
    date_hierarchy = "day"
