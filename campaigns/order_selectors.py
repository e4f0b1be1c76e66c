"""Reads for the orders list: one seller's orders, filtered, a keyset page at a time, with what
was sent to each (so a seller can find the orders no message reached and ask by hand).

Every read starts from `Order.objects.for_seller(seller)`. Pages walk the `order_seller_recent`
index (seller, purchased_at desc, id) from a signed cursor, so a page costs the same at any depth
and nothing counts the whole table. (The public API's orders list reads messaging.order_selectors,
written alongside; the two are to become one.)
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.core import signing
from django.db.models import Exists, OuterRef, Q

from sellers.marketplaces import MARKETPLACES, Marketplace, marketplace
from sellers.models import AmazonConnection, Order

from .models import Dispatch

ORDERS_PAGE_SIZE = 50
OLDER = "older"
NEWER = "newer"
_CURSOR_SALT = "campaigns.orders.cursor"

CHANNELS = {"fba": "AMAZON", "fbm": "MERCHANT"}
CHANNEL_CHOICES = [("fba", "Fulfilled by Amazon (FBA)"), ("fbm", "Fulfilled by you (FBM)")]
STATUS_CHOICES = [
    ("pending", "Pending"),
    ("unshipped", "Not shipped yet"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("returned", "Returned"),
    ("cancelled", "Cancelled"),
]
_STATUS_FILTERS = {
    "pending": Q(status="PENDING"),
    "unshipped": Q(status="UNSHIPPED"),
    "shipped": Q(status__in=["SHIPPED", "PARTIALLY_SHIPPED"]),
    "delivered": Q(is_delivered=True),
    "returned": Q(is_returned=True),
    "cancelled": Q(status__in=["CANCELLED", "UNFULFILLABLE"]),
}
MESSAGED_CHOICES = [
    ("yes", "Messaged (a message was sent)"),
    ("scheduled", "A message is scheduled"),
    ("no", "Not messaged (nothing sent or scheduled)"),
]
_SENT = [Dispatch.State.SENT]
_SCHEDULED = [Dispatch.State.SCHEDULED, Dispatch.State.SENDING]


@dataclass(frozen=True)
class OrderFilters:
    """What the seller narrowed the list to; empty values mean "any"."""

    order_id: str = ""  # the start of an Amazon order id
    marketplace_id: str = ""
    channel: str = ""  # fba or fbm
    status: str = ""  # a key of STATUS_CHOICES
    purchased_from: date | None = None  # UTC day, inclusive
    purchased_to: date | None = None  # UTC day, inclusive
    messaged: str = ""  # yes, scheduled or no

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


@dataclass(frozen=True)
class Cursor:
    purchased_at: datetime
    id: uuid.UUID
    direction: str = OLDER

    def encode(self) -> str:
        return signing.dumps([self.purchased_at.isoformat(), self.id.hex, self.direction], salt=_CURSOR_SALT)


class InvalidCursor(ValueError):
    pass


def cursor_decode(token: str) -> Cursor:
    """The cursor a page link carries. Raises InvalidCursor for anything we did not sign."""
    try:
        moment, row_id, direction = signing.loads(token, salt=_CURSOR_SALT)
        moment, row_id = datetime.fromisoformat(moment), uuid.UUID(row_id)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidCursor("That page link is damaged or out of date.") from error
    if direction not in (OLDER, NEWER) or moment.tzinfo is None:
        raise InvalidCursor("That page link is damaged or out of date.")
    return Cursor(moment, row_id, direction)


def seller_marketplaces(seller) -> list[Marketplace]:
    """The marketplaces of the seller's Amazon accounts (disconnected ones too: their orders stay),
    by name; an id we do not know is listed under its id."""
    ids: set[str] = set()
    for marketplace_ids in AmazonConnection.objects.for_seller(seller).values_list("marketplace_ids", flat=True):
        ids.update(marketplace_ids or [])
    known = [MARKETPLACES.get(i) or Marketplace(i, "", "", i, "", "", "UTC") for i in ids]
    return sorted(known, key=lambda place: place.name)


def _messaged(value: str) -> Q:
    def dispatches(states):
        return Exists(Dispatch.objects.filter(order_id=OuterRef("pk"), state__in=states))

    if value == "yes":
        return Q(dispatches(_SENT))
    if value == "scheduled":
        return Q(dispatches(_SCHEDULED))
    return ~Q(dispatches(_SENT + _SCHEDULED))


def filtered_orders(seller, filters: OrderFilters):
    """The seller's orders the filters select (unordered)."""
    orders = Order.objects.for_seller(seller)
    if filters.order_id:
        orders = orders.filter(amazon_order_id__startswith=filters.order_id)
    if filters.marketplace_id:
        orders = orders.filter(marketplace_id=filters.marketplace_id)
    if filters.channel:
        orders = orders.filter(fulfillment_channel=CHANNELS[filters.channel])
    if filters.status:
        orders = orders.filter(_STATUS_FILTERS[filters.status])
    if filters.purchased_from:
        orders = orders.filter(purchased_at__gte=datetime.combine(filters.purchased_from, time.min, tzinfo=UTC))
    if filters.purchased_to:
        end = datetime.combine(filters.purchased_to + timedelta(days=1), time.min, tzinfo=UTC)
        orders = orders.filter(purchased_at__lt=end)
    if filters.messaged:
        orders = orders.filter(_messaged(filters.messaged))
    return orders


