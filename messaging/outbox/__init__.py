"""The outbox: claim due dispatches fairly, send them through Amazon within its rate limits,
and record what became of each one.

- claim: the claim under a lease, lapsed leases back to the queue, closed windows expired;
- pump: the loop of a sender worker (`pump`), which takes turns across sellers and calls Amazon;
- decisions: what Amazon's answers and failures mean, as plain functions;
- texts: the messages' texts, rendered and linted as they are sent;
- record: the outcomes, written fenced by the lease;
- jobs, stats: a claimed dispatch and its result; what the pumps count.

A dispatch whose send was handed to Amazon is marked "in doubt" first. If the worker dies
before recording, the lease lapses, another pump takes it over, and its check finds the action
gone: it records "sent" instead of sending twice.
"""

from .claim import expire_overdue, requeue_lapsed
from .pump import OUTAGE_PATIENCE, Pump, pump
from .stats import STATS, RoundReport

__all__ = ["OUTAGE_PATIENCE", "STATS", "Pump", "RoundReport", "expire_overdue", "pump", "requeue_lapsed"]
