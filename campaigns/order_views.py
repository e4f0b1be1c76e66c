"""The orders pages: the list (filters in the URL, keyset pages, a bulk "Request a Review"), one
order, and review requests by hand with their outcomes. Thin: the rules are in
campaigns.order_selectors and campaigns.manual."""

import uuid
from dataclasses import asdict
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView, View
from django.views.generic.detail import SingleObjectMixin

from sellers import selectors as sellers_selectors
from sellers.models import Order
from sellers.tenancy import SellerView, error_text

from . import manual, order_selectors
from .models import Dispatch
from .order_forms import OrderFilterForm

# The latest request by hand's outcomes, kept in the member's session for the results page.
RESULTS_SESSION_KEY = "review_requests_by_hand"
FILTER_NAMES = ("q", "marketplace", "channel", "status", "purchased_from", "purchased_to", "messaged")


def _filter_query(data) -> str:
    """The list's filters as a query string, without the page position (for links and going back)."""
    pairs = [(name, data.get(name, "")[:100]) for name in FILTER_NAMES if data.get(name)]
    return urlencode(pairs)


class OrderListView(SellerView, TemplateView):
    template_name = "campaigns/order_list.html"

    def get(self, request, *args, **kwargs):
        form = OrderFilterForm(request.GET, seller=self.seller)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        context = self.get_context_data(form=form)
        cursor = None
        if token := request.GET.get("cursor", ""):
            try:
                cursor = order_selectors.cursor_decode(token)
            except order_selectors.InvalidCursor as error:
                context["cursor_error"] = f"{error} Showing the newest orders instead."
        filters = form.filters()
        page = order_selectors.orders_page(self.seller, filters=filters, cursor=cursor)
        context.update(page=page, filters=filters)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_query=_filter_query(self.request.GET),
            has_connections=sellers_selectors.connections(self.seller).exists(),
            max_orders=manual.MAX_ORDERS,
        )
        return context


class OrderDetailView(SellerView, DetailView):
    model = Order
    template_name = "campaigns/order_detail.html"
    context_object_name = "order"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(review_panel(self.seller, self.object))
        context["items"] = self.object.items
        return context


def review_panel(seller, order) -> dict:
    """The order's review request, or why one by hand would be refused now (None: it would go)."""
    review = order_selectors.order_review_request(seller, order)
    return {
        "now": timezone.now(),
        "review": review,
        "review_open": review is not None and review.state in Dispatch.OPEN_STATES,
        "refusal": None if review else manual.review_request_refusal(seller=seller, order=order),
    }


class OrderRequestReviewView(SellerView, SingleObjectMixin, View):
    """The "Request a Review" button of one order (on its page and on "why not?")."""

    model = Order
    http_method_names = ["post"]

    def post(self, request, pk):
        order = self.get_object()
        [outcome] = manual.request_review_now(seller=self.seller, order_ids=[order.pk], actor=request.user)
        if outcome.queued:
            messages.success(request, f"Review request for {order.amazon_order_id}: {outcome.text}")
        else:
            messages.error(request, f"Review request for {order.amazon_order_id} not made: {outcome.text}")
        if request.POST.get("back") == "why-not":
            return redirect(f"{reverse('campaign_why_not')}?{urlencode({'order': order.amazon_order_id})}")
        return redirect("order_detail", pk=order.pk)


class OrdersRequestReviewView(SellerView, TemplateView):
    """The orders list's bulk action (POST), then each order's outcome, live until sent (GET)."""

    template_name = "campaigns/review_requests.html"

    def post(self, request):
        back = _filter_query(request.POST)
        try:
            outcomes = manual.request_review_now(
                seller=self.seller, order_ids=request.POST.getlist("order"), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(f"{reverse('orders')}?{back}" if back else reverse("orders"))
        request.session[RESULTS_SESSION_KEY] = {
            "seller": str(self.seller.pk),
            "at": timezone.now().isoformat(),
            "back": back,
            "outcomes": [asdict(o) for o in outcomes],
        }
        return redirect("orders_request_review")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        saved = self.request.session.get(RESULTS_SESSION_KEY) or {}
        if saved.get("seller") != str(self.seller.pk):
            saved = {}
        outcomes = [manual.ManualOutcome(**o) for o in saved.get("outcomes", [])]
        dispatches = Dispatch.objects.for_seller(self.seller).in_bulk(
            [o.dispatch_id for o in outcomes if o.dispatch_id]
        )
        rows = [(o, dispatches.get(_as_uuid(o.dispatch_id))) for o in outcomes]
        context.update(
            rows=rows,
            queued=sum(1 for o in outcomes if o.queued),
            refused=sum(1 for o in outcomes if not o.queued),
            back=saved.get("back", ""),
            still_open=any(d is not None and d.state in Dispatch.OPEN_STATES for _, d in rows),
        )
        return context


def _as_uuid(text: str):
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
