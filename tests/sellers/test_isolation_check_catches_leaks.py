"""The isolation check itself must fail when a view forgets the scoping."""

from django.shortcuts import get_object_or_404
from django.test import override_settings
from django.urls import include, path
from django.views.generic import DetailView
from rest_framework.response import Response

from api.base import SellerAPIView
from sellers.models import Invitation, Order
from sellers.tenancy import SellerView

from ..factories import InvitationFactory, OrderFactory
from .test_tenant_isolation import Route, api_key, api_responses, cross_tenant_responses


class ForgetfulInvitationView(SellerView, DetailView):
    """Looks up by pk without the seller: the bug the isolation test exists to catch."""

    model = Invitation
    template_name = "sellers/invitation_accept.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Invitation, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return {"invitation": self.object}


class ForgetfulOrderAPIView(SellerAPIView):
    """An API view that reads by pk without the key's seller."""

    model = Order

    def get(self, request, pk):
        return Response({"amazon_order_id": Order.objects.get(pk=pk).amazon_order_id})


urlpatterns = [
    path("leaky/<uuid:pk>/", ForgetfulInvitationView.as_view(), name="leaky"),
    path("leaky-api/<uuid:pk>/", ForgetfulOrderAPIView.as_view(), name="leaky_api"),
    path("", include("config.urls")),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_forgetful_view_is_reported(client, tenant_a, tenant_b):
    route = Route("leaky", ForgetfulInvitationView.as_view(), ("pk",))
    client.force_login(tenant_a.owner)

    responses = cross_tenant_responses(client, route, InvitationFactory(seller=tenant_b.seller))

    # The isolation test asserts {404}; this leak answers 200, so it would fail.
    assert responses == {"get": 200}


@override_settings(ROOT_URLCONF=__name__)
def test_a_forgetful_api_view_is_reported(client, tenant_a, tenant_b):
    route = Route("leaky_api", ForgetfulOrderAPIView.as_view(), ("pk",))
    order = OrderFactory(seller=tenant_a.seller)

    responses = api_responses(client, route, api_key(tenant_b), f"/leaky-api/{order.pk}/")

    # The API walk asserts 404 for every method; this leak answers 200 with A's order.
    assert {m: r.status_code for m, r in responses.items()} == {"get": 200}
