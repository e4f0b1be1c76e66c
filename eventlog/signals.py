"""What the event log tells the apps above it (webhooks), without importing them."""

from django.dispatch import Signal

# Sent after a transaction that recorded events commits (once per recording call): nothing else.
events_recorded = Signal()
