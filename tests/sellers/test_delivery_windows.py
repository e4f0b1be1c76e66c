"""Every order gets a delivery window: Amazon's when it gave one, an estimate until then.

The order report of the first backfill has no window; searchOrders gives it, newest orders first,
within Amazon's usage plan, while the estimate lets the planner work meanwhile.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from campaigns import planner
from campaigns.models import Dispatch
from sellers import delivery, order_data, sync
from sellers.models import AmazonConnection, Order

from ..factories import AmazonConnectionFactory, CampaignFactory, SellerFactory, sandbox_connection

NO_SLEEP = {"sleep": lambda seconds: None}
REPORT_ROW = (
    "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\tsales-channel\t"
    "sku\tasin\tproduct-name\tquantity\tcurrency\titem-price\n"
    "111-0000001-0000001\t2026-11-02T10:00:00+00:00\t2026-11-03T10:00:00+00:00\tShipped\tAmazon\t"
    "Amazon.de\tSKU-1\tB01\tMug\t1\tEUR\t12.00\n"
)


def connect(partner, **extra):
    return sandbox_connection(SellerFactory(), partner, **extra)


def sync_until_loaded(connection):
    """The sync as the task runs it, until the report is loaded (enrichment may still be going)."""
    for _ in range(20):
        result = sync.connection_sync(connection, **NO_SLEEP)
        connection.refresh_from_db()
        if result.retry_in is None:
            return result
    raise AssertionError("the backfill did not load")


def test_an_order_report_row_gets_an_estimated_window_from_its_marketplace_and_channel():
    ((_, (values, _)),) = order_data.parse_order_report(REPORT_ROW, {"Amazon.de": "A1PA6795UKMFR9"}).items()

    purchased = datetime(2026, 11, 2, 10, tzinfo=UTC)
    assert values["delivery_estimated"] is True
    assert (values["earliest_delivery"], values["latest_delivery"]) == (
        purchased + timedelta(days=delivery.FBA.after_purchase[0]),
        purchased + timedelta(days=delivery.FBA.after_purchase[1]),
    )


def test_an_estimate_counts_from_the_ship_date_when_amazon_gives_one():
    shipped = datetime(2026, 11, 4, tzinfo=UTC)

    earliest, latest = delivery.estimate(
        marketplace_code="US",
        fulfillment_channel="MERCHANT",
        purchased_at=shipped - timedelta(days=3),
        shipped_at=shipped,
    )

    assert (earliest, latest) == (shipped + timedelta(days=1), shipped + timedelta(days=8))


def test_slower_marketplaces_get_longer_estimates():
    bought = datetime(2026, 11, 4, tzinfo=UTC)
    germany = delivery.estimate(marketplace_code="DE", fulfillment_channel="MERCHANT", purchased_at=bought)
    brazil = delivery.estimate(marketplace_code="BR", fulfillment_channel="MERCHANT", purchased_at=bought)

    assert brazil[1] > germany[1]


@pytest.fixture
def amazon(fresh_sandbox, use_sandbox):
    sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=400, seed=11))
    return sandbox, sandbox.sellers()[0]


def sandbox_orders(sandbox, partner):
    return {
        o["order_id"]: o for o in sandbox.get(f"/_sandbox/sellers/{partner['selling_partner_id']}/orders")["orders"]
    }


def test_the_backfill_gives_every_order_amazons_window_in_the_end(db, amazon):
    sandbox, partner = amazon
    connection = connect(partner)

    result = sync_until_loaded(connection)
    for _ in range(20):
        if result.enrich_in is None and connection.backfill_status == "done":
            break
        result = sync.connection_enrich(connection, **NO_SLEEP)
        connection.refresh_from_db()

    truth = sandbox_orders(sandbox, partner)
    fba = Order.objects.filter(fulfillment_channel="AMAZON")
    assert fba.count() > Order.objects.filter(fulfillment_channel="MERCHANT").count()  # mostly FBA, as sellers are
    assert not Order.objects.filter(delivery_estimated=True).exists()
    for order in fba:
        assert (
            order.latest_delivery.isoformat().replace("+00:00", "Z") == truth[order.amazon_order_id]["latest_delivery"]
        )


def test_the_enrichment_reads_the_newest_orders_first(db, fresh_sandbox, use_sandbox):
    # Amazon's burst of searchOrders is spent after a few pages: what comes first must be the newest.
    sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=600, seed=11, rate_scale=0.25))
    partner = sandbox.sellers()[0]
    connection = connect(partner)

    result = sync_until_loaded(connection)

    assert connection.backfill_status == AmazonConnection.Backfill.ENRICHING
    assert result.enrich_in is not None and result.enrich_in > 0
    known = Order.objects.filter(connection=connection, delivery_estimated=False)
    waiting = Order.objects.filter(connection=connection, delivery_estimated=True)
    assert known.exists() and waiting.exists()
    assert min(o.purchased_at for o in known) > max(o.purchased_at for o in waiting)
    assert 0 < connection.enrich_percent < 100


def test_fba_orders_are_planned_from_their_estimate_before_amazons_window_arrives(db, fresh_sandbox, use_sandbox):
    sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=600, seed=11, rate_scale=0.25))
    partner = sandbox.sellers()[0]
    connection = connect(partner)
    campaign = CampaignFactory(seller=connection.seller, state="active", send_from_hour=0, send_until_hour=24)
    sync_until_loaded(connection)

    planner.plan_orders(list(Order.objects.filter(connection=connection).values_list("pk", flat=True)))

    planned = Dispatch.objects.filter(
        campaign=campaign, order__fulfillment_channel="AMAZON", order__delivery_estimated=True
    )
    assert planned.filter(state=Dispatch.State.SCHEDULED).count() > 10


def test_a_delivery_date_amazon_changes_after_the_backfill_moves_the_scheduled_request(db, amazon):
    sandbox, partner = amazon
    connection = connect(partner)
    campaign = CampaignFactory(seller=connection.seller, state="active", send_from_hour=0, send_until_hour=24)
    sync_until_loaded(connection)
    while connection.backfill_status != "done":
        sync.connection_enrich(connection, **NO_SLEEP)
        connection.refresh_from_db()
    now = timezone.now()
    order = Order.objects.filter(
        connection=connection,
        status="SHIPPED",
        fulfillment_channel="AMAZON",
        latest_delivery__gt=now - timedelta(days=20),
        latest_delivery__lt=now - timedelta(days=8),
    ).first()
    planner.plan_orders([order.pk])
    dispatch = Dispatch.objects.get(campaign=campaign, order=order)
    later = now + timedelta(days=2)

    sandbox.post(
        f"/_sandbox/orders/{order.amazon_order_id}",
        {"earliest_delivery": later.isoformat(), "latest_delivery": (later + timedelta(days=1)).isoformat()},
    )
    # The incremental sync reads what changed until two minutes ago: it runs a little later.
    written = sync.connection_sync(connection, now=timezone.now() + timedelta(minutes=5), **NO_SLEEP).written_ids
    planner.plan_orders(written)

    dispatch.refresh_from_db()
    assert dispatch.state == "scheduled"
    assert dispatch.expires_at.date() == (later + timedelta(days=31)).date()
    assert dispatch.scheduled_for >= later + timedelta(days=5)


def test_the_order_page_says_the_window_is_an_estimate_and_shows_refunds(client, tenant_a):
    from decimal import Decimal

    from django.urls import reverse

    from ..factories import OrderFactory

    now = timezone.now()
    order = OrderFactory(
        seller=tenant_a.seller,
        earliest_delivery=now,
        latest_delivery=now,
        delivery_estimated=True,
        refunded_at=now - timedelta(days=1),
        refund_amount=Decimal("19.99"),
        currency="EUR",
    )
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()

    assert "estimated" in page and "Amazon has not given this order's window yet" in page
    assert "Refunded</strong>" in page and "19.99 EUR" in page


def test_upgrading_gives_old_report_rows_an_estimate_and_reads_them_again_from_amazon(db):
    import importlib

    from django.apps import apps

    from ..factories import OrderFactory

    migration = importlib.import_module("sellers.migrations.0006_estimate_missing_delivery_windows")
    connection = AmazonConnectionFactory(
        backfill_status="done",
        backfill_since=timezone.now() - timedelta(days=60),
        orders_cursor=timezone.now() - timedelta(days=1),
    )
    old = OrderFactory(
        seller=connection.seller,
        connection=connection,
        fulfillment_channel="AMAZON",
        earliest_delivery=None,
        latest_delivery=None,
    )

    migration.estimate_missing_windows(apps, None)
    migration.enrich_estimated_orders(apps, None)

    old.refresh_from_db()
    connection.refresh_from_db()
    assert old.delivery_estimated and old.latest_delivery > old.purchased_at
    assert connection.backfill_status == "enriching" and connection.enrich_after <= old.purchased_at
