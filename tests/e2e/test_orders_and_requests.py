"""In Chromium, at a laptop's width and a phone's: connecting Amazon with the first sync's progress
updating by itself, filtering the orders list, and review requests by hand (one from an order's
page, several from the list) sent through the real outbox to the sandbox Amazon, each outcome
shown as it happens."""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from sellers.models import AmazonConnection, Order

from ..factories import AmazonConnectionFactory, MembershipFactory, OrderFactory
from ..outbox_world import connect, place_orders, run_outbox, store_orders
from .browser import approve_on_amazon, content_fits, log_in, serious_violations

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]
DE, UK = "A1PA6795UKMFR9", "A1F83G8C2ARO7P"


def shot(page, artifacts_dir, name, width):
    page.screenshot(path=os.path.join(artifacts_dir, f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_connecting_shows_the_first_sync_progressing_without_a_reload(
    app, page_at, artifacts_dir, fresh_sandbox, use_sandbox, settings, celery_worker, width
):
    settings.SYNC_REPORT_POLL_SECONDS = 1
    sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=150, seed=23, report_delay_seconds=8))
    partner = sandbox.sellers()[0]
    owner = MembershipFactory(
        seller__name=f"Harbour Goods {width}", user__email=f"owner{width}@harbour.example.com"
    ).user
    page = page_at(width)

    log_in(page, app.url, owner.email)
    page.goto(f"{app.url}/amazon/")
    approve_on_amazon(page, partner)
    page.wait_for_url(f"{app.url}/amazon/")
    page.evaluate("window.notReloaded = true")

    page.wait_for_selector("[data-testid=sync-headline]:has-text('Amazon is preparing your order report')")
    assert "Then: reading Amazon's delivery dates" in page.inner_text("[data-testid=sync-steps]")
    shot(page, artifacts_dir, "70-connect-progress-running", width)
    assert serious_violations(page) == []
    page.wait_for_selector("[data-testid=connection-progress][data-finished=true]", timeout=90000)

    connection = AmazonConnection.objects.get(seller__name=f"Harbour Goods {width}")
    assert page.evaluate("window.notReloaded") is True, "the page updated itself"
    assert int(page.inner_text("[data-testid=orders-count]").replace(",", "")) == connection.orders.count() > 0
    assert page.inner_text("[data-testid=last-sync]") == "just now"
    page.click("[data-testid=connection-progress] summary")
    assert "Finished just now" in page.inner_text("[data-testid=sync-steps]")
    assert content_fits(page, "[data-testid=connection]")
    assert serious_violations(page) == []
    shot(page, artifacts_dir, "71-connect-progress-done", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_connecting_an_account_another_business_has_asks_first(
    app, page_at, artifacts_dir, fresh_sandbox, use_sandbox, celery_worker, width
):
    sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=5, seed=29))
    partner = sandbox.sellers()[0]
    AmazonConnectionFactory(
        seller=MembershipFactory(seller__name=f"Secret Agency {width}").seller,
        selling_partner_id=partner["selling_partner_id"],
        region=partner["region"],
    )
    owner = MembershipFactory(seller__name=f"Brand Owner {width}", user__email=f"brand{width}@example.com").user
    page = page_at(width)

    log_in(page, app.url, owner.email)
    page.goto(f"{app.url}/amazon/")
    approve_on_amazon(page, partner)

    page.wait_for_url(f"{app.url}/amazon/confirm/")
    text = page.inner_text("[data-testid=connect-confirm]")
    assert "already connected to another business" in text and "Secret Agency" not in page.content()
    assert not AmazonConnection.objects.filter(seller__name=f"Brand Owner {width}").exists()
    assert serious_violations(page) == []
    assert content_fits(page, "main")
    shot(page, artifacts_dir, "78-connect-confirm", width)
    page.click("[data-testid=confirm-connect]")

    page.wait_for_url(f"{app.url}/amazon/")
    assert "is connected" in page.inner_text(".flash-list")
    assert AmazonConnection.objects.get(seller__name=f"Brand Owner {width}").is_active


@pytest.fixture
def shop(db):
    membership = MembershipFactory(seller__name="Kettle & Co", user__email="manager@kettle.example.com", role="manager")
    connection = AmazonConnectionFactory(seller=membership.seller, region="EU", marketplace_ids=[DE, UK])
    now = timezone.now()
    for n in range(12):
        OrderFactory(
            seller=membership.seller,
            connection=connection,
            amazon_order_id=f"303-{n:07d}-0000001",
            marketplace_id=UK if n % 3 == 0 else DE,
            fulfillment_channel="AMAZON" if n % 2 == 0 else "MERCHANT",
            purchased_at=now - timedelta(days=n + 1),
            total_amount="24.90",
            currency="EUR",
        )
    return membership


