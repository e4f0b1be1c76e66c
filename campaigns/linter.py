"""Does a seller's message template follow Amazon's communication guidelines? A pure function.

Amazon suspends sellers whose buyer messages carry links outside Amazon, email addresses, phone
numbers, marketing (coupons, invitations to follow the brand elsewhere), incentives for reviews,
requests for positive reviews only, opt-out links, nothing but thanks, or a proactive shipping or
delivery confirmation; and a "critical" message (customization, delivery scheduling, an address
problem), which reaches buyers who opted out, must carry nothing else. `lint` reads a template's
literal text, the part the buyer sees, and reports what breaks those rules.

- Template syntax is not buyer text: `{{ ... }}`, `{% ... %}` and `{# ... #}` are replaced by a
  placeholder of the same length and line structure, so positions and line numbers stay those
  of the source and `{{ order_id }}` is never a finding. Jinja's own lexer finds them when a tag
  holds a string or a raw block; a plain scan does otherwise, and when the lexer fails.
- Matching runs on a folded copy of the text (NFKC, casefold, accents and Arabic vowel marks
  dropped, a few letters unified: see campaigns/vocabulary.py); findings quote the source text itself.
- Words come from campaigns/guidelines.py, in the twelve languages of the marketplaces we serve.
  Review requests are allowed; a reward or a "if you are happy" condition next to one is not.
- Amazon's prohibited content (campaigns/linter_prohibited.py, words in prohibited.py, filler.py
  and delivery_details.py): a coupon or an invitation to follow blocks by its wording; thanks or
  a shipping confirmation (with its day, carrier, arrival) block when the message says nothing else.
- Numbers that only look like phone numbers are masked before phones are looked for: Amazon
  order ids, dates, times and prices.

Blocking findings break a rule Amazon states, and the detection is specific enough to trust:
external_link, email_address, phone_number, review_incentive, positive_only_review,
opt_out_link, non_critical_content_in_critical_kind, coupon_or_discount, follow_invitation,
thank_you_only, shipment_confirmation. Warnings are heuristics for the seller to look at:
marketing (what is only possibly promotion: "new products", "our brand"), mostly_thanks (thanks
and a few words), feedback_diversion (Amazon discourages "contact us before you leave feedback"
but allows offering help).

Speed: every regex is compiled at import, bounded, and starts with a literal or a character
class where it can, so that the regex engine skips through the text in C instead of trying every
position; each vocabulary is one prefix tree; vocabularies that cannot matter are not run
(rewards without any review word, phone words without seven digits, "thanks only" in a long text).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from jinja2 import Environment

from . import guidelines, linter_prohibited
from .vocabulary import PLACEHOLDER, UNSPACED_SCRIPT, Text, Vocabulary, as_regex

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
        "Amazon discourages steering feedback (\"contact us before you leave a review\"); offer help without mentioning reviews.",
    ),
}

MASK = "\ue001"  # stands for a number known not to be a phone number
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


def lint(source: str, *, critical_kind: bool | None = None) -> LintReport:
    """Lint a template's buyer-visible text. critical_kind: True for a critical message kind, False
    for any other, None when unknown (the critical-kind rule is then skipped)."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    text = Text(source, visible_text(source))
    hits = _contact_hits(text) + _word_hits(text, critical_kind)
    return _report(text, hits)


# --- the buyer-visible text --------------------------------------------------------------------------

# Same delimiters and whitespace control as campaigns/templating.py's environment; only its lexer
# is used, never the parser, so a template with a syntax error is still linted.
_LEXER = Environment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True).lexer  # noqa: S701 - nothing is rendered
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_NOT_NEWLINE = re.compile(r"[^\n]")
# What a plain scan gets wrong: a closer inside a string ({{ "}}" }}) and raw blocks.
_NEEDS_LEXER = re.compile(r"""["']|\{%-?\s*raw\b""")


