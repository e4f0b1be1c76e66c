"""What a pump counts (queries, claims, outcomes), and the totals of every pump in Redis."""

from dataclasses import dataclass, field

from common.ratelimit import redis_client

STATS = "outbox:stats"  # counters across every pump: queries, claimed, and dispatches recorded per state


@dataclass
class RoundReport:
    claimed: int = 0
    queries: int = 0
    recorded: dict = field(default_factory=dict)

    def add(self, results):
        for result in results:
            self.recorded[result.state] = self.recorded.get(result.state, 0) + 1


def publish(report: RoundReport, published: dict) -> None:
    """Add what the report counted since the last call to the shared counters in Redis."""
    current = {
        "queries": report.queries,
        "claimed": report.claimed,
        **{f"recorded:{k}": v for k, v in report.recorded.items()},
    }
    pipe = redis_client().pipeline(transaction=False)
    for name, value in current.items():
        if value != published.get(name, 0):
            pipe.hincrby(STATS, name, value - published.get(name, 0))
    pipe.execute()
    published.update(current)
