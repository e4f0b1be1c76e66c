"""Order sync against the sandbox over HTTP: backfill by report, then incremental, idempotent and resumable."""

from datetime import timedelta

import httpx
import pytest
from django.db import connection as db_connection
from django.urls import reverse
from django.utils import timezone

from sellers import sync
from sellers.buyers import buyer_key
from sellers.models import AmazonConnection, Order

from ..factories import MembershipFactory, SellerFactory, sandbox_connection

NO_SLEEP = {"sleep": lambda seconds: None}


def connect(seller, partner, **extra):
    return sandbox_connection(seller, partner, **extra)


def run_to_completion(connection, limit=40, **kwargs):
    """Call the sync as the task would, again and again while it asks to be called back."""
    results = []
    for _ in range(limit):
        result = sync.connection_sync(connection, **NO_SLEEP, **kwargs)
        results.append(result)
        connection.refresh_from_db()
        if result.retry_in is None:
            return results
    raise AssertionError(f"the sync did not finish: {results[-1].note}")


def amazon_orders(sandbox, partner, since):
    """Every order Amazon reports as updated since `since`, straight from the sandbox."""
    token = httpx.post(
        f"{sandbox.url}/auth/o2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": "a",
            "client_secret": "b",
            "refresh_token": partner["refresh_token"],
        },
    ).json()["access_token"]
    found, page = {}, None
    while True:
        params = (
            {"paginationToken": page}
            if page
            else {"lastUpdatedAfter": since.strftime("%Y-%m-%dT%H:%M:%SZ"), "includedData": "BUYER,FULFILLMENT"}
        )
        body = httpx.get(
            f"{sandbox.url}/orders/2026-01-01/orders", params=params, headers={"x-amz-access-token": token}
        ).json()
        found.update({o["orderId"]: o for o in body["orders"]})
        page = (body.get("pagination") or {}).get("nextToken")
        if not page:
            return found


@pytest.fixture
def amazon(fresh_sandbox, use_sandbox):
    sandbox = use_sandbox(fresh_sandbox(sellers=2, orders=400, seed=5))
    return sandbox, sandbox.sellers()[0]


def test_the_first_sync_backfills_60_days_through_the_reports_api(db, amazon):
    sandbox, partner = amazon
    connection = connect(SellerFactory(), partner)
    started = timezone.now()

    results = run_to_completion(connection)

    expected = amazon_orders(sandbox, partner, started - timedelta(days=60))
    assert set(Order.objects.values_list("amazon_order_id", flat=True)) == set(expected)
    assert results[0].note == "Amazon is preparing the order report."
    assert connection.backfill_status == "done" and connection.backfill_total > 0
    assert connection.orders_count == len(expected)
    assert all(order.items for order in Order.objects.all())


def test_merchant_fulfilled_orders_get_a_buyer_key_and_amazon_orders_none(db, amazon):
    sandbox, partner = amazon
    connection = connect(SellerFactory(), partner)

    run_to_completion(connection)

    expected = amazon_orders(sandbox, partner, timezone.now() - timedelta(days=60))
    merchant = Order.objects.filter(fulfillment_channel="MERCHANT")
    assert merchant.exists() and not merchant.filter(buyer_key="").exists()
    assert not Order.objects.filter(fulfillment_channel="AMAZON").exclude(buyer_key="").exists()
    some = merchant.first()
    assert some.buyer_key == buyer_key(expected[some.amazon_order_id]["buyer"]["buyerEmail"])
    assert some.buyer_key_kind == "anonymized_email"


def test_no_raw_buyer_address_is_stored_anywhere(db, amazon):
    sandbox, partner = amazon
    run_to_completion(connect(SellerFactory(), partner))
    aliases = [
        o["buyer"]["buyerEmail"]
        for o in amazon_orders(sandbox, partner, timezone.now() - timedelta(days=60)).values()
        if "buyer" in o
    ]

    with db_connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(o)::text FROM sellers_order o")
        stored = "\n".join(row[0] for row in cursor.fetchall())

    assert aliases and not any(alias in stored or alias.split("@")[0] in stored for alias in aliases)


