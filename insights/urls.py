from django.urls import path

from . import feedback_views, views

urlpatterns = [
    path("feedback/", feedback_views.FeedbackListView.as_view(), name="feedback"),
    path(
        "feedback/alerts/<uuid:pk>/dismiss/",
        feedback_views.FeedbackAlertDismissView.as_view(),
        name="feedback_alert_dismiss",
    ),
    path("campaigns/<uuid:pk>/", views.CampaignInsightsView.as_view(), name="campaign_insights"),
]
