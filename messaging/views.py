from django.views.generic import TemplateView

from sellers.tenancy import SellerView


class MessageLogView(SellerView, TemplateView):
    template_name = "messaging/message_log.html"
