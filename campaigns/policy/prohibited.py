"""Amazon's prohibited message content, for linter.py: promotions, invitations to follow
the brand elsewhere, messages that only thank, and proactive shipping or delivery confirmations.

Coupons, discounts and invitations are found by their wording (phrases/promotions.py), which
names a shape that offers or invites, never a bare word.

"Only thanks" and "only a confirmation" are found by what is left: greetings, thanks, sign-offs
and the signature after them, order ids, offers of help, pleasantries, and a confirmation with
its details are set aside, and if not one word of substance remains the message does nothing
else. A confirmation's details are when, how and by whom it arrives (phrases/delivery_details.py:
the day, the date, the time, "and will arrive on", "Expected delivery:", "kommt morgen an", the
carrier, the tracking number), read only next to a confirmation. A question, a request, a
negation, a delay ("delayed", "instead of Monday", "sorry"), a review request or a product tip is
substance, so such a message passes whatever else it says: a delay message that names the new day,
or a delivery appointment question that mentions the shipment, is never a confirmation. Thanks
with a few words besides (fewer than MOSTLY_THANKS_CONTENT) are only possibly a thank-you
message: a warning.

Every step is linear: bounded vocabulary regexes, one sort, one walk over the gaps.
"""

from __future__ import annotations

import re

from .phrases import confirmations, delivery_details, filler, promotions, thanks
from .spans import Hit, Span
from .vocabulary import Vocabulary

ONLY_MAX_WORDS = 120  # a longer message is never thanks or a confirmation only
MOSTLY_THANKS_MAX_WORDS = 60  # the warning looks at short messages only
MOSTLY_THANKS_CONTENT = 5  # fewer words of substance than this besides thanks: a warning
SIGNATURE_MAX_WORDS = 4  # words of a shop's name after the closing formula
SIGNATURE_MAX_CHARS = 120

COUPONS = Vocabulary(promotions.COUPONS)
FOLLOW_INVITATIONS = Vocabulary(promotions.FOLLOW_INVITATIONS)
PROMOTION_HINTS = Vocabulary(promotions.PROMOTION_HINTS)
CONFIRMATIONS = Vocabulary(confirmations.CONFIRMATIONS)
THANKS = Vocabulary(thanks.THANKS)
CLOSINGS = Vocabulary(filler.CLOSINGS)
FILLER = [
    Vocabulary(table)
    for table in (
        thanks.GREETINGS,
        thanks.SIGN_OFFS,
        filler.CONFIRMATION_DETAILS,
        filler.HELP_OFFERS,
        filler.PLEASANTRIES,
        filler.ORDER_REFERENCES,
    )
]
FUNCTION_WORDS = Vocabulary(filler.FUNCTION_WORDS)
DELIVERY_DETAILS = Vocabulary(delivery_details.DELIVERY_DETAILS)

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+(?:[\-/.]\w+){0,20}")  # "LAMP-E27-BLK", "E27-bulb": one token
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# One or two hiragana on their own are particles left between set-aside phrases, not words.
_PARTICLE = re.compile(r"(?<![\u3040-\u309f])[\u3040-\u309f]{1,2}(?![\u3040-\u309f])")
_SENTENCE_SIGNS = frozenset("!?:;")
_COMMAS = frozenset(",\u060c\u3001")  # Latin, Arabic and Japanese
_QUESTION_MARKS = ("?", "\u061f")  # a question asks something: substance, whatever its words


def promotion_hits(folded: str, unspaced: bool) -> list[Hit]:
    """Coupons and discounts, invitations to follow the brand (blocking), and mentions that only
    hint at promotion (reported as marketing, a warning)."""
    hits = [("coupon_or_discount", *span) for span in COUPONS.spans(folded, unspaced)]
    hits += [("follow_invitation", *span) for span in FOLLOW_INVITATIONS.spans(folded, unspaced)]
    hits += [("marketing", *span) for span in PROMOTION_HINTS.spans(folded, unspaced)]
    return hits


