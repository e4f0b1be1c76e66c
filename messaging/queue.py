"""Which connections may have work for the outbox, and from when: a sorted set in Redis.

The database holds the truth (a dispatch is due when it is scheduled and its time has come);
this set only saves the pumps from asking it about connections with nothing to do. Each
connection's score is the moment it next needs attention: its earliest due dispatch, or the
moment its Amazon bucket refills, or tomorrow when the daily cap binds. Pumps take the
connections that have waited longest first, which is what makes sending fair: a seller with
100,000 due orders gets one turn per round like a seller with ten.

Losing the set loses nothing: `rebuild` reads it back from the database, and beat runs it.
"""

import time
import uuid
from datetime import UTC

from django.db import connection as db_connection

from campaigns.models import Campaign, Dispatch
from common.ratelimit import redis_client
from sellers.models import AmazonConnection

READY = "outbox:ready"
WAKE = "outbox:wake"

# Take up to ARGV[2] members due by ARGV[1] and hide them for ARGV[3] seconds, so that two pumps
# do not both serve one connection in the same round; the pump that took them sets their next
# score when it is done, and a pump that died gives them back when the hold runs out.
_TAKE = """
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local hold = tonumber(ARGV[1]) + tonumber(ARGV[3])
for _, member in ipairs(members) do
  redis.call('ZADD', KEYS[1], hold, member)
end
return members
"""

# Remove a member only if nobody moved it since we took it (a planner's offer wins).
_DROP = """
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and math.abs(tonumber(score) - tonumber(ARGV[2])) < 1e-6 then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
"""


def _uuid_text(value) -> str:
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def _epoch(moment) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _redis():
    return redis_client()


def take(now: float, limit: int, hold: float = 30.0) -> tuple[list[str], float]:
    """Connections whose time has come, longest-waiting first, and the score they are held at."""
    members = _redis().eval(_TAKE, 1, READY, repr(now), str(limit), repr(hold))
    return [m.decode() for m in members], now + hold


def offer(times: dict) -> None:
    """The connection may have work from this time on (keeps an earlier time already there)."""
    if times:
        _redis().zadd(READY, {str(k): v for k, v in times.items()}, lt=True)
        _redis().lpush(WAKE, 1)
        _redis().ltrim(WAKE, 0, 0)


def reschedule(times: dict) -> None:
    """Set the next moment each connection needs attention, earlier or later than before."""
    if times:
        _redis().zadd(READY, {str(k): v for k, v in times.items()})


def drop(connection_ids, held_at: float) -> None:
    pipe = _redis().pipeline(transaction=False)
    for connection_id in connection_ids:
        pipe.eval(_DROP, 1, READY, str(connection_id), repr(held_at))
    pipe.execute()


def forget(connection_ids) -> None:
    if connection_ids:
        _redis().zrem(READY, *[str(c) for c in connection_ids])


def next_ready_in(now: float) -> float | None:
    """Seconds until the earliest connection needs attention, or None when nothing is waiting."""
    first = _redis().zrange(READY, 0, 0, withscores=True)
    return max(0.0, first[0][1] - now) if first else None


def wait_for_work(timeout: float) -> None:
    """Block until someone offers work or `timeout` passes (not a dispatch's slot: an idle pump)."""
    if timeout <= 0:
        return
    if timeout < 0.01:
        time.sleep(timeout)
        return
    _redis().blpop([WAKE], timeout=timeout)


def rebuild() -> int:
    """Offer every active connection that has scheduled dispatches, at its earliest one."""
    table, connections, campaigns = Dispatch._meta.db_table, AmazonConnection._meta.db_table, Campaign._meta.db_table
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.connection_id, MIN(d.scheduled_for) FROM {table} d "  # noqa: S608 - our table names
            f"JOIN {connections} c ON c.id = d.connection_id "
            f"JOIN {campaigns} k ON k.id = d.campaign_id AND k.state = 'active' "
            "WHERE d.state = 'scheduled' AND c.status = 'active' GROUP BY d.connection_id"
        )
        rows = cursor.fetchall()
    offer({_uuid_text(connection_id): _epoch(at) for connection_id, at in rows})
    return len(rows)
