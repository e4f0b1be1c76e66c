"""Mail sellers forward to their inbound address: the address, storing what arrives (within a daily
allowance), reading it as Amazon's opt-out notice, and recording the orders and buyers a notice names.

The receivers (optouts.smtp_receiver for SMTP, optouts.signals for ESP webhooks) store; tasks parse what was
stored (optouts.tasks queues it); what a notice proves is written to the lists by optouts.lists.
"""

import logging
import re
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from common.chunks import keyset_chunks
from sellers import selectors as seller_selectors
from sellers.buyers import ANONYMIZED_EMAIL, buyer_key
from sellers.models import Seller

from . import parser, signatures
from .events import optout_notice_received
from .lists import optout_learned_record, optout_record, seller_optout_record
from .mail_text import header_text
from .models import (
    GLOBAL_SOURCES,
    InboundAddress,
    InboundDailyUsage,
    InboundMessage,
    NoticeOrder,
    OptOutSource,
    new_inbound_token,
)

logger = logging.getLogger(__name__)

# A seller's pending notice orders are read this many at a time, so memory stays bounded.
RESOLVE_CHUNK = 500


class UnknownRecipient(Exception):
    """The address is not ours or its token belongs to no seller."""


class InboundAllowanceUsed(Exception):
    """The seller's address stored its daily allowance of mail: the sender should retry later."""


# -- the seller's address ---------------------------------------------------------------------
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


# -- storing ----------------------------------------------------------------------------------
def inbound_store(
    *, recipient: str, raw: bytes, source: str, mail_from: str = "", address: InboundAddress | None = None
) -> tuple[InboundMessage, bool]:
    """Store a raw email for the seller its recipient names, once. Returns (message, created).

    The raw bytes are kept whatever they contain; a message we cannot even read headers from is
    stored and marked malformed, never dropped. `address` skips the lookup when the caller has
    just resolved the recipient (the SMTP receiver does at RCPT time). Queueing the parse is the
    caller's (optouts.tasks.enqueue_processing); a message whose task was never queued is picked up
    by `inbound_process_waiting`, so nothing waits forever.
    """
    address = address or inbound_address_resolve(recipient)
    digest = InboundMessage.digest(raw)
    try:
        # compat32: ten times faster than the default policy, and the receiver does this per message.
        parsed = BytesParser(policy=policy.compat32).parsebytes(_head(raw), headersonly=True)
        message_id, subject, status = (
            _stored_header(parsed, "Message-ID", 998),
            _stored_header(parsed, "Subject", 500),
            None,
        )
    except Exception as exc:  # noqa: BLE001
        message_id, subject, status = "", "", f"unreadable headers: {exc}"
    try:
        # The unique constraints on content and Message-ID make a duplicate fail here, once.
        with transaction.atomic():
            message = InboundMessage.objects.create(
                seller=address.seller,
                source=source,
                recipient=_storable(recipient, 320),
                mail_from=_storable(mail_from, 320),
                message_id=message_id,
                subject=subject,
                sha256=digest,
                size=len(raw),
                raw=raw,
                status=InboundMessage.Status.MALFORMED if status else InboundMessage.Status.RECEIVED,
                status_reason=status or "",
            )
            # Counted last, so that the seller's usage row stays locked only until the commit
            # that follows: concurrent deliveries to one address queue on it for that long.
            if not _take_inbound_allowance(address.seller, len(raw)):
                raise _NotStored
    except IntegrityError:
        same = models.Q(sha256=digest) | (models.Q(message_id=message_id) if message_id else models.Q(pk__in=[]))
        return InboundMessage.objects.for_seller(address.seller).filter(same).defer("raw").first(), False
    except _NotStored:
        _count_refusal(address.seller)
        raise InboundAllowanceUsed(
            f"{address.seller} stored its daily allowance of inbound mail ({settings.INBOUND_DAILY_MESSAGES} "
            f"messages, {settings.INBOUND_DAILY_BYTES} bytes); retry tomorrow."
        ) from None
    return message, True


class _NotStored(Exception):
    pass


HEADER_END = re.compile(rb"\r?\n\r?\n")


