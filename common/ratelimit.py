"""Token buckets in Redis, shared by every worker on every machine.

One bucket per (selling partner, operation) holds Amazon's usage plan: `rate` tokens a second up
to `burst`. `take` either takes a token or says how long until one is there, so callers never
sleep holding a worker; a 429 from Amazon empties the bucket and pauses it (`back_off`), and a
rate Amazon announces in x-amzn-RateLimit-Limit replaces the default (`adapt`).
"""

import time
from dataclasses import dataclass

from django.conf import settings
from redis import Redis

_TAKE = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local default_rate = tonumber(ARGV[2])
local default_burst = tonumber(ARGV[3])
local state = redis.call('HMGET', key, 'tokens', 'ts', 'rate', 'burst', 'paused_until')
local rate = tonumber(state[3]) or default_rate
local burst = tonumber(state[4]) or default_burst
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
local paused_until = tonumber(state[5]) or 0
if now < paused_until then
  return {0, tostring(paused_until - now)}
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local result
if tokens >= 1 - 1e-9 then
  tokens = tokens - 1
  result = {1, '0'}
else
  result = {0, tostring((1 - tokens) / rate)}
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('EXPIRE', key, 86400)
return result
"""


# The bucket KEYS[i] now: its rate, burst, tokens (refilled since last written) and pause.
# Plans travel as ARGV pairs after the first two arguments, a default (rate, burst) per key.
_LEVEL = """
local function level(i, now)
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts', 'rate', 'burst', 'paused_until')
  local rate = tonumber(state[3]) or tonumber(ARGV[1 + 2 * i])
  local burst = tonumber(state[4]) or tonumber(ARGV[2 + 2 * i])
  local tokens = tonumber(state[1]) or burst
  local ts = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
  return rate, burst, tokens, tonumber(state[5]) or 0
end
"""

# Take one token from each of several buckets, or none: a send needs its check and its send
# call both, and holding one without the other would only waste it. `reserve` tokens stay in
# each bucket, so that calls arriving at Amazon a little closer together than they left here
# still find a token there.
_TAKE_ALL = (
    _LEVEL
    + """
local now = tonumber(ARGV[1])
local reserve = tonumber(ARGV[2])
local n = #KEYS
local levels = {}
local wait = 0
for i = 1, n do
  local rate, burst, tokens, paused_until = level(i, now)
  levels[i] = tokens
  local need = 1 + math.min(reserve, burst - 1)
  if now < paused_until then
    wait = math.max(wait, paused_until - now + need / rate)
  elseif tokens < need - 1e-9 then
    wait = math.max(wait, (need - tokens) / rate)
  end
end
for i = 1, n do
  local tokens = levels[i]
  if wait == 0 then tokens = tokens - 1 end
  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens), 'ts', tostring(now))
  redis.call('EXPIRE', KEYS[i], 86400)
end
if wait == 0 then return {1, '0'} end
return {0, tostring(wait)}
"""
)

# How many calls needing every one of these buckets could go now (beyond the reserve), and
# how long until one could; changes nothing.
_PEEK = (
    _LEVEL
    + """
local now = tonumber(ARGV[1])
local reserve = tonumber(ARGV[2])
local count = nil
local wait = 0
for i = 1, #KEYS do
  local rate, burst, tokens, paused_until = level(i, now)
  local usable = tokens - math.min(reserve, burst - 1)
  local here = math.floor(usable + 1e-9)
  if now < paused_until then here = 0 end
  if count == nil or here < count then count = here end
  if here < 1 then
    local until_one = (1 - usable) / rate
    if now < paused_until then until_one = math.max(until_one, paused_until - now) end
    wait = math.max(wait, until_one)
  end
end
return {count, tostring(wait)}
"""
)

_REFUND = """
local state = redis.call('HMGET', KEYS[1], 'tokens', 'burst')
if not state[1] then return 0 end
local burst = tonumber(state[2]) or tonumber(ARGV[1])
redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(burst, tonumber(state[1]) + 1)))
return 1
"""

# A higher rate from Amazon means a bigger bucket there too, and it was full before our first
# call: what we have not used of the bigger burst is ours to use now.
_ADAPT = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local default_burst = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'burst')
local old_burst = tonumber(state[2]) or default_burst
if state[1] then
  local tokens = tonumber(state[1]) + math.max(0, burst - old_burst)
  redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(burst, tokens)))
end
redis.call('HSET', KEYS[1], 'rate', tostring(rate), 'burst', tostring(burst))
redis.call('EXPIRE', KEYS[1], 86400)
return 1
"""


