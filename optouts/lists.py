"""Writes to the lists suppression reads: the shared opt-out table, the seller's own opt-out list and the
seller's blocklist (by hand, or from a CSV file), and the moves between them as buyer keys and signatures
come to light."""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection as db_connection
from django.db import transaction

from common.chunks import keyset_chunks
from eventlog import types as event_types
from eventlog.services import record_event
from sellers import selectors as seller_selectors
from sellers.order_ids import is_order_id

from . import signatures
from .events import blocklist_changed
from .models import (
    GLOBAL_SOURCES,
    BlockedBuyer,
    InboundMessage,
    OptOut,
    OptOutRemoval,
    OptOutSource,
    OrderOptOut,
)

# A seller's entries waiting for buyer keys are read this many at a time, so memory stays bounded.
KEYLESS_CHUNK = 500


# -- the shared table -------------------------------------------------------------------------
def optout_record(
    *, buyer_key: str, source: str, seller=None, order_id: str = "", evidence=None
) -> tuple[OptOut, bool]:
    """Add a buyer to the shared table (once; the first learning is kept). Only Amazon's word goes
    there (GLOBAL_SOURCES); what a seller vouches for goes to its own list (seller_optout_record)."""
    if source not in GLOBAL_SOURCES:
        raise ValueError(f"{source} is a seller's word, not Amazon's: it belongs on the seller's own list.")
    return OptOut.objects.get_or_create(
        buyer_key=buyer_key,
        defaults={"source": source, "first_seller": seller, "first_order_id": order_id, "evidence": evidence},
    )


def optout_removal_record(optout: OptOut, *, user=None, reason: str = "") -> OptOutRemoval:
    return OptOutRemoval.objects.create(
        buyer_key=optout.buyer_key,
        source=optout.source,
        first_learned_at=optout.created_at,
        removed_by=user,
        reason=reason[:2000],
    )


@transaction.atomic
def optout_remove(*, optout: OptOut, user, reason: str) -> OptOutRemoval:
    """Staff take a buyer off the shared table (a mistake, a notice shown to be forged), saying who
    and why; the in-memory copies of the table reload on the removal."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why this opt-out is removed: the record keeps it.")
    removal = optout_removal_record(optout, user=user, reason=reason)
    optout._removal_recorded = True  # type: ignore[attr-defined]  # the post_delete receiver must not record it twice
    optout.delete()
    return removal


# -- the seller's own opt-out list ------------------------------------------------------------
def seller_optout_record(
    *, seller, amazon_order_id: str, source: str, buyer_key: str = "", evidence=None, user=None
) -> tuple[OrderOptOut, bool]:
    """Put an order (and, with `buyer_key`, its buyer) on the seller's own opt-out list: it
    suppresses this seller's non-critical messages only."""
    entry, created = OrderOptOut.objects.get_or_create(
        seller=seller,
        amazon_order_id=amazon_order_id,
        defaults={"source": source, "evidence": evidence, "buyer_key": buyer_key, "created_by": user},
    )
    if not created and buyer_key and not entry.buyer_key:
        entry.buyer_key = buyer_key
        entry.save(update_fields=["buyer_key"])
    return entry, created


def seller_optout_remove(*, entry: OrderOptOut) -> None:
    """The seller takes an entry off its own list (Amazon's word, in the shared table, stays)."""
    entry.delete()


@transaction.atomic
def optout_add_manual(*, seller, amazon_order_id: str, user=None):
    """A seller records an opt-out it learned of itself (by order id): on its own list, never the
    shared table, which holds only what Amazon signed."""
    amazon_order_id = amazon_order_id.strip()
    if not is_order_id(amazon_order_id):
        raise ValidationError({"amazon_order_id": f"{amazon_order_id!r} is not an Amazon order id."})
    order = seller_selectors.orders_by_amazon_id(seller, [amazon_order_id]).get(amazon_order_id)
    entry, created = seller_optout_record(
        seller=seller,
        amazon_order_id=amazon_order_id,
        source=OptOutSource.MANUAL,
        buyer_key=order.buyer_key if order else "",
        user=user,
    )
    if created:
        optout_learned_record(seller=seller, amazon_order_id=amazon_order_id, source=OptOutSource.MANUAL, shared=False)
    return entry, created


def optout_learned_record(*, seller, amazon_order_id: str, source: str, shared: bool) -> None:
    """Record, in the caller's transaction, that the seller learned the buyer of this order opted
    out: once per order, however many notices, relay addresses or hands repeat it."""
    record_event(
        seller,
        event_types.OPTOUT_LEARNED,
        {
            "order_id": amazon_order_id,
            "source": str(source),
            "source_label": OptOutSource(source).label,
            # The shared table stops every seller's non-critical messages to the buyer; the
            # seller's own list only this seller's.
            "scope": "shared" if shared else "seller",
        },
        key=amazon_order_id,
    )


# -- the seller's blocklist -------------------------------------------------------------------
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
        cursor.execute(
            f"SELECT count({function}(%s, hashtext(s))) FROM unnest(%s::text[]) AS s",  # noqa: S608
            [BLOCKLIST_LOCK_SPACE, ids],
        )


