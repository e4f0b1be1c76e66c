from django.urls import path

from . import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("sellers/new/", views.SellerCreateView.as_view(), name="seller_create"),
    path("sellers/switch/", views.SellerSwitchView.as_view(), name="seller_switch"),
    path("settings/", views.SellerSettingsView.as_view(), name="seller_settings"),
    path("amazon/", views.AmazonAccountsView.as_view(), name="amazon_accounts"),
    path("team/", views.TeamView.as_view(), name="team"),
    path("team/members/<uuid:pk>/role/", views.MembershipRoleView.as_view(), name="membership_role"),
    path("team/members/<uuid:pk>/remove/", views.MembershipRemoveView.as_view(), name="membership_remove"),
    path("team/invitations/<uuid:pk>/revoke/", views.InvitationRevokeView.as_view(), name="invitation_revoke"),
    path("invitations/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
]
