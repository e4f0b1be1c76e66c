"""Events the sellers app announces; higher apps (opt-outs, campaigns) subscribe without being imported."""

from django.dispatch import Signal

# Sent after a sync wrote orders: sender=AmazonConnection class, connection=..., written=int,
# order_ids=[pks of the orders inserted or changed].
orders_synced = Signal()

# Sent when a transaction that wrote orders commits, once per written batch, so that nothing a
# sync wrote is missed even if the sync stops later: connection=..., order_ids=[pks].
orders_written = Signal()

# Sent when a connection moves to "needs re-authorization" (not on every repeat while it stays
# there), inside the transaction that moved it: connection=..., reason=str.
reauthorization_needed = Signal()
