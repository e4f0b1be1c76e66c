from django.urls import path

from . import views

urlpatterns = [
    path("preferences/", views.PreferencesView.as_view(), name="notice_preferences"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="notice_unsubscribe"),
]
