"""Events the opt-outs app announces; higher apps (alerts) subscribe without being imported."""

from django.dispatch import Signal

# Sent when a stored message is parsed as an Amazon opt-out notice, inside the transaction that
# records it: message=InboundMessage, order_ids=[Amazon order ids found in it].
optout_notice_received = Signal()

# Sent when the seller's blocklist gains or loses entries, inside the transaction that changes
# it: seller=Seller, order_ids=[Amazon order ids], buyer_keys=[buyer keys], added=bool.
blocklist_changed = Signal()
