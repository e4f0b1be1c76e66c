"""Reads for the message log: one seller's dispatches, filtered, by keyset, and one order's timeline.

Every read starts from `Dispatch.objects.for_seller(seller)`. Pages walk the `dispatch_log` index
(seller, scheduled_for desc, id desc) from a cursor, so a page costs the same at any depth and
nothing ever counts the whole table.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core import signing
from django.db.models import Q

from campaigns.models import Campaign, Dispatch
from common import words
from sellers.marketplaces import MARKETPLACES, Marketplace, marketplace
from sellers.models import AmazonConnection, Order

LOG_PAGE_SIZE = 50
EXPORT_CHUNK_SIZE = 1000

OLDER = "older"
NEWER = "newer"
_CURSOR_SALT = "messaging.message_log.cursor"


# -- filters and cursors -------------------------------------------------------------------------
@dataclass(frozen=True)
class LogFilters:
    """What the seller narrowed the log to; empty values mean "any"."""

    state: str = ""
    campaign_id: uuid.UUID | None = None
    marketplace_id: str = ""
    scheduled_from: date | None = None  # UTC day, inclusive
    scheduled_to: date | None = None  # UTC day, inclusive
    order_id: str = ""  # exact Amazon order id

    @property
    def active(self) -> bool:
        return any(
            [self.state, self.campaign_id, self.marketplace_id, self.scheduled_from, self.scheduled_to, self.order_id]
        )


@dataclass(frozen=True)
class Cursor:
    """A position in the log: the row a page continues from, and which way it goes."""

    scheduled_for: datetime
    id: uuid.UUID
    direction: str = OLDER

    def encode(self) -> str:
        payload = [self.scheduled_for.isoformat(), self.id.hex, self.direction]
        return signing.dumps(payload, salt=_CURSOR_SALT, compress=True)


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


def _cursor_after(dispatch: Dispatch, direction: str) -> str:
    return Cursor(dispatch.scheduled_for, dispatch.id, direction).encode()


# -- rows ----------------------------------------------------------------------------------------
def _local(moment: datetime | None, place: Marketplace | None) -> str:
    if moment is None:
        return ""
    return words.moment(moment, on=ZoneInfo(place.time_zone) if place else UTC)


@dataclass
class LogEntry:
    """One dispatch as the log shows it: times on its marketplace's clock."""

    dispatch: Dispatch
    marketplace: Marketplace | None = field(init=False)

    def __post_init__(self):
        self.marketplace = marketplace(self.dispatch.order.marketplace_id)

    @property
    def ended(self) -> bool:
        return self.dispatch.state not in Dispatch.OPEN_STATES and self.dispatch.finished_at is not None

    @property
    def at(self) -> datetime:
        """When it ended, or (while open) when it is due."""
        finished = self.dispatch.finished_at
        return finished if finished is not None and self.ended else self.dispatch.scheduled_for

    @property
    def at_label(self) -> str:
        if self.ended:
            return "sent" if self.dispatch.state == Dispatch.State.SENT else "ended"
        return "due"

    @property
    def local_time(self) -> str:
        return _local(self.at, self.marketplace)

    @property
    def scheduled_local(self) -> str:
        return _local(self.dispatch.scheduled_for, self.marketplace)

    @property
    def finished_local(self) -> str:
        return _local(self.dispatch.finished_at, self.marketplace)

    @property
    def created_local(self) -> str:
        return _local(self.dispatch.created_at, self.marketplace)

    @property
    def marketplace_name(self) -> str:
        return self.marketplace.name if self.marketplace else self.dispatch.order.marketplace_id


@dataclass
class LogPage:
    entries: list[LogEntry]
    older_cursor: str = ""  # link to the next page down (older rows); empty at the end
    newer_cursor: str = ""  # link to the page above (newer rows); empty on the first page
    first_page: bool = True


# -- the log -------------------------------------------------------------------------------------
def _filtered(seller, filters: LogFilters):
    dispatches = Dispatch.objects.for_seller(seller)
    if filters.state:
        dispatches = dispatches.filter(state=filters.state)
    if filters.campaign_id:
        dispatches = dispatches.filter(campaign_id=filters.campaign_id)
    if filters.marketplace_id:
        dispatches = dispatches.filter(order__marketplace_id=filters.marketplace_id)
    if filters.scheduled_from:
        dispatches = dispatches.filter(scheduled_for__gte=datetime.combine(filters.scheduled_from, time.min, UTC))
    if filters.scheduled_to and filters.scheduled_to < date.max:
        end = datetime.combine(filters.scheduled_to + timedelta(days=1), time.min, UTC)
        dispatches = dispatches.filter(scheduled_for__lt=end)
    if filters.order_id:
        # Through the seller's orders index (seller, amazon_order_id), then the dispatches by order.
        orders = Order.objects.for_seller(seller).filter(amazon_order_id=filters.order_id).values("id")
        dispatches = dispatches.filter(order_id__in=orders)
    return dispatches


