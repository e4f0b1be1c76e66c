from django.views.generic import TemplateView

from sellers.tenancy import SellerView


class OptoutListView(SellerView, TemplateView):
    template_name = "optouts/optout_list.html"
