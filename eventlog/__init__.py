"""The event log (an outbox of what happened to each seller): see models.py and services.py."""