def _older_than(dispatches, moment: datetime, row_id: uuid.UUID):
    # The plain `scheduled_for <= moment` bounds the index scan; the OR only settles ties.
    return dispatches.filter(scheduled_for__lte=moment).filter(
        Q(scheduled_for__lt=moment) | Q(scheduled_for=moment, id__lt=row_id)
    )


def _newer_than(dispatches, moment: datetime, row_id: uuid.UUID):
    return dispatches.filter(scheduled_for__gte=moment).filter(
        Q(scheduled_for__gt=moment) | Q(scheduled_for=moment, id__gt=row_id)
    )


def message_log(
    seller, *, filters: LogFilters | None = None, cursor: Cursor | None = None, limit: int = LOG_PAGE_SIZE
) -> LogPage:
    """One page of the seller's dispatches, newest scheduled first: one query (two when a
    "newer" link reaches the top, which then shows the first page)."""
    dispatches = _filtered(seller, filters or LogFilters()).select_related("campaign", "order")
    if cursor is not None and cursor.direction == NEWER:
        rows = list(
            _newer_than(dispatches, cursor.scheduled_for, cursor.id).order_by("scheduled_for", "id")[: limit + 1]
        )
        if len(rows) > limit:
            rows = rows[:limit][::-1]
            return LogPage(
                [LogEntry(d) for d in rows],
                older_cursor=_cursor_after(rows[-1], OLDER),
                newer_cursor=_cursor_after(rows[0], NEWER),
                first_page=False,
            )
        cursor = None  # fewer than a page above: that is the top, shown as the first page
    if cursor is not None:
        dispatches = _older_than(dispatches, cursor.scheduled_for, cursor.id)
    rows = list(dispatches.order_by("-scheduled_for", "-id")[: limit + 1])
    has_older = len(rows) > limit
    rows = rows[:limit]
    page = LogPage([LogEntry(d) for d in rows], first_page=cursor is None)
    if has_older:
        page.older_cursor = _cursor_after(rows[-1], OLDER)
    if cursor is not None and rows:
        page.newer_cursor = _cursor_after(rows[0], NEWER)
    return page


def message_log_export(
    seller, *, filters: LogFilters | None = None, chunk_size: int = EXPORT_CHUNK_SIZE
) -> Iterator[LogEntry]:
    """Every dispatch the filters select, newest first, read one keyset chunk at a time."""
    dispatches = (
        _filtered(seller, filters or LogFilters()).select_related("campaign", "order").order_by("-scheduled_for", "-id")
    )
    chunk = list(dispatches[:chunk_size])
    while chunk:
        yield from (LogEntry(d) for d in chunk)
        if len(chunk) < chunk_size:
            return
        last = chunk[-1]
        chunk = list(_older_than(dispatches, last.scheduled_for, last.id)[:chunk_size])


def seller_has_dispatches(seller) -> bool:
    return Dispatch.objects.for_seller(seller).exists()


def log_campaigns(seller):
    """The campaigns the log can be filtered by: all of them, archived ones too."""
    return Campaign.objects.for_seller(seller).order_by("name")


def log_marketplaces(seller) -> list[Marketplace]:
    """The marketplaces of the seller's Amazon accounts (every known one before the first)."""
    ids: set[str] = set()
    for marketplace_ids in AmazonConnection.objects.for_seller(seller).values_list("marketplace_ids", flat=True):
        ids.update(marketplace_ids or [])
    known = [MARKETPLACES[i] for i in ids if i in MARKETPLACES] or list(MARKETPLACES.values())
    return sorted(known, key=lambda place: place.name)


# -- one order -----------------------------------------------------------------------------------
@dataclass
class OrderTimeline:
    amazon_order_id: str
    orders: list[Order]
    entries: list[LogEntry]

    @property
    def order(self) -> Order:
        return self.orders[0]

    @property
    def marketplace(self) -> Marketplace | None:
        return marketplace(self.order.marketplace_id)


def order_timeline(seller, *, amazon_order_id: str) -> OrderTimeline | None:
    """Every dispatch of one of the seller's orders, every campaign, in time order; None when
    the seller has no such order."""
    amazon_order_id = amazon_order_id.strip()
    orders = list(
        Order.objects.for_seller(seller)
        .filter(amazon_order_id=amazon_order_id)
        .select_related("connection")
        .order_by("purchased_at")
    )
    if not orders:
        return None
    by_pk = {order.pk: order for order in orders}
    dispatches = list(
        Dispatch.objects.for_seller(seller)
        .filter(order_id__in=list(by_pk))
        .select_related("campaign")
        .order_by("scheduled_for", "created_at", "id")
    )
    for dispatch in dispatches:
        dispatch.order = by_pk[dispatch.order_id]
    return OrderTimeline(amazon_order_id, orders, [LogEntry(d) for d in dispatches])
