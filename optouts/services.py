"""Business rules for inbound opt-out notices and the seller's inbound address."""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db import connection as db_connection
from django.db.models.functions import Coalesce
from django.utils import timezone

from sellers import selectors as seller_selectors
from sellers.buyers import ANONYMIZED_EMAIL, buyer_key
from sellers.models import Seller

from . import parser, signatures, tasks
from .events import blocklist_changed, optout_notice_received
from .mail_text import decode_words
from .mirror import BUYER_KEY, mirror
from .models import (
    GLOBAL_SOURCES,
    BlockedBuyer,
    InboundAddress,
    InboundDailyUsage,
    InboundMessage,
    NoticeOrder,
    OptOut,
    OptOutRemoval,
    OptOutSource,
    OrderOptOut,
    new_inbound_token,
)

logger = logging.getLogger(__name__)


class UnknownRecipient(Exception):
    """The address is not ours or its token belongs to no seller."""


class InboundAllowanceUsed(Exception):
    """The seller's address stored its daily allowance of mail: the sender should retry later."""


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


def _storable(text: str, limit: int) -> str:
    """Text PostgreSQL accepts: no NUL characters, no lone surrogates."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")[:limit]


def _header(parsed, name: str, limit: int) -> str:
    try:
        value = parsed.get(name)
    except Exception:  # noqa: BLE001 - a broken header must not lose the message
        return ""
    if value is None:
        return ""
    try:
        # compat32 leaves encoded words (RFC 2047) as they came; decode them for people to read, with the parser's
        # bounded decoder (email.header.decode_header takes time quadratic in a long header).
        text = decode_words(str(value)[:limit * 4])
    except Exception:  # noqa: BLE001 - an undecodable encoded word is kept as it came
        text = str(value)
    return _storable(text.strip(), limit)


def _head(raw: bytes) -> bytes:
    """The message's header block, from at most its first 64 kB: all that storing reads. The receiver stores every
    message a tenant sends: the body, whatever it holds, is left to the parser and its budget."""
    head = raw[:64 * 1024]
    end = HEADER_END.search(head)
    return head[:end.end()] if end else head


HEADER_END = re.compile(rb"\r?\n\r?\n")


def inbound_store(*, recipient: str, raw: bytes, source: str, mail_from: str = "",
                  address: InboundAddress | None = None, queue: bool = True) -> tuple[InboundMessage, bool]:
    """Store a raw email for the seller its recipient names, once. Returns (message, created).

    The raw bytes are kept whatever they contain; a message we cannot even read headers from is
    stored and marked malformed, never dropped. `address` skips the lookup when the caller has
    just resolved the recipient (the SMTP receiver does at RCPT time); `queue=False` leaves queueing
    the parse to the caller (the receiver queues in batches). A message whose task was never
    queued is picked up by `inbound_process_waiting`, so nothing waits forever.
    """
    address = address or inbound_address_resolve(recipient)
    digest = InboundMessage.digest(raw)
    try:
        # compat32: ten times faster than the default policy, and the receiver does this per message.
        parsed = BytesParser(policy=policy.compat32).parsebytes(_head(raw), headersonly=True)
        message_id, subject, status = _header(parsed, "Message-ID", 998), _header(parsed, "Subject", 500), None
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
            if queue:
                _queue_processing([message.pk])
    except IntegrityError:
        same = models.Q(sha256=digest) | (models.Q(message_id=message_id) if message_id else models.Q(pk__in=[]))
        return InboundMessage.objects.for_seller(address.seller).filter(same).defer("raw").first(), False
    except _NotStored:
        _count_refusal(address.seller)
        raise InboundAllowanceUsed(
            f"{address.seller} stored its daily allowance of inbound mail ({settings.INBOUND_DAILY_MESSAGES} "
            f"messages, {settings.INBOUND_DAILY_BYTES} bytes); retry tomorrow.") from None
    return message, True


class _NotStored(Exception):
    pass


def _take_inbound_allowance(seller, size: int) -> bool:
    """Count one message of `size` bytes against today's allowance, or say it does not fit.

    A conditional update, so concurrent receivers never overshoot; it runs in the storing
    transaction, so a duplicate that is not stored is not counted either.
    """
    today = timezone.now().date()

    def count_it() -> bool:
        return InboundDailyUsage.objects.filter(
            seller=seller, day=today, messages__lt=settings.INBOUND_DAILY_MESSAGES,
            bytes__lte=settings.INBOUND_DAILY_BYTES - size,
        ).update(messages=models.F("messages") + 1, bytes=models.F("bytes") + size) == 1

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


def _queue_processing(message_ids) -> None:
    ids = [str(pk) for pk in message_ids]
    transaction.on_commit(lambda: tasks.process_inbound_messages.delay(ids))


def inbound_queue(message_ids) -> None:
    """Queue parsing of stored messages (one task for the batch)."""
    if message_ids:
        tasks.process_inbound_messages.delay([str(pk) for pk in message_ids])


def inbound_erase_other_mail(*, now=None) -> int:
    """Erase the content of stored mail that was not an opt-out notice once it is older than
    INBOUND_OTHER_MAIL_DAYS: sellers forward whole senders' mail, and what is not a notice is none of
    our business. The envelope, the verdict and the digest stay, so a copy sent again is still
    recognised as one we already have. Returns how many were erased."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.INBOUND_OTHER_MAIL_DAYS)
    return (InboundMessage.objects
            .filter(status=InboundMessage.Status.NOT_A_NOTICE, received_at__lt=cutoff, content_erased_at__isnull=True)
            .update(raw=b"", content_erased_at=now))