def _head(raw: bytes) -> bytes:
    """The message's header block, from at most its first 64 kB: all that storing reads. The receiver stores every
    message a tenant sends: the body, whatever it holds, is left to the parser and its budget."""
    head = raw[: 64 * 1024]
    end = HEADER_END.search(head)
    return head[: end.end()] if end else head


def _stored_header(parsed, name: str, limit: int) -> str:
    """A header as people read it in the inbound log: its encoded words decoded (compat32 leaves them as they
    came), at most `limit` characters; "" for a header that cannot be read."""
    try:
        # Encoded words are longer than the text they stand for: read up to four times what is kept.
        text = header_text(parsed, name, limit * 4)
    except Exception:  # noqa: BLE001 - a broken header must not lose the message
        return ""
    return _storable(text.strip(), limit)


def _storable(text: str, limit: int) -> str:
    """Text PostgreSQL accepts: no NUL characters, no lone surrogates."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")[:limit]


def _take_inbound_allowance(seller, size: int) -> bool:
    """Count one message of `size` bytes against today's allowance, or say it does not fit.

    A conditional update, so concurrent receivers never overshoot; it runs in the storing
    transaction, so a duplicate that is not stored is not counted either.
    """
    today = timezone.now().date()

    def count_it() -> bool:
        return (
            InboundDailyUsage.objects.filter(
                seller=seller,
                day=today,
                messages__lt=settings.INBOUND_DAILY_MESSAGES,
                bytes__lte=settings.INBOUND_DAILY_BYTES - size,
            ).update(messages=models.F("messages") + 1, bytes=models.F("bytes") + size)
            == 1
        )

    if count_it():  # the day's row exists: one statement
        return True
    InboundDailyUsage.objects.get_or_create(seller=seller, day=today)
    return count_it()


def _count_refusal(seller) -> None:
    InboundDailyUsage.objects.filter(seller=seller, day=timezone.now().date()).update(
        refused=models.F("refused") + 1,
        first_refused_at=Coalesce(models.F("first_refused_at"), models.Value(timezone.now())),
    )
    logger.warning("inbound: %s is over its daily allowance of inbound mail; delivery refused for now", seller.pk)


def inbound_erase_other_mail(*, now=None) -> int:
    """Erase the content of stored mail that was not an opt-out notice once it is older than
    INBOUND_OTHER_MAIL_DAYS: sellers forward whole senders' mail, and what is not a notice is none of
    our business. The envelope, the verdict and the digest stay, so a copy sent again is still
    recognised as one we already have. Returns how many were erased."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.INBOUND_OTHER_MAIL_DAYS)
    return InboundMessage.objects.filter(
        status=InboundMessage.Status.NOT_A_NOTICE, received_at__lt=cutoff, content_erased_at__isnull=True
    ).update(raw=b"", content_erased_at=now)


# -- reading stored mail ----------------------------------------------------------------------
def inbound_process(message: InboundMessage) -> InboundMessage:
    """Parse a stored message; for an opt-out notice, record its orders and the buyer it names by relay address,
    and resolve what it can."""
    raw = bytes(message.raw)
    result = parser.parse(raw)
    # Outside the transaction: the signature's key may take a DNS lookup.
    signed = signatures.amazon_signed_notice(raw) if result.is_optout else None
    with transaction.atomic():
        message.amazon_signed = signed is not None
        if result.is_optout:
            message.status = InboundMessage.Status.PARSED
        elif result.too_complex:
            # Kept as it came (mail that is not a notice is erased after INBOUND_OTHER_MAIL_DAYS): staff can read
            # it, and a parser with a larger budget could.
            message.status = InboundMessage.Status.MALFORMED
        else:
            message.status = InboundMessage.Status.NOT_A_NOTICE
        message.language = result.language or ""
        message.status_reason = result.reason[:1000]
        message.confirmable = result.confirmable
        message.save(update_fields=["status", "language", "status_reason", "confirmable", "amazon_signed"])
        if result.is_optout:
            _record_notice_orders(message, result.order_ids, signed=set(signed.order_ids) if signed else set())
            _record_notice_buyers(message, result, signed)
    if result.is_optout:
        notices_resolve(seller=message.seller)
    return message


