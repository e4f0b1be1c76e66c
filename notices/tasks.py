"""Thin Celery tasks of notices: load ids, call a service."""