def inbound_process_waiting(*, older_than=None, limit: int = 500) -> int:
    """Parse messages still waiting (their task was lost or never queued). Returns how many."""
    cutoff = timezone.now() - (older_than or timedelta(minutes=1))
    done = 0
    for _ in range(limit):
        with transaction.atomic():
            # Claim one row at a time so that concurrent sweeps never take the same message.
            message = (InboundMessage.objects.select_for_update(skip_locked=True)
                       .filter(status=InboundMessage.Status.RECEIVED, received_at__lt=cutoff)
                       .order_by("received_at").first())
            if message is None:
                break
            try:
                with transaction.atomic():
                    inbound_process(message)
            except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others
                InboundMessage.objects.filter(pk=message.pk).update(
                    status=InboundMessage.Status.MALFORMED, status_reason=f"could not be processed: {exc!r}"[:1000])
        done += 1
    return done


def inbound_reread(*, progress=None) -> tuple[int, int]:
    """Parse again the mail kept as not a notice, for a parser that has learned more (a wording,
    mail to confirm). Returns (read, now notices). `progress(done, total)` follows long runs."""
    waiting = (InboundMessage.objects.filter(status=InboundMessage.Status.NOT_A_NOTICE, content_erased_at__isnull=True)
               .order_by("received_at").values_list("pk", flat=True))
    ids, notices = list(waiting), 0
    for done, pk in enumerate(ids, start=1):
        with transaction.atomic():
            message = InboundMessage.objects.select_for_update(skip_locked=True).filter(
                pk=pk, status=InboundMessage.Status.NOT_A_NOTICE).first()
            if message is not None:
                notices += inbound_process(message).status == InboundMessage.Status.PARSED
        if progress is not None:
            progress(done, len(ids))
    return len(ids), notices


# -- the opt-out table ------------------------------------------------------------------------
def optout_record(*, buyer_key: str, source: str, seller=None, order_id: str = "", evidence=None) -> tuple[OptOut, bool]:
    """Add a buyer to the shared table (once; the first learning is kept). Only Amazon's word goes
    there (GLOBAL_SOURCES); what a seller vouches for goes to its own list (seller_optout_record)."""
    if source not in GLOBAL_SOURCES:
        raise ValueError(f"{source} is a seller's word, not Amazon's: it belongs on the seller's own list.")
    return OptOut.objects.get_or_create(
        buyer_key=buyer_key,
        defaults={"source": source, "first_seller": seller, "first_order_id": order_id, "evidence": evidence},
    )


def optout_removal_record(optout: OptOut, *, user=None, reason: str = "") -> OptOutRemoval:
    return OptOutRemoval.objects.create(buyer_key=optout.buyer_key, source=optout.source,
                                        first_learned_at=optout.created_at, removed_by=user, reason=reason[:2000])


