"""Per-key rate limits: a Redis token bucket per API key (common.ratelimit), shared by every web
process. Past it the API answers 429 with Retry-After."""

import math

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from common.ratelimit import Buckets

from .services import KeyAccess

OPERATION = "request"


def buckets() -> Buckets:
    # Built per request: the settings may change (tests), and a Buckets holds no connection itself.
    return Buckets({OPERATION: (settings.API_RATE_PER_MINUTE / 60.0, settings.API_RATE_BURST)}, prefix="api-ratelimit")


class PerKeyRateLimit(BaseThrottle):
    def __init__(self):
        self.seconds = 0.0

    def allow_request(self, request, view):
        access = request.auth
        if not isinstance(access, KeyAccess):
            return True  # refused anyway (401), or the public schema and docs
        taken = buckets().take(str(access.key.pk), OPERATION)
        self.seconds = taken.wait
        return taken.ok

    def wait(self):
        # A whole second past the bucket's wait: a client that waits Retry-After finds a token
        # there, whatever the rounding of the clocks.
        return math.floor(self.seconds) + 1
