"""What the linter reports: the rules with their severity and sentence, findings, the report.

Blocking findings break a rule Amazon states, and the detection is specific enough to trust;
warnings are heuristics for the seller to look at. `report` turns the rules' hits into findings:
overlapping hits of one rule once, a warning where a blocking finding stands not at all, at most
MAX_PER_RULE per rule, each quoting the source text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .spans import Hit, Span, overlaps
from .vocabulary import Text

BLOCKING = "blocking"
WARNING = "warning"

# rule id -> (severity, the sentence a seller reads).
RULES: dict[str, tuple[str, str]] = {
    "external_link": (BLOCKING, "Amazon forbids links to websites outside Amazon."),
    "email_address": (BLOCKING, "Amazon forbids email addresses in buyer messages; buyers reply through Amazon."),
    "phone_number": (BLOCKING, "Amazon forbids phone numbers in buyer messages."),
    "review_incentive": (
        BLOCKING,
        "Amazon forbids offering anything (gifts, discounts, refunds, free products) in exchange for a review.",
    ),
    "positive_only_review": (
        BLOCKING,
        "Amazon forbids asking for positive reviews only, or asking only satisfied buyers for a review.",
    ),
    "opt_out_link": (
        BLOCKING,
        "Amazon forbids unsubscribe or opt-out links and wording; buyers opt out in their Amazon account.",
    ),
    "non_critical_content_in_critical_kind": (
        BLOCKING,
        "A critical message reaches buyers who opted out, so it must not ask for a review or promote anything.",
    ),
    "coupon_or_discount": (
        BLOCKING,
        "Amazon forbids promotions in buyer messages: no coupons, discount codes, discounts on a next order or free gifts.",
    ),
    "follow_invitation": (
        BLOCKING,
        "Amazon forbids inviting buyers to follow or visit you elsewhere: social media, your own store or website, a newsletter.",
    ),
    "thank_you_only": (
        BLOCKING,
        "Amazon forbids messages that only say thank you (or that you are there to help); say what the message is for.",
    ),
    "shipment_confirmation": (
        BLOCKING,
        "Amazon forbids proactive order, shipment or delivery confirmations; Amazon sends those to the buyer itself.",
    ),
    "marketing": (WARNING, "Amazon forbids marketing and promotional content in buyer messages."),
    "mostly_thanks": (
        WARNING,
        "Besides thanks this message says little, and Amazon forbids messages that only say thank you.",
    ),
    "feedback_diversion": (
        WARNING,
        'Amazon discourages steering feedback ("contact us before you leave a review"); offer help without mentioning reviews.',
    ),
}

MAX_SNIPPET = 100  # characters of source text quoted in a finding
MAX_PER_RULE = 50  # findings reported per rule: enough to fix a template, bounded for any input


@dataclass(frozen=True)
class Finding:
    rule: str
    text: str  # the offending text as the template has it
    line: int  # 1-based line of the source where it starts
    message: str

    def to_dict(self) -> dict:
        return {"rule": self.rule, "text": self.text, "line": self.line, "message": self.message}


@dataclass(frozen=True)
class LintReport:
    blocking: list[Finding]
    warnings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.blocking

    def to_dict(self) -> dict:
        return {"blocking": [f.to_dict() for f in self.blocking], "warnings": [f.to_dict() for f in self.warnings]}


def report(text: Text, hits: list[Hit]) -> LintReport:
    """The findings of these hits, in the order they stand in the source."""
    kept: dict[str, list[Span]] = {}
    for rule, start, end in sorted(hits, key=lambda hit: (hit[1], -hit[2])):
        spans = kept.setdefault(rule, [])
        if spans and start < spans[-1][1]:
            continue  # overlaps a finding of the same rule already kept
        if len(spans) < MAX_PER_RULE:
            spans.append((start, end))
    blocking_spans = [s for rule, spans in kept.items() if RULES[rule][0] == BLOCKING for s in spans]
    blocking: list[tuple[int, Finding]] = []
    warnings: list[tuple[int, Finding]] = []
    for rule, spans in kept.items():
        severity, message = RULES[rule]
        for start, end in spans:
            if severity == WARNING and overlaps((start, end), blocking_spans):
                continue  # "don't leave a negative review": reported once, under the blocking rule
            first, last = text.source_span(start, end)
            finding = Finding(rule, text.source[first:last][:MAX_SNIPPET], text.line(first), message)
            (blocking if severity == BLOCKING else warnings).append((first, finding))
    return LintReport(
        blocking=[f for _i, f in sorted(blocking, key=lambda p: p[0])],
        warnings=[f for _i, f in sorted(warnings, key=lambda p: p[0])],
    )
