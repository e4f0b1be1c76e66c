"""Contact details outside Amazon: links to other sites, email addresses, phone numbers.

Links are found from their scheme, "www." or ".tld" and read backwards from there; Amazon's own
sites and short links are allowed. Numbers that only look like phone numbers are masked before
phones are looked for: Amazon order ids, dates, times and prices; digit groups after a label
("Batch 2231-44-19") are identifiers, and a 7-15 digit number after a phone word is a phone
number whatever its shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from .phrases import UNSPACED, phones
from .spans import Hit, Span, overlaps
from .vocabulary import PLACEHOLDER, Text, Vocabulary, as_regex

MASK = "\ue001"  # stands for a number known not to be a phone number
PHONE_WORDS = Vocabulary(phones.PHONE_WORDS)


# --- links and email addresses ---------------------------------------------------------------------

# URL characters are ASCII (RFC 3986); Japanese or Arabic text right after a link is not part of it.
_URL_CHARS = r"[a-z0-9\-._~:/?#@!$&()*+,;=%\ue000]"
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)" + _URL_CHARS + "{1,2048}")
_TRAILING_PUNCTUATION = ".,;:!?)]}'\"\u3002"
# Generic top-level domains a seller's own site would use, and the country domains of our
# markets and their neighbours: "word.tld" with one of these is a link.
_GENERIC_TLDS = (
    "com",
    "net",
    "org",
    "info",
    "biz",
    "io",
    "shop",
    "store",
    "online",
    "site",
    "app",
    "dev",
    "xyz",
    "link",
    "page",
    "club",
    "top",
    "tv",
    "ai",
    "ly",
    "gl",
    "eu",
)
_COUNTRY_TLDS = (
    "co",
    "me",
    "to",
    "de",
    "fr",
    "it",
    "es",
    "nl",
    "pl",
    "se",
    "at",
    "ch",
    "be",
    "uk",
    "jp",
    "br",
    "tr",
    "sa",
    "ae",
    "us",
    "ca",
    "mx",
    "au",
    "in",
    "ru",
    "cn",
    "dk",
    "no",
    "fi",
    "pt",
    "ie",
    "cz",
    "sk",
    "hu",
    "ro",
    "gr",
    "nz",
    "za",
    "sg",
    "hk",
    "eg",
)
# A bare domain is found from its ".tld" (a literal start the regex engine finds fast) and read
# backwards from there.
_DOT_TLD = re.compile(
    r"\.(" + "|".join(sorted(_GENERIC_TLDS + _COUNTRY_TLDS, key=len, reverse=True)) + r")(?![\w\-\ue000]|\.[a-z0-9])"
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


def contact_hits(text: Text) -> list[Hit]:
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
    hits += [hit for hit in _email_hits(folded) if not overlaps(hit[1:], urls)]
    taken = [(start, end) for _rule, start, end in hits]
    for match in _DOT_TLD.finditer(folded):
        span = _bare_domain(text, match)
        if span and not overlaps(span, taken):
            hits.append(("external_link", *span))
    hits += [("phone_number", start, end) for start, end in _phone_spans(folded)]
    return hits


def _email_hits(folded: str) -> list[Hit]:
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


def _bare_domain(text: Text, match: re.Match) -> Span | None:
    """The span of "myshop.de/path" around the ".de" that match found, if it is an outside link."""
    folded, start = text.folded, match.start()
    limit = max(0, start - 253)
    while start > limit and folded[start - 1] in _DOMAIN_CHARS:
        start -= 1
    while start < match.start() and folded[start] in ".-":
        start += 1
    if (start == limit and start) or (start and folded[start - 1] in "@/_" + PLACEHOLDER):
        return None  # too long, an email address, a URL path or a template value
    domain = folded[start : match.end()]
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
_CURRENCY_AFTER = re.compile(
    r" ?(?:[€$£¥₺円]|zl|kr|tl|eur|euro|euros|usd|gbp|pln|sek|try|jpy|brl|sar|aed|chf|ريال|درهم)(?!\w)"
)
_CURRENCY_BEFORE = re.compile(
    r"(?:[€$£¥₺円]|r\$|(?<!\w)(?:eur|usd|gbp|pln|sek|chf|jpy|brl|sar|aed|tl|zl|kr)|ر\.س|د\.إ) ?$"
)
_PHONE_SHAPES = (
    re.compile(r"\+(?<![\w+]\+) ?\d(?:[ .\-/()]{0,2}\d){6,14}(?!\d)"),  # +49 30 1234567
    re.compile(r"00(?<![\w.,+]00)\d(?:[ .\-/()]{0,2}\d){6,13}(?!\d)"),  # 0049 30 1234567
    re.compile(r"\((?<![\w)]\()\d{2,5}\) ?\d(?:[ .\-/]?\d){4,11}(?!\d)"),  # (030) 1234567
)
_PHONE_GROUPS = re.compile(r"\d(?<![\w\-./,+]\d)\d{1,4}(?:[ .\-/]\d{2,8}){2,5}(?!\w|[ .\-/]\d)")  # 030 1234 5678
# A label shortly before the digits ("Batch 2231-44-19", "Rechnung Nr. 2026-0815-11"), read backwards
# from the number: the label's word, then at most a few signs and a "no."/"nr."/"n°".
_IDENTIFIER_BEFORE = re.compile(
    r"(?:(?<!\w)(?:"
    + "|".join(as_regex(p) for lang, ps in phones.IDENTIFIER_WORDS.items() if lang not in UNSPACED for p in ps)
    + r")"
    r"|" + "|".join(as_regex(p) for lang, ps in phones.IDENTIFIER_WORDS.items() if lang in UNSPACED for p in ps) + r")"
    r"[^\w\n]{0,4}(?:(?:no|nr|n|num|number|nummer|numero|número|numéro|nº|n°|#|番号|رقم)[^\w\n]{0,3})?$"
)
_NUMBER_AFTER_WORD = re.compile(r"[^\d\n\ue001]{0,16}?(\+?\d[\d .\-/()]{5,22}\d)")
_UNIT_AFTER = re.compile(r" ?(?:cm|mm|m|kg|g|ml|l|in|inch|ft|lb|oz|pcs|stk|st|x)(?!\w)")
_DIGITS = re.compile(r"\d+")


def _digit_count(text: str) -> int:
    return sum(map(text.count, "0123456789"))


def _date_spans(folded: str) -> Iterator[Span]:
    for match in _ISO_DATE.finditer(folded):
        if 1900 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12 and 1 <= int(match[3]) <= 31:
            yield match.span()
    for match in _LOCAL_DATE.finditer(folded):
        first, second = int(match[1]), int(match[2])
        if 1 <= first <= 31 and 1 <= second <= 31 and (first <= 12 or second <= 12):
            yield match.span()


def _price_spans(folded: str) -> Iterator[Span]:
    for match in _AMOUNT.finditer(folded):
        after = _CURRENCY_AFTER.match(folded, match.end())
        if after:
            yield match.start(), after.end()
        elif _CURRENCY_BEFORE.search(folded, max(0, match.start() - 4), match.start()):
            yield match.span()


def _mask_numbers(folded: str) -> str:
    """The folded text with order ids, dates, times and prices replaced by MASK characters."""
    chars = list(folded)
    spans = chain(
        (match.span() for match in _ORDER_ID.finditer(folded)),
        _date_spans(folded),
        (match.span() for match in _TIME.finditer(folded)),
        _price_spans(folded),
    )
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


def _phone_spans(folded: str) -> list[Span]:
    if _digit_count(folded) < 7:
        return []
    masked = _mask_numbers(folded)
    if _digit_count(masked) < 7:
        return []
    spans = []
    for regex in _PHONE_SHAPES:
        spans += [m.span() for m in regex.finditer(masked) if 7 <= _digit_count(m.group()) <= 15]
    for match in _PHONE_GROUPS.finditer(masked):
        if (
            7 <= _digit_count(match.group()) <= 15
            and _looks_like_phone_groups(masked, match)
            and not _IDENTIFIER_BEFORE.search(masked, max(0, match.start() - 40), match.start())
        ):
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
