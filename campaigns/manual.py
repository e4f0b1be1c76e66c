"""Review requests a seller asks for by hand: the "Request a Review" button on an order and the
bulk action on the orders list (the public API calls the same function).

`request_review_now` puts each order through the gates every campaign's request goes through,
then writes a dispatch the outbox sends like any other, at Amazon's pace:
- the Amazon account is connected;
- Amazon's window (5 to 30 days after the delivery window, campaigns.rules.amazon_window);
- the buyer is on neither the shared opt-out table, nor the seller's own opt-out list, nor its
  blocklist (optouts.suppression, read under the blocklist lock as the planner reads it);
- one review request per order, ever: the `one_review_request_per_order` constraint refuses a
  second whoever asks (a campaign or a member, twice or at once), and a campaign planning later
  sees this one and skips the order.
The dispatches belong to the seller's "Requested by hand" campaign (`Campaign.by_hand`), which is
always active so the outbox sends its dispatches, and never planned, listed or edited. Each
dispatch records who asked (`requested_by`) and through what (`requested_via`). The outbox checks
Amazon's own answer and the opt-outs again right before it sends.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common import words
from optouts.lists import blocklist_lock
from optouts.suppression import SELLER_BLOCKLIST, reason_for_kind
from sellers.models import AmazonConnection, Membership, Order, Role

from . import kinds
from .events import dispatches_planned
from .facts import FactBook
from .models import ALL_DAYS, Campaign, Dispatch
from .rules import NEVER_SHIPS, SHIPPED_STATES, amazon_window, delivery_window

BY_HAND_NAME = "Requested by hand"
# The most orders one request may name (the orders list shows 50 a page).
MAX_ORDERS = 100

# Outcomes
QUEUED = "queued"
REFUSED = "refused"

State = Dispatch.State


@dataclass(frozen=True)
class ManualOutcome:
    """What became of one order of a request by hand, in plain words for the member."""

    order_id: str  # the order's id here (a UUID), or what was asked for when it is not one
    amazon_order_id: str
    outcome: str  # QUEUED or REFUSED
    reason: str  # a code: "" when queued; not_found, account, already_requested, cancelled,
    # not_shipped, window_not_open, window_closed, blocklist, opted_out
    text: str
    dispatch_id: str = ""

    @property
    def queued(self) -> bool:
        return self.outcome == QUEUED


def by_hand_campaign(seller) -> Campaign:
    """The seller's campaign of requests by hand, made the first time one is asked for."""
    campaign, _ = Campaign.objects.get_or_create(
        seller=seller,
        by_hand=True,
        defaults={
            "name": BY_HAND_NAME,
            "kind": kinds.SOLICITATION,
            "state": Campaign.State.ACTIVE,
            # Asked for now by a person: ahead of every campaign when the daily cap binds.
            "priority": 0,
            "trigger": Campaign.Trigger.DELIVERED,
            "delay_minutes": 0,
            "send_days": ALL_DAYS,
            "send_from_hour": 0,
            "send_until_hour": 24,
            "exclude_returned": False,
            "exclude_replaced": False,
            "activated_at": timezone.now(),
        },
    )
    return campaign


def _day(moment: datetime) -> str:
    """'6 Dec 2026', on the reader's calendar (common.words)."""
    return words.day(moment)


def describe_review_request(dispatch: Dispatch) -> str:
    """The order's one review request, as the reason a new one is refused."""
    if dispatch.campaign.by_hand:
        who = f" by {dispatch.requested_by.email}" if dispatch.requested_by else ""
        asked = f"Already requested by hand{who} on {_day(dispatch.created_at)}"
    else:
        asked = f"Campaign “{dispatch.campaign.name}” has this order's review request"
    state = {
        State.SCHEDULED: f"it goes out {_day(dispatch.scheduled_for)}"
        if dispatch.scheduled_for > timezone.now()
        else "it is queued to go out now",
        State.SENDING: "it is being sent now",
        State.SENT: f"Amazon accepted it on {_day(dispatch.finished_at or dispatch.updated_at)}",
        State.BLOCKED_OPTOUT: "it was not sent: the buyer opted out",
        State.BLOCKED_SELLER: "it was not sent: the buyer is on your blocklist",
        State.INELIGIBLE: "Amazon said no to it",
        State.SKIPPED: "it was skipped by the campaign's filters",
        State.EXPIRED: "Amazon's window closed before it went out",
        State.FAILED: "it failed",
    }[State(dispatch.state)]
    return f"{asked} ({state}). Amazon allows one review request per order."


