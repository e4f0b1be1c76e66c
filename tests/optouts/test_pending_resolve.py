"""Pending notice orders resolve in bounded chunks, without loading a notice's raw mail (issue 16, finding 3).

A notice's raw mail once came with every pending row: a 0.24 MB notice naming 2,000 orders that never sync took
493 MB to resolve, and the periodic pass over every seller more.
"""

import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from optouts import inbound_mail, lists
from optouts.models import BlockedBuyer, InboundMessage, NoticeOrder, OptOut, OrderOptOut
from sellers.buyers import buyer_key

from ..factories import InboundMessageFactory, OrderFactory, SellerFactory

RAW_COLUMN = '"optouts_inboundmessage"."raw"'


def stored_notice(seller, *, raw_bytes=2048, confirmed=False, signed=True) -> InboundMessage:
    raw = f"Subject: opt-out notice {InboundMessage.objects.count()}\r\n\r\n".encode() + b"x" * raw_bytes
    return InboundMessageFactory(
        seller=seller,
        raw=raw,
        status=InboundMessage.Status.PARSED,
        amazon_signed=signed and not confirmed,
        confirmed_at=timezone.now() if confirmed else None,
    )


def pending(seller, message, order_ids):
    NoticeOrder.objects.bulk_create(
        [
            NoticeOrder(seller=seller, message=message, amazon_order_id=order_id, amazon_signed=message.amazon_signed)
            for order_id in order_ids
        ]
    )


def synced(seller, order_id, *, keyed=True):
    key = buyer_key(f"buyer-{order_id}@marketplace.amazon.com") if keyed else ""
    return OrderFactory(
        seller=seller, amazon_order_id=order_id, buyer_key=key, buyer_key_kind="anonymized_email" if keyed else ""
    )


def order_id(n: int) -> str:
    return f"305-{n:07d}-2222222"


def raw_reads(queries) -> list[str]:
    return [query["sql"] for query in queries if RAW_COLUMN in query["sql"]]


@pytest.mark.parametrize("one_seller", [True, False], ids=["after-a-sync", "periodic-pass"])
def test_resolving_never_reads_raw_mail_and_keeps_states_and_sources(db, one_seller):
    seller, other = SellerFactory(), SellerFactory()
    notice, vouched = stored_notice(seller), stored_notice(seller, confirmed=True)
    pending(seller, notice, [order_id(1), order_id(2), order_id(3)])
    pending(seller, vouched, [order_id(4)])
    pending(other, stored_notice(other), [order_id(5)])
    keyed, unkeyed, by_seller = (
        synced(seller, order_id(1)),
        synced(seller, order_id(2), keyed=False),
        synced(seller, order_id(4)),
    )
    elsewhere = synced(other, order_id(5))

    with CaptureQueriesContext(connection) as queries:
        resolved = inbound_mail.notices_resolve(seller=seller) if one_seller else inbound_mail.notices_resolve()

    assert raw_reads(queries.captured_queries) == []
    assert resolved == (3 if one_seller else 4)
    states = dict(NoticeOrder.objects.values_list("amazon_order_id", "state"))
    assert states == {
        order_id(1): "buyer",
        order_id(2): "order",
        order_id(3): "pending",
        order_id(4): "buyer",
        order_id(5): "pending" if one_seller else "buyer",
    }
    assert OptOut.objects.get(buyer_key=keyed.buyer_key).source == "amazon_notice"
    assert OptOut.objects.get(buyer_key=keyed.buyer_key).evidence == notice
    assert not OptOut.objects.filter(buyer_key=by_seller.buyer_key).exists()  # the seller's word stays its own
    assert OrderOptOut.objects.get(buyer_key=by_seller.buyer_key).source == "confirmed_notice"
    assert OrderOptOut.objects.get(amazon_order_id=unkeyed.amazon_order_id).source == "amazon_notice"
    assert OptOut.objects.filter(buyer_key=elsewhere.buyer_key).exists() is not one_seller


def test_pending_rows_are_read_in_chunks(db, monkeypatch):
    monkeypatch.setattr(inbound_mail, "RESOLVE_CHUNK", 3)
    seller = SellerFactory()
    pending(seller, stored_notice(seller), [order_id(n) for n in range(10)])
    for n in range(0, 10, 2):
        synced(seller, order_id(n))

    with CaptureQueriesContext(connection) as queries:
        resolved = inbound_mail.notices_resolve()

    reads = [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "optouts_noticeorder" INNER JOIN "optouts_inboundmessage"' in query["sql"]
    ]
    assert all("LIMIT 3" in sql for sql in reads) and len(reads) == 4  # 3 + 3 + 3 + 1
    assert resolved == 5
    assert NoticeOrder.objects.filter(state="pending").count() == 5


def test_memory_stays_bounded_whatever_the_size_of_the_notice(db):
    """100 pending rows of a 1 MB notice: the raw mail once came with each, 100 MB; now none of it."""
    seller = SellerFactory()
    pending(seller, stored_notice(seller, raw_bytes=1024 * 1024), [order_id(n) for n in range(100)])

    tracemalloc.start()
    try:
        inbound_mail.notices_resolve()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 10 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"


def test_keys_arriving_lift_order_opt_outs_without_reading_raw_mail(db, monkeypatch):
    monkeypatch.setattr(lists, "KEYLESS_CHUNK", 2)
    seller = SellerFactory()
    notice = stored_notice(seller, raw_bytes=64 * 1024)
    for n in range(5):
        OrderOptOut.objects.create(seller=seller, amazon_order_id=order_id(n), source="amazon_notice", evidence=notice)
        BlockedBuyer.objects.create(seller=seller, amazon_order_id=order_id(10 + n))
        synced(seller, order_id(n))
        synced(seller, order_id(10 + n))

    with CaptureQueriesContext(connection) as queries:
        promoted = lists.buyer_keys_arrived(seller=seller)

    assert raw_reads(queries.captured_queries) == []
    assert promoted == 5
    assert set(OptOut.objects.values_list("evidence", flat=True)) == {notice.pk}
    assert not BlockedBuyer.objects.filter(buyer_key="").exists()
