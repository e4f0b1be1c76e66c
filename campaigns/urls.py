from django.urls import path

from . import views

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaigns"),
]
