from django.urls import path

from . import order_views

urlpatterns = [
    path("orders/", order_views.OrderListView.as_view(), name="orders"),
    path("orders/request-review/", order_views.OrdersRequestReviewView.as_view(), name="orders_request_review"),
    path("orders/<uuid:pk>/", order_views.OrderDetailView.as_view(), name="order_detail"),
    path(
        "orders/<uuid:pk>/request-review/",
        order_views.OrderRequestReviewView.as_view(),
        name="order_request_review",
    ),
]
