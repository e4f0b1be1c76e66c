from .models import APIKey

REVOKED_SHOWN = 20


def api_keys(seller) -> list[APIKey]:
    """The seller's keys for the owners' page: the active ones and those stopped (revoked, or
    their creator left the team), newest first; of the stopped, the last REVOKED_SHOWN."""
    keys = APIKey.objects.for_seller(seller).select_related("membership").order_by("-created_at")
    active = list(keys.filter(revoked_at__isnull=True, membership__isnull=False))
    stopped = list(keys.exclude(pk__in=[k.pk for k in active])[:REVOKED_SHOWN])
    return active + stopped
