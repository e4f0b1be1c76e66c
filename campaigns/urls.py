from django.urls import path

from . import views

urlpatterns = [
    path("new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("why-not/", views.WhyNotView.as_view(), name="campaign_why_not"),
    path("<uuid:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<uuid:pk>/template/", views.TemplateEditView.as_view(), name="campaign_template"),
    path("<uuid:pk>/template/check/", views.TemplateCheckView.as_view(), name="campaign_template_check"),
    path("<uuid:pk>/template/delete/", views.TemplateDeleteView.as_view(), name="campaign_template_delete"),
    path("<uuid:pk>/preview/", views.CampaignPreviewView.as_view(), name="campaign_preview"),
    path("<uuid:pk>/activate/", views.CampaignActivateView.as_view(), name="campaign_activate"),
    path("<uuid:pk>/pause/", views.CampaignPauseView.as_view(), name="campaign_pause"),
    path("<uuid:pk>/archive/", views.CampaignArchiveView.as_view(), name="campaign_archive"),
    path("<uuid:pk>/duplicate/", views.CampaignDuplicateView.as_view(), name="campaign_duplicate"),
]