def visible_text(source: str) -> str:
    """The source with template syntax replaced by PLACEHOLDER, keeping length and line breaks."""
    if not any(opener in source for opener in _CLOSERS):
        return source
    spans = _markup_spans_by_scan(source)
    if any(_NEEDS_LEXER.search(source, start, end) for start, end in spans):
        spans = _markup_spans(source) or spans
    pieces, cursor = [], 0
    for start, end in spans:
        pieces.append(source[cursor:start])
        pieces.append(_NOT_NEWLINE.sub(PLACEHOLDER, source[start:end]))
        cursor = end
    pieces.append(source[cursor:])
    return "".join(pieces)


def _markup_spans(source: str) -> list[tuple[int, int]] | None:
    """Where Jinja's lexer sees syntax. Its tokens are the source's text in order, except for
    whitespace that whitespace control strips; None if it fails or the walk does not line up."""
    spans, cursor = [], 0
    try:
        for _line, kind, value in _LEXER.tokeniter(source, None):
            if not value:
                continue
            position = source.find(value, cursor)
            if position < 0 or (position > cursor and not source[cursor:position].isspace()):
                return None
            if kind != "data":
                spans.append((position, position + len(value)))
            cursor = position + len(value)
    except Exception:  # noqa: BLE001 - any lexer error: the plain scan stands
        return None
    return spans


def _markup_spans_by_scan(source: str) -> list[tuple[int, int]]:
    """`{{ }}`, `{% %}` and `{# #}` pairs, left to right, in linear time. An opener without a
    closer stays text: the template is broken, and refused when it is saved."""
    spans, cursor, unclosed = [], 0, set()
    while (start := source.find("{", cursor)) >= 0:
        opener = source[start:start + 2]
        closer = _CLOSERS.get(opener)
        if closer is None or opener in unclosed:
            cursor = start + 1
            continue
        end = source.find(closer, start + 2)
        if end < 0:
            unclosed.add(opener)  # no later opener of this kind can be closed either
            cursor = start + 1
            continue
        spans.append((start, end + 2))
        cursor = end + 2
    return spans


# --- vocabularies -----------------------------------------------------------------------------------

POSITIVE_ONLY = Vocabulary(guidelines.POSITIVE_ONLY)
SATISFIED_CONDITION = Vocabulary(guidelines.SATISFIED_CONDITION)
REVIEW_WORDS = Vocabulary(guidelines.REVIEW_WORDS)
REVIEW_REQUEST = Vocabulary(guidelines.REVIEW_REQUEST)
REWARDS = Vocabulary(guidelines.REWARDS)
MARKETING = Vocabulary(guidelines.MARKETING)
OPT_OUT = Vocabulary(guidelines.OPT_OUT)
FEEDBACK_DIVERSION = Vocabulary(guidelines.FEEDBACK_DIVERSION)
PHONE_WORDS = Vocabulary(guidelines.PHONE_WORDS)


# --- links and email addresses ---------------------------------------------------------------------

# URL characters are ASCII (RFC 3986); Japanese or Arabic text right after a link is not part of it.
_URL_CHARS = r"[a-z0-9\-._~:/?#@!$&()*+,;=%\ue000]"
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)" + _URL_CHARS + "{1,2048}")
_TRAILING_PUNCTUATION = ".,;:!?)]}'\"\u3002"
# Generic top-level domains a seller's own site would use, and the country domains of our
# markets and their neighbours: "word.tld" with one of these is a link.
_GENERIC_TLDS = ("com", "net", "org", "info", "biz", "io", "shop", "store", "online", "site", "app", "dev",
                 "xyz", "link", "page", "club", "top", "tv", "ai", "ly", "gl", "eu")
_COUNTRY_TLDS = ("co", "me", "to", "de", "fr", "it", "es", "nl", "pl", "se", "at", "ch", "be", "uk", "jp",
                 "br", "tr", "sa", "ae", "us", "ca", "mx", "au", "in", "ru", "cn", "dk", "no", "fi", "pt", "ie",
                 "cz", "sk", "hu", "ro", "gr", "nz", "za", "sg", "hk", "eg")
