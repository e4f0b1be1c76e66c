"""Recording events, and keeping the list of which events anybody listens for.

Call `record_event` inside the transaction that makes the event true (the send recorded, the
campaign paused, the opt-out stored). The row commits or rolls back with it; after the commit
`events_recorded` wakes the deliverers. Events of a type no endpoint of the seller subscribes to
are not written: the insert's own EXISTS decides, in the same statement, so recording costs
one statement per call whether or not anybody listens.
"""

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .models import Event, Subscription
from .signals import events_recorded

KEY_LENGTH = 200

_INSERT = """
INSERT INTO {events} (uuid, seller_id, type, key, data, created_at)
SELECT v.uuid, v.seller_id, v.type, v.key, v.data, v.created_at
FROM (VALUES {values}) AS v (uuid, seller_id, type, key, data, created_at)
WHERE EXISTS (SELECT 1 FROM {subscriptions} s WHERE s.seller_id = v.seller_id AND s.type = v.type)
ON CONFLICT (seller_id, type, key) WHERE NOT (key = '') DO NOTHING
RETURNING id
"""
_ROW = "(%s::uuid, %s::uuid, %s, %s, %s::jsonb, %s::timestamptz)"


@dataclass(frozen=True)
class NewEvent:
    seller_id: uuid.UUID | str
    type: str
    data: dict = field(default_factory=dict)
    key: str = ""  # record once per (seller, type, key); empty: every occurrence


def _seller_id(seller) -> str:
    return str(getattr(seller, "pk", seller))


def record_event(seller, type: str, data: dict, *, key: str = "", now: datetime | None = None) -> int:
    """Record one event for `seller` (a Seller or its id) in the current transaction. Returns 1
    if it was written, 0 if nobody listens for it or its key was recorded before."""
    return record_events([NewEvent(_seller_id(seller), type, data, key)], now=now)


def record_events(events: Iterable[NewEvent], *, now: datetime | None = None) -> int:
    """Record many events in one statement (a batch of send outcomes, say). Returns how many
    were written."""
    rows = []
    now = now or timezone.now()
    for event in events:
        data = {"seller_id": str(event.seller_id), **event.data}
        payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
        rows.append((str(uuid.uuid4()), str(event.seller_id), event.type, event.key[:KEY_LENGTH], payload, now))
    if not rows:
        return 0
    sql = _INSERT.format(
        events=Event._meta.db_table,
        subscriptions=Subscription._meta.db_table,
        values=", ".join([_ROW] * len(rows)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
        written = len(cursor.fetchall())
    if written:
        # robust: a receiver that fails (Redis down) must not turn a committed event into an
        # error for the code that caused it; the deliverers' periodic pass finds the row.
        transaction.on_commit(lambda: events_recorded.send(sender=Event, count=written), robust=True)
    return written


def subscriptions_replace(seller, types: Iterable[str]) -> None:
    """The event types some endpoint of `seller` listens for are now exactly `types`. Call it in
    the transaction that changes the seller's endpoints, holding their lock."""
    seller_id, wanted = _seller_id(seller), set(types)
    Subscription.objects.filter(seller_id=seller_id).exclude(type__in=wanted).delete()
    Subscription.objects.bulk_create(
        [Subscription(seller_id=seller_id, type=t) for t in sorted(wanted)], ignore_conflicts=True
    )


def subscribed_types(seller) -> set[str]:
    return set(Subscription.objects.filter(seller_id=_seller_id(seller)).values_list("type", flat=True))
