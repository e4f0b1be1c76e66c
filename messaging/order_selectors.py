"""The seller's orders with the filters sellers narrow them by (marketplace, FBA or FBM, Amazon's
status, purchase dates, messaged or not, order id), newest first, a keyset page at a time.

"Messaged" means a campaign's message to the order was sent (Amazon accepted it), which is why
this read lives above campaigns rather than in sellers. Pages walk the `order_seller_recent`
index (seller, purchased_at desc) from a signed cursor, so a page costs the same at any depth.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core import signing
from django.db.models import Exists, OuterRef, Q

from campaigns.models import Dispatch
from sellers.models import Order

ORDERS_PAGE_SIZE = 50
_CURSOR_SALT = "messaging.orders.cursor"

# The fulfillment channels as sellers name them.
FULFILLMENT_CHANNELS = {"FBA": "AMAZON", "FBM": "MERCHANT"}
# Amazon's order (fulfillment) statuses, Orders API v2026-01-01.
ORDER_STATUSES = (
    "PENDING_AVAILABILITY",
    "PENDING",
    "UNSHIPPED",
    "PARTIALLY_SHIPPED",
    "SHIPPED",
    "CANCELLED",
    "UNFULFILLABLE",
)


@dataclass(frozen=True)
class OrderFilters:
    """What the seller narrowed the orders to; empty values mean "any"."""

    marketplace_id: str = ""
    fulfillment_channel: str = ""  # AMAZON or MERCHANT
    status: str = ""
    purchased_from: date | None = None  # UTC day, inclusive
    purchased_to: date | None = None  # UTC day, inclusive
    messaged: bool | None = None
    order_id: str = ""  # the start of an Amazon order id, or all of it


class InvalidCursor(ValueError):
    pass


def cursor_encode(order: Order) -> str:
    return signing.dumps([order.purchased_at.isoformat(), order.id.hex], salt=_CURSOR_SALT, compress=True)


def cursor_decode(token: str) -> tuple[datetime, uuid.UUID]:
    """The position a page link carries. Raises InvalidCursor for anything we did not sign."""
    try:
        moment, row_id = signing.loads(token, salt=_CURSOR_SALT)
        return datetime.fromisoformat(moment), uuid.UUID(row_id)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidCursor("That page cursor is damaged or out of date.") from error


def orders(seller, filters: OrderFilters | None = None):
    """The seller's orders under the filters, each with `messaged` (a message to it was sent)."""
    filters = filters or OrderFilters()
    sent = Dispatch.objects.filter(seller=seller, order=OuterRef("pk"), state=Dispatch.State.SENT)
    rows = Order.objects.for_seller(seller).select_related("connection").annotate(messaged=Exists(sent))
    if filters.marketplace_id:
        rows = rows.filter(marketplace_id=filters.marketplace_id)
    if filters.fulfillment_channel:
        rows = rows.filter(fulfillment_channel=filters.fulfillment_channel)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.purchased_from:
        rows = rows.filter(purchased_at__gte=datetime.combine(filters.purchased_from, time.min, UTC))
    if filters.purchased_to and filters.purchased_to < date.max:
        rows = rows.filter(purchased_at__lt=datetime.combine(filters.purchased_to + timedelta(days=1), time.min, UTC))
    if filters.messaged is not None:
        rows = rows.filter(messaged=filters.messaged)
    if filters.order_id.strip():
        rows = rows.filter(amazon_order_id__startswith=filters.order_id.strip())
    return rows


@dataclass
class OrdersPage:
    orders: list[Order]
    next_cursor: str = ""  # empty on the last page


def orders_page(
    seller, *, filters: OrderFilters | None = None, cursor: str = "", limit: int = ORDERS_PAGE_SIZE
) -> OrdersPage:
    """One page of the filtered orders, newest purchase first; InvalidCursor for a damaged cursor."""
    rows = orders(seller, filters).order_by("-purchased_at", "-id")
    if cursor:
        moment, last_id = cursor_decode(cursor)
        rows = rows.filter(purchased_at__lte=moment).filter(Q(purchased_at__lt=moment) | Q(id__lt=last_id))
    found = list(rows[: limit + 1])
    page = OrdersPage(found[:limit])
    if len(found) > limit:
        page.next_cursor = cursor_encode(page.orders[-1])
    return page
