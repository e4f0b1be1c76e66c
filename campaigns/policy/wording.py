"""Wording Amazon forbids or discourages: review requests with conditions or rewards, requests
for positive reviews only, opt-out wording, marketing, steering feedback, and in a critical
message anything that is not critical. Promotions, thanks only and confirmations only are
prohibited.py's.

Review requests are allowed; a reward or an "if you are happy" condition next to one is not.
Conditions, rewards and diversions are looked for only near a review word.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from . import prohibited
from .findings import BLOCKING, RULES
from .phrases import marketing, opt_out, reviews, rewards
from .spans import Hit, Span, clear_of
from .vocabulary import UNSPACED_SCRIPT, Text, Vocabulary

POSITIVE_ONLY = Vocabulary(reviews.POSITIVE_ONLY)
SATISFIED_CONDITION = Vocabulary(reviews.SATISFIED_CONDITION)
REVIEW_WORDS = Vocabulary(reviews.REVIEW_WORDS)
REVIEW_REQUEST = Vocabulary(reviews.REVIEW_REQUEST)
REWARDS = Vocabulary(rewards.REWARDS)
MARKETING = Vocabulary(marketing.MARKETING)
OPT_OUT = Vocabulary(opt_out.OPT_OUT)
FEEDBACK_DIVERSION = Vocabulary(reviews.FEEDBACK_DIVERSION)

_SENTENCE_END = re.compile(r"[.;!?\u3002\u061f\n](?:(?<=[!?\u3002\u061f])|(?<=[.;])(?=\s|\Z)|(?<=\n)(?=[ \t]*\n))")


def word_hits(text: Text, critical_kind: bool | None) -> list[Hit]:
    """The hits of every wording rule, prohibited.py's included, in no particular order."""
    folded = text.folded
    unspaced = bool(UNSPACED_SCRIPT.search(folded))
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(folded)]

    def sentence(position: int) -> int:
        return bisect_right(starts, position) - 1

    def sentences(numbers: set[int]) -> list[Span]:
        """The text ranges of these sentences, neighbours merged."""
        ranges: list[Span] = []
        for number in sorted(n for n in numbers if 0 <= n < len(starts)):
            start, end = starts[number], starts[number + 1] if number + 1 < len(starts) else len(folded)
            if ranges and ranges[-1][1] == start:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
        return ranges

    positive = POSITIVE_ONLY.spans(folded, unspaced)
    # A request for positive reviews is a review request: its sentence counts as one.
    reviewed = {sentence(start) for start, _end in REVIEW_WORDS.spans(folded, unspaced) + positive}
    marketed = MARKETING.spans(folded, unspaced)
    hits = [("opt_out_link", *s) for s in OPT_OUT.spans(folded, unspaced)]
    if reviewed:
        # Conditions, rewards and diversions only matter next to a review word: look there only.
        # "If you are happy with it, please leave a review": only satisfied buyers are asked.
        near = sentences(reviewed | {n - 1 for n in reviewed})
        positive += [
            s
            for s in SATISFIED_CONDITION.spans(folded, unspaced, near)
            if {sentence(s[0]), sentence(s[0]) + 1} & reviewed
        ]
        hits += [("feedback_diversion", *s) for s in FEEDBACK_DIVERSION.spans(folded, unspaced, sentences(reviewed))]
    if critical_kind:
        rewards = REWARDS.spans(folded, unspaced)
    elif reviewed:
        rewards = REWARDS.spans(folded, unspaced, sentences({n + d for n in reviewed for d in (-1, 0, 1)}))
    else:
        rewards = []
    incentives = [s for s in rewards if {sentence(s[0]) + d for d in (-1, 0, 1)} & reviewed]
    hits += [("positive_only_review", *s) for s in positive]
    hits += [("review_incentive", *s) for s in incentives]
    hits += [("marketing", *s) for s in marketed]
    # A coupon offered for a review is reported once, as the incentive.
    promotions = prohibited.promotion_hits(folded, unspaced)
    promotions = [
        hit
        for hit, clear in zip(promotions, clear_of([hit[1:] for hit in promotions], incentives), strict=True)
        if clear
    ]
    promoted = [hit[1:] for hit in promotions if RULES[hit[0]][0] == BLOCKING]
    hits += promotions
    hits += prohibited.only_hits(folded, unspaced, promoted)
    if critical_kind:
        non_critical = REVIEW_REQUEST.spans(folded, unspaced) + positive + rewards + marketed
        hits += [
            ("non_critical_content_in_critical_kind", *s)
            for s, clear in zip(non_critical, clear_of(non_critical, promoted), strict=True)
            if clear
        ]
    return hits
