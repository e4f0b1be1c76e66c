"""Signals other apps listen to (campaigns must not import them: dependencies point one way)."""

from django.dispatch import Signal

# Sent after commit when the planner scheduled dispatches: due={connection id: earliest epoch seconds}.
dispatches_planned = Signal()

# Sent when a policy check paused an active campaign because its text now breaks a rule of
# Amazon's guidelines, inside the transaction that paused it: campaign=..., findings=[{"language",
# "rule", "line", "text", "message"}] (plain JSON).
campaign_paused_by_policy = Signal()
