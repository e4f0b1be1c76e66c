"""The orders list: marketplaces by name, filters in the URL (validated), keyset pages, and what
was sent to each order."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from campaigns import order_selectors
from campaigns.order_selectors import OrderFilters

from ..factories import AmazonConnectionFactory, CampaignFactory, DispatchFactory, OrderFactory

BASE = datetime(2026, 10, 1, tzinfo=UTC)
DE, UK, US = "A1PA6795UKMFR9", "A1F83G8C2ARO7P", "ATVPDKIKX0DER"


@pytest.fixture
def shop(tenant_a):
    return AmazonConnectionFactory(seller=tenant_a.seller, region="EU", marketplace_ids=[DE, UK])


@pytest.fixture
def order(tenant_a, shop):
    counter = iter(range(10_000))

    def make(**fields):
        n = next(counter)
        values = {
            "seller": tenant_a.seller,
            "connection": shop,
            "amazon_order_id": f"302-{n:07d}-0000001",
            "marketplace_id": DE,
            "purchased_at": BASE + timedelta(hours=n),
        }
        values.update(fields)
        return OrderFactory(**values)

    return make


def ids(page):
    return [row.order.amazon_order_id for row in page.rows]


def listed(client, **query):
    response = client.get(reverse("orders"), query)
    return response, [row.order.amazon_order_id for row in response.context["page"].rows]


# -- what a row shows --------------------------------------------------------------------------
def test_marketplaces_show_by_name_and_country(client, tenant_a, order):
    order(marketplace_id=DE)
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("orders")).content.decode()

    assert "Amazon.de" in page and '<span class="badge">DE</span>' in page
    assert f">{DE}<" not in page


def test_the_marketplace_filter_lists_only_the_sellers_marketplaces(client, tenant_a, shop):
    client.force_login(tenant_a.viewer)

    form = client.get(reverse("orders")).context["form"]

    assert [label for value, label in form.fields["marketplace"].choices] == [
        "All your marketplaces",
        "Amazon.co.uk (UK)",
        "Amazon.de (DE)",
    ]


def test_each_row_shows_its_review_request_and_who_made_it(client, tenant_a, order):
    asked = order()
    campaign = CampaignFactory(seller=tenant_a.seller, name="After delivery")
    DispatchFactory(seller=tenant_a.seller, campaign=campaign, order=asked, state="sent")
    client.force_login(tenant_a.viewer)

    row = client.get(reverse("orders")).context["page"].rows[0]

    assert row.review.state == "sent" and row.review.campaign.name == "After delivery" and row.sent == 1


# -- filters ----------------------------------------------------------------------------------------
def test_filtering_by_marketplace(client, tenant_a, order):
    order(marketplace_id=DE)
    uk = order(marketplace_id=UK)
    client.force_login(tenant_a.viewer)

    _, found = listed(client, marketplace=UK)

    assert found == [uk.amazon_order_id]


def test_filtering_by_fulfilment_channel(client, tenant_a, order):
    fba = order(fulfillment_channel="AMAZON")
    order(fulfillment_channel="MERCHANT")
    client.force_login(tenant_a.viewer)

    _, found = listed(client, channel="fba")

    assert found == [fba.amazon_order_id]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("shipped", ["shipped", "delivered"]), ("delivered", ["delivered"]), ("cancelled", ["cancelled"])],
)
def test_filtering_by_status(client, tenant_a, order, status, expected):
    made = {
        "shipped": order(status="SHIPPED"),
        "delivered": order(status="SHIPPED", is_delivered=True),
        "cancelled": order(status="CANCELLED"),
        "pending": order(status="PENDING"),
    }
    client.force_login(tenant_a.viewer)

    _, found = listed(client, status=status)

    assert sorted(found) == sorted(made[name].amazon_order_id for name in expected)


def test_filtering_by_purchase_dates_takes_whole_utc_days(client, tenant_a, order):
    order(purchased_at=datetime(2026, 10, 1, 23, 59, tzinfo=UTC))
    inside = [
        order(purchased_at=datetime(2026, 10, 2, 0, 0, tzinfo=UTC)),
        order(purchased_at=datetime(2026, 10, 3, 23, 59, tzinfo=UTC)),
    ]
    order(purchased_at=datetime(2026, 10, 4, 0, 0, tzinfo=UTC))
    client.force_login(tenant_a.viewer)

    _, found = listed(client, purchased_from="2026-10-02", purchased_to="2026-10-03")

    assert sorted(found) == sorted(o.amazon_order_id for o in inside)


@pytest.mark.parametrize(
    ("messaged", "expected"), [("yes", ["sent"]), ("scheduled", ["scheduled"]), ("no", ["none", "failed"])]
)
def test_filtering_by_what_was_sent(client, tenant_a, order, messaged, expected):
    made = {name: order() for name in ("sent", "scheduled", "none", "failed")}
    campaign = CampaignFactory(seller=tenant_a.seller)
    for name in ("sent", "scheduled", "failed"):
        DispatchFactory(seller=tenant_a.seller, campaign=campaign, order=made[name], state=name)
    client.force_login(tenant_a.viewer)

    _, found = listed(client, messaged=messaged)

    assert sorted(found) == sorted(made[name].amazon_order_id for name in expected)


def test_filters_combine(client, tenant_a, order):
    wanted = order(marketplace_id=UK, fulfillment_channel="AMAZON")
    order(marketplace_id=UK, fulfillment_channel="MERCHANT")
    order(marketplace_id=DE, fulfillment_channel="AMAZON")
    client.force_login(tenant_a.viewer)

    _, found = listed(client, marketplace=UK, channel="fba")

    assert found == [wanted.amazon_order_id]


def test_the_order_id_box_finds_orders_by_their_start(client, tenant_a, order):
    order(amazon_order_id="302-1111111-0000001")
    wanted = order(amazon_order_id="302-2222222-0000001")
    client.force_login(tenant_a.viewer)

    _, found = listed(client, q="302-2222")

    assert found == [wanted.amazon_order_id]


def test_a_filtered_list_is_a_link_to_share(client, tenant_a, order):
    order(marketplace_id=UK, fulfillment_channel="AMAZON")
    client.force_login(tenant_a.viewer)

    response, _ = listed(client, marketplace=UK, channel="fba")

    form = response.context["form"]
    assert (form["marketplace"].value(), form["channel"].value()) == (UK, "fba")


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"marketplace": US}, "marketplace", "That is not one of your marketplaces."),
        ({"channel": "drone"}, "channel", "Fulfilment is fba or fbm."),
        ({"status": "lost"}, "status", "lost is not an order status we filter by."),
        ({"purchased_from": "yesterday"}, "purchased_from", "Enter a date as YYYY-MM-DD."),
        ({"purchased_from": "2026-10-05", "purchased_to": "2026-10-01"}, "purchased_to", "before the start date"),
        ({"messaged": "maybe"}, "messaged", "Messages is yes, scheduled or no."),
        ({"q": "3" * 40}, "q", "at most 19 characters"),
    ],
)
def test_a_bad_filter_says_what_is_wrong(client, tenant_a, shop, query, field, message):
    client.force_login(tenant_a.viewer)

    response = client.get(reverse("orders"), query)

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert "Some filters are not valid" in response.content.decode()


# -- pages ------------------------------------------------------------------------------------------
def test_pages_walk_back_by_keyset_and_forward_again(tenant_a, order):
    made = [order() for _ in range(7)]
    newest_first = [o.amazon_order_id for o in reversed(made)]

    first = order_selectors.orders_page(tenant_a.seller, limit=3)
    second = order_selectors.orders_page(
        tenant_a.seller, cursor=order_selectors.cursor_decode(first.older_cursor), limit=3
    )
    back = order_selectors.orders_page(
        tenant_a.seller, cursor=order_selectors.cursor_decode(second.newer_cursor), limit=3
    )

    assert ids(first) == newest_first[:3] and ids(second) == newest_first[3:6]
    assert ids(back) == ids(first) and back.first_page
    assert not first.newer_cursor and second.older_cursor


def test_pages_keep_their_filters(tenant_a, order):
    fba = [order(fulfillment_channel="AMAZON") for _ in range(4)]
    order(fulfillment_channel="MERCHANT")
    filters = OrderFilters(channel="fba")

    first = order_selectors.orders_page(tenant_a.seller, filters=filters, limit=3)
    second = order_selectors.orders_page(
        tenant_a.seller, filters=filters, cursor=order_selectors.cursor_decode(first.older_cursor), limit=3
    )

    assert ids(first) + ids(second) == [o.amazon_order_id for o in reversed(fba)]


def test_a_damaged_page_link_shows_the_newest_orders_and_says_so(client, tenant_a, order):
    order()
    client.force_login(tenant_a.viewer)

    response = client.get(reverse("orders"), {"cursor": "not-a-cursor"})

    assert response.status_code == 200
    assert "That page link is damaged or out of date." in response.content.decode()
    assert len(response.context["page"].rows) == 1


def test_a_page_shows_at_most_50_orders(client, tenant_a, order):
    for _ in range(51):
        order()
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("orders")).context["page"]

    assert len(page.rows) == 50 and page.older_cursor


def test_another_sellers_orders_never_show(client, tenant_a, tenant_b, order):
    mine = order()
    OrderFactory(seller=tenant_b.seller, marketplace_id=DE)
    client.force_login(tenant_a.viewer)

    _, found = listed(client)

    assert found == [mine.amazon_order_id]


# -- who sees the bulk action ----------------------------------------------------------------------
def test_a_manager_can_tick_orders_for_a_review_request(client, tenant_a, order):
    order()
    client.force_login(tenant_a.manager)

    page = client.get(reverse("orders")).content.decode()

    assert 'data-testid="bulk-request-review"' in page and 'data-testid="order-pick"' in page


def test_a_viewer_gets_no_bulk_action(client, tenant_a, order):
    order()
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("orders")).content.decode()

    assert "bulk-request-review" not in page and "order-pick" not in page


def test_the_navigation_has_an_orders_item(client, tenant_a, shop):
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("amazon_accounts")).content.decode()

    assert f'<a href="{reverse("orders")}"' in page
