"""Every view that takes an object id is scoped to the current seller, and viewers cannot write.

The test walks the URL configuration, so a new view is covered the day it is added: a product
view must either be a SellerView (scoped) or say why it is exempt, every SellerView that takes an
object from its URL must name its model, and every such model must have a factory.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sellers.models import SellerOwned
from sellers.tenancy import SellerView

from ..factories import TENANT_FACTORIES

# Every app of this project except the sandbox (which is Amazon, not us): a new app is covered the
# day it is installed.
PRODUCT_APPS = tuple(
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).parent == settings.BASE_DIR and config.label != "sandbox"
)
WRITE_METHODS = ("post", "put", "patch", "delete")
# The URL arguments a seller view may take an object of its model by, and the attribute each
# one reads: the UUID, or the Amazon order id sellers know their orders by (the message timeline).
OBJECT_KWARGS = {"pk": "pk", "amazon_order_id": "amazon_order_id"}


@dataclass(frozen=True)
class Route:
    name: str
    view: object
    kwargs: tuple[str, ...]

    @property
    def view_class(self):
        return getattr(self.view, "view_class", None)

    def methods(self):
        cls = self.view_class
        if cls is None:
            return []
        return [m for m in cls.http_method_names if hasattr(cls, m) and m not in ("options", "head")]

    def __str__(self):
        return self.name


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(f"{namespace}{entry.name}", entry.callback, tuple(entry.pattern.converters))


def product_routes():
    routes = []
    for route in _walk(get_resolver().url_patterns):
        module = getattr(route.view_class or route.view, "__module__", "")
        if module.split(".")[0] in PRODUCT_APPS and not route.name.startswith("admin:"):
            routes.append(route)
    return routes


def seller_routes():
    return [r for r in product_routes() if r.view_class and issubclass(r.view_class, SellerView)]


def object_routes():
    return [r for r in seller_routes() if set(r.kwargs) & set(OBJECT_KWARGS)]


def object_url(route, obj):
    return reverse(route.name, kwargs={name: getattr(obj, OBJECT_KWARGS[name]) for name in route.kwargs})


def write_routes():
    return [r for r in seller_routes() if any(m in WRITE_METHODS for m in r.methods())]


def request(client, route, method, url):
    return getattr(client, method)(url, follow=False)


def cross_tenant_responses(client, route, foreign_object):
    """What a member of one seller gets, per method, for another seller's object."""
    url = object_url(route, foreign_object)
    return {method: request(client, route, method, url).status_code for method in route.methods()}


def test_the_walk_finds_the_views_it_must_cover():
    names = {r.name for r in object_routes()}
    assert {
        "membership_role",
        "membership_remove",
        "invitation_revoke",
        "message_order_timeline",
        "order_detail",
        "order_request_review",
        "amazon_progress",
        "amazon_disconnect",
    } <= names
    assert {"orders", "orders_request_review", "amazon_accounts"} <= {r.name for r in seller_routes()}


def test_every_product_view_is_seller_scoped_or_says_why_not():
    unscoped = [
        str(r)
        for r in product_routes()
        if not (r.view_class and issubclass(r.view_class, SellerView))
        and not getattr(r.view_class or r.view, "tenant_exempt", None)
    ]
    assert unscoped == [], f"views with neither SellerView nor a tenant_exempt reason: {unscoped}"


def test_seller_views_address_objects_only_by_pk_or_amazon_order_id():
    odd = [f"{r}: {r.kwargs}" for r in seller_routes() if set(r.kwargs) - set(OBJECT_KWARGS)]
    assert odd == []


def test_every_object_view_names_a_tenant_model():
    missing = [
        str(r) for r in object_routes() if not (r.view_class.model and issubclass(r.view_class.model, SellerOwned))
    ]
    assert missing == []


def test_every_tenant_model_has_a_factory():
    tenant_models = [m for m in apps.get_models() if issubclass(m, SellerOwned)]
    assert sorted(m.__name__ for m in tenant_models if m not in TENANT_FACTORIES) == []


@pytest.mark.parametrize("route", object_routes(), ids=str)
def test_a_member_gets_404_for_every_object_of_another_seller(client, tenant_a, tenant_b, route):
    factory = TENANT_FACTORIES[route.view_class.model]
    client.force_login(tenant_a.owner)

    foreign = cross_tenant_responses(client, route, factory(seller=tenant_b.seller))

    assert foreign and set(foreign.values()) == {404}, foreign


@pytest.mark.parametrize("route", object_routes(), ids=str)
def test_the_same_view_serves_the_members_own_object(client, tenant_a, route):
    # The control for the test above: a 404 there means "scoped", not "wrong URL".
    factory = TENANT_FACTORIES[route.view_class.model]
    client.force_login(tenant_a.owner)

    own = cross_tenant_responses(client, route, factory(seller=tenant_a.seller))

    assert 404 not in own.values(), own


@pytest.mark.parametrize("route", write_routes(), ids=str)
def test_a_viewer_gets_403_on_every_state_changing_view(client, tenant_a, route):
    if route.kwargs:
        url = object_url(route, TENANT_FACTORIES[route.view_class.model](seller=tenant_a.seller))
    else:
        url = reverse(route.name)
    client.force_login(tenant_a.viewer)

    statuses = {m: request(client, route, m, url).status_code for m in route.methods() if m in WRITE_METHODS}

    assert set(statuses.values()) == {403}, statuses
