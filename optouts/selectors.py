from email import message_from_bytes, policy

from django.db.models import Q
from django.utils import timezone

from sellers.models import Order

from . import parser
from .models import BlockedBuyer, InboundDailyUsage, InboundMessage, OptOut, OrderOptOut


def inbound_messages(seller, *, limit: int = 50):
    return InboundMessage.objects.for_seller(seller).defer("raw").order_by("-received_at")[:limit]


def first_inbound_message(seller):
    return InboundMessage.objects.for_seller(seller).defer("raw").order_by("received_at").first()


def inbound_refusals_today(seller) -> InboundDailyUsage | None:
    """Today's usage of the inbound allowance when mail was refused because it was used up."""
    return InboundDailyUsage.objects.for_seller(seller).filter(day=timezone.now().date(), refused__gt=0).first()


def inbound_message_text(message: InboundMessage, limit: int = 20000) -> str:
    """The readable text of a stored email (for the seller to read, e.g. a forwarding code)."""
    try:
        parsed = message_from_bytes(bytes(message.raw), policy=policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body else ""
    except Exception as exc:  # noqa: BLE001 - show what we can of a broken message
        text = f"(this message could not be decoded: {exc})"
    return text[:limit]


def opted_out_orders(seller, *, limit: int = 100, after: tuple | None = None) -> list[dict]:
    """The seller's orders whose buyer Amazon says opted out (the shared table), with how we know,
    newest purchase first; `after` (purchased_at, order pk) continues from an earlier page's last.

    An entry Amazon's signed notice put there through another seller shows only as that: who and
    how stays private to them, and it is Amazon's word, never another seller's."""
    orders = Order.objects.for_seller(seller).filter(buyer_key__in=OptOut.objects.values("buyer_key"))
    if after is not None:
        moment, last_pk = after
        orders = orders.filter(Q(purchased_at__lt=moment) | Q(purchased_at=moment, pk__lt=last_pk))
    by_buyer = orders.only("id", "amazon_order_id", "purchased_at", "buyer_key").order_by("-purchased_at", "-id")[
        :limit
    ]
    entries = {e.buyer_key: e for e in OptOut.objects.filter(buyer_key__in=[o.buyer_key for o in by_buyer])}
    return [
        {
            "order_id": o.amazon_order_id,
            "order_pk": o.pk,
            "source": entries[o.buyer_key].get_source_display(),
            "learned_here": entries[o.buyer_key].first_seller_id == seller.pk,
            "since": entries[o.buyer_key].created_at,
            "purchased_at": o.purchased_at,
        }
        for o in by_buyer
    ]


def own_optouts(seller, *, limit: int = 200):
    """The seller's own opt-out list: what it vouched for, newest first, with who added it."""
    return own_optout_entries(seller)[:limit]


def own_optout_entries(seller):
    """own_optouts unsliced, for pages by keyset (created_at, id)."""
    return (
        OrderOptOut.objects.for_seller(seller)
        .select_related("created_by")
        .defer("evidence")
        .order_by("-created_at", "-id")
    )


def blocklist(seller):
    return BlockedBuyer.objects.for_seller(seller).select_related("created_by")


def notice_orders(message):
    return message.notice_orders.order_by("amazon_order_id")


def confirmable_order_ids(message: InboundMessage) -> list[str]:
    """The order ids of Amazon mail the seller may confirm as an opt-out notice; [] for any other."""
    if (
        not message.confirmable
        or message.status != InboundMessage.Status.NOT_A_NOTICE
        or message.content_erased_at is not None
    ):
        return []
    return parser.parse(bytes(message.raw)).order_ids
