from django.urls import path

from . import views

urlpatterns = [
    path("", views.OptoutListView.as_view(), name="optouts"),
    path("address/rotate/", views.InboundAddressRotateView.as_view(), name="inbound_address_rotate"),
    path("inbound/<uuid:pk>/", views.InboundMessageDetailView.as_view(), name="inbound_message_detail"),
    path("inbound/<uuid:pk>/confirm/", views.InboundNoticeConfirmView.as_view(), name="inbound_notice_confirm"),
    path("add/", views.ManualOptoutView.as_view(), name="optout_add"),
    path("own/<uuid:pk>/remove/", views.OwnOptoutRemoveView.as_view(), name="own_optout_remove"),
    path("blocklist/add/", views.BlockedBuyerAddView.as_view(), name="blocklist_add"),
    path("blocklist.csv", views.BlocklistExportView.as_view(), name="blocklist_export"),
    path("blocklist/import/", views.BlocklistImportView.as_view(), name="blocklist_import"),
    path("blocklist/<uuid:pk>/remove/", views.BlockedBuyerRemoveView.as_view(), name="blocklist_remove"),
]
