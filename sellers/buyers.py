"""Buyer identity as we keep it: a keyed hash of the strongest stable identifier Amazon gives.

The key is an HMAC-SHA256 under BUYER_KEY_SECRET, so the shared opt-out table can match the same
buyer across tenants without anyone (us included) holding or recovering the identifier itself.
"""

import hashlib
import hmac

from django.conf import settings

ANONYMIZED_EMAIL = "anonymized_email"


def buyer_key(identifier: str, kind: str = ANONYMIZED_EMAIL) -> str:
    normalized = f"{kind}:{identifier.strip().lower()}"
    return hmac.new(settings.BUYER_KEY_SECRET.encode(), normalized.encode(), hashlib.sha256).hexdigest()
