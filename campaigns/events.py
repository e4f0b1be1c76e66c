"""Signals other apps listen to (campaigns must not import them: dependencies point one way)."""

from django.dispatch import Signal

# Sent after commit when the planner scheduled dispatches: due={connection id: earliest epoch seconds}.
dispatches_planned = Signal()