@dataclass
class OrderRow:
    order: Order
    review: Dispatch | None = None  # the order's one review request, whoever asked
    sent: int = 0  # messages Amazon accepted (the review request included)
    scheduled: int = 0

    @property
    def marketplace(self) -> Marketplace | None:
        return marketplace(self.order.marketplace_id)

    @property
    def channel(self) -> str:
        return "FBA" if self.order.fulfillment_channel == "AMAZON" else "FBM"


@dataclass
class OrderPage:
    rows: list[OrderRow] = field(default_factory=list)
    first_page: bool = True
    older_cursor: str = ""
    newer_cursor: str = ""


def orders_page(
    seller, *, filters: OrderFilters | None = None, cursor: Cursor | None = None, limit: int = ORDERS_PAGE_SIZE
) -> OrderPage:
    """One page of the seller's filtered orders, newest first, by keyset, with their messages."""
    orders = filtered_orders(seller, filters or OrderFilters()).select_related("connection")
    if cursor is not None and cursor.direction == NEWER:
        newer = Q(purchased_at__gt=cursor.purchased_at) | Q(purchased_at=cursor.purchased_at, id__gt=cursor.id)
        rows = list(orders.filter(newer).order_by("purchased_at", "id")[: limit + 1])
        has_newer = len(rows) > limit
        rows = rows[:limit][::-1]
        page = OrderPage(_with_messages(seller, rows), first_page=not has_newer)
        if rows:
            page.older_cursor = Cursor(rows[-1].purchased_at, rows[-1].id, OLDER).encode()
        if has_newer and rows:
            page.newer_cursor = Cursor(rows[0].purchased_at, rows[0].id, NEWER).encode()
        return page
    if cursor is not None:
        orders = orders.filter(
            Q(purchased_at__lt=cursor.purchased_at) | Q(purchased_at=cursor.purchased_at, id__lt=cursor.id)
        )
    rows = list(orders.order_by("-purchased_at", "-id")[: limit + 1])
    has_older = len(rows) > limit
    rows = rows[:limit]
    page = OrderPage(_with_messages(seller, rows), first_page=cursor is None)
    if has_older:
        page.older_cursor = Cursor(rows[-1].purchased_at, rows[-1].id, OLDER).encode()
    if cursor is not None and rows:
        page.newer_cursor = Cursor(rows[0].purchased_at, rows[0].id, NEWER).encode()
    return page


def _with_messages(seller, orders: list[Order]) -> list[OrderRow]:
    """Each order with its review request and how many messages went or will go: one query."""
    rows = {order.pk: OrderRow(order) for order in orders}
    if not rows:
        return []
    dispatches = (
        Dispatch.objects.for_seller(seller)
        .filter(order_id__in=list(rows))
        .select_related("campaign", "requested_by")
        .only(
            "order_id",
            "state",
            "requests_review",
            "scheduled_for",
            "finished_at",
            "created_at",
            "campaign__name",
            "campaign__by_hand",
            "requested_by__email",
        )
    )
    for dispatch in dispatches:
        row = rows[dispatch.order_id]
        if dispatch.requests_review:
            row.review = dispatch
        if dispatch.state in _SENT:
            row.sent += 1
        elif dispatch.state in _SCHEDULED:
            row.scheduled += 1
    return list(rows.values())


def order_review_request(seller, order: Order) -> Dispatch | None:
    """The order's one review request (any campaign's, or one asked for by hand), if any."""
    return (
        Dispatch.objects.for_seller(seller)
        .filter(order=order, requests_review=True)
        .select_related("campaign", "requested_by")
        .first()
    )
