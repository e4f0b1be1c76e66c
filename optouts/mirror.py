"""The planner's in-memory view of the global opt-out table.

A batch check of 10,000 keys against 10 million rows costs PostgreSQL about 2.4 µs a key in its
best plan, 70-100 ms with our text keys; a sorted array of the keys' first 64 bits answers it in a
few milliseconds (bench/optout_lookup.py). The copy costs 8 bytes a buyer (88 MB for 10 million,
with its bucket index) in each process that plans, and loads in about 4 s; web requests never
load it (optouts.suppression.optedout_keys, `bulk`). It never answers differently from the table as
the caller's connection sees it:

- It holds the rows committed when it was loaded. Every check also reads, on the caller's own
  connection, the rows recorded since the oldest transaction that was open just before the load
  began: whatever the load could not see. `recorded_at` is the inserting statement's start on the
  database's clock, never before its transaction's, so neither the application's clocks nor a long
  transaction can hide a row. When pg_stat_activity hides another role's sessions, the copy cannot
  know what it missed, and the table answers.
- A removed opt-out is written to OptOutRemoval; when their count or newest id differs from the
  copy's, the copy is rebuilt before it answers, or, when it is seconds old, the table answers.
- It is rebuilt at least every OPTOUT_MIRROR_MAX_AGE seconds and when more than
  RELOAD_AFTER_NEW_ROWS rows arrived since, which bounds what each check re-reads and the life of
  anything written around the service (raw SQL with an old recorded_at).
- When it cannot load, the table answers. The send gate never uses it: each send is checked
  against the table itself.

Two buyers share a 64-bit prefix with a probability of about 5e-9 per batch of 10,000 keys
against 10 million entries; the error, were it to happen, suppresses a message, never sends one.
"""

import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.conf import settings
from django.db import connection as db_connection
from django.db import connections

from .models import OptOut, OptOutRemoval

logger = logging.getLogger(__name__)

# The keys the service asks about; any other row can match none of them.
BUYER_KEY = re.compile(r"^[0-9a-f]{64}$")
# Past this many rows newer than the copy (a bulk import), a reload is cheaper than re-reading them
# on every check (about 1 µs a row).
RELOAD_AFTER_NEW_ROWS = 2_000
# ...but not more often than this: an old open transaction anywhere keeps the re-read window open.
MIN_RELOAD_INTERVAL = 300.0
# After a failed load, the table answers for this long before the copy tries again.
RETRY_AFTER_FAILURE = 60.0
# A copy younger than this is not rebuilt for a removal it cannot see (the caller's own
# transaction's): the table answers instead.
FRESH_SECONDS = 10.0


@dataclass(frozen=True)
class Snapshot:
    prefixes: np.ndarray  # sorted uint64: the first 16 hex digits of every key
    since: datetime  # rows recorded from then on may be missing: every check reads them
    removals: tuple  # (count, newest id) of the OptOutRemoval rows the load saw
    loaded: float  # time.monotonic() when the load began
    bucket_bits: int
    # bucket b's prefixes (those whose top bucket_bits bits are b) are prefixes[starts[b]:starts[b + 1]]
    starts: np.ndarray

    @property
    def size(self) -> int:
        return len(self.prefixes)

    @property
    def age(self) -> float:
        return time.monotonic() - self.loaded

    @classmethod
    def build(cls, prefixes: np.ndarray, since: datetime, removals: tuple, loaded: float) -> "Snapshot":
        # 8 to 16 keys a bucket: HMAC prefixes are uniform, so no bucket is much fuller.
        bits = min(24, max(1, len(prefixes).bit_length() - 4))
        firsts = np.arange(2**bits, dtype=np.uint64) << np.uint64(64 - bits)
        starts = np.append(np.searchsorted(prefixes, firsts), len(prefixes)).astype(np.int64)
        return cls(prefixes, since, removals, loaded, bits, starts)

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


HEX_DIGIT = np.full(256, 255, dtype=np.uint8)
HEX_DIGIT[np.frombuffer(b"0123456789abcdef", dtype=np.uint8)] = np.arange(16, dtype=np.uint8)


def prefixes_of_lines(text: bytes) -> np.ndarray:
    """The 64-bit values of lines of 16 lowercase hex digits. Other lines, from keys that are not
    buyer keys, are left out: no check asks about such a key."""
    rows = text.count(b"\n")
    block = np.frombuffer(text, dtype=np.uint8).reshape(rows, 17) if len(text) == 17 * rows else None
    if block is not None and (block[:, 16] == ord("\n")).all():  # every line 16 characters: one block
        digits = HEX_DIGIT[block[:, :16]]
    else:  # a key with characters COPY escapes: line by line, rarely
        lines = [line for line in text.split(b"\n") if len(line) == 16]
        digits = HEX_DIGIT[np.frombuffer(b"".join(lines), dtype=np.uint8).reshape(len(lines), 16)]
    digits = digits[(digits != 255).all(axis=1)]
    values = np.zeros(len(digits), dtype=np.uint64)
    for column in range(16):
        values = (values << np.uint64(4)) | digits[:, column]
    return values


class HiddenSessions(Exception):
    """pg_stat_activity hides other roles' transactions: the copy cannot tell what its load missed."""