# A bare domain is found from its ".tld" (a literal start the regex engine finds fast) and read
# backwards from there.
_DOT_TLD = re.compile(
    r"\.(" + "|".join(sorted(_GENERIC_TLDS + _COUNTRY_TLDS, key=len, reverse=True))
    + r")(?![\w\-\ue000]|\.[a-z0-9])"
)
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.){1,4}[a-z]{2,6}")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_INSIDE_ADDRESS = _DOMAIN_CHARS | {"@"}
_PATH = re.compile(r"/" + _URL_CHARS + "{0,2048}")
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "ne", "or"})
# Amazon's own sites and short links: any host under amazon.<tld>, amazon.co.<cc> or
# amazon.com.<cc>, and amzn.to / amzn.eu / amzn.asia / amzn.com / a.co.
_AMAZON_HOST = re.compile(
    r"(?:[a-z0-9\-]+\.)*(?:amazon\.(?:(?:co|com)\.[a-z]{2}|com|[a-z]{2})|amzn\.(?:to|eu|asia|com)|a\.co)"
)
# Found from the "@", read backwards for the local part.
_EMAIL_DOMAIN = re.compile(r"@[a-z0-9\-\ue000]{1,63}(?:\.[a-z0-9\-\ue000]{1,63}){1,8}")
_EMAIL_LOCAL = re.compile(r"[a-z0-9._%+\-\ue000]{1,64}$")
_SPELLED_AT = re.compile(r"[\[(] ?at ?[\])]")
_EMAIL_SPELLED = re.compile(
    r"(?<![\w.+\-])[\w.+\-]{1,64} ?[\[(] ?at ?[\])] ?[a-z0-9\-]{1,63}(?: ?[\[(] ?dot ?[\])] ?| ?\. ?)[a-z]{2,6}(?!\w)"
)


def _contact_hits(text: Text) -> list[tuple[str, int, int]]:
    folded = text.folded
    hits, urls = [], []
    if "://" in folded or "www." in folded:
        for match in _URL.finditer(folded):
            if match.start() and folded[match.start() - 1] in _INSIDE_ADDRESS:
                continue  # inside a longer word ("xhttp://"): Japanese or Arabic text before it is fine
            url = match.group().rstrip(_TRAILING_PUNCTUATION)
            urls.append((match.start(), match.start() + len(url)))
            if _is_external(_host(url), www_only=not url.startswith(("http", "ftp"))):
                hits.append(("external_link", *urls[-1]))
    # "https://amazon.com@evil.io" is a link to evil.io, not also an email address.
    hits += [hit for hit in _email_hits(folded) if not _overlaps(hit[1:], urls)]
    taken = [(start, end) for _rule, start, end in hits]
    for match in _DOT_TLD.finditer(folded):
        span = _bare_domain(text, match)
        if span and not _overlaps(span, taken):
            hits.append(("external_link", *span))
    hits += [("phone_number", start, end) for start, end in _phone_spans(folded)]
    return hits


def _email_hits(folded: str) -> list[tuple[str, int, int]]:
    hits = []
    if "@" in folded:
        for match in _EMAIL_DOMAIN.finditer(folded):
            local = _EMAIL_LOCAL.search(folded, max(0, match.start() - 64), match.start())
            top = match.group().rsplit(".", 1)[-1]
            if local and (any(c.isalpha() for c in top) or PLACEHOLDER in top):
                hits.append(("email_address", local.start(), match.end()))
    if _SPELLED_AT.search(folded):
        hits += [("email_address", *m.span()) for m in _EMAIL_SPELLED.finditer(folded)]
    return hits


def _host(url: str) -> str:
    rest = url.split("://", 1)[1] if "://" in url else url
    netloc = re.split(r"[/?#\\]", rest, maxsplit=1)[0]
    host = netloc.rsplit("@", 1)[-1].split(":", 1)[0]
    return host.rstrip(".")