def test_an_incremental_sync_picks_up_new_orders_and_status_changes(db, amazon):
    sandbox, partner = amazon
    connection = connect(SellerFactory(), partner)
    run_to_completion(connection)
    new_ids = sandbox.post(f"/_sandbox/sellers/{partner['selling_partner_id']}/orders", {"count": 3})["order_ids"]
    shipped = Order.objects.filter(status="SHIPPED", fulfillment_channel="MERCHANT", is_returned=False).first()
    sandbox.post(f"/_sandbox/orders/{shipped.amazon_order_id}", {"status": "RETURNED"})

    # Amazon's data settles for two minutes before we read it.
    later = timezone.now() + timedelta(minutes=3)
    result = sync.connection_sync(connection, now=later, **NO_SLEEP)

    assert set(new_ids) <= set(Order.objects.values_list("amazon_order_id", flat=True))
    assert (result.inserted, result.changed) == (3, 1)
    shipped.refresh_from_db()
    assert shipped.is_returned


def test_a_second_run_of_the_same_sync_changes_nothing(db, amazon):
    sandbox, partner = amazon
    start = timezone.now() - timedelta(days=90)
    connection = connect(SellerFactory(), partner, orders_cursor=start, backfill_status=AmazonConnection.Backfill.DONE)
    first = sync.connection_sync(connection, **NO_SLEEP)
    before = list(Order.objects.order_by("pk").values_list("pk", "fingerprint", "synced_at"))
    connection.orders_cursor = start
    connection.save()

    second = sync.connection_sync(connection, **NO_SLEEP)

    assert first.inserted > 0 and second.orders_seen == first.orders_seen
    assert (second.inserted, second.changed) == (0, 0)
    assert list(Order.objects.order_by("pk").values_list("pk", "fingerprint", "synced_at")) == before


def test_a_sync_that_fails_mid_way_resumes_and_loses_nothing(db, amazon):
    sandbox, partner = amazon
    connection = connect(
        SellerFactory(),
        partner,
        orders_cursor=timezone.now() - timedelta(days=90),
        backfill_status=AmazonConnection.Backfill.DONE,
    )
    sandbox.faults(fail_rate=0.85)

    results = run_to_completion(connection, limit=200)
    sandbox.faults(fail_rate=0)

    assert any(r.retry_in for r in results), "some runs stopped on Amazon's errors"
    expected = amazon_orders(sandbox, partner, timezone.now() - timedelta(days=90))
    assert set(Order.objects.values_list("amazon_order_id", flat=True)) == set(expected)
    assert connection.sync_page_token == "" and connection.sync_window_end is None


