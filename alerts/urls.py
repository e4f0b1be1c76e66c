from django.urls import path

from . import views

urlpatterns = [
    path("preferences/", views.PreferencesView.as_view(), name="alert_preferences"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="alert_unsubscribe"),
]

# The links in emails sent while this app was named notices (served under /notices/): they move
# permanently to the pages above. Emails are kept for years, so these stay.
links_in_sent_emails = [
    path(
        "preferences/",
        views.SentEmailLinkView.as_view(pattern_name="alert_preferences"),
        name="sent_email_preferences",
    ),
    path(
        "unsubscribe/<str:token>/",
        views.SentEmailLinkView.as_view(pattern_name="alert_unsubscribe"),
        name="sent_email_unsubscribe",
    ),
]