def _window_refusal(order, now: datetime) -> tuple[str, str]:
    """(reason, text) when Amazon's window does not allow a review request now; ("", "") if it does."""
    if order.status in NEVER_SHIPS:
        return "cancelled", "The order was cancelled: Amazon accepts review requests only for delivered orders."
    if order.status not in SHIPPED_STATES:
        return "not_shipped", (
            "The order has not shipped yet. Amazon accepts a review request from 5 days after delivery."
        )
    opens, closes = amazon_window(_SOLICITATION, order)
    estimated = (
        " (by our estimate of the delivery date: Amazon has not given it yet)" if delivery_window(order)[2] else ""
    )
    if now < opens:
        return "window_not_open", (
            f"Too early: Amazon accepts a review request for this order from {_day(opens)}, 5 days after "
            f"delivery{estimated}. Ask again then, or let a campaign do it."
        )
    if now > closes:
        return "window_closed", (
            f"Too late: Amazon accepts review requests until 30 days after delivery, and this order's "
            f"window closed on {_day(closes)}{estimated}."
        )
    return "", ""


class _Solicitation:
    """What amazon_window and FactBook.facts read of a campaign: any campaign's review request."""

    pk = None
    kind_info = kinds.KINDS[kinds.SOLICITATION]
    skip_if_messaged = False


_SOLICITATION = _Solicitation()


def _suppression_refusal(suppression: str) -> tuple[str, str]:
    reason = reason_for_kind(suppression, critical=False)
    if not reason:
        return "", ""
    if reason == SELLER_BLOCKLIST:
        return "blocklist", "The buyer is on your blocklist."
    return "opted_out", "The buyer opted out of messages from sellers, so Amazon's review request may not go out."


def _check_actor(seller, actor) -> None:
    membership = Membership.objects.filter(seller=seller, user=actor).first() if actor is not None else None
    if membership is None or not membership.has_role(Role.MANAGER):
        raise PermissionDenied("Only owners and managers can request reviews.")


# An order's id here is a UUID (36 characters); anything longer is no id, and is cut to this
# before it is echoed back or kept for the results page.
MAX_ID_LENGTH = 64


def _parse_ids(order_ids) -> list[str]:
    """The distinct ids asked for, in their order; at most MAX_ORDERS."""
    asked = list(dict.fromkeys(str(i).strip()[:MAX_ID_LENGTH] for i in order_ids if str(i).strip()))
    if not asked:
        raise ValidationError("Choose at least one order.")
    if len(asked) > MAX_ORDERS:
        raise ValidationError(f"Choose at most {MAX_ORDERS} orders at a time (you chose {len(asked)}).")
    return asked


