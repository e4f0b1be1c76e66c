"""API keys: creating one (shown once), revoking it, and knowing what a presented key may do.

A key reads `fh_<prefix>_<secret>`. The prefix (12 hex characters) finds its row; the row holds
the SHA-256 of the whole key, compared in constant time. A key is 256 random bits, so a fast hash
is enough: there is nothing to guess that a slow hash would protect.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from sellers.models import ROLE_RANK, Membership, Role, Seller

from .models import APIKey

KEY_PREFIX = "fh_"
PREFIX_LENGTH = 12
# A longer Authorization value is refused unread.
MAX_KEY_LENGTH = 100
# Keys a seller may have active at once: each has its own rate limit.
MAX_ACTIVE_KEYS = 20
# last_used_at is written at most this often per key, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class KeyRefused(Exception):
    """The presented key opens nothing; the message says why in words its holder can act on."""


@dataclass(frozen=True)
class KeyAccess:
    """What a request made with a key may do: act for `seller`, with at most `role`."""

    key: APIKey
    seller: Seller
    membership: Membership
    role: str

    def has_role(self, needed: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(needed)]


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_create(*, membership: Membership, name: str, scope: str) -> tuple[APIKey, str]:
    """Create a key for the membership's seller; returns the row and the key, which is never
    stored and cannot be shown again. Only owners create keys."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the key after what will use it, for example “Helpdesk sync”."})
    if scope not in APIKey.Scope.values:
        raise ValidationError({"scope": "Choose read, or read and write."})
    if membership.role != Role.OWNER:
        raise ValidationError("Only owners can create API keys.")
    seller = membership.seller
    if active_keys(seller).count() >= MAX_ACTIVE_KEYS:
        raise ValidationError(f"A seller can have {MAX_ACTIVE_KEYS} active keys; revoke one you no longer use first.")
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    row = APIKey.objects.create(
        seller=seller,
        name=name[:100],
        scope=scope,
        prefix=prefix,
        digest=_digest(key),
        membership=membership,
        created_by_email=membership.user.email,
    )
    return row, key


def api_key_revoke(*, key: APIKey, user) -> APIKey:
    """Stop a key at once; the row stays, so the page can say when and by whom."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by_email = user.email
        key.save(update_fields=["revoked_at", "revoked_by_email"])
    return key


def active_keys(seller):
    return APIKey.objects.for_seller(seller).filter(revoked_at__isnull=True, membership__isnull=False)


def _prefix_of(presented: str) -> str | None:
    if len(presented) > MAX_KEY_LENGTH or not presented.startswith(KEY_PREFIX):
        return None
    prefix, separator, secret = presented[len(KEY_PREFIX) :].partition("_")
    if len(prefix) != PREFIX_LENGTH or not separator or not secret:
        return None
    return prefix


def api_key_authenticate(presented: str, *, now=None) -> KeyAccess:
    """The access a presented key gives, or KeyRefused saying why it gives none."""
    prefix = _prefix_of(presented)
    row = APIKey.objects.select_related("seller", "membership__user").filter(prefix=prefix).first() if prefix else None
    # compare_digest on a stand-in when there is no row, so an unknown key costs what a wrong one does.
    expected = row.digest if row else _digest("")
    if not hmac.compare_digest(expected, _digest(presented)) or row is None:
        raise KeyRefused("This API key is not valid. Check that it was copied whole.")
    if row.revoked_at is not None:
        raise KeyRefused(f"This API key was revoked on {row.revoked_at:%Y-%m-%d}. An owner can create a new one.")
    if row.membership is None:
        raise KeyRefused(
            "This API key stopped working when the team member who created it left the team. "
            "An owner can create a new one."
        )
    _touch(row, now or timezone.now())
    cap = APIKey.SCOPE_ROLES[APIKey.Scope(row.scope)]
    role = min(cap, Role(row.membership.role), key=lambda r: ROLE_RANK[Role(r)])
    return KeyAccess(key=row, seller=row.seller, membership=row.membership, role=role)


def _touch(row: APIKey, now) -> None:
    """Record the use, at most once per LAST_USED_RESOLUTION: a burst of requests writes once, and
    of two requests racing only one UPDATE matches."""
    if row.last_used_at is not None and now - row.last_used_at < LAST_USED_RESOLUTION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    if APIKey.objects.filter(stale, pk=row.pk).update(last_used_at=now):
        row.last_used_at = now
