from django.urls import path

from . import preferences, views

urlpatterns = [
    path("sellers/new/", views.SellerCreateView.as_view(), name="seller_create"),
    path("sellers/switch/", views.SellerSwitchView.as_view(), name="seller_switch"),
    path("settings/", views.SellerSettingsView.as_view(), name="seller_settings"),
    path("amazon/", views.AmazonAccountsView.as_view(), name="amazon_accounts"),
    path("amazon/connect/", views.AmazonConnectView.as_view(), name="amazon_connect"),
    path("amazon/callback/", views.AmazonCallbackView.as_view(), name="amazon_callback"),
    path("amazon/confirm/", views.AmazonConnectConfirmView.as_view(), name="amazon_connect_confirm"),
    path("amazon/<uuid:pk>/progress/", views.AmazonProgressView.as_view(), name="amazon_progress"),
    path("amazon/<uuid:pk>/disconnect/", views.AmazonDisconnectView.as_view(), name="amazon_disconnect"),
    path("amazon/<uuid:pk>/sync/", views.AmazonSyncNowView.as_view(), name="amazon_sync_now"),
    path("preferences/time-zone/", preferences.TimeZoneView.as_view(), name="time_zone"),
    path("team/", views.TeamView.as_view(), name="team"),
    path("team/members/<uuid:pk>/role/", views.MembershipRoleView.as_view(), name="membership_role"),
    path("team/members/<uuid:pk>/remove/", views.MembershipRemoveView.as_view(), name="membership_remove"),
    path("team/invitations/<uuid:pk>/revoke/", views.InvitationRevokeView.as_view(), name="invitation_revoke"),
    path("invitations/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
]
