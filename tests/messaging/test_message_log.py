"""The message log: a seller's dispatches in three views (sent, not sent, scheduled), on the viewer's
clock, filtered, paged by keyset, counted on its tabs, exported, and one order's timeline."""

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
from insights import rollups
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
        """Open (due at NOW) unless a `state` says it ended; an ended one ends at NOW unless told."""
        if order is None:
            order_fields = {"seller": seller, "connection": amazon, "marketplace_id": marketplace_id}
            if order_id:
                order_fields["amazon_order_id"] = order_id
            order = OrderFactory(**order_fields)
        fields.setdefault("campaign", campaign)
        fields.setdefault("scheduled_for", NOW)
        if fields.get("state", Dispatch.State.SCHEDULED) not in Dispatch.OPEN_STATES:
            fields.setdefault("finished_at", NOW)
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


def tab_counts(response) -> dict[str, int]:
    return {
        view: int(n.replace(",", ""))
        for view, n in re.findall(r'data-testid="log-count-([a-z-]+)">([\d,]+)<', page_text(response))
    }


def export(client, **params) -> list[list[str]]:
    response = client.get(reverse("messages_export"), params)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


# -- the views -------------------------------------------------------------------------------------
def test_the_log_opens_on_what_was_sent_newest_first(viewer, make_dispatch, tenant_b):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT, finished_at=NOW - 2 * HOUR)
    make_dispatch("111-0000002-0000002", state=Dispatch.State.SENT, finished_at=NOW)
    make_dispatch("111-0000003-0000003", scheduled_for=NOW + 48 * HOUR)  # due in two days
    make_dispatch("111-0000004-0000004", state=Dispatch.State.BLOCKED_OPTOUT, reason="The buyer opted out.")
    DispatchFactory(seller=tenant_b.seller, order__amazon_order_id="999-0000009-0000009", state="sent", finished_at=NOW)

    response = log(viewer)

    page = page_text(response)
    assert response.status_code == 200
    assert rows_of(response) == ["111-0000002-0000002", "111-0000001-0000001"]
    assert 'aria-current="page" data-testid="log-tab-sent"' in page
    assert "Review request" in page and "Request a Review" in page
    assert "999-0000009-0000009" not in page


def test_not_sent_lists_what_was_stopped_newest_first_with_the_reason(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)
    make_dispatch("111-0000002-0000002", state=Dispatch.State.BLOCKED_OPTOUT, reason="The buyer opted out.")
    make_dispatch("111-0000003-0000003", state=Dispatch.State.INELIGIBLE, finished_at=NOW + HOUR)
    make_dispatch("111-0000004-0000004", scheduled_for=NOW - HOUR)  # due, still waiting: not ended

    response = log(viewer, view="not-sent")

    page = page_text(response)
    assert rows_of(response) == ["111-0000003-0000003", "111-0000002-0000002"]
    assert '<span class="status status-blocked_optout">Blocked: buyer opted out</span>' in page
    assert "The buyer opted out." in page


