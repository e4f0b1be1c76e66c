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

    @property
    def redis(self) -> Redis:
        return self._redis or redis_client()

    def key(self, partner: str, operation: str) -> str:
        return f"{self.prefix}:{partner}:{operation}"

    def take(self, partner: str, operation: str) -> Taken:
        rate, burst = self.plans[operation]
        ok, wait = self.redis.eval(_TAKE, 1, self.key(partner, operation), repr(self.clock()), repr(rate), repr(burst))
        return Taken(bool(ok), float(wait))

    def adapt(self, partner: str, operation: str, announced_rate: float | str | None) -> None:
        """Use the rate Amazon announced; raise the burst in proportion when the rate went up."""
        try:
            rate = float(announced_rate)
        except (TypeError, ValueError):
            return
        if rate <= 0:
            return
        default_rate, default_burst = self.plans[operation]
        burst = max(default_burst, default_burst * rate / default_rate)
        key = self.key(partner, operation)
        current = self.redis.hget(key, "rate")
        if current is None or abs(float(current) - rate) > 1e-9:
            self.redis.hset(key, mapping={"rate": repr(rate), "burst": repr(burst)})

    def back_off(self, partner: str, operation: str, seconds: float | None = None) -> float:
        """After a 429: no tokens left, and no calls until the bucket has refilled one."""
        rate, _ = self.plans[operation]
        stored = self.redis.hget(self.key(partner, operation), "rate")
        rate = float(stored) if stored else rate
        pause = seconds if seconds is not None else 1.0 / rate
        self.redis.hset(self.key(partner, operation), mapping={"tokens": "0", "ts": repr(self.clock()),
                                                               "paused_until": repr(self.clock() + pause)})
        return pause
