from email import message_from_bytes, policy

from .models import InboundMessage


def inbound_messages(seller, *, limit: int = 50):
    return InboundMessage.objects.for_seller(seller).defer("raw").order_by("-received_at")[:limit]


def first_inbound_message(seller):
    return InboundMessage.objects.for_seller(seller).defer("raw").order_by("received_at").first()


def inbound_message_text(message: InboundMessage, limit: int = 20000) -> str:
    """The readable text of a stored email (for the seller to read, e.g. a forwarding code)."""
    try:
        parsed = message_from_bytes(bytes(message.raw), policy=policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body else ""
    except Exception as exc:  # noqa: BLE001 - show what we can of a broken message
        text = f"(this message could not be decoded: {exc})"
    return text[:limit]