def test_scheduled_lists_what_is_still_to_go_out_the_next_one_first(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", scheduled_for=NOW + 5 * HOUR)
    make_dispatch("111-0000002-0000002", scheduled_for=NOW - HOUR)  # overdue: waiting for Amazon's rate
    make_dispatch("111-0000003-0000003", scheduled_for=NOW + HOUR, state=Dispatch.State.SENDING)
    make_dispatch("111-0000004-0000004", state=Dispatch.State.SENT, scheduled_for=NOW - 3 * HOUR)

    response = log(viewer, view="scheduled")

    assert rows_of(response) == ["111-0000002-0000002", "111-0000003-0000003", "111-0000001-0000001"]
    assert "Next to go out first." in page_text(response)


def test_an_old_link_with_a_state_opens_that_states_view(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", scheduled_for=NOW + HOUR)
    make_dispatch("111-0000002-0000002", state=Dispatch.State.SENT)

    response = log(viewer, state="scheduled")  # the dashboard's "See them"

    assert rows_of(response) == ["111-0000001-0000001"]
    assert 'aria-current="page" data-testid="log-tab-scheduled"' in page_text(response)


def test_an_unknown_view_shows_what_was_sent(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)

    assert rows_of(log(viewer, view="everything")) == ["111-0000001-0000001"]


# -- one clock per list ------------------------------------------------------------------------------
def test_times_are_on_the_viewers_clock_and_the_list_names_it(viewer, tenant_a, make_dispatch):
    tenant_a.viewer.time_zone = "America/New_York"
    tenant_a.viewer.save()
    make_dispatch(marketplace_id=GERMANY, state=Dispatch.State.SENT, finished_at=NOW)
    make_dispatch(marketplace_id=US, state=Dispatch.State.SENT, finished_at=NOW - HOUR)

    page = page_text(log(viewer))

    assert "America/New York (EST, UTC-05:00)" in page
    times = re.findall(r'data-testid="log-time">([^<]+)<', page)
    assert times == ["18 Nov 2026, 07:00", "18 Nov 2026, 06:00"]
    assert "sent · Amazon.de" in page


def test_the_marketplaces_clock_is_on_the_hover_and_read_out(viewer, tenant_a, make_dispatch):
    tenant_a.viewer.time_zone = "Asia/Tokyo"
    tenant_a.viewer.save()
    make_dispatch(marketplace_id=GERMANY, state=Dispatch.State.SENT, finished_at=NOW)

    page = page_text(log(viewer))

    assert 'title="18 Nov 2026, 13:00 CET on Amazon.de&#x27;s clock"' in page
    assert '<span class="sr-only">; 18 Nov 2026, 13:00 CET on Amazon.de&#x27;s clock</span>' in page
    assert re.findall(r'data-testid="log-time">([^<]+)<', page) == ["18 Nov 2026, 21:00"]


def test_until_the_browser_tells_the_zone_times_are_utc_and_the_page_asks_it(viewer, make_dispatch):
    make_dispatch(state=Dispatch.State.SENT, finished_at=NOW)

    page = page_text(log(viewer))

    assert re.search(r'data-testid="log-zone-name">UTC<', page)
    assert "data-time-zone-unknown" in page and "js/time_zone.js" in page
    assert re.findall(r'data-testid="log-time">([^<]+)<', page) == ["18 Nov 2026, 12:00"]


def test_a_known_zone_is_not_asked_again(viewer, tenant_a):
    tenant_a.viewer.time_zone = "Europe/Paris"
    tenant_a.viewer.save()

    page = page_text(log(viewer))

    assert "data-time-zone-unknown" not in page and "js/time_zone.js" not in page


def test_a_person_stores_the_zone_the_browser_reports(viewer, tenant_a):
    response = viewer.post(reverse("time_zone"), {"time_zone": "Europe/Berlin"}, headers={"X-Requested-With": "fetch"})

    assert response.status_code == 204
    tenant_a.viewer.refresh_from_db()
    assert tenant_a.viewer.time_zone == "Europe/Berlin"


def test_a_person_picks_a_zone_and_returns_to_the_list(viewer, tenant_a):
    back = reverse("messages") + "?view=not-sent"

    response = viewer.post(reverse("time_zone"), {"time_zone": "Australia/Sydney", "next": back})

    assert response.status_code == 302 and response["Location"] == back
    tenant_a.viewer.refresh_from_db()
    assert tenant_a.viewer.time_zone == "Australia/Sydney"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "EST", "x" * 200, ""])
def test_a_zone_we_do_not_know_is_refused_in_plain_words(viewer, tenant_a, zone):
    response = viewer.post(reverse("time_zone"), {"time_zone": zone})

    assert response.status_code == 400
    assert response.content.decode()
    tenant_a.viewer.refresh_from_db()
    assert tenant_a.viewer.time_zone == ""


