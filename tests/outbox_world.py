"""Stage sellers with due dispatches against a sandbox Amazon, for the outbox's tests and benches.

Orders are placed in the sandbox (old enough to be inside the 5-30 day review window), then
written to our database as a sync would have, with one scheduled dispatch each, in bulk.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from campaigns.models import Campaign, Dispatch, MessageTemplate
from sellers.buyers import ANONYMIZED_EMAIL, buyer_key
from sellers.models import AmazonConnection, Order, Seller

REVIEW_WINDOW_AGE_DAYS = 14


def _time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def place_orders(
    sandbox, partner_id: str, count: int, *, age_days: float = REVIEW_WINDOW_AGE_DAYS, solicitable: bool = True
) -> list[dict]:
    """`count` new sandbox orders of the partner (only review-eligible ones when `solicitable`)."""
    known = {o["order_id"] for o in sandbox.get(f"/_sandbox/sellers/{partner_id}/orders")["orders"]}
    found: list[dict] = []
    while len(found) < count:
        sandbox.post(
            f"/_sandbox/sellers/{partner_id}/orders",
            {"count": int((count - len(found)) * 1.2) + 2, "age_days": age_days},
        )
        for order in sandbox.get(f"/_sandbox/sellers/{partner_id}/orders")["orders"]:
            if order["order_id"] in known:
                continue
            known.add(order["order_id"])
            if (order["solicitable"] or not solicitable) and order["status"] != "CANCELLED" and len(found) < count:
                found.append(order)
    return found


def connect(partner: dict, *, seller: Seller | None = None, quota: int = 1_000_000) -> AmazonConnection:
    seller = seller or Seller.objects.create(name=partner["store_name"], monthly_message_quota=quota)
    return AmazonConnection.objects.create(
        seller=seller,
        selling_partner_id=partner["selling_partner_id"],
        region=partner["region"],
        store_name=partner["store_name"],
        marketplace_ids=partner["marketplace_ids"],
        refresh_token=partner["refresh_token"],
        expires_at=timezone.now() + timedelta(days=365),
        backfill_status=AmazonConnection.Backfill.DONE,
    )


def campaign_for(seller: Seller, *, kind: str = "review_request", priority: int = 100, text: str = "") -> Campaign:
    campaign = Campaign.objects.create(
        seller=seller,
        name=f"{kind} {priority}",
        kind=kind,
        priority=priority,
        state=Campaign.State.ACTIVE,
        send_days=list(range(7)),
        send_from_hour=0,
        send_until_hour=24,
    )
    if text:
        MessageTemplate.objects.create(seller=seller, campaign=campaign, language="en", body=text)
    return campaign


def store_orders(connection: AmazonConnection, sandbox_orders: list[dict]) -> list[Order]:
    """Our copy of the sandbox's orders, as a sync would have written them, in bulk."""
    now = timezone.now()
    orders = [
        Order(
            seller_id=connection.seller_id,
            connection=connection,
            amazon_order_id=o["order_id"],
            marketplace_id=o["marketplace_id"],
            purchased_at=_time(o["created"]),
            last_updated_at=now,
            fulfillment_channel=o["fulfilled_by"],
            status="SHIPPED",
            earliest_delivery=_time(o["earliest_delivery"]),
            latest_delivery=_time(o["latest_delivery"]),
            is_delivered=True,
            buyer_key=buyer_key(o["buyer_alias"]),
            buyer_key_kind=ANONYMIZED_EMAIL,
            items=[
                {
                    "order_item_id": "1",
                    "asin": "B0SANDBOX1",
                    "sku": "SKU-1",
                    "title": "Trail bottle",
                    "quantity": 1,
                    "unit_price": "19.99",
                }
            ],
        )
        for o in sandbox_orders
    ]
    Order.objects.bulk_create(orders, batch_size=2000)
    return orders


def stage_dispatches(
    connection: AmazonConnection, campaign: Campaign, sandbox_orders: list[dict], *, due=None
) -> list[Dispatch]:
    """Our copy of the sandbox's orders and one scheduled dispatch each, written in bulk."""
    due = due or timezone.now() - timedelta(seconds=1)
    orders = store_orders(connection, sandbox_orders)
    dispatches = [
        Dispatch(
            seller_id=connection.seller_id,
            campaign=campaign,
            order=order,
            connection=connection,
            kind=campaign.kind,
            requests_review=campaign.kind_info.requests_review,
            priority=campaign.priority,
            scheduled_for=due,
            expires_at=order.latest_delivery + timedelta(days=30),
        )
        for order in orders
    ]
    Dispatch.objects.bulk_create(dispatches, batch_size=2000)
    return dispatches


def stage_seller(sandbox, partner: dict, count: int, **connect_options) -> AmazonConnection:
    """A connected seller with an active review-request campaign and `count` due dispatches."""
    connection = connect(partner, **connect_options)
    campaign = campaign_for(connection.seller)
    stage_dispatches(connection, campaign, place_orders(sandbox, partner["selling_partner_id"], count))
    return connection


def run_outbox(*, seconds: float = 30.0, until_done: bool = True, **options):
    """Run the outbox in this process, as a sender worker would, until nothing is left open
    (or for `seconds`); returns the pump's report."""
    import time

    from messaging import queue
    from messaging.outbox import Pump

    queue.rebuild()
    pump = Pump(**options)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            wait_for = pump.step()
            if (
                until_done
                and not pump.inflight
                and not Dispatch.objects.filter(state__in=Dispatch.OPEN_STATES).exists()
            ):
                break
            if not pump.inflight and wait_for > 0:
                queue.wait_for_work(min(wait_for, 0.2))
        while pump.inflight:
            pump.step(claim=False)
    finally:
        pump.close()
    return pump.report
