"""Calling the API as an outside program does: with an API key in the Authorization header."""

import json

import pytest

from api import services
from sellers.models import Membership


class KeyClient:
    """Django's test client, sending `key` as a bearer token and bodies as JSON."""

    def __init__(self, client, key: str):
        self.client, self.key = client, key

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.key}", **(headers or {})}

    def get(self, url, params=None, headers=None):
        return self.client.get(url, params or {}, headers=self._headers(headers))

    def post(self, url, body=None, headers=None):
        data = json.dumps(body) if body is not None else ""
        return self.client.post(url, data, content_type="application/json", headers=self._headers(headers))

    def delete(self, url, headers=None):
        return self.client.delete(url, headers=self._headers(headers))


def create_key(tenant, *, scope="write", user=None, name="Test integration") -> str:
    """A key made through the owners' service, as the page makes it; returns the key itself."""
    membership = Membership.objects.get(seller=tenant.seller, user=user or tenant.owner)
    return services.api_key_create(membership=membership, name=name, scope=scope)[1]


@pytest.fixture
def api_a(client, tenant_a):
    """Seller A's owner's read-and-write key."""
    return KeyClient(client, create_key(tenant_a))


@pytest.fixture
def read_api_a(client, tenant_a):
    return KeyClient(client, create_key(tenant_a, scope="read"))


def is_problem(response, status: int) -> bool:
    data = response.json()
    return (
        response.status_code == status
        and response["Content-Type"] == "application/problem+json"
        and data["status"] == status
        and {"type", "title", "detail"} <= set(data)
    )