def _is_external(host: str, *, www_only: bool) -> bool:
    if PLACEHOLDER in host:
        # "{{ shop_url }}": unknown, not a finding; "{{ x }}.myshop.com" still names a site.
        tail = host.rsplit(PLACEHOLDER, 1)[1]
        if not tail.startswith(".") or tail.count(".") < 2:
            return False
        host = tail[1:]
    if not host or (www_only and host.count(".") < 2):
        return False
    return not _AMAZON_HOST.fullmatch(host)


def _bare_domain(text: Text, match: re.Match) -> tuple[int, int] | None:
    """The span of "myshop.de/path" around the ".de" that match found, if it is an outside link."""
    folded, start = text.folded, match.start()
    limit = max(0, start - 253)
    while start > limit and folded[start - 1] in _DOMAIN_CHARS:
        start -= 1
    while start < match.start() and folded[start] in ".-":
        start += 1
    if (start == limit and start) or (start and folded[start - 1] in "@/_" + PLACEHOLDER):
        return None  # too long, an email address, a URL path or a template value
    domain = folded[start:match.end()]
    if not _DOMAIN.fullmatch(domain) or _AMAZON_HOST.fullmatch(domain):
        return None
    labels = domain.split(".")
    name = labels[-3] if len(labels) > 2 and labels[-2] in _SECOND_LEVEL else labels[-2]
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return None  # "i.e", "z.B", "1.de"
    if match.group(1) in _COUNTRY_TLDS and text.source_char(match.start(1)).isupper():
        return None  # "…for you.It arrives": a missing space after a full stop
    path = _PATH.match(folded, match.end())
    end = path.end() if path else match.end()
    while end > match.end() and folded[end - 1] in _TRAILING_PUNCTUATION:
        end -= 1
    return start, end


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


# --- phone numbers ---------------------------------------------------------------------------------------

# Each regex starts with a digit, "+" or "(" and checks what precedes with a lookbehind after it.
_ORDER_ID = re.compile(r"[0-9d](?<![\w\-][0-9d])\d{2}-\d{7}-\d{7}(?![\w\-])")
_ISO_DATE = re.compile(r"(\d(?<![\d.\-/]\d)\d{3})[\-./](\d{1,2})[\-./](\d{1,2})(?!\w|[.\-/]\d)")
_LOCAL_DATE = re.compile(r"(\d(?<![\d.\-/]\d)\d?)[./\-] ?(\d{1,2})[./\-] ?(\d{4}|\d{2})(?!\w|[.\-/]\d)")
_TIME = re.compile(
    r"\d(?<![\d.:]\d)\d?(?:[:h]\d{2}(?::\d{2})?(?!\w)"
    r"|\.\d{2} ?(?:-|bis|to|a|till|ile) ?\d{1,2}\.\d{2}(?![\w.])|\.\d{2} ?(?:uhr|h)(?!\w))"
)
_AMOUNT = re.compile(r"\d(?<![\d.,]\d)\d{0,11}(?:[.,' ]\d{3}){0,4}(?:[.,]\d{1,2})?")
_CURRENCY_AFTER = re.compile(r" ?(?:[€$£¥₺円]|zl|kr|tl|eur|euro|euros|usd|gbp|pln|sek|try|jpy|brl|sar|aed|chf|ريال|درهم)(?!\w)")
_CURRENCY_BEFORE = re.compile(r"(?:[€$£¥₺円]|r\$|(?<!\w)(?:eur|usd|gbp|pln|sek|chf|jpy|brl|sar|aed|tl|zl|kr)|ر\.س|د\.إ) ?$")
_PHONE_SHAPES = (
    re.compile(r"\+(?<![\w+]\+) ?\d(?:[ .\-/()]{0,2}\d){6,14}(?!\d)"),  # +49 30 1234567
    re.compile(r"00(?<![\w.,+]00)\d(?:[ .\-/()]{0,2}\d){6,13}(?!\d)"),  # 0049 30 1234567
    re.compile(r"\((?<![\w)]\()\d{2,5}\) ?\d(?:[ .\-/]?\d){4,11}(?!\d)"),  # (030) 1234567
)
_PHONE_GROUPS = re.compile(r"\d(?<![\w\-./,+]\d)\d{1,4}(?:[ .\-/]\d{2,8}){2,5}(?!\w|[ .\-/]\d)")  # 030 1234 5678
# A label shortly before the digits ("Batch 2231-44-19", "Rechnung Nr. 2026-0815-11"), read backwards
# from the number: the label's word, then at most a few signs and a "no."/"nr."/"n°".
_IDENTIFIER_BEFORE = re.compile(
    r"(?:(?<!\w)(?:" + "|".join(as_regex(p) for lang, ps in guidelines.IDENTIFIER_WORDS.items()
                                  if lang not in guidelines.UNSPACED for p in ps) + r")"
    r"|" + "|".join(as_regex(p) for lang, ps in guidelines.IDENTIFIER_WORDS.items()
                    if lang in guidelines.UNSPACED for p in ps) + r")"
    r"[^\w\n]{0,4}(?:(?:no|nr|n|num|number|nummer|numero|número|numéro|nº|n°|#|番号|رقم)[^\w\n]{0,3})?$"
)
_NUMBER_AFTER_WORD = re.compile(r"[^\d\n\ue001]{0,16}?(\+?\d[\d .\-/()]{5,22}\d)")
_UNIT_AFTER = re.compile(r" ?(?:cm|mm|m|kg|g|ml|l|in|inch|ft|lb|oz|pcs|stk|st|x)(?!\w)")
_DIGITS = re.compile(r"\d+")


