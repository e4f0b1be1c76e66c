from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View

from common.csv_export import csv_streaming_response
from sellers.models import Order
from sellers.preferences import viewer_zone, zone_names
from sellers.tenancy import SellerView

from . import selectors
from .forms import MessageLogFilterForm


class MessageLogView(SellerView, TemplateView):
    """One view of the seller's dispatches (sent, not sent, scheduled), filtered by the query
    string, a keyset page at a time, times on the viewer's clock. insights serves it with each
    view's count (config/urls.py), read from its rollups."""

    template_name = "messaging/message_log.html"

    def view_counts(self) -> dict[str, int] | None:
        """{view key: dispatches} for the tabs, or None when counting is not offered."""
        return None

    def get(self, request, *args, **kwargs):
        zone = viewer_zone(request.user)
        form = MessageLogFilterForm(request.GET, seller=self.seller, zone=zone.zone)
        context = self.get_context_data(form=form, zone=zone, zone_names=zone_names(), log_view=form.log_view)
        context["tabs"] = _tabs(None)
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        cursor = None
        if token := request.GET.get("cursor", ""):
            try:
                cursor = selectors.cursor_decode(token, view=form.log_view)
            except selectors.InvalidCursor as error:
                context["cursor_error"] = f"{error} Showing the first page instead."
        filters = form.filters()
        page = selectors.message_log(
            self.seller, filters=filters, cursor=cursor, limit=selectors.LOG_PAGE_SIZE, zone=zone.zone
        )
        # Only an empty filtered first page needs to know whether the seller has any messages at all.
        has_any = bool(page.entries) or not page.first_page or selectors.seller_has_dispatches(self.seller)
        # Counting a filtered view would read every row it selects: the tabs count only the whole log.
        counts = None if filters.active else self.view_counts()
        context.update(page=page, filters=filters, has_any=has_any, tabs=_tabs(counts))
        return self.render_to_response(context)


def _tabs(counts: dict[str, int] | None) -> list[dict]:
    return [{"view": view, "count": counts.get(view.key) if counts else None} for view in selectors.VIEWS.values()]


EXPORT_HEADER = [
    "amazon_order_id",
    "marketplace",
    "campaign",
    "kind",
    "state",
    "reason",
    "scheduled_for_utc",
    "finished_at_utc",
    "attempts",
    "last_error",
    "amazon_response_id",
    "language",
]


def _export_row(entry: selectors.LogEntry) -> list:
    d = entry.dispatch
    cells = [
        d.order.amazon_order_id,
        entry.marketplace_name,
        d.campaign.name,
        d.get_kind_display(),
        d.get_state_display(),
        d.reason,
        d.scheduled_for.isoformat(),
        d.finished_at.isoformat() if d.finished_at else "",
        d.attempts,
        d.last_error,
        d.amazon_response_id,
        d.language,
    ]
    return cells


class MessageExportView(SellerView, View):
    """The filtered view of the log as CSV, streamed chunk by chunk, whatever its size. Times are
    UTC, in ISO 8601 (a spreadsheet's own); day filters are the viewer's days, as on the page."""

    def get(self, request):
        form = MessageLogFilterForm(request.GET, seller=self.seller, zone=viewer_zone(request.user).zone)
        if not form.is_valid():
            problems = "; ".join(
                f"{form.fields[name].label or name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
                for name, errors in form.errors.items()
            )
            return HttpResponse(
                f"The filters are not valid. {problems}", status=400, content_type="text/plain; charset=utf-8"
            )
        entries = selectors.message_log_export(self.seller, filters=form.filters())
        name = f"messages-{form.log_view.key}-{timezone.now():%Y-%m-%d}.csv"
        return csv_streaming_response(_rows(entries), filename=name)


def _rows(entries):
    yield EXPORT_HEADER
    for entry in entries:
        yield _export_row(entry)


class OrderTimelineView(SellerView, TemplateView):
    """Everything every campaign planned for one order, addressed by its Amazon order id."""

    model = Order
    template_name = "messaging/order_timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        timeline = selectors.order_timeline(self.seller, amazon_order_id=self.kwargs["amazon_order_id"])
        if timeline is None:
            raise Http404("You have no order with this id.")
        context["timeline"] = timeline
        return context