def only_hits(folded: str, unspaced: bool, promoted: list[Span]) -> list[Hit]:
    """A finding if the message only thanks or only confirms the shipment. promoted: spans of
    blocking promotion findings, which are no substance either (they are reported already)."""
    words = _count_words(folded, ONLY_MAX_WORDS + 1)
    if words > ONLY_MAX_WORDS:
        return []
    thanked = THANKS.spans(folded, unspaced)
    confirmed = CONFIRMATIONS.spans(folded, unspaced)
    if not thanked and not confirmed:
        return []
    aside = thanked + confirmed + promoted
    for vocabulary in FILLER:
        aside += vocabulary.spans(folded, unspaced)
    aside += _signature(folded, CLOSINGS.spans(folded, unspaced))
    only = aside + FUNCTION_WORDS.spans(folded, unspaced)
    if confirmed:  # its day, date, carrier and arrival: no substance, and no weight in the warning
        only += DELIVERY_DETAILS.spans(folded, unspaced)
    if not _substance(folded, only, limit=1):
        # A confirmation usually thanks too; what makes it prohibited is the confirmation.
        if confirmed:
            return [("shipment_confirmation", *min(confirmed))]
        return [("thank_you_only", *_first_run(folded, thanked))]
    # The warning weighs every word left, "is" and "the" too, as it always has.
    if (
        thanked
        and words <= MOSTLY_THANKS_MAX_WORDS
        and _substance(folded, aside, limit=MOSTLY_THANKS_CONTENT) < MOSTLY_THANKS_CONTENT
    ):
        return [("mostly_thanks", *_first_run(folded, thanked))]
    return []


def _count_words(text: str, limit: int) -> int:
    count = 0
    for count, _match in enumerate(_WORD.finditer(text), 1):
        if count >= limit:
            break
    return count


def _substance(folded: str, aside: list[Span], limit: int) -> int:
    """Words of substance outside the spans set aside, counted up to limit."""
    count, cursor = 0, 0
    for start, end in [*sorted(aside), (len(folded), len(folded))]:
        if start > cursor:
            count += words_of_substance(folded[cursor:start])
            if count >= limit:
                break
        cursor = max(cursor, end)
    return count


def words_of_substance(text: str) -> int:
    """Words of two letters or more, and questions; template values, ids, numbers and single
    letters ("a", "y", an Arabic "و" left from a prefix) do not count. Two CJK characters count
    as one word."""
    cjk = len(_CJK.findall(_PARTICLE.sub("", text))) if _CJK.search(text) else 0
    spaced = _CJK.sub(" ", text) if cjk else text
    words = sum(
        1
        for token in _TOKEN.findall(spaced)
        for word in _WORD.findall(token)
        if len(word) > 1 and word.isalpha() and not any(c.isdigit() for c in token)
    )
    return words + cjk // 2 + sum(map(text.count, _QUESTION_MARKS))


def _signature(folded: str, closings: list[Span]) -> list[Span]:
    """The shop's name after the last closing formula ("Best regards,\\nAcme Lighting"), when it
    ends the message: on its own line or after a comma, a few words, no sentence of its own."""
    if not closings:
        return []
    end = closings[-1][1]
    after_closing = folded[end:].lstrip(" \t")
    sign = after_closing[:1]
    separated = sign in _COMMAS or sign == "\n" or (sign in ".\u3002!" and after_closing[1:].lstrip(" \t")[:1] == "\n")
    body = after_closing[1:].strip() if sign in _COMMAS or sign in ".\u3002!" else after_closing.strip()
    if not body or not separated or len(body) > SIGNATURE_MAX_CHARS or body.count("\n") > 2:
        return []
    if not _SENTENCE_SIGNS.isdisjoint(body) or words_of_substance(body) > SIGNATURE_MAX_WORDS:
        return []
    return [(end, len(folded))]


def _first_run(folded: str, spans: list[Span]) -> Span:
    """The first span, joined with those that follow it with only spaces or commas between
    ("Thank you for your order")."""
    spans = sorted(spans)
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        if folded[end:next_start].strip(" ,!\u3001"):
            break
        end = max(end, next_end)
    return start, end
