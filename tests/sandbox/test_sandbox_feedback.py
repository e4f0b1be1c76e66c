"""The sandbox's seller feedback report speaks the Reports model and looks like Amazon's, over real HTTP."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from .test_sandbox_contract import MODELS, Client, validate

pytestmark = pytest.mark.skipif(not MODELS.exists(), reason="Amazon's models live in ../shared/spapi-models")

AMAZON_COLUMNS = ["Date", "Rating", "Comments", "Your Response", "Order ID", "Rater Email"]


@pytest.fixture
def amazon(fresh_sandbox):
    """Three selling partners (US, DE, JP) without seeded feedback: every feedback is the test's own."""
    return fresh_sandbox(sellers=3, orders=40, seed=21, feedback_share=0)


def orders_of(sandbox, partner):
    return sandbox.get(f"/_sandbox/sellers/{partner['selling_partner_id']}/orders")["orders"]


def shipped_order(sandbox, partner, nth=0):
    orders = [o for o in orders_of(sandbox, partner) if o["status"] == "SHIPPED"]
    return sorted(orders, key=lambda o: o["order_id"])[nth]


def a_day_after(order, days=3) -> str:
    placed = datetime.fromisoformat(order["created"].replace("Z", "+00:00")).date()
    return min(placed + timedelta(days=days), datetime.now(UTC).date()).isoformat()


def leave(sandbox, order, rating, comment="", day=None):
    return sandbox.post(
        f"/_sandbox/orders/{order['order_id']}/feedback",
        {"rating": rating, "comment": comment, "date": day or a_day_after(order)},
    )


def feedback_report(client, *, days=90, marketplace=None):
    """createReport, then getReport until Amazon is done; (created, report, rows or None)."""
    start = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    created = client.post(
        "/reports/2021-06-30/reports",
        {
            "reportType": "GET_SELLER_FEEDBACK_DATA",
            "dataStartTime": start,
            "marketplaceIds": [marketplace or client.marketplace],
        },
    )
    report_id = created.json()["reportId"]
    for _ in range(5):
        report = client.get(f"/reports/2021-06-30/reports/{report_id}").json()
        if report["processingStatus"] not in ("IN_QUEUE", "IN_PROGRESS"):
            break
    if report["processingStatus"] != "DONE":
        return created, report, None
    document = client.get(f"/reports/2021-06-30/documents/{report['reportDocumentId']}").json()
    validate("reports_2021-06-30.json", "ReportDocument", document)
    return created, report, [line.split("\t") for line in httpx.get(document["url"]).text.splitlines()]


def test_the_feedback_report_follows_the_reports_model_with_amazons_columns(amazon):
    partner = amazon.sellers()[0]
    order = shipped_order(amazon, partner)
    leave(amazon, order, 1, "Never arrived.")

    created, report, rows = feedback_report(Client(amazon, partner))

    assert created.status_code == 202
    validate("reports_2021-06-30.json", "CreateReportResponse", created.json())
    validate("reports_2021-06-30.json", "Report", report)
    assert report["reportType"] == "GET_SELLER_FEEDBACK_DATA" and report["processingStatus"] == "DONE"
    assert rows[0] == AMAZON_COLUMNS
    assert rows[1][1:5] == ["1", "Never arrived.", "", order["order_id"]]
    assert rows[1][5] == order["buyer_alias"] and rows[1][5].endswith("@marketplace.amazon.com")


def test_only_neutral_and_negative_feedback_is_in_the_report_as_on_amazon(amazon):
    partner = amazon.sellers()[0]
    for nth, rating in enumerate([1, 2, 3, 4, 5]):
        leave(amazon, shipped_order(amazon, partner, nth), rating, f"{rating} stars")

    _, _, rows = feedback_report(Client(amazon, partner))

    assert sorted(row[1] for row in rows[1:]) == ["1", "2", "3"]


@pytest.mark.parametrize(("index", "pattern"), [(0, "M/D/YY"), (1, "DD.MM.YY"), (2, "YYYY/MM/DD")])
def test_dates_are_written_the_way_each_marketplace_writes_them(amazon, index, pattern):
    partner = amazon.sellers()[index]  # the seeded partners sell in the US, Germany and Japan
    order = shipped_order(amazon, partner)
    day = date.fromisoformat(a_day_after(order))
    leave(amazon, order, 2, day=day.isoformat())

    _, _, rows = feedback_report(Client(amazon, partner))

    expected = {
        "M/D/YY": f"{day.month}/{day.day}/{day:%y}",
        "DD.MM.YY": f"{day:%d.%m.%y}",
        "YYYY/MM/DD": f"{day:%Y/%m/%d}",
    }[pattern]
    assert rows[1][0] == expected


