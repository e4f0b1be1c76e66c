"""Does a seller's message template follow Amazon's communication guidelines? A pure function.

`lint` reads a template's literal text, the part the buyer sees, and reports what breaks the rules:

- Template syntax is not buyer text (markup.py): it is replaced by a placeholder of the same
  length and line structure, so positions and line numbers stay those of the source and
  `{{ order_id }}` is never a finding.
- Matching runs on a folded copy of the text (NFKC, casefold, accents and Arabic vowel marks
  dropped, a few letters unified: see vocabulary.py); findings quote the source text itself.
- Contact details (contacts.py): links outside Amazon, email addresses, phone numbers, with the
  numbers that only look like phone numbers (order ids, dates, times, prices) masked first.
- Wording (wording.py), with words from phrases/ in the twelve languages of the marketplaces we
  serve: review requests are allowed, a reward or an "if you are happy" condition next to one is
  not. Amazon's prohibited content (prohibited.py): a coupon or an invitation to follow blocks by
  its wording; thanks or a shipping confirmation (with its day, carrier, arrival) block when the
  message says nothing else.
- The findings (findings.py): each rule's severity and the sentence a seller reads.

Speed: every regex is compiled at import, bounded, and starts with a literal or a character
class where it can, so that the regex engine skips through the text in C instead of trying every
position; each vocabulary is one prefix tree; vocabularies that cannot matter are not run
(rewards without any review word, phone words without seven digits, "thanks only" in a long text).
"""

from __future__ import annotations

from .contacts import contact_hits
from .findings import LintReport, report
from .markup import visible_text
from .vocabulary import Text
from .wording import word_hits


def lint(source: str, *, critical_kind: bool | None = None) -> LintReport:
    """Lint a template's buyer-visible text. critical_kind: True for a critical message kind, False
    for any other, None when unknown (the critical-kind rule is then skipped)."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    text = Text(source, visible_text(source))
    hits = contact_hits(text) + word_hits(text, critical_kind)
    return report(text, hits)
