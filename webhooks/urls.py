from django.urls import path

from . import views

urlpatterns = [
    path("", views.EndpointListView.as_view(), name="webhooks"),
    path("new/", views.EndpointCreateView.as_view(), name="webhook_create"),
    path("<uuid:pk>/", views.EndpointDetailView.as_view(), name="webhook_detail"),
    path("<uuid:pk>/edit/", views.EndpointEditView.as_view(), name="webhook_edit"),
    path("<uuid:pk>/delete/", views.EndpointDeleteView.as_view(), name="webhook_delete"),
    path("<uuid:pk>/enable/", views.EndpointEnableView.as_view(), name="webhook_enable"),
    path("<uuid:pk>/disable/", views.EndpointDisableView.as_view(), name="webhook_disable"),
    path("<uuid:pk>/rotate-secret/", views.EndpointRotateSecretView.as_view(), name="webhook_rotate_secret"),
    path("<uuid:pk>/test/", views.EndpointTestView.as_view(), name="webhook_test"),
    path("deliveries/<uuid:pk>/", views.DeliveryDetailView.as_view(), name="webhook_delivery"),
    path("deliveries/<uuid:pk>/replay/", views.DeliveryReplayView.as_view(), name="webhook_delivery_replay"),
]