@transaction.atomic
def optout_remove(*, optout: OptOut, user, reason: str) -> OptOutRemoval:
    """Staff take a buyer off the shared table (a mistake, a notice shown to be forged), saying who
    and why; the in-memory copies of the table reload on the removal."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why this opt-out is removed: the record keeps it.")
    removal = optout_removal_record(optout, user=user, reason=reason)
    optout._removal_recorded = True  # the post_delete receiver must not record it twice
    optout.delete()
    return removal


def seller_optout_record(*, seller, amazon_order_id: str, source: str, buyer_key: str = "", evidence=None,
                         user=None) -> tuple[OrderOptOut, bool]:
    """Put an order (and, with `buyer_key`, its buyer) on the seller's own opt-out list: it
    suppresses this seller's non-critical messages only."""
    entry, created = OrderOptOut.objects.get_or_create(
        seller=seller, amazon_order_id=amazon_order_id,
        defaults={"source": source, "evidence": evidence, "buyer_key": buyer_key, "created_by": user})
    if not created and buyer_key and not entry.buyer_key:
        entry.buyer_key = buyer_key
        entry.save(update_fields=["buyer_key"])
    return entry, created


def seller_optout_remove(*, entry: OrderOptOut) -> None:
    """The seller takes an entry off its own list (Amazon's word, in the shared table, stays)."""
    entry.delete()


def optedout_keys(keys, *, bulk: bool = False) -> set[str]:
    """Which of these buyer keys are on the global opt-out table.

    `bulk` is for background work over many orders (the planner): a batch of at least
    OPTOUT_MIRROR_MIN_BATCH keys is then answered by the in-memory copy of optouts.mirror, which
    reads the table's newest rows on every call. Anything else, or anything the copy cannot answer,
    is one indexed query, so a web page never waits for the copy to load.
    """
    keys = set(keys)
    if bulk and 0 < settings.OPTOUT_MIRROR_MIN_BATCH <= len(keys):
        found = mirror().optedout(keys)
        if found is not None:
            return found
    keys = {key for key in keys if BUYER_KEY.fullmatch(key)}
    if not keys:
        return set()
    with db_connection.cursor() as cursor:
        # One text parameter split in the database, joined to the primary key: one index probe
        # per key and no per-key quoting on our side, whatever the batch size.
        cursor.execute(
            f"SELECT o.buyer_key FROM unnest(string_to_array(%s, ',')) AS q(key) "  # noqa: S608
            f"JOIN {OptOut._meta.db_table} o ON o.buyer_key = q.key",
            [",".join(keys)],
        )
        return {row[0] for row in cursor.fetchall()}


def suppression_reasons_by_seller(orders, *, bulk: bool = False) -> dict:
    """{order pk: reason} for orders of any number of sellers, each judged by the shared table
    (Amazon's word) and by its own seller's opt-out list and blocklist: three queries for the
    planner's batch (`bulk`: see optedout_keys)."""
    orders = list(orders)
    if not orders:
        return {}
    keys = {o.buyer_key for o in orders if o.buyer_key}
    ids = {o.amazon_order_id for o in orders}
    sellers = {o.seller_id for o in orders}
    opted_out_keys = optedout_keys(keys, bulk=bulk)
    listed, blocked = _seller_suppressions(sellers, ids, keys)
    blocked_ids = {(str(seller_id), order_id) for seller_id, order_id, _ in blocked}
    blocked_keys = {(str(seller_id), key) for seller_id, _, key in blocked if key}
    listed_ids = {(str(seller_id), order_id) for seller_id, order_id, _ in listed}
    listed_keys = {(str(seller_id), key) for seller_id, _, key in listed if key}
    reasons = {}
    for order in orders:
        seller = str(order.seller_id)
        # The blocklist first: it stops every kind of message, the opt-outs only non-critical ones.
        if (seller, order.amazon_order_id) in blocked_ids or (
                order.buyer_key and (seller, order.buyer_key) in blocked_keys):
            reasons[order.pk] = "seller_blocklist"
        elif order.buyer_key and order.buyer_key in opted_out_keys:
            reasons[order.pk] = "buyer_opted_out"
        elif (seller, order.amazon_order_id) in listed_ids or (
                order.buyer_key and (seller, order.buyer_key) in listed_keys):
            reasons[order.pk] = "seller_optout"
    return reasons