@dataclass(frozen=True)
class Taken:
    ok: bool
    wait: float  # seconds until a token is there, when not ok


_clients: dict[str, Redis] = {}


def redis_client() -> Redis:
    url = settings.REDIS_URL
    if url not in _clients:
        _clients[url] = Redis.from_url(url)
    return _clients[url]


class Buckets:
    def __init__(self, plans: dict[str, tuple[float, int]], *, prefix: str = "ratelimit", clock=time.time, redis=None):
        self.plans, self.prefix, self.clock = plans, prefix, clock
        self._redis = redis
        # What this process last told Redis, to skip repeating it on every call (for a minute, so
        # that a Redis that lost its data learns it again).
        self._known_rates: dict[str, tuple[float, float]] = {}

    @property
    def redis(self) -> Redis:
        return self._redis or redis_client()

    def key(self, partner: str, operation: str) -> str:
        return f"{self.prefix}:{partner}:{operation}"

    def take(self, partner: str, operation: str) -> Taken:
        rate, burst = self.plans[operation]
        ok, wait = self.redis.eval(_TAKE, 1, self.key(partner, operation), repr(self.clock()), repr(rate), repr(burst))
        return Taken(bool(ok), float(wait))

    def take_all(self, partner: str, operations, *, reserve: int = 0) -> Taken:
        """One token from every operation's bucket, or none and how long until all have one."""
        return self.take_all_many([(partner, operations)], reserve=reserve)[0]

    def take_all_many(self, requests, *, reserve: int = 0) -> list[Taken]:
        """take_all for many (partner, operations) in one round trip to Redis."""
        return [Taken(bool(ok), float(wait)) for ok, wait in self._eval_each(_TAKE_ALL, requests, reserve)]

    def peek_many(self, requests, *, reserve: int = 0) -> list[tuple[int, float]]:
        """For each (partner, operations): how many calls could take all their tokens now, and
        the wait until one could."""
        return [(int(count), float(wait)) for count, wait in self._eval_each(_PEEK, requests, reserve)]

    def _eval_each(self, script: str, requests, reserve: int) -> list:
        """Run a multi-bucket script once per (partner, operations), in one round trip."""
        if not requests:
            return []
        pipe = self.redis.pipeline(transaction=False)
        now = repr(self.clock())
        for partner, operations in requests:
            keys = [self.key(partner, op) for op in operations]
            plans = [repr(v) for op in operations for v in self.plans[op]]
            pipe.eval(script, len(keys), *keys, now, str(reserve), *plans)
        return pipe.execute()

    def refund(self, partner: str, operations) -> None:
        """Give back tokens taken for calls that were never made."""
        pipe = self.redis.pipeline(transaction=False)
        for op in operations:
            pipe.eval(_REFUND, 1, self.key(partner, op), repr(self.plans[op][1]))
        pipe.execute()

    def adapt(self, partner: str, operation: str, announced_rate: float | str | None) -> None:
        """Use the rate Amazon announced; raise the burst in proportion when the rate went up."""
        try:
            rate = float(announced_rate)  # type: ignore[arg-type]  # None raises TypeError, handled below
        except (TypeError, ValueError):
            return
        if rate <= 0:
            return
        key = self.key(partner, operation)
        known = self._known_rates.get(key)
        if known and known[0] == rate and time.monotonic() - known[1] < 60:
            return
        default_rate, default_burst = self.plans[operation]
        burst = max(default_burst, default_burst * rate / default_rate)
        current = self.redis.hget(key, "rate")
        if current is None or abs(float(current) - rate) > 1e-9:
            self.redis.eval(_ADAPT, 1, key, repr(rate), repr(burst), repr(default_burst))
        self._known_rates[key] = (rate, time.monotonic())

    def back_off(self, partner: str, operation: str, seconds: float | None = None) -> float:
        """After a 429: no tokens left, and no calls until the bucket has refilled one."""
        rate, _ = self.plans[operation]
        stored = self.redis.hget(self.key(partner, operation), "rate")
        rate = float(stored) if stored else rate
        pause = seconds if seconds is not None else 1.0 / rate
        self.redis.hset(
            self.key(partner, operation),
            mapping={"tokens": "0", "ts": repr(self.clock()), "paused_until": repr(self.clock() + pause)},
        )
        return pause