def test_a_report_without_feedback_is_cancelled_as_amazon_does(amazon):
    _, report, rows = feedback_report(Client(amazon, amazon.sellers()[0]))

    assert report["processingStatus"] == "CANCELLED" and "reportDocumentId" not in report and rows is None
    validate("reports_2021-06-30.json", "Report", report)


def test_feedback_outside_the_window_is_not_in_the_report(amazon):
    partner = amazon.sellers()[0]
    old = min((o for o in orders_of(amazon, partner) if o["status"] == "SHIPPED"), key=lambda o: o["created"])
    leave(amazon, old, 1, "Old news", day=a_day_after(old, days=1))
    recent = shipped_order(amazon, partner)
    leave(amazon, recent, 2, "Recent", day=datetime.now(UTC).date().isoformat())

    _, _, rows = feedback_report(Client(amazon, partner), days=1)

    assert [row[4] for row in rows[1:]] == [recent["order_id"]]


def test_feedback_a_buyer_revises_or_removes_changes_the_next_report(amazon):
    partner = amazon.sellers()[0]
    revised, removed = shipped_order(amazon, partner, 0), shipped_order(amazon, partner, 1)
    leave(amazon, revised, 3, "Late")
    leave(amazon, removed, 1, "Wrong item")

    leave(amazon, revised, 1, "Late, and now broken")
    response = httpx.delete(f"{amazon.url}/_sandbox/orders/{removed['order_id']}/feedback")
    _, _, rows = feedback_report(Client(amazon, partner))

    assert response.status_code == 200
    assert [(row[1], row[2], row[4]) for row in rows[1:]] == [("1", "Late, and now broken", revised["order_id"])]


def test_the_control_plane_lists_every_feedback_including_positive(amazon):
    partner = amazon.sellers()[0]
    leave(amazon, shipped_order(amazon, partner, 0), 5, "Great")
    leave(amazon, shipped_order(amazon, partner, 1), 1, "Bad")

    listed = amazon.get(f"/_sandbox/sellers/{partner['selling_partner_id']}/feedback")["feedback"]

    assert sorted((f["rating"], f["in_report"]) for f in listed) == [(1, True), (5, False)]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"rating": 0}, 400, "rating must be a whole number from 1 to 5"),
        ({"rating": "1"}, 400, "rating must be a whole number from 1 to 5"),
        ({"rating": 1, "date": "tomorrow"}, 400, "YYYY-MM-DD"),
        ({"rating": 1, "date": (datetime.now(UTC).date() + timedelta(days=2)).isoformat()}, 400, "in the future"),
        ({"rating": 1, "date": "2001-01-01"}, 400, "before the order was placed"),
    ],
)
def test_feedback_the_sandbox_cannot_have_is_refused_with_a_reason(amazon, body, status, message):
    order = shipped_order(amazon, amazon.sellers()[0])

    response = httpx.post(f"{amazon.url}/_sandbox/orders/{order['order_id']}/feedback", json=body)

    assert response.status_code == status and message in response.json()["errors"][0]["message"]


def test_feedback_for_an_unknown_order_is_not_found(amazon):
    response = httpx.post(f"{amazon.url}/_sandbox/orders/111-0000000-0000000/feedback", json={"rating": 1})

    assert response.status_code == 404


def test_the_demo_world_has_feedback_mostly_happy_and_some_unhappy(fresh_sandbox):
    sandbox = fresh_sandbox(sellers=3, orders=300, seed=1)  # the run command's default share of feedback
    ratings = Counter()
    for partner in sandbox.sellers():
        orders = {o["order_id"]: o for o in orders_of(sandbox, partner)}
        for feedback in sandbox.get(f"/_sandbox/sellers/{partner['selling_partner_id']}/feedback")["feedback"]:
            order = orders[feedback["order_id"]]
            assert order["status"] == "SHIPPED" and feedback["date"] >= order["created"][:10]
            ratings[feedback["rating"]] += 1

    total = sum(ratings.values())
    assert 30 <= total <= 150
    assert (ratings[4] + ratings[5]) / total > 0.7 and ratings[1] + ratings[2] > 0