def _seller_suppressions(sellers, ids, keys) -> tuple[list, list]:
    """The sellers' own opt-out entries and blocklist entries, each [(seller, order id, key)],
    matching these orders or buyers."""
    # Lists travel as one comma-joined text split in the database: a 100,000-order batch stays
    # one short statement, cheap to send and to parse.
    sellers, ids, keys = ",".join(str(s) for s in sellers), ",".join(ids), ",".join(keys)
    with db_connection.cursor() as cursor:
        cursor.execute(f"SELECT seller_id, amazon_order_id, buyer_key FROM {OrderOptOut._meta.db_table} "  # noqa: S608
                       "WHERE seller_id = ANY(string_to_array(%s, ',')::uuid[]) "
                       "AND (amazon_order_id = ANY(string_to_array(%s, ',')) OR (buyer_key <> '' "
                       "AND buyer_key = ANY(string_to_array(%s, ','))))", [sellers, ids, keys])
        opted_out = cursor.fetchall()
        cursor.execute(f"SELECT seller_id, amazon_order_id, buyer_key FROM {BlockedBuyer._meta.db_table} "  # noqa: S608
                       "WHERE seller_id = ANY(string_to_array(%s, ',')::uuid[]) "
                       "AND (amazon_order_id = ANY(string_to_array(%s, ',')) OR buyer_key = ANY(string_to_array(%s, ',')))",
                       [sellers, ids, keys])
        blocked = cursor.fetchall()
    return opted_out, blocked


def suppression_reason(*, seller_id, amazon_order_id: str, buyer_key: str = "", critical: bool = False) -> str:
    """The send gate for one order, in one query: "" when the seller may send it this kind of
    message, else why not (the reasons of suppression_reasons_by_seller). Amazon's opt-outs let a
    `critical` message through; the seller's own blocklist stops every kind."""
    optouts, order_optouts, blocked = (OptOut._meta.db_table, OrderOptOut._meta.db_table,
                                       BlockedBuyer._meta.db_table)
    seller = str(seller_id)
    with db_connection.cursor() as cursor:
        cursor.execute(  # one statement, sent once a send: a thin wrapper and no ORM
            f"SELECT CASE WHEN EXISTS (SELECT 1 FROM {blocked} WHERE seller_id = %s AND (amazon_order_id = %s "  # noqa: S608
            "OR (%s <> '' AND buyer_key = %s))) THEN 'seller_blocklist' "
            f"WHEN NOT %s AND %s <> '' AND EXISTS (SELECT 1 FROM {optouts} WHERE buyer_key = %s) "
            "THEN 'buyer_opted_out' "
            f"WHEN NOT %s AND EXISTS (SELECT 1 FROM {order_optouts} WHERE seller_id = %s AND (amazon_order_id = %s "
            "OR (%s <> '' AND buyer_key = %s))) THEN 'seller_optout' ELSE '' END",
            [seller, amazon_order_id, buyer_key, buyer_key, critical, buyer_key, buyer_key, critical, seller,
             amazon_order_id, buyer_key, buyer_key])
        return cursor.fetchone()[0]


# -- opt-out notices --------------------------------------------------------------------------
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
        message.status_reason = "Amazon mail confirmed as an opt-out notice by the seller: its wording is not one we know"
        message.confirmed_by, message.confirmed_at = user, timezone.now()
        message.save(update_fields=["status", "status_reason", "confirmed_by", "confirmed_at"])
        _record_notice_orders(message, order_ids)
    notices_resolve(seller=message.seller)
    return message


def _record_notice_orders(message: InboundMessage, order_ids, *, signed=frozenset()) -> None:
    for order_id in order_ids:
        NoticeOrder.objects.get_or_create(seller=message.seller, message=message, amazon_order_id=order_id,
                                          defaults={"amazon_signed": order_id in signed})
    optout_notice_received.send(sender=InboundMessage, message=message, order_ids=list(order_ids))