def test_the_zone_form_never_sends_a_person_to_another_site(viewer):
    response = viewer.post(reverse("time_zone"), {"time_zone": "Europe/Rome", "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_storing_a_zone_needs_a_login(client):
    response = client.post(reverse("time_zone"), {"time_zone": "Europe/Rome"})

    assert response.status_code == 302 and "login" in response["Location"]


def test_an_ended_dispatch_shows_when_it_ended(viewer, make_dispatch):
    make_dispatch(marketplace_id=GERMANY, state=Dispatch.State.SENT, scheduled_for=NOW - 2 * HOUR, finished_at=NOW)

    page = page_text(log(viewer))

    assert "18 Nov 2026, 12:00" in page
    assert "sent · Amazon.de" in page


def test_an_open_dispatch_shows_when_it_is_due(viewer, make_dispatch):
    make_dispatch(marketplace_id=US, scheduled_for=NOW)

    page = page_text(log(viewer, view="scheduled"))

    assert "18 Nov 2026, 04:00 PST on Amazon.com" in page
    assert "due · Amazon.com" in page


def test_attempts_and_the_last_error_show_on_a_failed_dispatch(viewer, make_dispatch):
    make_dispatch(state=Dispatch.State.FAILED, attempts=3, last_error="Amazon answered 500 InternalFailure")

    page = page_text(log(viewer, view="not-sent"))

    assert "3 attempts" in page
    assert "Amazon answered 500 InternalFailure" in page


def test_an_order_id_links_to_its_timeline(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)

    page = page_text(log(viewer))

    assert f'href="{reverse("message_order_timeline", args=["111-0000001-0000001"])}"' in page


# -- the tabs' counts ------------------------------------------------------------------------------
def test_the_tabs_count_the_whole_log_what_the_rollup_has_and_what_ended_since(viewer, make_dispatch):
    make_dispatch(state=Dispatch.State.SENT, finished_at=NOW - 3 * HOUR)
    make_dispatch(state=Dispatch.State.BLOCKED_SELLER, finished_at=NOW - 3 * HOUR)
    make_dispatch(scheduled_for=NOW + HOUR)
    rollups.refresh(NOW)
    make_dispatch(state=Dispatch.State.SENT, finished_at=NOW + HOUR)  # after the rollup's watermark
    make_dispatch(state=Dispatch.State.EXPIRED, finished_at=NOW + HOUR)
    make_dispatch(scheduled_for=NOW + 2 * HOUR, state=Dispatch.State.SENDING)

    assert tab_counts(log(viewer)) == {"sent": 2, "not-sent": 2, "scheduled": 2}


def test_a_filtered_view_shows_no_counts(viewer, make_dispatch):
    make_dispatch("302-0000001-0000001", marketplace_id=GERMANY, state=Dispatch.State.SENT)

    assert tab_counts(log(viewer, marketplace=GERMANY)) == {}


# -- filters -------------------------------------------------------------------------------------
def test_the_state_filter_narrows_the_view_to_that_state(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)
    make_dispatch("111-0000002-0000002", state=Dispatch.State.FAILED)
    make_dispatch("111-0000003-0000003", state=Dispatch.State.EXPIRED)

    assert rows_of(log(viewer, view="not-sent", state="failed")) == ["111-0000002-0000002"]


def test_the_sent_view_offers_no_state_to_choose(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)

    assert 'id="id_state"' not in page_text(log(viewer))


def test_the_campaign_filter_shows_only_that_campaign(viewer, seller, make_dispatch):
    other = CampaignFactory(seller=seller, name="Delivery slot", kind="confirm_delivery")
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)
    make_dispatch("111-0000002-0000002", campaign=other, state=Dispatch.State.SENT)

    assert rows_of(log(viewer, campaign=str(other.pk))) == ["111-0000002-0000002"]


def test_the_marketplace_filter_shows_only_that_marketplace(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", marketplace_id=US, state=Dispatch.State.SENT)
    make_dispatch("302-0000002-0000002", marketplace_id=GERMANY, state=Dispatch.State.SENT)

    assert rows_of(log(viewer, marketplace=GERMANY)) == ["302-0000002-0000002"]


def test_the_start_day_is_a_day_on_the_viewers_clock_of_the_views_own_time(viewer, tenant_a, make_dispatch):
    tenant_a.viewer.time_zone = "Asia/Tokyo"  # UTC+9: 17 Nov starts at 16 Nov 15:00 UTC
    tenant_a.viewer.save()
    make_dispatch(
        "111-0000001-0000001", state=Dispatch.State.SENT, finished_at=datetime(2026, 11, 16, 14, 59, tzinfo=UTC)
    )
    make_dispatch(
        "111-0000002-0000002", state=Dispatch.State.SENT, finished_at=datetime(2026, 11, 16, 15, 0, tzinfo=UTC)
    )

    assert rows_of(log(viewer, day_from="2026-11-17")) == ["111-0000002-0000002"]


def test_the_end_day_keeps_the_whole_of_that_day_on_the_viewers_clock(viewer, tenant_a, make_dispatch):
    tenant_a.viewer.time_zone = "America/Los_Angeles"  # UTC-8: 17 Nov ends at 18 Nov 08:00 UTC
    tenant_a.viewer.save()
    make_dispatch("111-0000001-0000001", scheduled_for=datetime(2026, 11, 18, 7, 59, tzinfo=UTC))
    make_dispatch("111-0000002-0000002", scheduled_for=datetime(2026, 11, 18, 8, 0, tzinfo=UTC))

    assert rows_of(log(viewer, view="scheduled", day_to="2026-11-17")) == ["111-0000001-0000001"]


def test_the_order_search_is_an_exact_match_on_the_trimmed_order_id(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)
    make_dispatch("111-0000001-0000002", state=Dispatch.State.SENT)

    assert rows_of(log(viewer, order="  111-0000001-0000001 ")) == ["111-0000001-0000001"]
    assert rows_of(log(viewer, order="111-0000001")) == []


def test_filters_combine(viewer, make_dispatch):
    make_dispatch("302-0000001-0000001", marketplace_id=GERMANY, state=Dispatch.State.FAILED)
    make_dispatch("302-0000002-0000002", marketplace_id=GERMANY, state=Dispatch.State.EXPIRED)
    make_dispatch("111-0000003-0000003", marketplace_id=US, state=Dispatch.State.FAILED)

    assert rows_of(log(viewer, marketplace=GERMANY, state="failed")) == ["302-0000001-0000001"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"view": "not-sent", "state": "exploded"}, "exploded is not a message state."),
        ({"campaign": "not-a-uuid"}, "That campaign does not exist (any more)."),
        ({"marketplace": "XX"}, "XX is not one of your marketplaces."),
        ({"day_from": "yesterday"}, "Enter a valid date."),
        ({"day_from": "2026-11-18", "day_to": "2026-11-01"}, "The end date is before the start date."),
    ],
    ids=["state", "campaign", "marketplace", "date", "range"],
)
def test_an_invalid_filter_is_refused_with_a_clear_message(viewer, make_dispatch, params, message):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)

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
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)

    assert rows_of(log(viewer, day_to="9999-12-31")) == ["111-0000001-0000001"]


