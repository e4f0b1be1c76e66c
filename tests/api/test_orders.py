"""Orders through the API: the seller's own, newest first, with the orders page's filters, by keyset pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import selectors as campaign_selectors
from campaigns.models import Dispatch

from ..factories import AmazonConnectionFactory, CampaignFactory, DispatchFactory, OrderFactory
from .conftest import is_problem

ORDERS = reverse("api:orders")
NOW = timezone.now()


def order_ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["amazon_order_id"] for row in response.json()["results"]]


@pytest.fixture
def order(tenant_a):
    def make(order_id, days_ago=1, **fields):
        return OrderFactory(
            seller=tenant_a.seller, amazon_order_id=order_id, purchased_at=NOW - timedelta(days=days_ago), **fields
        )

    return make


def test_the_list_holds_the_sellers_orders_newest_first(api_a, tenant_b, order):
    order("111-0000001-0000001", days_ago=3)
    order("111-0000002-0000002", days_ago=1)
    OrderFactory(seller=tenant_b.seller, amazon_order_id="111-0000009-0000009")

    assert order_ids(api_a.get(ORDERS)) == ["111-0000002-0000002", "111-0000001-0000001"]


def test_pages_follow_the_cursor_to_the_last_order_once_each(api_a, order):
    for n in range(7):
        order(f"111-000000{n}-0000000", days_ago=n)

    seen, cursor = [], ""
    while True:
        page = api_a.get(ORDERS, {"limit": 3, "cursor": cursor}).json()
        seen += [row["amazon_order_id"] for row in page["results"]]
        cursor = page["next_cursor"]
        if not cursor:
            break

    assert seen == [f"111-000000{n}-0000000" for n in range(7)]


def test_a_damaged_cursor_is_a_400_problem(api_a):
    response = api_a.get(ORDERS, {"cursor": "not-a-cursor"})

    assert is_problem(response, 400) and response.json()["errors"][0]["parameter"] == "cursor"


def test_a_page_holds_at_most_200_orders(api_a):
    response = api_a.get(ORDERS, {"limit": 201})

    assert is_problem(response, 400) and response.json()["errors"][0]["parameter"] == "limit"


def test_the_marketplace_filter_keeps_that_marketplaces_orders(api_a, tenant_a, order):
    order("111-0000001-0000001")
    de = AmazonConnectionFactory(seller=tenant_a.seller, region="EU", marketplace_ids=["A1PA6795UKMFR9"])
    order("302-0000002-0000002", connection=de, marketplace_id="A1PA6795UKMFR9")

    assert order_ids(api_a.get(ORDERS, {"marketplace": "A1PA6795UKMFR9"})) == ["302-0000002-0000002"]


def test_the_fulfillment_filter_tells_fba_from_fbm(api_a, order):
    order("111-0000001-0000001", fulfillment_channel="AMAZON")
    order("111-0000002-0000002", fulfillment_channel="MERCHANT")

    fba = api_a.get(ORDERS, {"fulfillment": "FBA"})

    assert order_ids(fba) == ["111-0000001-0000001"] and fba.json()["results"][0]["fulfillment"] == "FBA"


def test_the_status_filter_keeps_orders_in_amazons_status(api_a, order):
    order("111-0000001-0000001", status="CANCELLED")
    order("111-0000002-0000002", status="SHIPPED")

    assert order_ids(api_a.get(ORDERS, {"status": "CANCELLED"})) == ["111-0000001-0000001"]


def test_the_date_filters_keep_orders_bought_within_the_utc_days(api_a, order):
    order("111-0000001-0000001", days_ago=10)
    order("111-0000002-0000002", days_ago=5)
    order("111-0000003-0000003", days_ago=1)
    day = (NOW - timedelta(days=5)).date()

    assert order_ids(api_a.get(ORDERS, {"purchased_from": day, "purchased_to": day})) == ["111-0000002-0000002"]


def test_dates_that_end_before_they_start_are_refused(api_a):
    response = api_a.get(ORDERS, {"purchased_from": "2026-03-10", "purchased_to": "2026-03-01"})

    assert is_problem(response, 400) and response.json()["errors"][0]["parameter"] == "purchased_to"


def test_the_messaged_filter_tells_orders_a_message_was_sent_to(api_a, tenant_a, order):
    sent = order("111-0000001-0000001")
    DispatchFactory(seller=tenant_a.seller, order=sent, state=Dispatch.State.SENT)
    scheduled = order("111-0000002-0000002")
    DispatchFactory(seller=tenant_a.seller, order=scheduled, state=Dispatch.State.SCHEDULED)
    order("111-0000003-0000003")

    messaged = order_ids(api_a.get(ORDERS, {"messaged": "true"}))
    not_messaged = order_ids(api_a.get(ORDERS, {"messaged": "false"}))

    assert messaged == ["111-0000001-0000001"]
    assert sorted(not_messaged) == ["111-0000002-0000002", "111-0000003-0000003"]


def test_the_order_id_filter_matches_the_start_of_the_id(api_a, order):
    order("111-0000001-0000001")
    order("205-0000002-0000002")

    assert order_ids(api_a.get(ORDERS, {"order_id": "205-"})) == ["205-0000002-0000002"]


def test_an_order_shows_its_items_and_never_its_buyer_key(api_a, order):
    placed = order("111-0000001-0000001", buyer_key="b" * 64, total_amount="19.99", currency="USD")

    data = api_a.get(reverse("api:order", args=[placed.pk])).json()

    assert data["items"][0]["asin"] == "B0TEST0001" and data["total_amount"] == "19.99"
    assert "buyer_key" not in data and "b" * 64 not in str(data)


def test_why_not_gives_each_campaigns_explanation_as_the_page_does(api_a, tenant_a, order):
    placed = order("111-0000001-0000001", days_ago=2)
    CampaignFactory(seller=tenant_a.seller, name="Review after delivery", state="active")
    _, expected = campaign_selectors.why_not(tenant_a.seller, placed.amazon_order_id)

    data = api_a.get(reverse("api:order_why_not", args=[placed.pk])).json()

    assert data["amazon_order_id"] == placed.amazon_order_id
    assert [(c["campaign"]["name"], c["summary"]) for c in data["campaigns"]] == [
        (e.campaign.name, e.summary) for e in expected
    ]
    assert data["campaigns"][0]["outcome"]["status"] == expected[0].outcome.status