def inbound_process_waiting(*, older_than=None, limit: int = 500) -> int:
    """Parse messages still waiting (their task was lost or never queued). Returns how many."""
    cutoff = timezone.now() - (older_than or timedelta(minutes=1))
    done = 0
    for _ in range(limit):
        with transaction.atomic():
            # Claim one row at a time so that concurrent sweeps never take the same message.
            message = (
                InboundMessage.objects.select_for_update(skip_locked=True)
                .filter(status=InboundMessage.Status.RECEIVED, received_at__lt=cutoff)
                .order_by("received_at")
                .first()
            )
            if message is None:
                break
            try:
                with transaction.atomic():
                    inbound_process(message)
            except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others
                InboundMessage.objects.filter(pk=message.pk).update(
                    status=InboundMessage.Status.MALFORMED, status_reason=f"could not be processed: {exc!r}"[:1000]
                )
        done += 1
    return done


def inbound_reread(*, progress=None) -> tuple[int, int]:
    """Parse again the mail kept as not a notice, for a parser that has learned more (a wording,
    mail to confirm). Returns (read, now notices). `progress(done, total)` follows long runs."""
    waiting = (
        InboundMessage.objects.filter(status=InboundMessage.Status.NOT_A_NOTICE, content_erased_at__isnull=True)
        .order_by("received_at")
        .values_list("pk", flat=True)
    )
    ids, notices = list(waiting), 0
    for done, pk in enumerate(ids, start=1):
        with transaction.atomic():
            message = (
                InboundMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=InboundMessage.Status.NOT_A_NOTICE)
                .first()
            )
            if message is not None:
                notices += inbound_process(message).status == InboundMessage.Status.PARSED
        if progress is not None:
            progress(done, len(ids))
    return len(ids), notices


def inbound_confirm_notice(*, message: InboundMessage, user) -> InboundMessage:
    """The seller's word that Amazon mail the parser could not read (a notice in a language whose
    wording we have not seen, forwarded by hand) is an opt-out notice: its orders are recorded as
    a recognised notice's are."""
    with transaction.atomic():
        message = InboundMessage.objects.for_seller(message.seller).select_for_update().get(pk=message.pk)
        if message.status == InboundMessage.Status.PARSED:
            raise ValidationError("This message is already an opt-out notice.")
        if message.status != InboundMessage.Status.NOT_A_NOTICE or not message.confirmable:
            raise ValidationError("Only mail from Amazon about an order can be confirmed as an opt-out notice.")
        if message.content_erased_at is not None:
            raise ValidationError("This message's content was erased, and its order numbers with it.")
        result = parser.parse(bytes(message.raw))
        if result.too_many_orders or result.too_complex:
            raise ValidationError(f"This message cannot be confirmed: {result.reason}.")
        order_ids = result.order_ids
        if not order_ids:
            raise ValidationError("This message names no Amazon order.")
        message.status = InboundMessage.Status.PARSED
        message.status_reason = (
            "Amazon mail confirmed as an opt-out notice by the seller: its wording is not one we know"
        )
        message.confirmed_by, message.confirmed_at = user, timezone.now()
        message.save(update_fields=["status", "status_reason", "confirmed_by", "confirmed_at"])
        _record_notice_orders(message, order_ids)
    notices_resolve(seller=message.seller)
    return message


# -- what a notice names ----------------------------------------------------------------------
def _record_notice_orders(message: InboundMessage, order_ids, *, signed=frozenset()) -> None:
    for order_id in order_ids:
        NoticeOrder.objects.get_or_create(
            seller=message.seller,
            message=message,
            amazon_order_id=order_id,
            defaults={"amazon_signed": order_id in signed},
        )
    optout_notice_received.send(sender=InboundMessage, message=message, order_ids=list(order_ids))


