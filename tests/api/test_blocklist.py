"""The blocklist through the API: the same rules as the page (one entry per order, the buyer blocked at once)."""

from django.urls import reverse

from campaigns.models import Dispatch
from optouts.models import BlockedBuyer

from ..factories import BlockedBuyerFactory, DispatchFactory, OrderFactory
from .conftest import is_problem

BLOCKLIST = reverse("api:blocklist")


def test_adding_an_order_blocks_what_is_scheduled_for_its_buyer(api_a, tenant_a):
    order = OrderFactory(seller=tenant_a.seller, amazon_order_id="111-2222222-2222222", buyer_key="k" * 64)
    other_order_same_buyer = OrderFactory(seller=tenant_a.seller, buyer_key="k" * 64)
    scheduled = DispatchFactory(seller=tenant_a.seller, order=other_order_same_buyer)

    response = api_a.post(BLOCKLIST, {"amazon_order_id": order.amazon_order_id, "reason": "Asked us to stop"})

    scheduled.refresh_from_db()
    assert response.status_code == 201 and response.json()["reason"] == "Asked us to stop"
    assert response.json()["added_by"] == tenant_a.owner.email
    assert scheduled.state == Dispatch.State.BLOCKED_SELLER


def test_adding_an_order_already_blocked_answers_200_with_the_entry(api_a, tenant_a):
    entry = BlockedBuyerFactory(seller=tenant_a.seller, amazon_order_id="111-2222222-2222222")

    response = api_a.post(BLOCKLIST, {"amazon_order_id": "111-2222222-2222222"})

    assert response.status_code == 200 and response.json()["id"] == str(entry.pk)
    assert BlockedBuyer.objects.count() == 1


def test_an_order_id_amazon_would_not_give_is_refused_by_the_pages_rule(api_a):
    response = api_a.post(BLOCKLIST, {"amazon_order_id": "12345"})

    assert is_problem(response, 422)
    assert response.json()["errors"][0]["pointer"] == "#/amazon_order_id"
    assert "is not an Amazon order id" in response.json()["detail"]


def test_removing_an_entry_unblocks_the_order(api_a, tenant_a):
    entry = BlockedBuyerFactory(seller=tenant_a.seller)

    response = api_a.delete(reverse("api:blocklist_entry", args=[entry.pk]))

    assert response.status_code == 204 and not BlockedBuyer.objects.exists()


def test_the_blocklist_lists_the_sellers_entries_newest_first_by_pages(api_a, tenant_a, tenant_b):
    entries = [BlockedBuyerFactory(seller=tenant_a.seller) for _ in range(3)]
    BlockedBuyerFactory(seller=tenant_b.seller)

    first = api_a.get(BLOCKLIST, {"limit": 2}).json()
    second = api_a.get(BLOCKLIST, {"limit": 2, "cursor": first["next_cursor"]}).json()

    listed = [r["id"] for r in first["results"] + second["results"]]
    assert listed == [str(e.pk) for e in reversed(entries)]
