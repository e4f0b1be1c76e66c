"""Events the opt-outs app announces; higher apps (notices) subscribe without being imported."""

from django.dispatch import Signal

# Sent when a stored message is parsed as an Amazon opt-out notice, inside the transaction that
# records it: message=InboundMessage, order_ids=[Amazon order ids found in it].
optout_notice_received = Signal()
