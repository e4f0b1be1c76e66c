"""The sandbox's clock: Amazon's idea of now.

It is the real clock unless a test or the demo sets it (`POST /_sandbox/clock`); it then runs on
from the moment it was set, at the real pace, or stays there until it is set again (frozen: the
demo moves it from one event to the next, so that the same history comes out every time).
Everything in the sandbox that depends on the time reads it: the orders' lives (a live world),
review windows, reports, feedback, refunds, and the usage plans' token buckets (`monotonic`), so
that moving the clock a minute on gives a minute's worth of quota, as it would at Amazon.
"""

import threading
import time
from datetime import UTC, datetime, timedelta


class SandboxClock:
    def __init__(self):
        self._offset = timedelta(0)
        self._frozen_at: datetime | None = None
        self._lock = threading.Lock()
        self._origin = time.monotonic() - datetime.now(UTC).timestamp()

    def __call__(self) -> datetime:
        frozen = self._frozen_at
        return frozen if frozen is not None else datetime.now(UTC) + self._offset

    def set(self, moment: datetime | None, *, frozen: bool = False) -> datetime:
        """Make it `moment` now (None: the real time again), running on or frozen. Returns the new now."""
        with self._lock:
            self._offset = (moment - datetime.now(UTC)) if moment is not None else timedelta(0)
            self._frozen_at = moment if moment is not None and frozen else None
        return self()

    @property
    def is_real(self) -> bool:
        return self._frozen_at is None and self._offset == timedelta(0)

    @property
    def is_frozen(self) -> bool:
        return self._frozen_at is not None

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back by itself and moves with `set`."""
        frozen = self._frozen_at
        if frozen is not None:
            return self._origin + frozen.timestamp()
        return time.monotonic() + self._offset.total_seconds()
