"""Reads that views and tasks share."""

import uuid
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from common import words

from .models import REAUTH_OUR_WORDS, AmazonConnection, Invitation, Membership, Order


def open_invitations_for_email(email: str):
    return Invitation.objects.filter(
        email__iexact=email, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).select_related("seller")


def team_members(seller):
    return Membership.objects.for_seller(seller).select_related("user").order_by("created_at")


def pending_invitations(seller):
    return Invitation.objects.for_seller(seller).filter(status=Invitation.Status.PENDING).select_related("invited_by")


def connections(seller):
    return AmazonConnection.objects.for_seller(seller).exclude(status=AmazonConnection.Status.DISCONNECTED)


def connection_alerts(seller, *, now=None) -> list[dict]:
    """What the seller must act on about their Amazon connections, most urgent first."""
    now = now or timezone.now()
    alerts = []
    for connection in connections(seller):
        if connection.status == AmazonConnection.Status.NEEDS_REAUTH:
            alerts.append({"level": "error", "connection": connection, **reauthorization_words(connection)})
        elif connection.days_until_expiry(now) < 30:
            alerts.append(
                {
                    "level": "warning",
                    "connection": connection,
                    "text": f"The Amazon authorization for {connection} expires on "
                    f"{words.day(connection.expires_at)}. Authorize again to keep it running.",
                }
            )
    return alerts


def reauthorization_words(connection) -> dict:
    """What happened to a connection that needs re-authorization and what to do, in plain words
    (`text`), with what Amazon answered word for word for support (`detail`, empty when the
    reason is ours)."""
    paused = "Syncing and sending are paused for this account until then."
    if connection.status_reason in REAUTH_OUR_WORDS:
        return {"text": f"{connection}: {connection.status_reason} {paused}", "detail": ""}
    return {
        "text": f"Amazon no longer accepts our access to {connection}: the authorization was removed in "
        f"Seller Central, or Amazon ended it. Authorize again to reconnect it. {paused}",
        "detail": connection.status_reason,
    }


ORDERS_PAGE_SIZE = 50


def orders_page(seller, *, query: str = "", after: str = "", page_size: int = ORDERS_PAGE_SIZE):
    """One page of the seller's orders, newest first, by keyset (fast at any depth)."""
    orders = Order.objects.for_seller(seller).select_related("connection").order_by("-purchased_at", "-id")
    query = query.strip()
    if query:
        orders = orders.filter(amazon_order_id__startswith=query)
    if after:
        try:
            moment, _, last_id = after.partition("|")
            moment, last_id = datetime.fromisoformat(moment), uuid.UUID(last_id)
        except ValueError:
            pass  # a mangled cursor shows the first page
        else:
            orders = orders.filter(Q(purchased_at__lt=moment) | Q(purchased_at=moment, id__lt=last_id))
    rows = list(orders[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    next_cursor = f"{rows[-1].purchased_at.isoformat()}|{rows[-1].id}" if has_more and rows else ""
    return rows, next_cursor


def orders_by_amazon_id(seller, amazon_order_ids) -> dict:
    """{amazon order id: Order} for the seller's synced orders among the given ids."""
    return {
        order.amazon_order_id: order
        for order in Order.objects.for_seller(seller)
        .filter(amazon_order_id__in=list(amazon_order_ids))
        .only("id", "amazon_order_id", "buyer_key", "seller_id")
    }