@pytest.mark.parametrize("width", WIDTHS)
def test_a_seller_filters_the_orders_and_shares_the_link(app, page_at, artifacts_dir, shop, width):
    page = page_at(width)
    log_in(page, app.url, shop.user.email)

    if width > 600:
        page.click("nav >> text=Orders")
    else:
        page.goto(f"{app.url}/orders/")
    assert page.locator("[data-testid=order-row]").count() == 12
    assert "Amazon.co.uk" in page.inner_text("[data-testid=orders-table]")
    if width < 600:  # a phone shows the orders first; the filters open when asked for
        assert page.locator("[data-filter-box]").get_attribute("open") is None
        page.click("[data-testid=order-filters-toggle]")
    page.select_option("#id_marketplace", UK)
    page.select_option("#id_channel", "fba")
    page.click("button:has-text('Filter')")

    page.wait_for_url(re.compile(r"marketplace=A1F83G8C2ARO7P.*channel=fba"))
    expected = Order.objects.filter(seller=shop.seller, marketplace_id=UK, fulfillment_channel="AMAZON")
    rows = page.locator("[data-testid=order-row]")
    assert sorted(rows.evaluate_all("rows => rows.map(r => r.dataset.order)")) == sorted(
        expected.values_list("amazon_order_id", flat=True)
    )
    assert all(m == "Amazon.co.uk UK" for m in page.locator("[data-testid=order-marketplace]").all_inner_texts())
    shot(page, artifacts_dir, "72-orders-filtered", width)
    assert content_fits(page, "[data-testid=orders-table]")
    assert serious_violations(page) == []

    shared = page_at(width)
    log_in(shared, app.url, shop.user.email)
    shared.goto(page.url)
    assert shared.locator("[data-testid=order-row]").count() == expected.count()

    page.goto(f"{app.url}/orders/?status=lost&purchased_from=soon")
    assert "Some filters are not valid" in page.inner_text("main")
    assert "lost is not an order status we filter by." in page.inner_text("main")
    assert serious_violations(page) == []
    shot(page, artifacts_dir, "73-orders-bad-filter", width)


@pytest.fixture
def amazon_shop(fresh_sandbox, use_sandbox, settings, transactional_db):
    """A manager's seller connected to the sandbox Amazon, with orders in Amazon's review window
    (known to Amazon) and one delivered yesterday (too early)."""
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.05
    sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=0, rate_scale=100))
    partner = sandbox.sellers()[0]
    membership = MembershipFactory(
        seller__name="Lantern Supply", user__email="manager@lantern.example.com", role="manager"
    )
    connection = connect(partner, seller=membership.seller)
    orders = store_orders(connection, place_orders(sandbox, partner["selling_partner_id"], 3))
    now = timezone.now()
    early = OrderFactory(
        seller=membership.seller,
        connection=connection,
        amazon_order_id="304-0000001-0000001",
        marketplace_id=partner["marketplace_ids"][0],
        purchased_at=now - timedelta(days=4),
        shipped_at=now - timedelta(days=3),
        earliest_delivery=now - timedelta(days=1),
        latest_delivery=now - timedelta(days=1),
    )
    return sandbox, partner, membership, orders, early


@pytest.mark.parametrize("width", WIDTHS)
def test_a_review_request_from_an_order_goes_out_and_the_page_follows_it(
    app, page_at, artifacts_dir, amazon_shop, width
):
    sandbox, partner, membership, orders, _ = amazon_shop
    order = orders[0]
    page = page_at(width)
    log_in(page, app.url, membership.user.email)

    page.goto(f"{app.url}/orders/{order.pk}/")
    page.click("[data-testid=request-review]")
    assert "Queued: it goes to Amazon within a minute" in page.inner_text(".flash-list")
    assert page.inner_text("[data-testid=review-state]") == "Scheduled"
    assert serious_violations(page) == []
    shot(page, artifacts_dir, "74-order-request-queued", width)
    run_outbox(seconds=20)

    page.wait_for_selector("[data-testid=review-state]:has-text('Sent')")
    assert [m["order_id"] for m in sandbox.messages(partner["selling_partner_id"])] == [order.amazon_order_id]
    assert "Requested by hand by manager@lantern.example.com" in page.inner_text("[data-testid=review-request]")
    assert content_fits(page, "main")
    shot(page, artifacts_dir, "75-order-request-sent", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_bulk_review_request_shows_each_orders_outcome(app, page_at, artifacts_dir, amazon_shop, width):
    sandbox, partner, membership, orders, early = amazon_shop
    page = page_at(width)
    log_in(page, app.url, membership.user.email)
    page.goto(f"{app.url}/orders/{orders[0].pk}/")
    page.click("[data-testid=request-review]")  # asked for already: the bulk request leaves it alone

    page.goto(f"{app.url}/orders/")
    for amazon_order_id in [orders[0].amazon_order_id, orders[1].amazon_order_id, early.amazon_order_id]:
        page.check(f"[data-testid=order-row][data-order='{amazon_order_id}'] [data-testid=order-pick]")
    assert page.inner_text("[data-testid=bulk-request-review]") == "Request a review for 3 selected orders"
    page.click("[data-testid=bulk-request-review]")

    page.wait_for_url(f"{app.url}/orders/request-review/")
    assert page.inner_text("[data-testid=request-summary]") == "1 queued, 2 not allowed."
    outcome = {
        o: page.locator(f"[data-testid=request-outcome][data-order='{o}']")
        for o in [orders[0].amazon_order_id, orders[1].amazon_order_id, early.amazon_order_id]
    }
    assert "Already requested by hand by manager@lantern.example.com" in outcome[orders[0].amazon_order_id].inner_text()
    assert (
        "Too early: Amazon accepts a review request for this order from" in outcome[early.amazon_order_id].inner_text()
    )
    assert serious_violations(page) == []
    shot(page, artifacts_dir, "76-bulk-request-queued", width)
    run_outbox(seconds=20)

    page.wait_for_selector(
        f"[data-testid=request-outcome][data-order='{orders[1].amazon_order_id}'][data-outcome=sent]"
    )
    assert "Amazon accepted it" in outcome[orders[1].amazon_order_id].inner_text()
    assert sorted(m["order_id"] for m in sandbox.messages(partner["selling_partner_id"])) == sorted(
        [orders[0].amazon_order_id, orders[1].amazon_order_id]
    )
    assert content_fits(page, "main")
    assert serious_violations(page) == []
    shot(page, artifacts_dir, "77-bulk-request-sent", width)
