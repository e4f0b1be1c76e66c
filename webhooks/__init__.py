"""Outgoing webhooks: sellers' endpoints, and the delivery of the event log's events to them."""