def _record_notice_buyers(
    message: InboundMessage, result: parser.ParseResult, signed: signatures.SignedNotice | None
) -> None:
    """The buyer a notice names by relay address is opted out now: the alias is the one merchant-fulfilled
    orders carry, so the same key covers the buyer's other orders, synced or not. Only its keyed hash is kept.
    Amazon's signed notice puts the buyer in the shared table; any other, on the forwarding seller's own list."""
    for relay in result.relay_addresses:
        key = buyer_key(relay, ANONYMIZED_EMAIL)
        if signed is not None and relay in signed.relay_addresses:
            optout_record(
                buyer_key=key,
                source=OptOutSource.AMAZON_NOTICE,
                seller=message.seller,
                order_id=signed.order_ids[0],
                evidence=message,
            )
            learned = (signed.order_ids[0], OptOutSource.AMAZON_NOTICE, True)
        else:
            seller_optout_record(
                seller=message.seller,
                amazon_order_id=result.order_ids[0],
                buyer_key=key,
                source=OptOutSource.FORWARDED_NOTICE,
                evidence=message,
            )
            learned = (result.order_ids[0], OptOutSource.FORWARDED_NOTICE, False)
        order_id, source, shared = learned
        optout_learned_record(seller=message.seller, amazon_order_id=order_id, source=source, shared=shared)


def notices_resolve(*, seller=None) -> int:
    """Resolve pending notice orders whose order has synced since. Returns how many resolved.

    Seller by seller, RESOLVE_CHUNK pending rows at a time, each with only what deciding needs (the order id and
    whether the seller vouched for the notice): never a notice's raw mail, which once came with every pending row.
    Memory stays bounded whatever is pending (orders that never sync stay pending and are read again each pass).
    """
    if seller is not None:
        return _resolve_pending(seller)
    waiting = NoticeOrder.objects.filter(state=NoticeOrder.State.PENDING).values("seller_id")
    return sum(_resolve_pending(owner) for owner in Seller.objects.filter(pk__in=waiting).order_by("pk"))


def _resolve_pending(owner) -> int:
    pending = (
        NoticeOrder.objects.for_seller(owner)
        .filter(state=NoticeOrder.State.PENDING)
        .select_related("message")
        .only(
            "id",
            "seller",
            "message",
            "amazon_order_id",
            "state",
            "resolved_at",
            "message__id",
            "message__confirmed_at",
            "amazon_signed",
        )
    )
    resolved = 0
    for notices in keyset_chunks(pending, size=RESOLVE_CHUNK):
        orders = seller_selectors.orders_by_amazon_id(owner, {n.amazon_order_id for n in notices})
        for notice in notices:
            order = orders.get(notice.amazon_order_id)
            if order is None:
                continue
            # What Amazon's signature proved is told apart from what the seller vouched for: only
            # the first goes to the shared table.
            source = _notice_source(notice.message, signed=notice.amazon_signed)
            with transaction.atomic():
                if order.buyer_key and source in GLOBAL_SOURCES:
                    optout_record(
                        buyer_key=order.buyer_key,
                        source=source,
                        seller=owner,
                        order_id=order.amazon_order_id,
                        evidence=notice.message,
                    )
                    notice.state = NoticeOrder.State.BUYER
                else:
                    seller_optout_record(
                        seller=owner,
                        amazon_order_id=order.amazon_order_id,
                        source=source,
                        buyer_key=order.buyer_key,
                        evidence=notice.message,
                    )
                    notice.state = NoticeOrder.State.BUYER if order.buyer_key else NoticeOrder.State.ORDER
                notice.resolved_at = timezone.now()
                notice.save(update_fields=["state", "resolved_at"])
                optout_learned_record(
                    seller=owner,
                    amazon_order_id=order.amazon_order_id,
                    source=source,
                    shared=bool(order.buyer_key) and source in GLOBAL_SOURCES,
                )
            resolved += 1
    return resolved


def _notice_source(message: InboundMessage, *, signed: bool) -> str:
    """Where an order of a notice goes: named in Amazon's signed notice, the shared table."""
    """Who vouches for a notice: the seller that confirmed it, Amazon's signature, or only its forwarding."""
    if message.confirmed_at:
        return OptOutSource.CONFIRMED_NOTICE
    return OptOutSource.AMAZON_NOTICE if signed else OptOutSource.FORWARDED_NOTICE