def _record_notice_buyers(message: InboundMessage, result: parser.ParseResult,
                          signed: signatures.SignedNotice | None) -> None:
    """The buyer a notice names by relay address is opted out now: the alias is the one merchant-fulfilled
    orders carry, so the same key covers the buyer's other orders, synced or not. Only its keyed hash is kept.
    Amazon's signed notice puts the buyer in the shared table; any other, on the forwarding seller's own list."""
    for relay in result.relay_addresses:
        key = buyer_key(relay, ANONYMIZED_EMAIL)
        if signed is not None and relay in signed.relay_addresses:
            optout_record(buyer_key=key, source=OptOutSource.AMAZON_NOTICE, seller=message.seller,
                          order_id=signed.order_ids[0], evidence=message)
        else:
            seller_optout_record(seller=message.seller, amazon_order_id=result.order_ids[0], buyer_key=key,
                                 source=OptOutSource.FORWARDED_NOTICE, evidence=message)


# Pending rows read at a time: a notice's pending orders, or a seller's order opt-outs, are read in chunks of this many.
RESOLVE_CHUNK = 500


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
    pending = (NoticeOrder.objects.for_seller(owner).filter(state=NoticeOrder.State.PENDING)
               .select_related("message")
               .only("id", "seller", "message", "amazon_order_id", "amazon_signed", "state", "resolved_at",
                     "message__id", "message__confirmed_at"))
    resolved = 0
    for notices in _chunks(pending):
        orders = seller_selectors.orders_by_amazon_id(owner, {n.amazon_order_id for n in notices})
        for notice in notices:
            order = orders.get(notice.amazon_order_id)
            if order is None:
                continue
            # What Amazon's signature proved is told apart from what the seller vouched for: only
            # the first goes to the shared table.
            source = notice_source(notice.message, signed=notice.amazon_signed)
            with transaction.atomic():
                if order.buyer_key and source in GLOBAL_SOURCES:
                    optout_record(buyer_key=order.buyer_key, source=source, seller=owner,
                                  order_id=order.amazon_order_id, evidence=notice.message)
                    notice.state = NoticeOrder.State.BUYER
                else:
                    seller_optout_record(seller=owner, amazon_order_id=order.amazon_order_id, source=source,
                                         buyer_key=order.buyer_key, evidence=notice.message)
                    notice.state = NoticeOrder.State.BUYER if order.buyer_key else NoticeOrder.State.ORDER
                notice.resolved_at = timezone.now()
                notice.save(update_fields=["state", "resolved_at"])
            resolved += 1
    return resolved


def optouts_verify_evidence(*, progress=None) -> tuple[int, int]:
    """Opt-outs recorded before signatures were checked (moved to their seller's list on upgrade):
    the stored notice is checked for Amazon's signature now. Signed, the buyer goes back to the
    shared table; not, the entry stays on the seller's list as a forwarded notice. Returns
    (checked, back in the shared table)."""
    waiting = list(OrderOptOut.objects.filter(source=OptOutSource.RECORDED_BEFORE_SIGNATURES)
                   .values_list("pk", flat=True))
    promoted = 0
    for done, pk in enumerate(waiting, start=1):
        entry = OrderOptOut.objects.select_related("seller").filter(pk=pk).first()
        if entry is None:
            continue
        message = (InboundMessage.objects.filter(pk=entry.evidence_id, content_erased_at__isnull=True).first()
                   if entry.evidence_id else None)
        notice = signatures.amazon_signed_notice(bytes(message.raw)) if message else None
        signed = notice is not None and entry.amazon_order_id in notice.order_ids
        with transaction.atomic():
            if signed:
                InboundMessage.objects.filter(pk=message.pk).update(amazon_signed=True)
            if signed and entry.buyer_key:
                optout_record(buyer_key=entry.buyer_key, source=OptOutSource.AMAZON_NOTICE, seller=entry.seller,
                              order_id=entry.amazon_order_id, evidence=message)
                entry.delete()
                promoted += 1
            else:
                entry.source = OptOutSource.AMAZON_NOTICE if signed else OptOutSource.FORWARDED_NOTICE
                entry.save(update_fields=["source"])
        if progress is not None:
            progress(done, len(waiting))
    return len(waiting), promoted


