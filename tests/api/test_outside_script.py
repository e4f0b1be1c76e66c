"""Done when: an outside program that knows only the OpenAPI schema and an API key lists a seller's
messages and adds a buyer to the blocklist, over real HTTP against the running app."""

import uuid
from datetime import timedelta

import httpx
from django.utils import timezone

from campaigns.models import Dispatch
from optouts.models import BlockedBuyer

from ..factories import DispatchFactory, OrderFactory
from .conftest import create_key


def operation(schema: dict, operation_id: str) -> tuple[str, str, dict]:
    """(method, path, operation) of the schema's operation with that id."""
    for path, item in schema["paths"].items():
        for method, found in item.items():
            if found.get("operationId") == operation_id:
                return method.upper(), path, found
    raise LookupError(operation_id)


def outside_script(base_url: str, key: str, order_to_block: str) -> tuple[list[dict], dict]:
    """What an integrator writes: read the schema, then call the operations it names."""
    with httpx.Client(base_url=base_url, timeout=15) as http:
        schema = http.get("/api/v1/schema/", params={"format": "json"}).raise_for_status().json()
        auth = {"Authorization": f"Bearer {key}"}

        method, path, listing = operation(schema, "listMessages")
        assert {"limit", "cursor"} <= {p["name"] for p in listing["parameters"]}
        messages, cursor = [], ""
        while True:
            page = http.request(method, path, params={"limit": 2, "cursor": cursor}, headers=auth)
            page.raise_for_status()
            messages += page.json()["results"]
            if not (cursor := page.json()["next_cursor"]):
                break

        method, path, adding = operation(schema, "addToBlocklist")
        body_schema = adding["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
        assert "amazon_order_id" in schema["components"]["schemas"][body_schema]["required"]
        added = http.request(
            method,
            path,
            json={"amazon_order_id": order_to_block, "reason": "Asked not to be contacted"},
            headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert added.status_code == 201, added.text
        return messages, added.json()


def test_an_outside_script_lists_messages_and_blocks_a_buyer(live_server, tenant_a, tenant_b):
    now = timezone.now()
    sent = [
        DispatchFactory(
            seller=tenant_a.seller, state=Dispatch.State.SENT, scheduled_for=now - timedelta(hours=h), finished_at=now
        )
        for h in range(5)
    ]
    DispatchFactory(seller=tenant_b.seller)
    order = OrderFactory(seller=tenant_a.seller, amazon_order_id="111-3141592-6535897")

    messages, entry = outside_script(live_server.url, create_key(tenant_a), order.amazon_order_id)

    assert [m["id"] for m in messages] == [str(d.pk) for d in sent]
    assert entry["amazon_order_id"] == order.amazon_order_id
    assert BlockedBuyer.objects.get(seller=tenant_a.seller).amazon_order_id == order.amazon_order_id
