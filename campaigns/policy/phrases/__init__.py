"""The words of Amazon's communication guidelines, per marketplace language, as data for the linter.

One module per family of rules: reviews.py (positive-only requests, conditions, steering), rewards.py,
marketing.py, opt_out.py, phones.py (the words around phone numbers), promotions.py (coupons,
invitations to follow), and the tables that decide whether a message only thanks or only confirms
the shipment: thanks.py, confirmations.py, filler.py, delivery_details.py (built with building.py).

Each vocabulary maps a language code to regular expressions. The linter folds both the patterns
and the template the same way before matching (campaigns/policy/vocabulary.py: Unicode NFKC,
casefold, accents and Arabic vowel marks dropped, "ı" read as "i", "ł" as "l", Arabic alef forms
as one letter, Arabic digits as 0-9), so patterns are written in natural spelling, accents
included, and match the text whether or not the seller typed the accents. Rules for writing a
pattern:

- lower case; a space matches any run of spaces, line breaks and hyphens ("5 star" also matches
  "5-star"), and " ?" matches an optional one ("5 ?star" also matches "5star");
- escapes (\\w, \\d, \\s) are kept as written, only literal characters are folded;
- bounded repetition only ("(?:\\w+ ){0,3}?"), so that no pattern can backtrack for long;
- in the spaced languages a pattern matches whole words only; a pattern that starts with "\\w*"
  matches at the end of a compound too ("\\w*bewertung" finds "Produktbewertung");
  Japanese and Arabic have no spaces (or attach particles to words), so they match anywhere;
- start a pattern with a literal, an alternation "(?:a|b)" (optional or not) or a plain character
  class: the linter builds a prefix tree from those, which keeps forty patterns as fast as one.

Every pattern applies to every template, whatever its language: a word must not be neutral in
another of the twelve languages. That is why bare "gratis", "remise" (French: also "handing
over") or "avis" (also "avis de passage") are not here on their own.

"*" holds patterns that belong to no language (symbols).
"""

LANGUAGES = ("en", "de", "fr", "it", "es", "nl", "pl", "sv", "tr", "ja", "pt", "ar")
UNSPACED = frozenset({"ja", "ar", "*"})
