"""Strict readers for settings that come from the environment.

Each reader refuses a malformed value with a message naming the variable, so a
misconfigured deployment stops at start-up instead of misbehaving later.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_MISSING = object()


def _raw(name: str) -> str | None:
    """The variable's value, or the contents of the file named by NAME_FILE."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name} cannot be read: {exc}") from exc
    return os.environ.get(name)


def env_str(name: str, default=_MISSING, *, required: bool = False) -> str:
    value = _raw(name)
    if value is None or (required and value == ""):
        if required or default is _MISSING:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: list[str] | None = None, *, required: bool = False) -> list[str]:
    value = _raw(name)
    if value is None or value.strip() == "":
        if required:
            raise ImproperlyConfigured(f"Set the {name} environment variable (comma-separated).")
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]
