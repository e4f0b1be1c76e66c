"""Exponential back-off: the one formula behind every retry we schedule or wait through.

Celery's `get_exponential_backoff_interval` is the same formula for whole seconds, but its jitter
draws whole seconds too (a sync waits fractions of one between tries) and is "full", anywhere
from nothing to the whole wait, where ours keeps at least half of it; hence our own.
"""

import random

# 2**20 times any base we use is already past its cap; the limit only keeps a large attempt
# count from overflowing a float.
_MAX_DOUBLINGS = 20


def backoff_seconds(doublings: int, *, base: float, cap: float, jitter: bool = False) -> float:
    """`base` doubled `doublings` times, at most `cap`. With `jitter`, spread over half to one and
    a half times that, so that calls which failed together do not all come back together."""
    delay = min(cap, base * 2 ** min(doublings, _MAX_DOUBLINGS))
    return delay * random.uniform(0.5, 1.5) if jitter else delay