def _digit_count(text: str) -> int:
    return sum(map(text.count, "0123456789"))


def _mask_numbers(folded: str) -> str:
    """The folded text with order ids, dates, times and prices replaced by MASK characters."""
    chars = list(folded)

    def mask(start: int, end: int) -> None:
        chars[start:end] = MASK * (end - start)

    for match in _ORDER_ID.finditer(folded):
        mask(*match.span())
    for match in _ISO_DATE.finditer(folded):
        if 1900 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12 and 1 <= int(match[3]) <= 31:
            mask(*match.span())
    for match in _LOCAL_DATE.finditer(folded):
        first, second = int(match[1]), int(match[2])
        if 1 <= first <= 31 and 1 <= second <= 31 and (first <= 12 or second <= 12):
            mask(*match.span())
    for match in _TIME.finditer(folded):
        mask(*match.span())
    for match in _AMOUNT.finditer(folded):
        after = _CURRENCY_AFTER.match(folded, match.end())
        if after:
            mask(match.start(), after.end())
        elif _CURRENCY_BEFORE.search(folded, max(0, match.start() - 4), match.start()):
            mask(*match.span())
    return "".join(chars)


def _phone_spans(folded: str) -> list[tuple[int, int]]:
    if _digit_count(folded) < 7:
        return []
    masked = _mask_numbers(folded)
    if _digit_count(masked) < 7:
        return []
    spans = []
    for regex in _PHONE_SHAPES:
        spans += [m.span() for m in regex.finditer(masked) if 7 <= _digit_count(m.group()) <= 15]
    for match in _PHONE_GROUPS.finditer(masked):
        if (7 <= _digit_count(match.group()) <= 15 and _looks_like_phone_groups(masked, match)
                and not _IDENTIFIER_BEFORE.search(masked, max(0, match.start() - 40), match.start())):
            spans.append(match.span())
    for _start, end in PHONE_WORDS.spans(masked):
        number = _NUMBER_AFTER_WORD.match(masked, end)
        if number and 7 <= _digit_count(number.group(1)) <= 15:
            spans.append(number.span(1))
    return spans


def _looks_like_phone_groups(masked: str, match: re.Match) -> bool:
    """Digit groups ("030 1234 5678") that are not sizes, years or a big number."""
    groups = _DIGITS.findall(match.group())
    separators = set(match.group()) - set("0123456789")
    if all(len(g) == 2 for g in groups) and not groups[0].startswith("0"):
        return False  # "38 40 42 44" are sizes; two-digit groups make a phone only as "06 12 34 56 78"
    if separators <= {".", ","} and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        return False  # 12.345.678: a number with thousands separators
    if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return False  # 2024 2025 2026
    return not _UNIT_AFTER.match(masked, match.end())