class PrefixReader:
    """A file for COPY ... TO STDOUT that turns lines into prefixes as they come: a load holds
    the prefixes (8 bytes a key) and one chunk of text, not the whole text (17 bytes a key)."""

    CHUNK = 1 << 20

    def __init__(self):
        self._pending, self._parts = bytearray(), []

    def write(self, data) -> None:
        # psycopg2 hands over one row at a time: they are parsed a chunk at a time.
        self._pending += data
        if len(self._pending) >= self.CHUNK:
            end = self._pending.rfind(b"\n") + 1
            self._parts.append(prefixes_of_lines(bytes(self._pending[:end])))
            del self._pending[:end]

    def prefixes(self) -> np.ndarray:
        if self._pending:
            tail = bytes(self._pending)
            self._parts.append(prefixes_of_lines(tail if tail.endswith(b"\n") else tail + b"\n"))
            self._pending = bytearray()
        values = np.concatenate(self._parts) if self._parts else np.zeros(0, dtype=np.uint64)
        self._parts = []
        values.sort()
        return values


class OptOutMirror:
    def __init__(self):
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._failed_at = None  # time.monotonic() of the last failed load
        self.loads = 0

    @property
    def loaded(self) -> bool:
        return self._snapshot is not None

    @property
    def size(self) -> int:
        return 0 if self._snapshot is None else self._snapshot.size

    def optedout(self, keys: set[str]) -> set[str] | None:
        """Which of these (validated, hex) keys are on the table, as the caller's connection sees
        it; None when the copy cannot tell (the caller asks the table)."""
        snapshot = self._snapshot
        if snapshot is None or snapshot.age > settings.OPTOUT_MIRROR_MAX_AGE:
            snapshot = self._load(snapshot)
        if snapshot is None:
            return None
        removals, recent = self._changes_since(snapshot)
        outgrown = len(recent) > RELOAD_AFTER_NEW_ROWS and snapshot.age > MIN_RELOAD_INTERVAL
        if removals != snapshot.removals and snapshot.age < FRESH_SECONDS:
            return None  # a removal the loader could not see: most likely the caller's own, uncommitted
        if removals != snapshot.removals or outgrown:
            snapshot = self._load(snapshot)
            if snapshot is None:
                return None
            removals, recent = self._changes_since(snapshot)
            if removals != snapshot.removals:
                return None
        found = {key for key in recent if key in keys and BUYER_KEY.fullmatch(key)}
        if snapshot.size:
            asked, queried = key_prefixes(list(keys))
            found.update(asked[i] for i in np.flatnonzero(snapshot.contains(queried)).tolist())
        return found

    def clear(self) -> None:
        with self._lock:
            self._snapshot, self._failed_at, self.loads = None, None, 0

    def forget_lock(self) -> None:
        # A fork while another thread held the lock would leave it held forever in the child.
        self._lock = threading.Lock()

    def _changes_since(self, snapshot: Snapshot) -> tuple[tuple, list[str]]:
        with db_connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM {OptOutRemoval._meta.db_table}), "  # noqa: S608
                f"(SELECT max(id) FROM {OptOutRemoval._meta.db_table}), "
                f"array(SELECT buyer_key FROM {OptOut._meta.db_table} WHERE recorded_at >= %s)",
                [snapshot.since],
            )
            count, newest, recent = cursor.fetchone()
        return (count, newest), recent

    def _load(self, stale: Snapshot | None) -> Snapshot | None:
        with self._lock:
            if self._snapshot is not stale:  # another thread loaded it meanwhile
                return self._snapshot
            started = time.monotonic()
            if self._failed_at is not None and started - self._failed_at < RETRY_AFTER_FAILURE:
                return None
            try:
                self._snapshot, self._failed_at = self._read_table(started), None
            except Exception as error:  # the table answers instead
                if isinstance(error, HiddenSessions):
                    logger.warning("opt-out mirror: %s; checks ask the table", error)
                else:
                    logger.exception("opt-out mirror: the load failed; checks ask the table")
                self._snapshot, self._failed_at = None, started
                return None
            self.loads += 1
            logger.info("opt-out mirror: %d keys loaded in %.1f s", self._snapshot.size, time.monotonic() - started)
            return self._snapshot

    @staticmethod
    def _read_table(started: float) -> Snapshot:
        # Its own connection, so the copy holds committed rows only, whatever transaction the
        # caller is in.
        loader = connections.create_connection("default")
        try:
            with loader.cursor() as cursor:
                # Before the snapshot: every transaction that could commit a row the load will
                # not see is open now or starts later, so recorded its rows at or after this
                # (recorded_at is its inserting statement's start). The margin covers the
                # database clock stepping back a little.
                cursor.execute(
                    "SELECT least(now(), min(xact_start)) - interval '5 seconds', "
                    "count(*) FILTER (WHERE xact_start IS NULL AND query = '<insufficient privilege>') "
                    "FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'"
                )
                since, hidden = cursor.fetchone()
                if hidden:
                    raise HiddenSessions(
                        f"{hidden} session(s) of other database roles hide when their transactions "
                        "began (grant this role pg_read_all_stats, or use one role)"
                    )
            loader.set_autocommit(False)
            with loader.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute(f"SELECT count(*), max(id) FROM {OptOutRemoval._meta.db_table}")  # noqa: S608
                removals = tuple(cursor.fetchone())
                reader = PrefixReader()
                with loader.wrap_database_errors:
                    cursor.copy_expert(
                        # 64 bytes: the length of a buyer key; other rows cannot match a check.
                        f"COPY (SELECT substr(buyer_key, 1, 16) FROM {OptOut._meta.db_table} "  # noqa: S608
                        "WHERE octet_length(buyer_key) = 64) TO STDOUT",
                        reader,
                    )
            loader.rollback()
        finally:
            loader.close()
        return Snapshot.build(reader.prefixes(), since, removals, started)


_mirror = OptOutMirror()
os.register_at_fork(after_in_child=_mirror.forget_lock)


def mirror() -> OptOutMirror:
    return _mirror
