"""Secrets at rest: a text field encrypted with MultiFernet under FIELD_ENCRYPTION_KEYS.

The first key encrypts; every key decrypts, so a new key is rotated in by putting it first and
`python manage.py rotate_encryption_keys` re-encrypts stored values under it.
"""

import logging
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be comma-separated Fernet keys.") from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("A stored secret cannot be decrypted with FIELD_ENCRYPTION_KEYS.") from exc


def rotate(token: str) -> str:
    return fernet().rotate(token.encode()).decode()


class UndecryptableSecret(str):
    """A stored secret that none of the configured keys opens (a key was dropped too early, say).

    It reads as an empty, falsy string, so code treats the secret as missing and one bad row
    cannot break a page; saving the row writes the ciphertext back untouched, so restoring the
    key later recovers it.
    """

    ciphertext: str

    def __new__(cls, ciphertext: str):
        secret = super().__new__(cls, "")
        secret.ciphertext = ciphertext
        return secret

    def __repr__(self):
        return "<undecryptable secret>"


class EncryptedTextField(models.TextField):
    """Stores ciphertext; Python code only ever sees the plain value."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        try:
            return decrypt(value)
        except ImproperlyConfigured:
            logger.error("A stored %s cannot be decrypted with FIELD_ENCRYPTION_KEYS.", self.model.__name__)
            return UndecryptableSecret(value)

    def get_prep_value(self, value):
        if isinstance(value, UndecryptableSecret):
            return value.ciphertext
        value = super().get_prep_value(value)
        return None if value in (None, "") else encrypt(value)
