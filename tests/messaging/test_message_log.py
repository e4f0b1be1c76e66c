"""The message log: a seller's dispatches, filtered, paged by keyset, exported, and one order's timeline."""

import csv
import html
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection as db_connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Dispatch
from messaging import selectors
from messaging.views import EXPORT_HEADER

from ..factories import AmazonConnectionFactory, CampaignFactory, DispatchFactory, OrderFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
GERMANY = "A1PA6795UKMFR9"
US = "ATVPDKIKX0DER"


@pytest.fixture
def seller(tenant_a):
    return tenant_a.seller


@pytest.fixture
def viewer(client, tenant_a):
    client.force_login(tenant_a.viewer)
    return client


@pytest.fixture
def campaign(seller):
    return CampaignFactory(seller=seller, name="Review request", state="active")


@pytest.fixture
def make_dispatch(seller, campaign):
    """A dispatch of the seller's campaign for a new order (or the given one)."""
    amazon = AmazonConnectionFactory(seller=seller, store_name="Trail US", marketplace_ids=[US, GERMANY])

    def make(order_id=None, *, marketplace_id=US, order=None, **fields):
        if order is None:
            order_fields = {"seller": seller, "connection": amazon, "marketplace_id": marketplace_id}
            if order_id:
                order_fields["amazon_order_id"] = order_id
            order = OrderFactory(**order_fields)
        fields.setdefault("campaign", campaign)
        fields.setdefault("scheduled_for", NOW)
        return DispatchFactory(seller=seller, order=order, **fields)

    return make


def page_text(response) -> str:
    return response.content.decode()


def rows_of(response) -> list[str]:
    """The order ids of the log's rows, top to bottom."""
    return re.findall(r'data-testid="log-order">([^<]+)<', page_text(response))


def link(response, testid) -> str | None:
    """A link of the log page, as the browser resolves it (the page links are query strings)."""
    found = re.search(rf'href="([^"]+)"[^>]*data-testid="{testid}"', page_text(response))
    if not found:
        return None
    href = html.unescape(found.group(1))
    return response.request["PATH_INFO"] + href if href.startswith("?") else href


def log(client, **params):
    return client.get(reverse("messages"), params)


def export(client, **params) -> list[list[str]]:
    response = client.get(reverse("messages_export"), params)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


# -- the page ------------------------------------------------------------------------------------
def test_the_log_lists_the_sellers_dispatches_with_order_campaign_kind_and_state(viewer, make_dispatch, tenant_b):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT, finished_at=NOW)
    make_dispatch("111-0000002-0000002", state=Dispatch.State.BLOCKED_OPTOUT, reason="The buyer opted out.")
    DispatchFactory(seller=tenant_b.seller, order__amazon_order_id="999-0000009-0000009")

    response = log(viewer)

    page = page_text(response)
    assert response.status_code == 200
    assert sorted(rows_of(response)) == ["111-0000001-0000001", "111-0000002-0000002"]
    assert "Review request" in page and "Request a Review" in page
    assert '<span class="status status-blocked_optout">Blocked: buyer opted out</span>' in page
    assert "The buyer opted out." in page
    assert "999-0000009-0000009" not in page


def test_an_ended_dispatch_shows_when_it_ended_on_its_marketplace_clock(viewer, make_dispatch):
    make_dispatch(marketplace_id=GERMANY, state=Dispatch.State.SENT, scheduled_for=NOW - 2 * HOUR, finished_at=NOW)

    page = page_text(log(viewer))

    assert "18 Nov 2026, 13:00 CET" in page
    assert "sent · Amazon.de" in page


def test_an_open_dispatch_shows_when_it_is_due(viewer, make_dispatch):
    make_dispatch(marketplace_id=US, scheduled_for=NOW)

    page = page_text(log(viewer))

    assert "18 Nov 2026, 04:00 PST" in page
    assert "due · Amazon.com" in page