# -- keyset pagination ---------------------------------------------------------------------------
@pytest.fixture
def eleven_with_ties(make_dispatch):
    """Eleven sent dispatches, newest first as the Sent view orders them; seven ended at one moment."""
    times = [NOW + 2 * HOUR, NOW + HOUR] + [NOW] * 7 + [NOW - HOUR, NOW - 2 * HOUR]
    dispatches = [
        make_dispatch(f"111-{n:07d}-0000000", state=Dispatch.State.SENT, finished_at=at) for n, at in enumerate(times)
    ]
    return sorted(dispatches, key=lambda d: (d.finished_at, d.id), reverse=True)


@pytest.fixture
def eleven_due_with_ties(make_dispatch):
    """Eleven scheduled dispatches, soonest first as the Scheduled view orders them; seven due at one moment."""
    times = [NOW - 2 * HOUR, NOW - HOUR] + [NOW] * 7 + [NOW + HOUR, NOW + 2 * HOUR]
    dispatches = [make_dispatch(f"111-{n:07d}-0000000", scheduled_for=at) for n, at in enumerate(times)]
    return sorted(dispatches, key=lambda d: (d.scheduled_for, d.id))


def walk_down(seller, filters, limit=3):
    pages, cursor = [], None
    while True:
        page = selectors.message_log(seller, filters=filters, cursor=cursor, limit=limit)
        pages.append([entry.dispatch.id for entry in page.entries])
        if not page.next_cursor:
            return pages, page
        cursor = selectors.cursor_decode(page.next_cursor, view=filters.view)


@pytest.mark.parametrize("view, rows", [("sent", "eleven_with_ties"), ("scheduled", "eleven_due_with_ties")])
def test_pages_down_walk_every_row_once_in_the_views_order_across_ties(seller, view, rows, request):
    expected = request.getfixturevalue(rows)

    pages, _ = walk_down(seller, selectors.LogFilters(view=selectors.VIEWS[view]))

    assert [row for page in pages for row in page] == [d.id for d in expected]


@pytest.mark.parametrize("view, rows", [("sent", "eleven_with_ties"), ("scheduled", "eleven_due_with_ties")])
def test_pages_up_walk_back_to_the_first_page_across_ties(seller, view, rows, request):
    request.getfixturevalue(rows)
    filters = selectors.LogFilters(view=selectors.VIEWS[view])
    pages, page = walk_down(seller, filters)

    back = [pages[-1]]
    while page.prev_cursor:
        cursor = selectors.cursor_decode(page.prev_cursor, view=filters.view)
        page = selectors.message_log(seller, filters=filters, cursor=cursor, limit=3)
        back.append([entry.dispatch.id for entry in page.entries])

    assert back[::-1] == pages
    assert page.first_page and not page.prev_cursor


