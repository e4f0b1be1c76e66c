"""One run at a time across every worker: a Redis lock that a second run does not wait for."""

from collections.abc import Iterator
from contextlib import contextmanager

from common.ratelimit import redis_client


@contextmanager
def single_flight(name: str, *, timeout: float, wait: float = 0) -> Iterator[bool]:
    """Hold the lock `name` for the block, and say whether this run got it:

        with single_flight(f"sync-lock:{connection_id}", timeout=...) as ours:
            if not ours:
                return  # another worker is at it

    `timeout` frees the lock of a worker that died holding it; `wait` is how long to queue for
    it (none by default: the run that holds it does the work).
    """
    lock = redis_client().lock(name, timeout=timeout)
    ours = lock.acquire(blocking=True, blocking_timeout=wait) if wait else lock.acquire(blocking=False)
    try:
        yield bool(ours)
    finally:
        if ours:
            lock.release()
