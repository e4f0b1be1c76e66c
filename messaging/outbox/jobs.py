"""One claimed dispatch on its way through the pump, and what to record for it."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from campaigns import kinds

from .. import gateway
from ..gateway import Account


def lease_seconds() -> float:
    """How long a claim holds a dispatch before another pump may take it over."""
    return float(settings.OUTBOX_LEASE_SECONDS)


@dataclass
class Job:
    """One claimed dispatch, held under `lease` (the fence of every write about it)."""

    id: uuid.UUID
    lease: datetime
    seller_id: uuid.UUID
    connection_id: uuid.UUID
    campaign_id: uuid.UUID
    order_pk: uuid.UUID
    kind: str
    expires_at: datetime
    in_doubt: bool
    attempts: int
    amazon_order_id: str
    marketplace_id: str
    buyer_key: str
    exclude_refunded: bool = False  # the campaign skips refunded orders: ask Amazon's Finances API first
    account: Account | None = None
    text: str = ""
    language: str = ""
    doubted_before: bool = field(init=False)  # in doubt when claimed: an earlier attempt may have gone through
    # This pump already fetched a new access token after Amazon refused one for this dispatch:
    # a second refusal means the seller's authorization is gone.
    token_refreshed: bool = False

    def __post_init__(self):
        self.doubted_before = self.in_doubt

    @property
    def attached_account(self) -> Account:
        """The account the pump attached when it loaded the connection; every job past the claim has one."""
        if self.account is None:
            raise LookupError(f"dispatch {self.id} has no Amazon account attached")
        return self.account

    @property
    def critical(self) -> bool:
        return kinds.KINDS[self.kind].critical

    @property
    def key(self) -> str:
        return str(self.connection_id)

    @property
    def operations(self) -> tuple[str, ...]:
        """The calls this job makes to Amazon, in order: their tokens are taken together."""
        return gateway.operations(self.kind, refunds=self.exclude_refunded)


@dataclass
class Result:
    """What to record for a job: an end state, or back to "scheduled" for a later attempt."""

    job: Job
    state: str
    reason: str = ""
    error: str | None = None  # None keeps the last error as it is
    at: datetime | None = None  # the next attempt, when going back to "scheduled"
    response_id: str = ""
    in_doubt: bool = False
    attempt: bool = False  # counts as an attempt to send
    requeue: bool = True  # offer the connection again at `at` (not while it needs re-authorization)


@dataclass(frozen=True)
class Blocked:
    """The send gate's answer when the buyer must not get the message."""

    reason: str  # a key of decisions.OPTOUT_REASONS