def test_a_revoked_authorization_pauses_the_connection_and_tells_the_seller(client, db, amazon):
    sandbox, partner = amazon
    seller = SellerFactory()
    connection = connect(seller, partner)
    run_to_completion(connection)
    sandbox.post(f"/_sandbox/sellers/{partner['selling_partner_id']}/revoke")

    result = sync.connection_sync(connection, **NO_SLEEP)

    connection.refresh_from_db()
    assert connection.status == "needs_reauth" and "invalid_grant" in connection.status_reason
    assert result.retry_in is None
    owner = MembershipFactory(seller=seller, role="owner")
    client.force_login(owner.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Amazon no longer accepts our access to" in page and "Authorize again" in page
    assert "What Amazon answered (for support)" in page and "invalid_grant" in page


def test_amazons_throttling_waits_and_keeps_the_position(db, amazon):
    sandbox, partner = amazon
    connection = connect(
        SellerFactory(),
        partner,
        orders_cursor=timezone.now() - timedelta(days=90),
        backfill_status=AmazonConnection.Backfill.DONE,
    )
    sandbox.faults(rate_scale=0.05)  # one searchOrders call, then 429s

    result = sync.connection_sync(connection, **NO_SLEEP)

    connection.refresh_from_db()
    assert result.retry_in and result.retry_in > 60
    assert "throttled" in connection.last_sync_error
    assert connection.sync_page_token, "the next run continues from the page it stopped at"
    assert Order.objects.count() == 100


def test_an_inactive_connection_is_not_synced(db, amazon):
    _, partner = amazon
    connection = connect(SellerFactory(), partner, status=AmazonConnection.Status.NEEDS_REAUTH)

    result = sync.connection_sync(connection, **NO_SLEEP)

    assert result.pages == 0 and not Order.objects.exists()


def test_the_same_buyer_alias_gives_the_same_key_whoever_syncs_it(settings):
    key = buyer_key("abc123@marketplace.amazon.de")

    assert key == buyer_key("ABC123@marketplace.amazon.de ")
    assert len(key) == 64 and "abc123" not in key
    settings.BUYER_KEY_SECRET = "another-secret"
    assert buyer_key("abc123@marketplace.amazon.de") != key


def test_an_html_error_page_is_retried_not_taken_for_an_empty_answer(db, amazon):
    sandbox, partner = amazon
    connection = connect(
        SellerFactory(),
        partner,
        orders_cursor=timezone.now() - timedelta(days=90),
        backfill_status=AmazonConnection.Backfill.DONE,
    )
    sandbox.faults(fail_rate=1.0, html_errors=True)

    result = sync.connection_sync(connection, **NO_SLEEP)
    connection.refresh_from_db()
    error = connection.last_sync_error
    sandbox.faults(fail_rate=0, html_errors=False)
    run_to_completion(connection)

    assert result.retry_in is not None and "503" in error
    assert Order.objects.count() == len(amazon_orders(sandbox, partner, timezone.now() - timedelta(days=90)))


def test_the_beat_schedule_syncs_orders_and_checks_expiry(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {"sellers.tasks.sync_all_connections", "sellers.tasks.check_authorization_expiry"} <= tasks


def test_a_backfill_that_died_while_loading_recovers(db, amazon):
    sandbox, partner = amazon
    connection = connect(SellerFactory(), partner)
    run_to_completion(connection)
    expected = set(Order.objects.values_list("amazon_order_id", flat=True))
    Order.objects.all().delete()
    connection.backfill_status = AmazonConnection.Backfill.LOADING
    connection.save()

    run_to_completion(connection)

    connection.refresh_from_db()
    assert connection.backfill_status == "done"
    assert set(Order.objects.values_list("amazon_order_id", flat=True)) >= expected - {""}


def test_later_pages_repeat_the_query_as_amazons_model_requires(db, amazon, monkeypatch):
    sandbox, partner = amazon
    connection = connect(
        SellerFactory(),
        partner,
        orders_cursor=timezone.now() - timedelta(days=90),
        backfill_status=AmazonConnection.Backfill.DONE,
    )
    seen = []
    from sp_api.api import OrdersV20260101

    real = OrdersV20260101.search_orders

    def spy(self, **kwargs):
        seen.append(kwargs)
        return real(self, **kwargs)

    monkeypatch.setattr(OrdersV20260101, "search_orders", spy)
    sync.connection_sync(connection, **NO_SLEEP)

    later = [call for call in seen if "paginationToken" in call]
    assert later and all(call["includedData"] == sync.FULL_DATA and "lastUpdatedAfter" in call for call in later)


def test_an_unexpected_error_is_recorded_and_retried_later(db, amazon, monkeypatch):
    _, partner = amazon
    connection = connect(
        SellerFactory(),
        partner,
        orders_cursor=timezone.now() - timedelta(days=90),
        backfill_status=AmazonConnection.Backfill.DONE,
    )

    def broken(*args, **kwargs):
        raise ValueError("unexpected shape")

    monkeypatch.setattr(sync, "parse_order", broken)
    result = sync.connection_sync(connection, **NO_SLEEP)

    connection.refresh_from_db()
    assert result.retry_in == sync.FAILED_SYNC_RETRY_SECONDS
    assert "unexpected shape" in connection.last_sync_error and connection.status == "active"