# --- wording --------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.;!?\u3002\u061f\n](?:(?<=[!?\u3002\u061f])|(?<=[.;])(?=\s|\Z)|(?<=\n)(?=[ \t]*\n))")


def _word_hits(text: Text, critical_kind: bool | None) -> list[tuple[str, int, int]]:
    folded = text.folded
    unspaced = bool(UNSPACED_SCRIPT.search(folded))
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(folded)]

    def sentence(position: int) -> int:
        return bisect_right(starts, position) - 1

    def sentences(numbers: set[int]) -> list[tuple[int, int]]:
        """The text ranges of these sentences, neighbours merged."""
        ranges: list[tuple[int, int]] = []
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
    marketing = MARKETING.spans(folded, unspaced)
    hits = [("opt_out_link", *s) for s in OPT_OUT.spans(folded, unspaced)]
    if reviewed:
        # Conditions, rewards and diversions only matter next to a review word: look there only.
        # "If you are happy with it, please leave a review": only satisfied buyers are asked.
        near = sentences(reviewed | {n - 1 for n in reviewed})
        positive += [s for s in SATISFIED_CONDITION.spans(folded, unspaced, near)
                     if {sentence(s[0]), sentence(s[0]) + 1} & reviewed]
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
    hits += [("marketing", *s) for s in marketing]
    # A coupon offered for a review is reported once, as the incentive.
    promotions = linter_prohibited.promotion_hits(folded, unspaced)
    promotions = [hit for hit, clear in zip(promotions, _clear_of([hit[1:] for hit in promotions], incentives), strict=True)
                  if clear]
    promoted = [hit[1:] for hit in promotions if RULES[hit[0]][0] == BLOCKING]
    hits += promotions
    hits += linter_prohibited.only_hits(folded, unspaced, promoted)
    if critical_kind:
        non_critical = REVIEW_REQUEST.spans(folded, unspaced) + positive + rewards + marketing
        hits += [("non_critical_content_in_critical_kind", *s)
                 for s, clear in zip(non_critical, _clear_of(non_critical, promoted), strict=True) if clear]
    return hits


def _clear_of(spans: list[tuple[int, int]], others: list[tuple[int, int]]) -> list[bool]:
    """For each span, whether it overlaps none of others; n log n, for any number of either."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(others):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    starts = [start for start, _end in merged]
    clear = []
    for start, end in spans:
        index = bisect_right(starts, end - 1) - 1  # the last of others that starts before the span ends
        clear.append(index < 0 or merged[index][1] <= start)
    return clear


# --- the report -----------------------------------------------------------------------------------------


def _report(text: Text, hits: list[tuple[str, int, int]]) -> LintReport:
    kept: dict[str, list[tuple[int, int]]] = {}
    for rule, start, end in sorted(hits, key=lambda hit: (hit[1], -hit[2])):
        spans = kept.setdefault(rule, [])
        if spans and start < spans[-1][1]:
            continue  # overlaps a finding of the same rule already kept
        if len(spans) < MAX_PER_RULE:
            spans.append((start, end))
    blocking_spans = [s for rule, spans in kept.items() if RULES[rule][0] == BLOCKING for s in spans]
    blocking, warnings = [], []
    for rule, spans in kept.items():
        severity, message = RULES[rule]
        for start, end in spans:
            if severity == WARNING and _overlaps((start, end), blocking_spans):
                continue  # "don't leave a negative review": reported once, under the blocking rule
            first, last = text.source_span(start, end)
            finding = Finding(rule, text.source[first:last][:MAX_SNIPPET], text.line(first), message)
            (blocking if severity == BLOCKING else warnings).append((first, finding))
    return LintReport(blocking=[f for _i, f in sorted(blocking, key=lambda p: p[0])],
                      warnings=[f for _i, f in sorted(warnings, key=lambda p: p[0])])
