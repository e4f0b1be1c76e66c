from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from campaigns.models import Campaign
from messaging.views import MessageLogView as BaseMessageLogView
from sellers import selectors as seller_selectors
from sellers.tenancy import SellerView

from . import counts, feedback_selectors, rollups, selectors
from .funnel import campaign_funnel


class DashboardView(SellerView, TemplateView):
    """The seller's home page: what was sent and why not, opt-outs, quota, connections, campaigns."""

    template_name = "insights/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days, range_error = selectors.parse_range(self.request.GET.get("days"))
        context.update(
            board=selectors.dashboard(self.seller, days=days, now=timezone.now()),
            days=days,
            ranges=selectors.RANGES,
            range_error=range_error,
            alerts=seller_selectors.connection_alerts(self.seller),
            connections=list(seller_selectors.connections(self.seller)),
        )
        return context


class CampaignInsightsView(SellerView, DetailView):
    """One campaign's funnel: orders matched, messages sent, feedback received, and where they differ."""

    model = Campaign
    template_name = "insights/campaign_insights.html"
    context_object_name = "campaign"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days, range_error = selectors.parse_range(self.request.GET.get("days"), default=selectors.FUNNEL_DEFAULT_RANGE)
        context.update(
            funnel=campaign_funnel(self.seller, self.object, days=days, today=rollups.utc_today(timezone.now())),
            days=days,
            ranges=selectors.RANGES,
            range_error=range_error,
            settle_days=feedback_selectors.RATE_SETTLE_DAYS,
        )
        return context


class CampaignListView(SellerView, TemplateView):
    """The campaign list, with each campaign's counts from the rollups (this app keeps them)."""

    template_name = "campaigns/campaign_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show_archived = self.request.GET.get("archived") == "1"
        context["campaigns"] = selectors.campaigns_with_counts(self.seller, include_archived=show_archived)
        context["show_archived"] = show_archived
        return context


class MessageLogView(BaseMessageLogView):
    """The message log with each view's count on its tab, from the rollups (this app keeps them)."""

    def view_counts(self) -> dict[str, int]:
        return counts.log_view_counts(self.seller)
