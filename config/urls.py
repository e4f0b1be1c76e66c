from django.contrib import admin
from django.urls import include, path

from alerts import urls as alerts_urls
from common import views as common_views
from insights import views as insights_views

urlpatterns = [
    path("healthz", common_views.healthz, name="healthz"),
    path("_dev/mailbox/", common_views.dev_mailbox, name="dev_mailbox"),
    path("admin/", admin.site.urls),
    # ESP inbound webhooks: /inbound/esp/mailgun/inbound_mime/, sendgrid/inbound/, postmark/inbound/,
    # only for the ESPs in INBOUND_ESPS; each checks the ESP's signature and our basic-auth secret.
    path("inbound/esp/", include("optouts.esp_urls")),
    path("accounts/", include("allauth.urls")),
    # The campaign list reads the insights rollups for its counts, so that app serves it.
    path("campaigns/", insights_views.CampaignListView.as_view(), name="campaigns"),
    path("campaigns/", include("campaigns.urls")),
    # The message log's tabs count from the insights rollups, so that app serves it.
    path("messages/", insights_views.MessageLogView.as_view(), name="messages"),
    path("messages/", include("messaging.urls")),
    path("opt-outs/", include("optouts.urls")),
    path("insights/", include("insights.urls")),
    path("alerts/", include("alerts.urls")),
    # The links of emails sent while the seller emails were named notices: 308 to /alerts/.
    path("notices/", include(alerts_urls.links_in_sent_emails)),
    # The public API and its docs; its API keys are managed under Team and settings.
    path("api/v1/", include("api.urls")),
    path("settings/api-keys/", include("api.page_urls")),
    path("webhooks/", include("webhooks.urls")),
    # The seller's home page: the dashboard of what was sent and why not.
    path("", insights_views.DashboardView.as_view(), name="dashboard"),
    path("", include("sellers.urls")),
    # The orders pages show what was sent to each order and ask for reviews by hand: campaigns serves them.
    path("", include("campaigns.order_urls")),
]
