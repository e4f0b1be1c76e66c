"""The first sync shows what it is doing: counters the sync writes as it goes, told in plain words
on the Amazon accounts page, which asks again while the sync runs and stops once it is done."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sellers import sync
from sellers.models import AmazonConnection, Order
from sellers.progress import ago, connection_progress

from ..factories import AmazonConnectionFactory, sandbox_connection

NO_SLEEP = {"sleep": lambda seconds: None}
Backfill = AmazonConnection.Backfill


def connect(seller, partner, **extra):
    return sandbox_connection(seller, partner, **extra)


def step_states(progress):
    return [step.state for step in progress.steps]


@pytest.fixture
def slow_amazon(fresh_sandbox, use_sandbox):
    """An Amazon whose searchOrders burst runs out part-way through the enrichment."""
    sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=600, seed=11, rate_scale=0.25))
    return sandbox.sellers()[0]


def test_asking_for_the_report_records_when_and_what_amazon_said(tenant_a, sandbox, use_sandbox):
    use_sandbox(sandbox)
    connection = connect(tenant_a.seller, sandbox.sellers()[1])
    before = timezone.now()

    sync.connection_sync(connection, **NO_SLEEP)

    connection.refresh_from_db()
    assert connection.backfill_status == Backfill.REQUESTED
    assert connection.backfill_requested_at >= before
    assert connection.backfill_report_status == "IN_QUEUE"
    assert connection.backfill_report_checked_at >= connection.backfill_requested_at


def test_while_amazon_prepares_the_report_the_page_says_so_and_what_comes_next(tenant_a, sandbox, use_sandbox):
    use_sandbox(sandbox)
    connection = connect(tenant_a.seller, sandbox.sellers()[1])
    sync.connection_sync(connection, **NO_SLEEP)
    connection.refresh_from_db()

    progress = connection_progress(connection)

    assert progress.headline == "Amazon is preparing your order report"
    assert step_states(progress) == ["current", "next", "next"]
    assert "In Amazon's queue. Requested just now" in progress.steps[0].detail
    assert "about 9 weeks of orders" in progress.next_step.detail
    assert progress.poll_seconds == 2 and not progress.finished


def test_the_enrichment_counts_the_pages_and_orders_it_read(tenant_a, slow_amazon):
    connection = connect(tenant_a.seller, slow_amazon)

    for _ in range(20):
        if sync.connection_sync(connection, **NO_SLEEP).retry_in is None:
            break
    connection.refresh_from_db()

    assert connection.backfill_status == Backfill.ENRICHING
    assert connection.enrich_pages > 0
    assert 0 < connection.enrich_orders <= 100 * connection.enrich_pages
    assert connection.orders_count == Order.objects.filter(connection=connection).count()


def test_during_the_enrichment_the_page_shows_pages_read_and_weeks_left(tenant_a, slow_amazon):
    connection = connect(tenant_a.seller, slow_amazon)
    for _ in range(20):
        if sync.connection_sync(connection, **NO_SLEEP).retry_in is None:
            break
    connection.refresh_from_db()

    progress = connection_progress(connection)

    assert step_states(progress) == ["done", "current", "next"]
    assert f"{connection.backfill_total:,} orders loaded" in progress.steps[0].detail
    assert f"{connection.enrich_pages} pages read" in progress.steps[1].detail
    assert "weeks left" in progress.steps[1].detail
    assert progress.poll_seconds == 5


def test_a_finished_sync_says_when_and_stops_asking(tenant_a, sandbox, use_sandbox):
    use_sandbox(sandbox)
    connection = connect(tenant_a.seller, sandbox.sellers()[2])
    for _ in range(20):
        result = sync.connection_sync(connection, **NO_SLEEP)
        connection.refresh_from_db()
        if result.retry_in is None and connection.backfill_status == Backfill.DONE:
            break

    progress = connection_progress(connection)

    assert connection.backfill_finished_at is not None
    assert step_states(progress) == ["done", "done", "done"]
    assert progress.finished and progress.poll_seconds is None
    assert progress.steps[2].detail.startswith("Finished just now")


def test_a_failed_report_says_why_and_asks_less_often(tenant_a):
    connection = AmazonConnectionFactory(
        seller=tenant_a.seller,
        backfill_status=Backfill.FAILED,
        backfill_error="Amazon could not produce the order report (FATAL). It will be requested again.",
    )

    progress = connection_progress(connection)

    assert progress.steps[0].state == "failed"
    assert "(FATAL)" in progress.steps[0].detail
    assert progress.poll_seconds == 30


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "just now"),
        (44, "just now"),
        (60, "a minute ago"),
        (5 * 60, "5 minutes ago"),
        (60 * 60, "an hour ago"),
        (3 * 3600, "3 hours ago"),
        (26 * 3600, "a day ago"),
        (3 * 86400, "3 days ago"),
    ],
)
def test_how_long_ago_is_said_in_words_never_zero_minutes(seconds, words):
    now = timezone.now()

    assert ago(now - timedelta(seconds=seconds), now) == words


def test_the_accounts_page_polls_a_running_sync(client, tenant_a):
    connection = AmazonConnectionFactory(seller=tenant_a.seller, backfill_status=Backfill.REQUESTED)
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("amazon_accounts")).content.decode()

    assert f'hx-get="{reverse("amazon_progress", args=[connection.pk])}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert "Amazon is preparing your order report" in page


def test_the_progress_of_a_finished_sync_no_longer_polls(client, tenant_a):
    connection = AmazonConnectionFactory(
        seller=tenant_a.seller, backfill_status=Backfill.DONE, last_sync_at=timezone.now(), orders_count=1234
    )
    client.force_login(tenant_a.viewer)

    response = client.get(reverse("amazon_progress", args=[connection.pk]))

    card = response.content.decode()
    assert response.status_code == 200
    assert "hx-trigger" not in card and 'data-finished="true"' in card
    assert "1,234" in card
    assert "just now" in card and "0 minutes" not in card


def test_a_disconnected_account_has_no_progress_to_show(client, tenant_a):
    connection = AmazonConnectionFactory(seller=tenant_a.seller, status=AmazonConnection.Status.DISCONNECTED)
    client.force_login(tenant_a.owner)

    assert client.get(reverse("amazon_progress", args=[connection.pk])).status_code == 404


def test_an_account_that_needs_authorizing_again_shows_amazons_words_only_for_support(client, tenant_a):
    raw = "invalid_grant: The request has an invalid grant parameter : refresh_token"
    AmazonConnectionFactory(
        seller=tenant_a.seller, status=AmazonConnection.Status.NEEDS_REAUTH, status_reason=raw, store_name="Europe"
    )
    client.force_login(tenant_a.owner)

    page = client.get(reverse("amazon_accounts")).content.decode()

    card = page[page.index('data-testid="connection"') :]
    assert raw in page and raw not in card
    assert "Authorize again" in card