def test_the_page_links_carry_the_view_and_filters_and_walk_them(viewer, monkeypatch, make_dispatch):
    monkeypatch.setattr(selectors, "LOG_PAGE_SIZE", 2)
    for n in range(5):
        make_dispatch(f"111-{n:07d}-0000001", state=Dispatch.State.FAILED)
    make_dispatch("111-9999999-0000001", state=Dispatch.State.EXPIRED)

    first = log(viewer, view="not-sent", state="failed")
    second = viewer.get(link(first, "log-next"))
    third = viewer.get(link(second, "log-next"))
    back = viewer.get(link(third, "log-prev"))

    walked = rows_of(first) + rows_of(second) + rows_of(third)
    assert sorted(walked) == [f"111-{n:07d}-0000001" for n in range(5)]
    assert "state=failed" in link(second, "log-next") and "view=not-sent" in link(second, "log-next")
    assert link(first, "log-prev") is None and link(third, "log-next") is None
    assert rows_of(back) == rows_of(second)


def test_a_tampered_cursor_shows_the_first_page_with_a_clear_message(viewer, seller, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)
    valid = selectors.Cursor(NOW, Dispatch.objects.for_seller(seller).get().id).encode()
    other_view = selectors.Cursor(NOW, Dispatch.objects.for_seller(seller).get().id, view="scheduled").encode()

    for forged in ["garbage", valid[:-3] + "abc", "2026-11-18T12:00:00+00:00|0f0e", other_view]:
        response = log(viewer, cursor=forged)
        assert response.status_code == 200
        assert "That page link is damaged or out of date. Showing the first page instead." in page_text(response)
        assert rows_of(response) == ["111-0000001-0000001"]


def test_a_cursor_past_the_last_row_says_there_is_nothing_further(viewer, seller, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT, finished_at=NOW)
    below = selectors.Cursor(NOW - HOUR, Dispatch.objects.for_seller(seller).get().id).encode()

    page = page_text(log(viewer, cursor=below))

    assert "Nothing further" in page


def test_a_page_costs_the_same_few_queries_however_many_rows_it_shows(viewer, make_dispatch, monkeypatch):
    monkeypatch.setattr(selectors, "LOG_PAGE_SIZE", 40)
    make_dispatch(state=Dispatch.State.FAILED)
    filters = {"view": "not-sent", "marketplace": US, "day_from": "2026-01-01"}
    with CaptureQueriesContext(db_connection) as one_row:
        log(viewer, **filters)
    for n in range(45):
        make_dispatch(state=Dispatch.State.FAILED, finished_at=NOW - n * HOUR, attempts=2)
    with CaptureQueriesContext(db_connection) as full_page:
        response = log(viewer, **filters)
    with CaptureQueriesContext(db_connection) as counted:
        log(viewer, view="not-sent")

    assert len(rows_of(response)) == 40
    assert len(full_page) == len(one_row)
    assert len(full_page) <= 8  # session, user, membership, the sidebar's feedback badge, the page's own
    assert len(counted) <= len(full_page) + 1  # the tabs' counts: one statement
    page_sql = [q["sql"].upper() for q in full_page.captured_queries if "campaigns_dispatch" in q["sql"]]
    assert not any("COUNT(" in sql or "OFFSET" in sql for sql in page_sql)


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

    rows = export(viewer)

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

    rows = {row[0]: row for row in export(viewer, view="not-sent")[1:]}

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
    response = viewer.get(reverse("messages_export"), {"view": "not-sent", "state": "exploded"})

    assert response.status_code == 400
    assert "exploded is not a message state." in response.content.decode()


def test_the_export_holds_only_the_sellers_own_messages(viewer, make_dispatch, tenant_b):
    make_dispatch("111-0000001-0000001")
    DispatchFactory(seller=tenant_b.seller, order__amazon_order_id="999-0000009-0000009")

    assert [row[0] for row in export(viewer, view="scheduled")[1:]] == ["111-0000001-0000001"]


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
    assert "No messages yet" in page
    assert 'data-testid="log-filters"' not in page


def test_an_empty_view_points_to_the_others(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", scheduled_for=NOW + HOUR)

    page = page_text(log(viewer))

    assert "Nothing sent yet" in page and "The other tabs hold the rest." in page


def test_filters_that_match_nothing_say_so_and_offer_to_clear_them(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.FAILED)

    page = page_text(log(viewer, view="not-sent", state="expired"))

    assert "No not sent messages match these filters" in page
    assert "No messages yet" not in page
    assert 'data-testid="log-filters"' in page


def test_an_order_search_without_messages_links_to_its_timeline_and_why_not(viewer, make_dispatch):
    make_dispatch("111-0000001-0000001", state=Dispatch.State.SENT)

    page = page_text(log(viewer, order="111-0000007-0000007"))

    assert "Order 111-0000007-0000007 has no sent message" in page
    assert reverse("message_order_timeline", args=["111-0000007-0000007"]) in page
    assert f"{reverse('campaign_why_not')}?order=111-0000007-0000007" in page