def test_attempts_and_the_last_error_show_on_a_failed_dispatch(viewer, make_dispatch):
    make_dispatch(
        state=Dispatch.State.FAILED, attempts=3, last_error="Amazon answered 500 InternalFailure", finished_at=NOW
    )

    page = page_text(log(viewer))

    assert "3 attempts" in page
    assert "Amazon answered 500 InternalFailure" in page


def test_an_order_id_links_to_its_timeline(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001")

    page = page_text(log(viewer))

    assert f'href="{reverse("message_order_timeline", args=["111-0000001-0000001"])}"' in page


# -- filters -------------------------------------------------------------------------------------
def test_the_state_filter_shows_only_that_state(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT, finished_at=NOW)
    make_dispatch("111-0000002-0000002", state=Dispatch.State.FAILED, finished_at=NOW)

    assert rows_of(log(viewer, state="failed")) == ["111-0000002-0000002"]


def test_the_campaign_filter_shows_only_that_campaign(viewer, seller, make_dispatch):
    other = CampaignFactory(seller=seller, name="Delivery slot", kind="confirm_delivery")
    make_dispatch("111-0000001-0000001")
    make_dispatch("111-0000002-0000002", campaign=other)

    assert rows_of(log(viewer, campaign=str(other.pk))) == ["111-0000002-0000002"]


def test_the_marketplace_filter_shows_only_that_marketplace(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", marketplace_id=US)
    make_dispatch("302-0000002-0000002", marketplace_id=GERMANY)

    assert rows_of(log(viewer, marketplace=GERMANY)) == ["302-0000002-0000002"]


def test_the_start_date_keeps_messages_scheduled_on_or_after_that_utc_day(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", scheduled_for=datetime(2026, 11, 16, 23, 59, tzinfo=UTC))
    make_dispatch("111-0000002-0000002", scheduled_for=datetime(2026, 11, 17, 0, 0, tzinfo=UTC))

    assert rows_of(log(viewer, scheduled_from="2026-11-17")) == ["111-0000002-0000002"]


def test_the_end_date_keeps_messages_scheduled_up_to_the_end_of_that_utc_day(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", scheduled_for=datetime(2026, 11, 17, 23, 59, tzinfo=UTC))
    make_dispatch("111-0000002-0000002", scheduled_for=datetime(2026, 11, 18, 0, 0, tzinfo=UTC))

    assert rows_of(log(viewer, scheduled_to="2026-11-17")) == ["111-0000001-0000001"]


def test_the_order_search_is_an_exact_match_on_the_trimmed_order_id(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001")
    make_dispatch("111-0000001-0000002")

    assert rows_of(log(viewer, order="  111-0000001-0000001 ")) == ["111-0000001-0000001"]
    assert rows_of(log(viewer, order="111-0000001")) == []


def test_filters_combine(viewer, make_dispatch):
    make_dispatch("302-0000001-0000001", marketplace_id=GERMANY, state=Dispatch.State.SENT, finished_at=NOW)
    make_dispatch("302-0000002-0000002", marketplace_id=GERMANY)
    make_dispatch("111-0000003-0000003", marketplace_id=US, state=Dispatch.State.SENT, finished_at=NOW)

    assert rows_of(log(viewer, marketplace=GERMANY, state="sent")) == ["302-0000001-0000001"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"state": "exploded"}, "exploded is not a message state."),
        ({"campaign": "not-a-uuid"}, "That campaign does not exist (any more)."),
        ({"marketplace": "XX"}, "XX is not one of your marketplaces."),
        ({"scheduled_from": "yesterday"}, "Enter a valid date."),
        ({"scheduled_from": "2026-11-18", "scheduled_to": "2026-11-01"}, "The end date is before the start date."),
    ],
    ids=["state", "campaign", "marketplace", "date", "range"],
)
def test_an_invalid_filter_is_refused_with_a_clear_message(viewer, make_dispatch, params, message):
    make_dispatch("111-0000001-0000001")

    response = log(viewer, **params)

    assert response.status_code == 400
    assert html.unescape(page_text(response)).count(message) == 1
    assert "Some filters are not valid" in page_text(response)
    assert rows_of(response) == []


def test_another_sellers_campaign_is_not_a_valid_filter(viewer, make_dispatch, tenant_b):
    make_dispatch("111-0000001-0000001")
    foreign = CampaignFactory(seller=tenant_b.seller)

    response = log(viewer, campaign=str(foreign.pk))

    assert response.status_code == 400
    assert "That campaign does not exist (any more)." in page_text(response)


def test_an_end_date_at_the_end_of_the_calendar_is_not_an_error(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001")

    assert rows_of(log(viewer, scheduled_to="9999-12-31")) == ["111-0000001-0000001"]


# -- keyset pagination ---------------------------------------------------------------------------
@pytest.fixture
def eleven_with_ties(make_dispatch):
    """Eleven dispatches, newest first as the log orders them; seven share one scheduled time."""
    times = [NOW + 2 * HOUR, NOW + HOUR] + [NOW] * 7 + [NOW - HOUR, NOW - 2 * HOUR]
    dispatches = [make_dispatch(f"111-{n:07d}-0000000", scheduled_for=at) for n, at in enumerate(times)]
    return sorted(dispatches, key=lambda d: (d.scheduled_for, d.id), reverse=True)


def test_older_pages_walk_every_row_once_in_order_across_ties(seller, eleven_with_ties):
    seen, cursor = [], None
    for _ in range(10):
        page = selectors.message_log(seller, cursor=cursor, limit=3)
        seen += [entry.dispatch.id for entry in page.entries]
        if not page.older_cursor:
            break
        cursor = selectors.cursor_decode(page.older_cursor)

    assert seen == [d.id for d in eleven_with_ties]


def test_newer_pages_walk_back_to_the_first_page_across_ties(seller, eleven_with_ties):
    pages, cursor = [], None
    while True:  # down to the last page
        page = selectors.message_log(seller, cursor=cursor, limit=3)
        pages.append([entry.dispatch.id for entry in page.entries])
        if not page.older_cursor:
            break
        cursor = selectors.cursor_decode(page.older_cursor)

    back = [pages[-1]]
    while page.newer_cursor:
        page = selectors.message_log(seller, cursor=selectors.cursor_decode(page.newer_cursor), limit=3)
        back.append([entry.dispatch.id for entry in page.entries])

    assert back[::-1] == pages
    assert page.first_page and not page.newer_cursor


def test_the_page_links_carry_the_filters_and_walk_the_filtered_log(viewer, monkeypatch, make_dispatch):
    monkeypatch.setattr(selectors, "LOG_PAGE_SIZE", 2)
    for n in range(5):
        make_dispatch(f"111-{n:07d}-0000001", scheduled_for=NOW, state=Dispatch.State.SENT, finished_at=NOW)
    make_dispatch("111-9999999-0000001", scheduled_for=NOW, state=Dispatch.State.FAILED, finished_at=NOW)

    first = log(viewer, state="sent")
    second = viewer.get(link(first, "log-older"))
    third = viewer.get(link(second, "log-older"))
    back = viewer.get(link(third, "log-newer"))

    walked = rows_of(first) + rows_of(second) + rows_of(third)
    assert sorted(walked) == [f"111-{n:07d}-0000001" for n in range(5)]
    assert "state=sent" in link(second, "log-older")
    assert link(first, "log-newer") is None and link(third, "log-older") is None
    assert rows_of(back) == rows_of(second)


def test_a_tampered_cursor_shows_the_first_page_with_a_clear_message(viewer, seller, make_dispatch):
    make_dispatch("111-0000001-0000001")
    valid = selectors.Cursor(NOW, Dispatch.objects.for_seller(seller).get().id).encode()

    for forged in ["garbage", valid[:-3] + "abc", "2026-11-18T12:00:00+00:00|0f0e"]:
        response = log(viewer, cursor=forged)
        assert response.status_code == 200
        assert "That page link is damaged or out of date. Showing the newest messages instead." in page_text(response)
        assert rows_of(response) == ["111-0000001-0000001"]


def test_a_cursor_past_the_last_row_says_there_is_nothing_older(viewer, seller, make_dispatch):
    make_dispatch("111-0000001-0000001", scheduled_for=NOW)
    below = selectors.Cursor(NOW - HOUR, Dispatch.objects.for_seller(seller).get().id).encode()

    page = page_text(log(viewer, cursor=below))

    assert "No older messages" in page


def test_a_page_costs_the_same_few_queries_however_many_rows_it_shows(viewer, make_dispatch, monkeypatch):
    monkeypatch.setattr(selectors, "LOG_PAGE_SIZE", 40)
    make_dispatch(state=Dispatch.State.SENT, finished_at=NOW)
    with CaptureQueriesContext(db_connection) as one_row:
        log(viewer)
    for n in range(45):
        make_dispatch(scheduled_for=NOW - n * HOUR, state=Dispatch.State.FAILED, finished_at=NOW, attempts=2)
    filters = {"state": "failed", "marketplace": US, "scheduled_from": "2026-01-01"}
    with CaptureQueriesContext(db_connection) as full_page:
        response = log(viewer, **filters)

    assert len(rows_of(response)) == 40
    assert len(full_page) == len(one_row)
    assert len(full_page) <= 8  # session, user, membership, the sidebar's feedback badge, the page's own
    log_sql = " ".join(q["sql"].upper() for q in full_page.captured_queries if "campaigns_dispatch" in q["sql"])
    assert "COUNT(" not in log_sql and "OFFSET" not in log_sql


# -- CSV export ----------------------------------------------------------------------------------
def test_the_export_streams_the_filtered_log_with_a_header_row(viewer, make_dispatch):
    make_dispatch(
        "111-0000001-0000001",
        state=Dispatch.State.SENT,
        finished_at=NOW,
        amazon_response_id="amzn-1",
        attempts=1,
        language="en",
    )
    make_dispatch("111-0000002-0000002", state=Dispatch.State.FAILED, finished_at=NOW, last_error="Timeout")

    rows = export(viewer, state="sent")

    assert rows[0] == EXPORT_HEADER
    assert rows[1:] == [
        [
            "111-0000001-0000001",
            "Amazon.com",
            "Review request",
            "Request a Review",
            "Sent",
            "",
            NOW.isoformat(),
            NOW.isoformat(),
            "1",
            "",
            "amzn-1",
            "en",
        ]
    ]


def test_the_export_escapes_cells_a_spreadsheet_would_run_as_formulas(viewer, seller, make_dispatch):
    sneaky = CampaignFactory(seller=seller, name='=HYPERLINK("http://evil.example","Click")')
    make_dispatch(
        "111-0000001-0000001",
        campaign=sneaky,
        reason="+1 and more",
        last_error="@SUM(A1:A2)",
        state=Dispatch.State.FAILED,
        finished_at=NOW,
    )
    make_dispatch("111-0000002-0000002", reason="-2", state=Dispatch.State.INELIGIBLE, finished_at=NOW)

    rows = {row[0]: row for row in export(viewer)[1:]}

    assert rows["111-0000001-0000001"][2] == '\'=HYPERLINK("http://evil.example","Click")'
    assert rows["111-0000001-0000001"][5] == "'+1 and more"
    assert rows["111-0000001-0000001"][9] == "'@SUM(A1:A2)"
    assert rows["111-0000002-0000002"][5] == "'-2"


def test_the_export_reads_in_keyset_chunks_and_misses_no_tie(seller, eleven_with_ties):
    with CaptureQueriesContext(db_connection) as queries:
        exported = [entry.dispatch.id for entry in selectors.message_log_export(seller, chunk_size=4)]

    assert exported == [d.id for d in eleven_with_ties]
    assert len(queries) == 3  # 4 + 4 + 3 rows, never the whole table at once


def test_the_export_refuses_invalid_filters_with_a_message(viewer):
    response = viewer.get(reverse("messages_export"), {"state": "exploded"})

    assert response.status_code == 400
    assert "exploded is not a message state." in response.content.decode()


def test_the_export_holds_only_the_sellers_own_messages(viewer, make_dispatch, tenant_b):
    make_dispatch("111-0000001-0000001")
    DispatchFactory(seller=tenant_b.seller, order__amazon_order_id="999-0000009-0000009")

    assert [row[0] for row in export(viewer)[1:]] == ["111-0000001-0000001"]


# -- an order's timeline -------------------------------------------------------------------------
def test_the_timeline_lists_every_campaigns_dispatch_of_the_order_in_time_order(viewer, seller, make_dispatch):
    slot = CampaignFactory(seller=seller, name="Delivery slot", kind="confirm_delivery")
    first = make_dispatch(
        "111-0000001-0000001",
        campaign=slot,
        scheduled_for=NOW - 5 * HOUR,
        state=Dispatch.State.SENT,
        finished_at=NOW - 4 * HOUR,
        attempts=2,
        amazon_response_id="amzn-response-7",
        last_error="429 QuotaExceeded",
    )
    make_dispatch(
        order=first.order,
        scheduled_for=NOW,
        state=Dispatch.State.BLOCKED_OPTOUT,
        reason="The buyer opted out of unsolicited messages.",
        finished_at=NOW,
    )
    make_dispatch("111-0000002-0000002")

    response = viewer.get(reverse("message_order_timeline", args=["111-0000001-0000001"]))

    page = page_text(response)
    assert response.status_code == 200
    assert page.count('data-testid="timeline-item"') == 2
    assert page.index("Delivery slot") < page.index("Review request")
    assert "amzn-response-7" in page and "429 QuotaExceeded" in page
    assert "The buyer opted out of unsolicited messages." in page
    assert f"{reverse('campaign_why_not')}?order=111-0000001-0000001" in page
    assert reverse("campaign_detail", args=[slot.pk]) in page
    assert "111-0000002-0000002" not in page


def test_the_timeline_of_an_order_without_messages_says_so(viewer, seller, make_dispatch):
    OrderFactory(seller=seller, amazon_order_id="111-0000005-0000005")

    response = viewer.get(reverse("message_order_timeline", args=["111-0000005-0000005"]))

    assert response.status_code == 200
    assert "No message planned for this order yet" in page_text(response)


def test_the_timeline_of_another_sellers_order_is_not_found(viewer, tenant_b):
    DispatchFactory(seller=tenant_b.seller, order__amazon_order_id="999-0000009-0000009")

    response = viewer.get(reverse("message_order_timeline", args=["999-0000009-0000009"]))

    assert response.status_code == 404


def test_the_timeline_of_an_unknown_order_is_not_found(viewer):
    response = viewer.get(reverse("message_order_timeline", args=["111-0000000-0000000"]))

    assert response.status_code == 404


# -- empty states --------------------------------------------------------------------------------
def test_a_seller_without_messages_sees_what_the_log_will_show(viewer):
    response = log(viewer)

    page = page_text(response)
    assert "No messages sent yet" in page
    assert 'data-testid="log-filters"' not in page


def test_filters_that_match_nothing_say_so_and_offer_to_clear_them(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001")

    page = page_text(log(viewer, state="expired"))

    assert "No messages match these filters" in page
    assert "No messages sent yet" not in page
    assert 'data-testid="log-filters"' in page


def test_an_order_search_without_messages_links_to_why_not(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001")

    page = page_text(log(viewer, order="111-0000007-0000007"))

    assert "No campaign planned a message for order 111-0000007-0000007" in page
    assert f"{reverse('campaign_why_not')}?order=111-0000007-0000007" in page