def _uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def request_review_now(*, seller, order_ids, actor, via: str = "web", now=None) -> list[ManualOutcome]:
    """Ask Amazon for a review of each of the seller's orders (ids here, UUIDs) now, through the
    campaigns' gates; one outcome per distinct id, in the order asked. Queued requests go out
    through the outbox within its round, at Amazon's rate limits.

    Raises PermissionDenied unless `actor` (a user) is an owner or manager of the seller, and
    ValidationError for no ids or more than MAX_ORDERS."""
    _check_actor(seller, actor)
    asked = _parse_ids(order_ids)
    now = now or timezone.now()
    campaign = by_hand_campaign(seller)
    wanted = [pk for pk in (_uuid(i) for i in asked) if pk]
    orders = {str(o.pk): o for o in Order.objects.for_seller(seller).filter(pk__in=wanted).select_related("connection")}
    outcomes, due = [], {}
    with transaction.atomic():
        # As the planner does: an entry added to the blocklist meanwhile waits for these dispatches,
        # then blocks them too.
        blocklist_lock([seller.pk], shared=True)
        book = FactBook(list(orders.values()), buyer_history=False, replacements=False)
        existing = _review_requests(seller, list(orders))
        for text in asked:
            order = orders.get(_uuid(text) or "")
            if order is None:
                outcomes.append(ManualOutcome(text, "", REFUSED, "not_found", "No such order among yours."))
                continue
            outcome = _request_one(campaign, order, book, existing.get(str(order.pk)), actor, via, now)
            if outcome.queued:
                due[str(order.connection_id)] = now.timestamp()
            outcomes.append(outcome)
        if due:
            transaction.on_commit(lambda: dispatches_planned.send_robust(sender=Dispatch, due=due))
    return outcomes


def _review_requests(seller, order_ids) -> dict:
    """{order id: its review request} among these orders."""
    rows = (
        Dispatch.objects.for_seller(seller)
        .filter(order_id__in=order_ids, requests_review=True)
        .select_related("campaign", "requested_by")
    )
    return {str(d.order_id): d for d in rows}


def _refusal(order, reason: str, text: str) -> ManualOutcome:
    return ManualOutcome(str(order.pk), order.amazon_order_id, REFUSED, reason, text)


def _gates(order, book, existing, now) -> ManualOutcome | None:
    """The refusal of the first gate the order does not pass; None when a request may go now."""
    connection = order.connection
    if connection.status != AmazonConnection.Status.ACTIVE:
        what = (
            "is disconnected" if connection.status == AmazonConnection.Status.DISCONNECTED else "needs re-authorization"
        )
        return _refusal(order, "account", f"The Amazon account {connection} {what}; nothing can be sent from it now.")
    if existing is not None:
        return _refusal(order, "already_requested", describe_review_request(existing))
    for reason, text in (
        _window_refusal(order, now),
        _suppression_refusal(book.facts(_SOLICITATION, order).suppression),
    ):
        if reason:
            return _refusal(order, reason, text)
    return None


def review_request_refusal(*, seller, order: Order, now=None) -> ManualOutcome | None:
    """Why a request by hand for this order would be refused now; None when it would be queued.
    Writes nothing (the order page shows it next to the button); request_review_now decides."""
    book = FactBook([order], buyer_history=False, replacements=False)
    existing = _review_requests(seller, [order.pk]).get(str(order.pk))
    return _gates(order, book, existing, now or timezone.now())


def _request_one(campaign, order, book, existing, actor, via, now) -> ManualOutcome:
    refused = _gates(order, book, existing, now)
    if refused is not None:
        return refused
    closes = amazon_window(_SOLICITATION, order)[1]
    dispatch = Dispatch(
        seller_id=order.seller_id,
        campaign=campaign,
        order=order,
        connection_id=order.connection_id,
        kind=kinds.SOLICITATION,
        requests_review=True,
        priority=campaign.priority,
        scheduled_for=now,
        expires_at=closes,
        requested_by=actor,
        requested_via=via[:16],
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction.atomic():  # a savepoint: the rest of the request goes on
            dispatch.save(force_insert=True)
    except IntegrityError:
        # Another request (a double click, a second member, a campaign's planner) got there first.
        winner = _review_requests(campaign.seller_id, [order.pk]).get(str(order.pk))
        text = describe_review_request(winner) if winner else "A review request for this order was just made."
        return _refusal(order, "already_requested", text)
    return ManualOutcome(
        str(order.pk),
        order.amazon_order_id,
        QUEUED,
        "",
        "Queued: it goes to Amazon within a minute, at Amazon's pace.",
        str(dispatch.pk),
    )
