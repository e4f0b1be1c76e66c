import csv

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View

from sellers.models import Order
from sellers.tenancy import SellerView

from . import selectors
from .forms import MessageLogFilterForm


class MessageLogView(SellerView, TemplateView):
    """Every dispatch of the seller, filtered by the query string, a keyset page at a time."""

    template_name = "messaging/message_log.html"

    def get(self, request, *args, **kwargs):
        form = MessageLogFilterForm(request.GET, seller=self.seller)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        context = self.get_context_data(form=form)
        cursor = None
        if token := request.GET.get("cursor", ""):
            try:
                cursor = selectors.cursor_decode(token)
            except selectors.InvalidCursor as error:
                context["cursor_error"] = f"{error} Showing the newest messages instead."
        filters = form.filters()
        page = selectors.message_log(self.seller, filters=filters, cursor=cursor, limit=selectors.LOG_PAGE_SIZE)
        # Only an empty filtered first page needs to know whether the seller has any messages at all.
        has_any = bool(page.entries) or not page.first_page or (
            filters.active and selectors.seller_has_dispatches(self.seller))
        context.update(page=page, filters=filters, has_any=has_any)
        return self.render_to_response(context)


# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_HEADER = [
    "amazon_order_id", "marketplace", "campaign", "kind", "state", "reason", "scheduled_for_utc",
    "finished_at_utc", "attempts", "last_error", "amazon_response_id", "language",
]


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _export_row(entry: selectors.LogEntry) -> list[str]:
    d = entry.dispatch
    cells = [
        d.order.amazon_order_id, entry.marketplace_name, d.campaign.name, d.get_kind_display(),
        d.get_state_display(), d.reason, d.scheduled_for.isoformat(),
        d.finished_at.isoformat() if d.finished_at else "", d.attempts, d.last_error, d.amazon_response_id,
        d.language,
    ]
    return [csv_safe(cell) for cell in cells]


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value):
        return value


class MessageExportView(SellerView, View):
    """The filtered log as CSV, streamed chunk by chunk, whatever its size."""

    def get(self, request):
        form = MessageLogFilterForm(request.GET, seller=self.seller)
        if not form.is_valid():
            problems = "; ".join(f"{form.fields[name].label or name}: {' '.join(errors)}" if name != "__all__"
                                 else " ".join(errors) for name, errors in form.errors.items())
            return HttpResponse(f"The filters are not valid. {problems}", status=400,
                                content_type="text/plain; charset=utf-8")
        entries = selectors.message_log_export(self.seller, filters=form.filters())
        writer = csv.writer(_Echo())
        lines = (writer.writerow(row) for row in _rows(entries))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        filename = f"messages-{timezone.now():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


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
