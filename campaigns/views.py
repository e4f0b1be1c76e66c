from django.views.generic import TemplateView

from sellers.tenancy import SellerView


class CampaignListView(SellerView, TemplateView):
    template_name = "campaigns/campaign_list.html"