def notice_source(message: InboundMessage, *, signed: bool) -> str:
    """Where an order of a notice goes: named in Amazon's signed notice, the shared table."""
    if message.confirmed_at:
        return OptOutSource.CONFIRMED_NOTICE
    return OptOutSource.AMAZON_NOTICE if signed else OptOutSource.FORWARDED_NOTICE


def _chunks(rows):
    """Lists of at most RESOLVE_CHUNK rows of a queryset, in primary key order, one query each (keyset: no offset,
    and no cursor held open while the rows are acted on)."""
    rows, after, size = rows.order_by("pk"), None, RESOLVE_CHUNK
    while True:
        chunk = list((rows if after is None else rows.filter(pk__gt=after))[:size])
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        after = chunk[-1].pk


def buyer_keys_arrived(*, seller) -> int:
    """Orders that now carry a buyer key: lift their order-level opt-outs and blocks to the buyer.

    A notice can be resolved while an order has no key yet (between the report backfill and the
    step that fetches buyer details); once the key arrives, the buyer joins the global table.
    In chunks like notices_resolve, with the evidence (a notice) read without its raw mail.
    """
    promoted = 0
    entries = (OrderOptOut.objects.for_seller(seller).filter(buyer_key="").select_related("evidence")
               .only("id", "seller", "amazon_order_id", "source", "buyer_key", "evidence", "evidence__id"))
    for chunk in _chunks(entries):
        orders = seller_selectors.orders_by_amazon_id(seller, {entry.amazon_order_id for entry in chunk})
        for entry in chunk:
            order = orders.get(entry.amazon_order_id)
            if order is None or not order.buyer_key:
                continue
            if entry.source in GLOBAL_SOURCES:  # Amazon's word: the buyer joins the shared table
                _, created = optout_record(buyer_key=order.buyer_key, source=entry.source, seller=seller,
                                           order_id=entry.amazon_order_id, evidence=entry.evidence)
                promoted += created
            # The seller's own entry now covers the buyer's other orders here, too.
            entry.buyer_key = order.buyer_key
            entry.save(update_fields=["buyer_key"])
    for chunk in _chunks(BlockedBuyer.objects.for_seller(seller).filter(buyer_key="")):
        orders = seller_selectors.orders_by_amazon_id(seller, {blocked.amazon_order_id for blocked in chunk})
        keyed = []
        for blocked in chunk:
            order = orders.get(blocked.amazon_order_id)
            if order and order.buyer_key:
                blocked.buyer_key = order.buyer_key
                blocked.save(update_fields=["buyer_key"])
                keyed.append(blocked)
        if keyed:
            # The buyer's other orders are blocked too now that we know who the buyer is.
            with transaction.atomic():
                blocklist_lock([seller.pk], shared=False)
                _announce_blocklist(seller, keyed, added=True)
    return promoted


# -- the seller's blocklist -------------------------------------------------------------------
ORDER_ID = re.compile(r"^\d{3}-\d{7}-\d{7}$")


# The first key of the PostgreSQL advisory locks that guard the sellers' blocklists (the second
# is the seller's id, hashed).
BLOCKLIST_LOCK_SPACE = 7401


def blocklist_lock(seller_ids, *, shared: bool) -> None:
    """Hold, until the transaction ends, the sellers' blocklist locks: exclusive to change a
    blocklist, shared to plan from it. A planning pass that read a blocklist then inserts its
    dispatches before an entry added meanwhile can flip them; without the lock the entry's flip
    would miss the pass's rows, and they would show as scheduled until the send gate."""
    ids = sorted({str(seller_id) for seller_id in seller_ids})
    if not ids:
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with db_connection.cursor() as cursor:
        cursor.execute(f"SELECT count({function}(%s, hashtext(s))) FROM unnest(%s::text[]) AS s",  # noqa: S608
                       [BLOCKLIST_LOCK_SPACE, ids])


