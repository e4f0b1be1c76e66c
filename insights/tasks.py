"""Thin Celery tasks of insights: load ids, call a service."""