@transaction.atomic
def blocked_buyer_add(*, seller, amazon_order_id: str, reason: str = "", user=None) -> tuple[BlockedBuyer, bool]:
    """Put an order's buyer on the seller's blocklist: no message of any kind goes to them again,
    and what was scheduled for them is blocked at once (blocklist_changed)."""
    amazon_order_id = amazon_order_id.strip()
    if not is_order_id(amazon_order_id):
        raise ValidationError(
            {"amazon_order_id": f"{amazon_order_id!r} is not an Amazon order id (like 111-1234567-1234567)."}
        )
    blocklist_lock([seller.pk], shared=False)
    order = seller_selectors.orders_by_amazon_id(seller, [amazon_order_id]).get(amazon_order_id)
    blocked, created = BlockedBuyer.objects.get_or_create(
        seller=seller,
        amazon_order_id=amazon_order_id,
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
    blocklist_changed.send(
        sender=BlockedBuyer,
        seller=seller,
        added=added,
        order_ids=[e.amazon_order_id for e in entries],
        buyer_keys=[e.buyer_key for e in entries if e.buyer_key],
    )


# -- the blocklist from a CSV file --------------------------------------------------------------
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
    if len(data) > CSV_MAX_BYTES:
        return [], [CsvProblem(0, "", f"The file is larger than {CSV_MAX_BYTES // 1024} kB; split it.")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    dialect: type[csv.Dialect] = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    rows, problems, seen = [], [], set()
    for line_number, fields in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if not any(f.strip() for f in fields):
            continue
        order_id = fields[0].strip()
        if (
            line_number == 1
            and not is_order_id(order_id)
            and order_id.lower().replace(" ", "_") in ("amazon_order_id", "order_id", "order")
        ):
            continue  # the header
        if not is_order_id(order_id):
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
            _, created = blocked_buyer_add(
                seller=seller, amazon_order_id=row["amazon_order_id"], reason=row.get("reason", ""), user=user
            )
            added += created
    return added


# -- moves between the lists ------------------------------------------------------------------
def buyer_keys_arrived(*, seller) -> int:
    """Orders that now carry a buyer key: lift their order-level opt-outs and blocks to the buyer.

    A notice can be resolved while an order has no key yet (between the report backfill and the
    step that fetches buyer details); once the key arrives, the buyer joins the global table.
    KEYLESS_CHUNK entries at a time, with the evidence (a notice) read without its raw mail.
    """
    promoted = 0
    entries = (
        OrderOptOut.objects.for_seller(seller)
        .filter(buyer_key="")
        .select_related("evidence")
        .only("id", "seller", "amazon_order_id", "source", "buyer_key", "evidence", "evidence__id")
    )
    for chunk in keyset_chunks(entries, size=KEYLESS_CHUNK):
        orders = seller_selectors.orders_by_amazon_id(seller, {entry.amazon_order_id for entry in chunk})
        for entry in chunk:
            order = orders.get(entry.amazon_order_id)
            if order is None or not order.buyer_key:
                continue
            if entry.source in GLOBAL_SOURCES:  # Amazon's word: the buyer joins the shared table
                _, created = optout_record(
                    buyer_key=order.buyer_key,
                    source=entry.source,
                    seller=seller,
                    order_id=entry.amazon_order_id,
                    evidence=entry.evidence,
                )
                promoted += created
            # The seller's own entry now covers the buyer's other orders here, too.
            entry.buyer_key = order.buyer_key
            entry.save(update_fields=["buyer_key"])
    for chunk in keyset_chunks(BlockedBuyer.objects.for_seller(seller).filter(buyer_key=""), size=KEYLESS_CHUNK):
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


def optouts_verify_evidence(*, progress=None) -> tuple[int, int]:
    """Opt-outs recorded before signatures were checked (moved to their seller's list on upgrade):
    the stored notice is checked for Amazon's signature now. Signed, the buyer goes back to the
    shared table; not, the entry stays on the seller's list as a forwarded notice. Returns
    (checked, back in the shared table)."""
    waiting = list(
        OrderOptOut.objects.filter(source=OptOutSource.RECORDED_BEFORE_SIGNATURES).values_list("pk", flat=True)
    )
    promoted = 0
    for done, pk in enumerate(waiting, start=1):
        entry = OrderOptOut.objects.select_related("seller").filter(pk=pk).first()
        if entry is None:
            continue
        message = (
            InboundMessage.objects.filter(pk=entry.evidence_id, content_erased_at__isnull=True).first()
            if entry.evidence_id
            else None
        )
        notice = signatures.amazon_signed_notice(bytes(message.raw)) if message else None
        signed = notice is not None and entry.amazon_order_id in notice.order_ids
        with transaction.atomic():
            if signed and message is not None:
                InboundMessage.objects.filter(pk=message.pk).update(amazon_signed=True)
            if signed and entry.buyer_key:
                optout_record(
                    buyer_key=entry.buyer_key,
                    source=OptOutSource.AMAZON_NOTICE,
                    seller=entry.seller,
                    order_id=entry.amazon_order_id,
                    evidence=message,
                )
                entry.delete()
                promoted += 1
            else:
                entry.source = OptOutSource.AMAZON_NOTICE if signed else OptOutSource.FORWARDED_NOTICE
                entry.save(update_fields=["source"])
        if progress is not None:
            progress(done, len(waiting))
    return len(waiting), promoted
