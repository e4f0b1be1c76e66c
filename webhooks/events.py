"""Signals of the webhooks app, so that its services need not import its tasks."""

from django.dispatch import Signal

# Sent after the commit that disabled an endpoint for failing: endpoint_id=str.
endpoint_disabled = Signal()
