"""The emails the service sends sellers, and who gets each one unless they choose otherwise.

Every immediate alert goes to the seller's owners by default; any member can turn a kind on or
off for themselves (preferences page, or the unsubscribe link in each email). The digest goes to
each member who chose a frequency: weekly for owners by default, off for everyone else, so that
a viewer added for a look around is not mailed every week unless they ask.
"""

from dataclasses import dataclass

from django.db import models

from sellers.models import Role


class Kind(models.TextChoices):
    REAUTHORIZATION = "reauthorization", "Amazon account needs re-authorization"
    CAMPAIGN_PAUSED = "campaign_paused", "Campaign paused by a policy check"
    QUOTA = "quota", "Monthly message quota nearly used up"
    FIRST_OPTOUT_NOTICE = "first_optout_notice", "First forwarded opt-out notice arrived"
    NEGATIVE_FEEDBACK = "negative_feedback", "Negative feedback"
    DIGEST = "digest", "Digest"


class Digest(models.TextChoices):
    OFF = "off", "Off"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


@dataclass(frozen=True)
class KindInfo:
    kind: Kind
    description: str  # what the preferences page says about it

    @property
    def code(self) -> str:
        return self.kind.value

    @property
    def label(self) -> str:
        return self.kind.label


IMMEDIATE = [
    KindInfo(
        Kind.REAUTHORIZATION,
        "Amazon stopped accepting our authorization for one of your accounts: syncing and sending "
        "pause until you authorize again.",
    ),
    KindInfo(
        Kind.CAMPAIGN_PAUSED,
        "A campaign's text breaks a rule of Amazon's communication guidelines (the rules change), "
        "so we paused it before it could send.",
    ),
    KindInfo(Kind.QUOTA, "90% and 100% of the plan's monthly message quota are used."),
    KindInfo(
        Kind.FIRST_OPTOUT_NOTICE,
        "The first opt-out notice forwarded to your inbound address arrived: forwarding works.",
    ),
    KindInfo(Kind.NEGATIVE_FEEDBACK, "A buyer left 1- or 2-star seller feedback."),
]
IMMEDIATE_BY_CODE = {info.code: info for info in IMMEDIATE}
ALL_CODES = [*IMMEDIATE_BY_CODE, Kind.DIGEST.value]


def immediate_default(role: str) -> bool:
    """Owners get every immediate alert unless they turn it off; others only what they turn on."""
    return role == Role.OWNER


def digest_default(role: str) -> str:
    return Digest.WEEKLY if role == Role.OWNER else Digest.OFF
