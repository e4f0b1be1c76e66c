"""The planner's in-memory view of the global opt-out table.

A batch check of 10,000 keys against 10 million rows costs PostgreSQL about 2.4 µs a key in its
best plan, 70-100 ms with our text keys; a sorted array of the keys' first 64 bits answers it in a
few milliseconds (bench/optout_lookup.py). The copy costs 8 bytes a buyer (88 MB for 10 million,
with its bucket index) in each process that plans, and loads in about 4 s; web requests never
load it (optouts.services.optedout_keys, `bulk`). It never decides alone what the database would
answer differently:

- It is loaded from committed rows, and every check also reads, from the caller's own connection,
  the rows created since shortly before that load (REFRESH_MARGIN covers a transaction that took
  its timestamp before the load and committed after it). A buyer added a moment ago is found.
- A removed opt-out is written to OptOutRemoval; when their count differs from the one the copy
  was loaded with, the copy is rebuilt before it answers.
- It is rebuilt at least every OPTOUT_MIRROR_MAX_AGE seconds, which bounds both the rows each
  check re-reads and the life of anything the two rules above could miss (a row written with an
  old timestamp, a removal made by raw SQL).
- The send gate never uses it: each send is checked against the table itself.

Two buyers share a 64-bit prefix with a probability of about 5e-9 per batch of 10,000 keys
against 10 million entries; the error, were it to happen, suppresses a message, never sends one.
"""

import io
import logging
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db import connection as db_connection
from django.db import connections
from django.utils import timezone

from .models import OptOut, OptOutRemoval

logger = logging.getLogger(__name__)

# The keys the service asks about; any other row can match none of them.
BUYER_KEY = re.compile(r"^[0-9a-f]{64}$")
REFRESH_MARGIN = timedelta(minutes=5)
# Past this many rows newer than the copy (a bulk import), re-reading them on every check costs
# more than loading the copy again.
RELOAD_AFTER_NEW_ROWS = 20_000


@dataclass(frozen=True)
class Snapshot:
    prefixes: np.ndarray  # sorted uint64: the first 16 hex digits of every key
    loaded_at: datetime  # the application's clock when the load began
    removals: int  # OptOutRemoval rows the load saw
    bucket_bits: int
    # bucket b's prefixes (those whose top bucket_bits bits are b) are prefixes[starts[b]:starts[b + 1]]
    starts: np.ndarray

    @property
    def size(self) -> int:
        return len(self.prefixes)

    @classmethod
    def build(cls, prefixes: np.ndarray, loaded_at: datetime, removals: int) -> "Snapshot":
        # About 16 keys a bucket: HMAC prefixes are uniform, so no bucket is much fuller.
        bits = min(24, max(1, len(prefixes).bit_length() - 4))
        firsts = np.arange(2 ** bits, dtype=np.uint64) << np.uint64(64 - bits)
        starts = np.append(np.searchsorted(prefixes, firsts), len(prefixes)).astype(np.int64)
        return cls(prefixes, loaded_at, removals, bits, starts)

    def contains(self, queried: np.ndarray) -> np.ndarray:
        """Which of these prefixes the table holds. A plain binary search over 10 million
        prefixes misses the CPU cache at nearly every step; starting from the prefix's bucket
        leaves a few steps within one or two cache lines (1 ms for 10,000 keys instead of 15)."""
        prefixes, last = self.prefixes, len(self.prefixes) - 1
        if last < 0:
            return np.zeros(len(queried), dtype=bool)
        bucket = (queried >> np.uint64(64 - self.bucket_bits)).astype(np.intp)
        low, high = self.starts[bucket], self.starts[bucket + 1]
        # Every query's binary search at once: low ends at the first prefix >= the query (or at
        # the next bucket's first, which cannot equal it).
        while (searching := low < high).any():
            middle = (low + high) >> 1
            below = searching & (prefixes[np.minimum(middle, last)] < queried)
            low = np.where(below, middle + 1, low)
            high = np.where(searching & ~below, middle, high)
        return prefixes[np.minimum(low, last)] == queried


