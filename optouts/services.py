"""Business rules for inbound opt-out notices and the seller's inbound address."""

from email import message_from_bytes, policy
from email.utils import parseaddr

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import InboundAddress, InboundMessage, new_inbound_token


class UnknownRecipient(Exception):
    """The address is not ours or its token belongs to no seller."""


def inbound_address_for(seller) -> InboundAddress:
    address, _ = InboundAddress.objects.get_or_create(seller=seller)
    return address


def inbound_address_text(address: InboundAddress) -> str:
    return f"{address.token}@{settings.INBOUND_DOMAIN}"


def inbound_address_rotate(*, seller) -> InboundAddress:
    address = inbound_address_for(seller)
    address.token = new_inbound_token()
    address.rotated_at = timezone.now()
    address.save(update_fields=["token", "rotated_at"])
    return address


def inbound_address_resolve(recipient: str) -> InboundAddress:
    """The inbound address a recipient names; UnknownRecipient for foreign domains and unknown tokens."""
    _, address = parseaddr(recipient)
    local, _, domain = address.rpartition("@")
    if not local or domain.lower() != settings.INBOUND_DOMAIN.lower():
        raise UnknownRecipient(recipient)
    # Tolerate plus-addressing (token+anything@) that forwarding rules sometimes add.
    token = local.split("+", 1)[0].lower()
    found = InboundAddress.objects.select_related("seller").filter(token=token).first()
    if found is None:
        raise UnknownRecipient(recipient)
    return found


def _header(parsed, name: str, limit: int) -> str:
    try:
        value = parsed.get(name)
    except Exception:  # noqa: BLE001 - a broken header must not lose the message
        return ""
    return str(value or "").strip()[:limit]


def inbound_store(*, recipient: str, raw: bytes, source: str, mail_from: str = "") -> tuple[InboundMessage, bool]:
    """Store a raw email for the seller its recipient names, once. Returns (message, created).

    The raw bytes are kept whatever they contain; a message we cannot even read headers from is
    stored and marked malformed, never dropped.
    """
    address = inbound_address_resolve(recipient)
    digest = InboundMessage.digest(raw)
    try:
        parsed = message_from_bytes(raw, policy=policy.default)
        message_id, subject, status = _header(parsed, "Message-ID", 998), _header(parsed, "Subject", 500), None
    except Exception as exc:  # noqa: BLE001
        message_id, subject, status = "", "", f"unreadable headers: {exc}"
    duplicate = InboundMessage.objects.for_seller(address.seller).filter(sha256=digest)
    if message_id:
        duplicate = duplicate | InboundMessage.objects.for_seller(address.seller).filter(message_id=message_id)
    existing = duplicate.first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(
                seller=address.seller,
                source=source,
                recipient=recipient[:320],
                mail_from=mail_from[:320],
                message_id=message_id,
                subject=subject,
                sha256=digest,
                size=len(raw),
                raw=raw,
                status=InboundMessage.Status.MALFORMED if status else InboundMessage.Status.RECEIVED,
                status_reason=status or "",
            )
    except IntegrityError:
        # A concurrent delivery of the same message won the race; it is stored once.
        return duplicate.get(), False
    return message, True
