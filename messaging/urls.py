from django.urls import path

from . import views

urlpatterns = [
    path("export.csv", views.MessageExportView.as_view(), name="messages_export"),
    path("order/<str:amazon_order_id>/", views.OrderTimelineView.as_view(), name="message_order_timeline"),
]