@transaction.atomic
def blocked_buyer_add(*, seller, amazon_order_id: str, reason: str = "", user=None) -> tuple[BlockedBuyer, bool]:
    """Put an order's buyer on the seller's blocklist: no message of any kind goes to them again,
    and what was scheduled for them is blocked at once (blocklist_changed)."""
    amazon_order_id = amazon_order_id.strip()
    if not ORDER_ID.match(amazon_order_id):
        raise ValidationError({"amazon_order_id": f"{amazon_order_id!r} is not an Amazon order id (like 111-1234567-1234567)."})
    blocklist_lock([seller.pk], shared=False)
    order = seller_selectors.orders_by_amazon_id(seller, [amazon_order_id]).get(amazon_order_id)
    blocked, created = BlockedBuyer.objects.get_or_create(
        seller=seller, amazon_order_id=amazon_order_id,
        defaults={"reason": reason.strip()[:300], "created_by": user, "buyer_key": order.buyer_key if order else ""},
    )
    if created:
        _announce_blocklist(seller, [blocked], added=True)
    return blocked, created


@transaction.atomic
def blocked_buyer_remove(*, blocked: BlockedBuyer) -> None:
    """Take an entry off the blocklist; what Amazon's window still allows is planned again."""
    blocklist_lock([blocked.seller_id], shared=False)
    blocked.delete()
    _announce_blocklist(blocked.seller, [blocked], added=False)


def _announce_blocklist(seller, entries, *, added: bool) -> None:
    blocklist_changed.send(sender=BlockedBuyer, seller=seller, added=added,
                           order_ids=[e.amazon_order_id for e in entries],
                           buyer_keys=[e.buyer_key for e in entries if e.buyer_key])


def optout_add_manual(*, seller, amazon_order_id: str, user=None):
    """A seller records an opt-out it learned of itself (by order id): on its own list, never the
    shared table, which holds only what Amazon signed."""
    amazon_order_id = amazon_order_id.strip()
    if not ORDER_ID.match(amazon_order_id):
        raise ValidationError({"amazon_order_id": f"{amazon_order_id!r} is not an Amazon order id."})
    order = seller_selectors.orders_by_amazon_id(seller, [amazon_order_id]).get(amazon_order_id)
    return seller_optout_record(seller=seller, amazon_order_id=amazon_order_id, source=OptOutSource.MANUAL,
                                buyer_key=order.buyer_key if order else "", user=user)




# -- blocklist CSV ------------------------------------------------------------------------------
CSV_MAX_BYTES = 1024 * 1024
CSV_MAX_ROWS = 5000


@dataclass(frozen=True)
class CsvProblem:
    line: int
    value: str
    reason: str


def blocklist_parse_csv(data: bytes) -> tuple[list[dict], list[CsvProblem]]:
    """Rows to import and a line-by-line report of the rows that cannot be, nothing written.

    Accepts our export (amazon_order_id, reason, ...) or a bare column of order ids, with or
    without a header, comma or semicolon separated, UTF-8 (with or without BOM) or Latin-1.
    """
    import csv
    import io

    if len(data) > CSV_MAX_BYTES:
        return [], [CsvProblem(0, "", f"The file is larger than {CSV_MAX_BYTES // 1024} kB; split it.")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    rows, problems, seen = [], [], set()
    for line_number, fields in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if not any(f.strip() for f in fields):
            continue
        order_id = fields[0].strip()
        if line_number == 1 and not ORDER_ID.match(order_id) and order_id.lower().replace(" ", "_") in ("amazon_order_id", "order_id", "order"):
            continue  # the header
        if not ORDER_ID.match(order_id):
            problems.append(CsvProblem(line_number, order_id[:40], "not an Amazon order id (like 111-1234567-1234567)"))
            continue
        if order_id in seen:
            problems.append(CsvProblem(line_number, order_id, "appears earlier in the file"))
            continue
        seen.add(order_id)
        rows.append({"amazon_order_id": order_id, "reason": (fields[1].strip() if len(fields) > 1 else "")[:300]})
        if len(rows) > CSV_MAX_ROWS:
            return [], [CsvProblem(line_number, "", f"More than {CSV_MAX_ROWS} rows; split the file.")]
    return rows, problems


def blocklist_import(*, seller, rows: list[dict], user=None) -> int:
    """Add the rows (already checked by blocklist_parse_csv); returns how many were new."""
    added = 0
    with transaction.atomic():
        for row in rows:
            _, created = blocked_buyer_add(seller=seller, amazon_order_id=row["amazon_order_id"],
                                           reason=row.get("reason", ""), user=user)
            added += created
    return added
