"""Reads for the message log: one seller's dispatches, in three views, filtered, by keyset, and one order's timeline.

Every read starts from `Dispatch.objects.for_seller(seller)`. The log has three views:
- Sent and Not sent: what ended, newest first, along `dispatch_log_ended` (seller, finished_at
  desc, id desc; only ended dispatches are in it);
- Scheduled: what is still to go out, soonest first, along `dispatch_log_open` (seller,
  scheduled_for, id; only scheduled and sending dispatches are in it).
Pages walk those indexes from a cursor, so a page costs the same at any depth and nothing ever
counts the whole table (the views' counts come from the rollup, insights.counts).
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from django.core import signing
from django.db.models import Q

from campaigns.models import Campaign, Dispatch
from common import words
from sellers.marketplaces import MARKETPLACES, Marketplace, marketplace
from sellers.models import AmazonConnection, Order

LOG_PAGE_SIZE = 50
EXPORT_CHUNK_SIZE = 1000

FORWARD = "next"  # further down the list
BACK = "prev"  # up the list, towards its top
_CURSOR_SALT = "messaging.message_log.cursor"
State = Dispatch.State


# -- views ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LogView:
    """One of the log's views: which states it lists, and by which time, in which order."""

    key: str
    label: str
    states: tuple[str, ...]
    column: str  # the time the view lists by and its date filter reads
    newest_first: bool
    time_label: str  # what the time is, in the view's own words

    def allows(self, state: str) -> bool:
        return state in self.states


SENT = LogView("sent", "Sent", (State.SENT,), "finished_at", True, "Sent")
NOT_SENT = LogView(
    "not-sent",
    "Not sent",
    (State.BLOCKED_OPTOUT, State.BLOCKED_SELLER, State.INELIGIBLE, State.SKIPPED, State.EXPIRED, State.FAILED),
    "finished_at",
    True,
    "Ended",
)
SCHEDULED = LogView("scheduled", "Scheduled", (State.SCHEDULED, State.SENDING), "scheduled_for", False, "Due")
VIEWS = {view.key: view for view in (SENT, NOT_SENT, SCHEDULED)}
# Every message whatever became of it, latest due first: the REST API's log (not a tab of the page).
EVERY_MESSAGE = LogView("all", "All", tuple(State.values), "scheduled_for", True, "Due")
DEFAULT_VIEW = SENT


def view_of_state(state: str) -> LogView | None:
    return next((view for view in VIEWS.values() if view.allows(state)), None)


# -- filters and cursors -------------------------------------------------------------------------
@dataclass(frozen=True)
class LogFilters:
    """What the seller narrowed the view to; empty values mean "any". `start` and `end` bound the
    view's own time (sent, ended or due): from `start`, before `end`."""

    view: LogView = DEFAULT_VIEW
    state: str = ""
    campaign_id: uuid.UUID | None = None
    marketplace_id: str = ""
    start: datetime | None = None
    end: datetime | None = None
    order_id: str = ""  # exact Amazon order id

    @property
    def active(self) -> bool:
        return any([self.state, self.campaign_id, self.marketplace_id, self.start, self.end, self.order_id])


@dataclass(frozen=True)
class Cursor:
    """A position in one view of the log: the row a page continues from, and which way it goes."""

    moment: datetime
    id: uuid.UUID
    direction: str = FORWARD
    view: str = DEFAULT_VIEW.key

    def encode(self) -> str:
        payload = [self.moment.isoformat(), self.id.hex, self.direction, self.view]
        return signing.dumps(payload, salt=_CURSOR_SALT, compress=True)


class InvalidCursor(ValueError):
    pass


DAMAGED = "That page link is damaged or out of date."


def cursor_decode(token: str, *, view: LogView = DEFAULT_VIEW) -> Cursor:
    """The cursor a page link of `view` carries. Raises InvalidCursor for anything we did not sign
    for that view."""
    try:
        moment, row_id, direction, view_key = signing.loads(token, salt=_CURSOR_SALT)
        moment, row_id = datetime.fromisoformat(moment), uuid.UUID(row_id)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidCursor(DAMAGED) from error
    if direction not in (FORWARD, BACK) or moment.tzinfo is None or view_key != view.key:
        raise InvalidCursor(DAMAGED)
    return Cursor(moment, row_id, direction, view_key)


def _cursor_at(dispatch: Dispatch, view: LogView, direction: str) -> str:
    return Cursor(getattr(dispatch, view.column), dispatch.id, direction, view.key).encode()


# -- rows ----------------------------------------------------------------------------------------
def _format(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%d %b %Y, %H:%M}"


def _local(moment: datetime | None, place: Marketplace | None) -> str:
    """A time on the marketplace's clock, with the zone's abbreviation."""
    if moment is None:
        return ""
    return words.moment(moment, on=ZoneInfo(place.time_zone) if place else UTC)


