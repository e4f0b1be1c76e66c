"""Every view that takes an object id is scoped to the current seller, and viewers cannot write.

The test walks the URL configuration, so a new view is covered the day it is added: a product
view must either be a SellerView (scoped), an API view (SellerAPIView, scoped by its key's seller)
or say why it is exempt, every view that takes an object from its URL must name its model, and
every such model must have a factory. The API is walked as the dashboard is: another seller's key
gets 404 on every object URL, a read key 403 on every write, and no list shows another's rows.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api import services as api_services
from api.base import SellerAPIView
from sellers.models import Membership, SellerOwned
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
    assert {"membership_role", "membership_remove", "invitation_revoke", "message_order_timeline"} <= names


def test_every_product_view_is_seller_scoped_or_says_why_not():
    unscoped = [
        str(r)
        for r in product_routes()
        if not (r.view_class and issubclass(r.view_class, SellerView | SellerAPIView))
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


# -- the API: the same walk, with API keys -------------------------------------------------------
def api_routes():
    return [r for r in product_routes() if r.view_class and issubclass(r.view_class, SellerAPIView)]


def api_object_routes():
    return [r for r in api_routes() if "pk" in r.kwargs]


def api_list_routes():
    return [r for r in api_routes() if not r.kwargs and "get" in r.methods()]


def api_write_routes():
    return [r for r in api_routes() if any(m in WRITE_METHODS for m in r.methods())]


def api_key(tenant, scope="write") -> str:
    membership = Membership.objects.get(seller=tenant.seller, user=tenant.owner)
    return api_services.api_key_create(membership=membership, name="Walk", scope=scope)[1]


def api_responses(client, route, key, url, methods=None):
    """What a request with `key` gets, per method of the route, at `url`."""
    return {
        method: getattr(client, method)(
            url, content_type="application/json", headers={"Authorization": f"Bearer {key}"}
        )
        for method in methods or route.methods()
    }


def test_the_walk_finds_the_api_views_it_must_cover():
    names = {r.name for r in api_object_routes()}
    assert {"api:order", "api:order_why_not", "api:message", "api:campaign_activate", "api:blocklist_entry"} <= names


def test_every_api_object_view_names_a_tenant_model():
    missing = [
        str(r) for r in api_object_routes() if not (r.view_class.model and issubclass(r.view_class.model, SellerOwned))
    ]
    assert missing == []


def test_every_api_write_is_one_transaction_and_idempotent():
    plain = [
        f"{r}.{m}"
        for r in api_write_routes()
        for m in r.methods()
        if m in WRITE_METHODS
        if not getattr(getattr(r.view_class, m), "is_api_write", False)
    ]
    assert plain == [], "API write methods must be decorated with api.idempotency.write"


@pytest.mark.parametrize("route", api_object_routes(), ids=str)
def test_another_sellers_key_gets_404_for_every_api_object(client, tenant_a, tenant_b, route):
    obj = TENANT_FACTORIES[route.view_class.model](seller=tenant_a.seller)

    foreign = api_responses(client, route, api_key(tenant_b), reverse(route.name, kwargs={"pk": obj.pk}))

    assert foreign and {m: r.status_code for m, r in foreign.items()} == dict.fromkeys(foreign, 404)
    assert all(r["Content-Type"] == "application/problem+json" for r in foreign.values())


@pytest.mark.parametrize("route", api_object_routes(), ids=str)
def test_the_same_api_view_serves_the_keys_own_object(client, tenant_a, route):
    # The control for the test above: a 404 there means "scoped", not "wrong URL".
    obj = TENANT_FACTORIES[route.view_class.model](seller=tenant_a.seller)

    own = api_responses(client, route, api_key(tenant_a), reverse(route.name, kwargs={"pk": obj.pk}))

    statuses = {m: r.status_code for m, r in own.items()}
    assert all(code != 404 and code < 500 for code in statuses.values()), {m: r.content[:300] for m, r in own.items()}


@pytest.mark.parametrize("route", api_write_routes(), ids=str)
def test_a_read_key_gets_403_on_every_api_write(client, tenant_a, route):
    kwargs = {"pk": TENANT_FACTORIES[route.view_class.model](seller=tenant_a.seller).pk} if route.kwargs else {}
    writes = [m for m in route.methods() if m in WRITE_METHODS]

    statuses = api_responses(client, route, api_key(tenant_a, "read"), reverse(route.name, kwargs=kwargs), writes)

    assert {r.status_code for r in statuses.values()} == {403}


def ids_in_lists(client, key, secrets) -> dict:
    """{list route: the secrets its answer to `key` contains}."""
    seen = {}
    for route in api_list_routes():
        body = api_responses(client, route, key, reverse(route.name), ["get"])["get"].content.decode()
        found = sorted(secret for secret in secrets if secret in body)
        if found:
            seen[str(route)] = found
    return seen


def test_no_api_list_shows_another_sellers_rows(client, tenant_a, tenant_b):
    # One row of every tenant model for seller A; every list read with B's key must show none of them.
    objects = [factory(seller=tenant_a.seller) for factory in TENANT_FACTORIES.values()]
    secrets = {str(o.pk) for o in objects} | {o.amazon_order_id for o in objects if getattr(o, "amazon_order_id", "")}

    assert ids_in_lists(client, api_key(tenant_b), secrets) == {}
    # The control: the same lists show A's own rows to A's key.
    assert len(ids_in_lists(client, api_key(tenant_a), secrets)) >= 5
