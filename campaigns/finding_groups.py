"""The policy check's findings as a seller reads them: one entry per rule, with a plain name and the
rule's explanation, listing every phrase and line it found. Internal rule codes stay internal."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import policy

# rule code -> what a seller calls it. A test keeps it complete: a new rule needs its name here.
RULE_NAMES: dict[str, str] = {
    "external_link": "Link to a website outside Amazon",
    "email_address": "Email address",
    "phone_number": "Phone number",
    "review_incentive": "Something offered for a review",
    "positive_only_review": "Asking only for good reviews",
    "opt_out_link": "Unsubscribe or opt-out wording",
    "non_critical_content_in_critical_kind": "Review request or promotion in a critical message",
    "coupon_or_discount": "Coupon or discount",
    "follow_invitation": "Invitation to follow you elsewhere",
    "thank_you_only": "A message that only says thank you",
    "shipment_confirmation": "Shipping or delivery confirmation",
    "marketing": "Marketing wording",
    "mostly_thanks": "Little besides thanks",
    "feedback_diversion": "Steering buyers away from feedback",
}
RENDERED = " (in the message as it renders)"  # what services.template_check adds to a rendered finding
MAX_PLACES = 10  # phrases listed per rule; the rest are counted


@dataclass(frozen=True)
class Place:
    line: int
    text: str
    rendered: bool = False  # found in the message as it renders, not in the template's own words


@dataclass
class FindingGroup:
    rule: str
    name: str
    explanation: str
    blocking: bool
    places: list[Place] = field(default_factory=list)
    more: int = 0  # places found beyond MAX_PLACES

    @property
    def count(self) -> int:
        return len(self.places) + self.more


def group(findings) -> list[FindingGroup]:
    """policy Findings grouped by rule, blocking rules first, each rule once, in the order the
    rules first appear; each phrase once per line."""
    groups: dict[str, FindingGroup] = {}
    for finding in findings:
        severity, explanation = policy.RULES[finding.rule]
        entry = groups.get(finding.rule)
        if entry is None:
            entry = groups[finding.rule] = FindingGroup(
                finding.rule, RULE_NAMES.get(finding.rule, explanation), explanation, severity == policy.BLOCKING
            )
        place = Place(finding.line, finding.text, finding.message.endswith(RENDERED))
        if any((p.line, p.text) == (place.line, place.text) for p in entry.places):
            continue
        if len(entry.places) < MAX_PLACES:
            entry.places.append(place)
        else:
            entry.more += 1
    return sorted(groups.values(), key=lambda g: not g.blocking)


def summary(entry: FindingGroup) -> str:
    """One line for lists outside the editor: the name, the explanation, where it was found."""
    places = "; ".join(f"line {p.line}: “{p.text}”" for p in entry.places)
    more = f"; and {entry.more} more" if entry.more else ""
    return f"{entry.name}: {entry.explanation} ({places}{more})"
