"""Opt-outs the seller can see through the API: its own list, and its orders Amazon's word opted out."""

from django.urls import reverse

from optouts.models import OptOut, OptOutSource

from ..factories import OrderFactory, OrderOptOutFactory, SellerFactory


def test_the_own_list_shows_what_the_seller_vouched_for_without_buyer_keys(api_a, tenant_a, tenant_b):
    entry = OrderOptOutFactory(seller=tenant_a.seller, buyer_key="s" * 64, created_by=tenant_a.manager)
    OrderOptOutFactory(seller=tenant_b.seller)

    rows = api_a.get(reverse("api:optouts")).json()["results"]

    assert [(r["amazon_order_id"], r["source"], r["added_by"]) for r in rows] == [
        (entry.amazon_order_id, "manual", tenant_a.manager.email)
    ]
    assert "s" * 64 not in str(rows) and "buyer_key" not in rows[0]


def test_amazons_opt_outs_show_the_sellers_orders_but_not_the_shared_tables_internals(api_a, tenant_a):
    elsewhere = SellerFactory(name="Someone Else")
    OptOut.objects.create(
        buyer_key="b" * 64, source=OptOutSource.AMAZON_NOTICE, first_seller=elsewhere, first_order_id="999-1-1"
    )
    order = OrderFactory(seller=tenant_a.seller, buyer_key="b" * 64)
    OrderFactory(seller=tenant_a.seller, buyer_key="c" * 64)

    rows = api_a.get(reverse("api:optouts_amazon")).json()["results"]

    assert [(r["amazon_order_id"], r["learned_here"]) for r in rows] == [(order.amazon_order_id, False)]
    assert not {"b" * 64, "999-1-1", "Someone Else", str(elsewhere.pk)} & set(str(rows).split("'"))


def test_amazons_opt_outs_page_by_cursor(api_a, tenant_a):
    for n in range(3):
        OptOut.objects.create(buyer_key=f"{n}" * 64, source=OptOutSource.AMAZON_NOTICE)
        OrderFactory(seller=tenant_a.seller, buyer_key=f"{n}" * 64)

    first = api_a.get(reverse("api:optouts_amazon"), {"limit": 2}).json()
    second = api_a.get(reverse("api:optouts_amazon"), {"limit": 2, "cursor": first["next_cursor"]}).json()

    assert len(first["results"]) == 2 and len(second["results"]) == 1 and second["next_cursor"] == ""
    assert len({r["order"] for r in first["results"] + second["results"]}) == 3
