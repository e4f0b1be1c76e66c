"""The dashboard and the funnel, walked like every other product URL: scoped to the member's seller.

tests/sellers/test_tenant_isolation.py walks the apps it names; this walks the views of this
part of insights with the same helpers, so a view added here later is covered the day it is added.
"""

import pytest
from django.urls import get_resolver, reverse

from insights import views
from sellers.tenancy import SellerView

from ..factories import TENANT_FACTORIES
from ..sellers.test_tenant_isolation import OBJECT_KWARGS, _walk, cross_tenant_responses


def dashboard_routes():
    return [
        r
        for r in _walk(get_resolver().url_patterns)
        if getattr(r.view_class or r.view, "__module__", "") == views.__name__
    ]


def object_routes():
    return [r for r in dashboard_routes() if set(r.kwargs) & set(OBJECT_KWARGS)]


def test_the_walk_finds_the_dashboard_the_funnel_the_campaign_list_and_the_message_log():
    assert {r.name for r in dashboard_routes()} == {"dashboard", "campaign_insights", "campaigns", "messages"}


def test_every_view_here_is_seller_scoped():
    assert all(r.view_class and issubclass(r.view_class, SellerView) for r in dashboard_routes())


@pytest.mark.parametrize("route", object_routes(), ids=str)
def test_a_member_gets_404_for_another_sellers_object(client, tenant_a, tenant_b, route):
    client.force_login(tenant_a.owner)

    foreign = cross_tenant_responses(client, route, TENANT_FACTORIES[route.view_class.model](seller=tenant_b.seller))

    assert foreign and set(foreign.values()) == {404}, foreign


@pytest.mark.parametrize("route", object_routes(), ids=str)
def test_a_viewer_reads_the_sellers_own_object(client, tenant_a, route):
    client.force_login(tenant_a.viewer)

    own = cross_tenant_responses(client, route, TENANT_FACTORIES[route.view_class.model](seller=tenant_a.seller))

    assert set(own.values()) == {200}, own


@pytest.mark.parametrize("route", dashboard_routes(), ids=str)
def test_the_pages_only_read(route):
    assert set(route.methods()) <= {"get"}


def test_the_dashboard_needs_a_login(client, db):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