@dataclass
class LogEntry:
    """One dispatch as the log shows it: its time on the viewer's clock (`zone`), and on its
    marketplace's (for the hover)."""

    dispatch: Dispatch
    zone: tzinfo | None = None  # the viewer's; None: the marketplace's
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
    def time(self) -> str:
        """When it ended or is due, on the viewer's clock (the marketplace's when none is given)."""
        if self.zone is None:
            return self.local_time
        return _format(self.at, self.zone)

    @property
    def local_time(self) -> str:
        return _local(self.at, self.marketplace)

    @property
    def marketplace_clock(self) -> str:
        """ "14:15 CET on Amazon.de's clock": the same moment where the buyer is."""
        if self.marketplace is None:
            return ""
        return f"{self.local_time} on {self.marketplace.name}'s clock"

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
    view: LogView
    entries: list[LogEntry]
    next_cursor: str = ""  # link to the page below; empty at the end
    prev_cursor: str = ""  # link to the page above; empty on the first page
    first_page: bool = True


# -- the log -------------------------------------------------------------------------------------
def _filtered(seller, filters: LogFilters):
    view = filters.view
    dispatches = Dispatch.objects.for_seller(seller)
    if filters.state:
        dispatches = dispatches.filter(state=filters.state)
    else:
        dispatches = dispatches.filter(state__in=view.states)
    if view.column == "finished_at":
        # The partial index holds only ended dispatches: say so, so that the planner may use it.
        dispatches = dispatches.filter(finished_at__isnull=False)
    if filters.campaign_id:
        dispatches = dispatches.filter(campaign_id=filters.campaign_id)
    if filters.marketplace_id:
        dispatches = dispatches.filter(order__marketplace_id=filters.marketplace_id)
    if filters.start:
        dispatches = dispatches.filter(**{f"{view.column}__gte": filters.start})
    if filters.end:
        dispatches = dispatches.filter(**{f"{view.column}__lt": filters.end})
    if filters.order_id:
        # Through the seller's orders index (seller, amazon_order_id), then the dispatches by order.
        orders = Order.objects.for_seller(seller).filter(amazon_order_id=filters.order_id).values("id")
        dispatches = dispatches.filter(order_id__in=orders)
    return dispatches


def _descending(view: LogView, direction: str) -> bool:
    return view.newest_first == (direction == FORWARD)


def _in_order(dispatches, view: LogView, direction: str = FORWARD):
    """The rows in the view's order (FORWARD), or in the opposite order (BACK)."""
    column = view.column
    return (
        dispatches.order_by(f"-{column}", "-id") if _descending(view, direction) else dispatches.order_by(column, "id")
    )


def _beyond(dispatches, view: LogView, moment: datetime, row_id: uuid.UUID, direction: str = FORWARD):
    """The rows that come after (moment, id) going `direction`. The plain bound on the time bounds
    the index scan; the OR only settles ties."""
    column = view.column
    if _descending(view, direction):
        return dispatches.filter(**{f"{column}__lte": moment}).filter(
            Q(**{f"{column}__lt": moment}) | Q(**{column: moment, "id__lt": row_id})
        )
    return dispatches.filter(**{f"{column}__gte": moment}).filter(
        Q(**{f"{column}__gt": moment}) | Q(**{column: moment, "id__gt": row_id})
    )


def message_log(
    seller,
    *,
    filters: LogFilters | None = None,
    cursor: Cursor | None = None,
    limit: int = LOG_PAGE_SIZE,
    zone: tzinfo | None = UTC,
) -> LogPage:
    """One page of one view of the seller's log: one query (two when a link up the list reaches
    the top, which then shows the first page). Times are on `zone`'s clock."""
    filters = filters or LogFilters()
    view = filters.view
    dispatches = _filtered(seller, filters).select_related("campaign", "order")
    if cursor is not None and cursor.direction == BACK:
        above = _beyond(dispatches, view, cursor.moment, cursor.id, BACK)
        rows = list(_in_order(above, view, BACK)[: limit + 1])
        if len(rows) > limit:
            rows = rows[:limit][::-1]
            return LogPage(
                view,
                [LogEntry(d, zone) for d in rows],
                next_cursor=_cursor_at(rows[-1], view, FORWARD),
                prev_cursor=_cursor_at(rows[0], view, BACK),
                first_page=False,
            )
        cursor = None  # fewer than a page above: that is the top, shown as the first page
    if cursor is not None:
        dispatches = _beyond(dispatches, view, cursor.moment, cursor.id)
    rows = list(_in_order(dispatches, view)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    page = LogPage(view, [LogEntry(d, zone) for d in rows], first_page=cursor is None)
    if more:
        page.next_cursor = _cursor_at(rows[-1], view, FORWARD)
    if cursor is not None and rows:
        page.prev_cursor = _cursor_at(rows[0], view, BACK)
    return page


def message_log_export(
    seller, *, filters: LogFilters | None = None, chunk_size: int = EXPORT_CHUNK_SIZE
) -> Iterator[LogEntry]:
    """Every dispatch of the view the filters select, in the view's order, read one keyset chunk at a time."""
    filters = filters or LogFilters()
    view = filters.view
    dispatches = _in_order(_filtered(seller, filters).select_related("campaign", "order"), view)
    chunk = list(dispatches[:chunk_size])
    while chunk:
        yield from (LogEntry(d) for d in chunk)
        if len(chunk) < chunk_size:
            return
        last = chunk[-1]
        chunk = list(_beyond(dispatches, view, getattr(last, view.column), last.id)[:chunk_size])


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