def key_prefixes(keys: list[str]) -> tuple[list[str], np.ndarray]:
    """The well-formed buyer keys (64 lowercase hex digits) among these, and their first 64 bits
    as unsigned integers. Others are on no table."""
    joined = "".join(keys)
    try:
        raw = bytes.fromhex(joined)
    except ValueError:
        raw = b""
    # Decoding all at once settles the usual batch, every key well formed, in one pass; fromhex
    # alone would pass upper case and whitespace.
    if len(raw) != 32 * len(keys) or set(map(len, keys)) != {64} or joined != joined.lower():
        keys = [key for key in keys if BUYER_KEY.fullmatch(key)]
        raw = bytes.fromhex("".join(keys))
    return keys, np.frombuffer(raw, dtype=">u8")[::4].astype(np.uint64)


PREFIX_LINE = re.compile(rb"[0-9a-f]{16}")


def prefixes_of_lines(text: bytes) -> np.ndarray:
    """The 64-bit values of lines of 16 lowercase hex digits. Other lines, from keys that are not
    buyer keys, are left out: no check asks about such a key."""
    rows = text.count(b"\n")
    try:
        raw = bytes.fromhex(text.decode("ascii"))  # skips the newlines
    except (UnicodeDecodeError, ValueError):
        raw = b""
    # One pass settles the usual table, every key well formed; fromhex alone would pass upper
    # case and short lines.
    if not (len(text) == 17 * rows and len(raw) == 8 * rows and text.islower()):
        raw = bytes.fromhex(b"".join(line for line in text.split(b"\n") if PREFIX_LINE.fullmatch(line)).decode())
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64)


class OptOutMirror:
    def __init__(self):
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._snapshot is not None

    @property
    def size(self) -> int:
        return 0 if self._snapshot is None else self._snapshot.size

    def optedout(self, keys: set[str]) -> set[str] | None:
        """Which of these (validated, hex) keys are on the table, as the caller's connection sees
        it; None when the copy cannot tell (the caller asks the table)."""
        snapshot = self._current()
        removals, recent = self._changes_since(snapshot)
        outgrown = (len(recent) > RELOAD_AFTER_NEW_ROWS
                    and timezone.now() - snapshot.loaded_at > REFRESH_MARGIN)  # else a reload reads them again
        if removals != snapshot.removals or outgrown:
            snapshot = self._load()
            removals, recent = self._changes_since(snapshot)
            if removals != snapshot.removals:
                # The caller's own transaction removed an opt-out the load cannot see yet.
                return None
        found = {key for key in recent if key in keys}
        if snapshot.size:
            asked, queried = key_prefixes(list(keys))
            found.update(asked[i] for i in np.flatnonzero(snapshot.contains(queried)).tolist())
        return found

    def clear(self) -> None:
        self._snapshot = None

    def _current(self) -> Snapshot:
        snapshot = self._snapshot
        if snapshot is None or (timezone.now() - snapshot.loaded_at).total_seconds() > settings.OPTOUT_MIRROR_MAX_AGE:
            snapshot = self._load()
        return snapshot

    def _changes_since(self, snapshot: Snapshot) -> tuple[int, set[str]]:
        with db_connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM {OptOutRemoval._meta.db_table}), "  # noqa: S608
                f"array(SELECT buyer_key FROM {OptOut._meta.db_table} WHERE created_at >= %s "
                f"AND buyer_key ~ '{BUYER_KEY.pattern}')",
                [snapshot.loaded_at - REFRESH_MARGIN])
            removals, recent = cursor.fetchone()
        return removals, set(recent)

    def _load(self) -> Snapshot:
        with self._lock:
            started, loaded_at = time.perf_counter(), timezone.now()
            # Its own connection, so the copy holds committed rows only, whatever transaction the
            # caller is in; both reads share one snapshot.
            loader = connections.create_connection("default")
            try:
                loader.set_autocommit(False)
                with loader.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    cursor.execute(f"SELECT count(*) FROM {OptOutRemoval._meta.db_table}")  # noqa: S608
                    removals = cursor.fetchone()[0]
                    lines = io.BytesIO()
                    cursor.copy_expert(
                        f"COPY (SELECT substr(buyer_key, 1, 16) FROM {OptOut._meta.db_table}) TO STDOUT",  # noqa: S608
                        lines)
                loader.rollback()
            finally:
                loader.close()
            prefixes = np.sort(prefixes_of_lines(lines.getvalue()))
            del lines
            self._snapshot = Snapshot.build(prefixes, loaded_at, removals)
            logger.info("opt-out mirror: %d keys loaded in %.1f s", len(prefixes), time.perf_counter() - started)
            return self._snapshot


_mirror = OptOutMirror()


def mirror() -> OptOutMirror:
    return _mirror
