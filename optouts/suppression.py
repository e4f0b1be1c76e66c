"""Who may not be messaged, and why: the suppression rule, the facts it judges, and the send gate.

Three lists hold the facts: the shared opt-out table (Amazon's word, for every seller), the seller's
own opt-out list and the seller's blocklist (that seller's word, for its own sends only). One pure
function, `why_suppressed`, turns an order's facts and the kind of message into the reason; the
planner's batch (`suppression_reasons_by_seller`) and the send gate (`suppression_reason`) only fetch
the facts.
"""

from django.conf import settings
from django.db import connection as db_connection

from .mirror import BUYER_KEY, mirror
from .models import BlockedBuyer, OptOut, OrderOptOut

# The reasons, as the outbox and the planner record them.
SELLER_BLOCKLIST = "seller_blocklist"
BUYER_OPTED_OUT = "buyer_opted_out"
SELLER_OPTOUT = "seller_optout"


def why_suppressed(*, blocklisted: bool, opted_out: bool, on_own_list: bool, critical: bool) -> str:
    """The suppression rule: "" when the message may go, else why not.

    The seller's blocklist is the seller's word: it stops every kind of message. Amazon's opt-out
    (the shared table) and the seller's own opt-out list stop the non-critical kinds only: Amazon
    lets a critical message (customization, delivery scheduling, an address problem) reach a buyer
    who opted out."""
    if blocklisted:
        return SELLER_BLOCKLIST
    if critical:
        return ""
    if opted_out:
        return BUYER_OPTED_OUT
    return SELLER_OPTOUT if on_own_list else ""


def reason_for_kind(reason: str, *, critical: bool) -> str:
    """A batch verdict (suppression_reasons_by_seller: judged for a non-critical message, the strongest
    fact) judged again for a message of this kind."""
    if not reason:  # nothing against the order, as for most: the planner asks this for every campaign and order
        return ""
    return why_suppressed(
        blocklisted=reason == SELLER_BLOCKLIST,
        opted_out=reason == BUYER_OPTED_OUT,
        on_own_list=reason == SELLER_OPTOUT,
        critical=critical,
    )


# -- the send gate ----------------------------------------------------------------------------
def suppression_reason(*, seller_id, amazon_order_id: str, buyer_key: str = "", critical: bool = False) -> str:
    """The send gate for one order, in one query: "" when the seller may send it this kind of
    message, else why not (why_suppressed)."""
    optouts, order_optouts, blocked = (OptOut._meta.db_table, OrderOptOut._meta.db_table, BlockedBuyer._meta.db_table)
    seller = str(seller_id)
    with db_connection.cursor() as cursor:
        cursor.execute(  # one statement, sent once a send: a thin wrapper and no ORM
            f"SELECT EXISTS (SELECT 1 FROM {blocked} WHERE seller_id = %s AND (amazon_order_id = %s "  # noqa: S608
            "OR (%s <> '' AND buyer_key = %s))), "
            f"%s <> '' AND EXISTS (SELECT 1 FROM {optouts} WHERE buyer_key = %s), "
            f"EXISTS (SELECT 1 FROM {order_optouts} WHERE seller_id = %s AND (amazon_order_id = %s "
            "OR (%s <> '' AND buyer_key = %s)))",
            [
                seller,
                amazon_order_id,
                buyer_key,
                buyer_key,
                buyer_key,
                buyer_key,
                seller,
                amazon_order_id,
                buyer_key,
                buyer_key,
            ],
        )
        blocklisted, opted_out, on_own_list = cursor.fetchone()
    return why_suppressed(blocklisted=blocklisted, opted_out=opted_out, on_own_list=on_own_list, critical=critical)


# -- the planner's batches --------------------------------------------------------------------
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
    """{order pk: reason} for orders of any number of sellers, each judged for a non-critical
    message by the shared table (Amazon's word) and by its own seller's opt-out list and blocklist:
    three queries for the planner's batch (`bulk`: see optedout_keys). A critical kind's verdict is
    reason_for_kind's."""
    orders = list(orders)
    if not orders:
        return {}
    keys = {o.buyer_key for o in orders if o.buyer_key}
    opted_out_keys = optedout_keys(keys, bulk=bulk)
    listed_ids, listed_keys, blocked_ids, blocked_keys = _seller_entries(
        {o.seller_id for o in orders}, {o.amazon_order_id for o in orders}, keys
    )
    reasons = {}
    for order in orders:  # up to hundreds of thousands a pass: plain set lookups
        seller, key = str(order.seller_id), order.buyer_key
        blocklisted = (seller, order.amazon_order_id) in blocked_ids or bool(key) and (seller, key) in blocked_keys
        opted_out = bool(key) and key in opted_out_keys
        on_own_list = (seller, order.amazon_order_id) in listed_ids or bool(key) and (seller, key) in listed_keys
        if blocklisted or opted_out or on_own_list:
            reasons[order.pk] = why_suppressed(
                blocklisted=blocklisted, opted_out=opted_out, on_own_list=on_own_list, critical=False
            )
    return reasons


def _seller_entries(sellers, ids, keys) -> tuple[set, set, set, set]:
    """The sellers' own opt-out entries and blocklist entries matching these orders or buyers, each as
    {(seller id, order id)} and {(seller id, buyer key)}: an entry without a key names its order only."""
    # Lists travel as one comma-joined text split in the database: a 100,000-order batch stays
    # one short statement, cheap to send and to parse.
    sellers, ids, keys = ",".join(str(s) for s in sellers), ",".join(ids), ",".join(keys)
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT seller_id, amazon_order_id, buyer_key FROM {OrderOptOut._meta.db_table} "  # noqa: S608
            "WHERE seller_id = ANY(string_to_array(%s, ',')::uuid[]) "
            "AND (amazon_order_id = ANY(string_to_array(%s, ',')) OR (buyer_key <> '' "
            "AND buyer_key = ANY(string_to_array(%s, ','))))",
            [sellers, ids, keys],
        )
        listed = cursor.fetchall()
        cursor.execute(
            f"SELECT seller_id, amazon_order_id, buyer_key FROM {BlockedBuyer._meta.db_table} "  # noqa: S608
            "WHERE seller_id = ANY(string_to_array(%s, ',')::uuid[]) "
            "AND (amazon_order_id = ANY(string_to_array(%s, ',')) OR buyer_key = ANY(string_to_array(%s, ',')))",
            [sellers, ids, keys],
        )
        blocked = cursor.fetchall()
    return (*_by_order_and_buyer(listed), *_by_order_and_buyer(blocked))


def _by_order_and_buyer(rows) -> tuple[set, set]:
    return (
        {(str(seller_id), order_id) for seller_id, order_id, _ in rows},
        {(str(seller_id), key) for seller_id, _, key in rows if key},
    )
