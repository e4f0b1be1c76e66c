"""/api/v1/: the public API (namespace "api")."""

from django.urls import path, re_path

from . import docs, views

app_name = "api"

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("problems/<slug:slug>/", docs.problem_type, name="problem_type"),
    path("key/", views.KeyView.as_view(), name="key"),
    path("orders/", views.OrderListView.as_view(), name="orders"),
    path("orders/<uuid:pk>/", views.OrderDetailView.as_view(), name="order"),
    path("orders/<uuid:pk>/why-not/", views.OrderWhyNotView.as_view(), name="order_why_not"),
    # Manual review requests (orders/<uuid:pk>/review-request/) join once the manual-send service
    # behind the dashboard's "Request a Review" button exists: see the note at the end of views.py.
    path("messages/", views.MessageListView.as_view(), name="messages"),
    path("messages/<uuid:pk>/", views.MessageDetailView.as_view(), name="message"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaigns"),
    path("campaigns/<uuid:pk>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("campaigns/<uuid:pk>/activate/", views.CampaignActivateView.as_view(), name="campaign_activate"),
    path("campaigns/<uuid:pk>/pause/", views.CampaignPauseView.as_view(), name="campaign_pause"),
    path("blocklist/", views.BlocklistView.as_view(), name="blocklist"),
    path("blocklist/<uuid:pk>/", views.BlocklistEntryView.as_view(), name="blocklist_entry"),
    path("opt-outs/", views.OwnOptOutListView.as_view(), name="optouts"),
    path("opt-outs/amazon/", views.AmazonOptOutListView.as_view(), name="optouts_amazon"),
    path("feedback/", views.FeedbackListView.as_view(), name="feedback"),
    path("feedback/alerts/", views.FeedbackAlertListView.as_view(), name="feedback_alerts"),
    path("feedback/<uuid:pk>/", views.FeedbackDetailView.as_view(), name="feedback_entry"),
    path("insights/summary/", views.SummaryView.as_view(), name="summary"),
    re_path(r"^(?P<rest>.*)$", docs.not_found),
]
