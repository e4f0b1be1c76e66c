"""The message log through the API: dispatches newest scheduled first, filtered, by keyset pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from campaigns.models import Dispatch

from ..factories import CampaignFactory, DispatchFactory, OrderFactory
from .conftest import is_problem

MESSAGES = reverse("api:messages")
NOW = timezone.now()


def dispatch(seller, hours_ago, **fields):
    return DispatchFactory(seller=seller, scheduled_for=NOW - timedelta(hours=hours_ago), **fields)


def test_the_log_lists_the_sellers_messages_newest_scheduled_first(api_a, tenant_a, tenant_b):
    older = dispatch(tenant_a.seller, 5, state=Dispatch.State.SENT, finished_at=NOW)
    newer = dispatch(tenant_a.seller, 1)
    dispatch(tenant_b.seller, 2)

    rows = api_a.get(MESSAGES).json()["results"]

    assert [r["id"] for r in rows] == [str(newer.pk), str(older.pk)]
    assert rows[1]["state"] == "sent" and rows[1]["amazon_order_id"] == older.order.amazon_order_id


def test_the_log_pages_by_cursor_through_every_message_once(api_a, tenant_a):
    made = [dispatch(tenant_a.seller, hours) for hours in range(9)]

    seen, cursor = [], ""
    while True:
        page = api_a.get(MESSAGES, {"limit": 4, "cursor": cursor}).json()
        seen += [row["id"] for row in page["results"]]
        if not (cursor := page["next_cursor"]):
            break

    assert seen == [str(d.pk) for d in made]


def test_the_state_filter_keeps_messages_in_that_state(api_a, tenant_a):
    failed = dispatch(tenant_a.seller, 2, state=Dispatch.State.FAILED, last_error="Amazon answered 400")
    dispatch(tenant_a.seller, 1, state=Dispatch.State.SENT)

    rows = api_a.get(MESSAGES, {"state": "failed"}).json()["results"]

    assert [r["id"] for r in rows] == [str(failed.pk)] and rows[0]["last_error"] == "Amazon answered 400"


def test_the_campaign_and_order_filters_narrow_the_log(api_a, tenant_a):
    slot = CampaignFactory(seller=tenant_a.seller, kind="confirm_delivery", name="Delivery slot")
    order = OrderFactory(seller=tenant_a.seller, amazon_order_id="111-5555555-5555555")
    wanted = dispatch(tenant_a.seller, 1, campaign=slot, order=order)
    dispatch(tenant_a.seller, 2, order=order)
    dispatch(tenant_a.seller, 3, campaign=slot)

    rows = api_a.get(MESSAGES, {"campaign": slot.pk, "order_id": "111-5555555-5555555"}).json()["results"]

    assert [r["id"] for r in rows] == [str(wanted.pk)] and rows[0]["campaign"]["name"] == "Delivery slot"


def test_an_unknown_state_is_named_in_the_problem(api_a):
    response = api_a.get(MESSAGES, {"state": "lost"})

    assert is_problem(response, 400) and response.json()["errors"][0]["parameter"] == "state"


def test_a_message_reads_by_its_id(api_a, tenant_a):
    blocked = dispatch(
        tenant_a.seller, 1, state=Dispatch.State.BLOCKED_SELLER, reason="The buyer is on your blocklist."
    )

    data = api_a.get(reverse("api:message", args=[blocked.pk])).json()

    assert data["state_label"] == "Blocked: on your blocklist" and data["reason"] == "The buyer is on your blocklist."
