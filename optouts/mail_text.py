"""Reading a raw email within a budget: its parts, headers and text, at a cost linear in its size.

Any tenant can mail its inbound address up to the receiver's 10 MB, so everything the notice parser
(optouts/parser.py) does to a message must cost time linear in its size, with a small constant,
whatever the bytes. Three things in the standard library do not on their own, and are bounded here:

- email's feedparser checks every line against every open multipart boundary and builds a Python
  object per part and per header: lines are counted before it starts, parts, nesting depth and
  headers as the message is fed to it, a chunk at a time, and a Budget stops it past any of them
  (TooComplex says which); email.utils.getaddresses, a character at a time in Python, is given only
  fields the size of a real sender's, and its work is counted too.
- email.message's parameter parsing (Content-Type) copies the rest of the header at every ";", and
  decode_header's pattern scans to the end of the line from every "=?": such headers are cut short
  and encoded words are decoded here by a bounded pattern.
- Unicode normalisation sorts a run of combining marks by insertion, and the punycode and idna
  codecs insert one character at a time: runs of marks are capped, those codecs never used.

Every pattern below is linear: no nested or overlapping repetition that can backtrack, each
repetition either bounded or possessive, scans for a closing tag resumed rather than restarted.
"""

import base64
import binascii
import codecs
import encodings
import encodings.aliases
import functools
import html
import pkgutil
import quopri
import re
import time
import unicodedata
from dataclasses import dataclass
from email import policy
from email.feedparser import FeedParser
from email.message import Message
from typing import cast


@dataclass(frozen=True)
class Budget:
    """What reading one message may cost. A notice is a few kB in one or two parts; the bounds leave
    room for it forwarded with large attachments, inside a long thread, as an attachment of an attachment."""

    max_bytes: int = 8 * 1024 * 1024  # read; the rest is cut off, not refused: past this only attachments follow
    max_lines: int = 250_000  # physical lines fed to the MIME parser (8 MB of base64 is 110,000)...
    min_line_bytes: int = 8  # ...and past the first free_lines, at least this many bytes a line on average
    free_lines: int = 10_000
    max_parts: int = 300  # MIME parts, attached messages included
    max_depth: int = 8  # parts inside parts (a forward as attachment of a forward as attachment is 6)
    max_headers: int = 2_000  # header fields, all parts together (a forwarded notice has about 100)
    max_addresses: int = 4_096  # characters of From and Sender fields parsed as addresses (about 50 a field)
    max_text: int = 4_000_000  # characters of text examined, all parts together, once normalised
    max_seconds: float = 2.0  # wall time, checked between steps (each step is itself bounded)


class TooComplex(Exception):
    """Reading the message would cost more than its budget; the text says what was too much."""


MAX_TEXT = 512 * 1024  # characters of text kept per part
MAX_HEADER = 8 * 1024  # characters kept of one header field (real ones, DKIM signatures included, are shorter)
# email.message parses parameters at a cost of (length x number of ";"): a real Content-Type or
# Content-Disposition has a handful (RFC 2231 continuations of a long file name, a few more).
MAX_PARAMETERS_HEADER = 1024
MAX_PARAMETERS = 32
PARAMETER_HEADERS = {"content-type", "content-disposition"}
CHUNK = 64 * 1024  # characters fed to the MIME parser between two checks of the budget


class Meter:
    """The budget of one parse, spent as it goes."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self.lines = self.parts = self.headers = self.text = self.addresses = 0
        self.deadline = time.monotonic() + budget.max_seconds

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TooComplex(f"reading it took more than {self.budget.max_seconds:g} s")

    def spend(self, what: str, amount: int) -> None:
        total = getattr(self, what) + amount
        setattr(self, what, total)
        limit = getattr(self.budget, f"max_{what}")
        if total > limit:
            names = {
                "parts": "MIME parts",
                "headers": "header fields",
                "text": "characters of text",
                "addresses": "characters of sender addresses",
            }
            raise TooComplex(f"more than {limit:,} {names[what]}")


class Part(Message):
    """A MIME part that knows how deep it is and spends the meter as the feedparser builds it."""

    meter: Meter
    depth = 0

    def attach(self, payload):
        # The feedparser attaches every new part to its container before reading it.
        payload.depth = self.depth + 1
        if payload.depth > self.meter.budget.max_depth:
            raise TooComplex(f"parts nested more than {self.meter.budget.max_depth} deep")
        super().attach(payload)

    def set_raw(self, name, value):
        # Every header field the feedparser reads goes through here, before anything else reads it.
        self.meter.spend("headers", 1)
        value = value[:MAX_HEADER]
        if name.lower() in PARAMETER_HEADERS:
            value = ";".join(value[:MAX_PARAMETERS_HEADER].split(";", MAX_PARAMETERS + 1)[: MAX_PARAMETERS + 1])
        super().set_raw(name, value)


def read_message(raw: bytes, meter: Meter) -> Part:
    """The message's MIME tree, read within the meter's budget (TooComplex past it)."""

    def new_part(policy=policy.compat32):
        meter.spend("parts", 1)
        part = Part(policy=policy)
        part.meter = meter
        return part

    raw = raw[: meter.budget.max_bytes]
    # The feedparser's work is a line at a time (each checked against every open boundary): lines are
    # counted first, at C speed, so that a message of empty lines costs nothing to refuse.
    lines = raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n")
    allowed = min(meter.budget.max_lines, meter.budget.free_lines + len(raw) // meter.budget.min_line_bytes)
    if lines > allowed:
        raise TooComplex(f"{lines:,} lines in {len(raw):,} bytes (at most {allowed:,})")
    meter.lines = lines
    parser = FeedParser(_factory=new_part, policy=policy.compat32)
    meter.parts = 0  # the feedparser tried its factory once to learn how to call it
    # As email.parser.BytesParser reads bytes: every byte kept, non-ASCII ones as surrogates.
    text = raw.decode("ascii", "surrogateescape")
    for start in range(0, len(text), CHUNK):
        parser.feed(text[start : start + CHUNK])
        meter.check_time()
    return cast(Part, parser.close())  # every part comes from new_part


def walk(message: Part):
    """Every part, depth first, descending into attached messages (read_message bounds the depth)."""
    stack: list[Message] = [message]
    while stack:
        part = stack.pop()
        yield part
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend(reversed([child for child in payload if isinstance(child, Message)]))


def header_values(part: Message, name: str, limit: int = MAX_HEADER) -> list[str]:
    return [str(value)[:limit] for value in part.get_all(name) or []]


# -- encoded words (RFC 2047) -----------------------------------------------------------------------
# An encoded word is at most 75 characters (RFC 2047, 2); a little more is tolerated. Bounded, so that
# a header of unterminated "=?" costs one short look each.
ENCODED_WORD = re.compile(r"=\?([^?\s]{1,40})\?([qQbB])\?([^?]{0,256}?)\?=")


def decode_words(value: str) -> str:
    """The header's text with its encoded words decoded (whitespace between two of them dropped, as
    RFC 2047 says); a word that does not decode, or in a charset we do not know, is kept as it came."""
    pieces, at, after_word = [], 0, False
    for match in ENCODED_WORD.finditer(value):
        between = value[at : match.start()]
        if not (after_word and between.isspace()):
            pieces.append(between)
        pieces.append(_decode_word(match))
        at, after_word = match.end(), True
    pieces.append(value[at:])
    return "".join(pieces)


def _decode_word(match: re.Match) -> str:
    charset, encoding, encoded = match.groups()
    name = codec(charset.partition("*")[0])  # "utf-8*en": RFC 2231 adds a language
    if name is None:
        return match.group(0)
    try:
        data = encoded.encode("ascii")
        if encoding in "bB":
            data = base64.b64decode(data + b"=" * (-len(data) % 4), validate=True)
        else:
            data = quopri.decodestring(data, header=True)
        return data.decode(name, "replace")
    except (binascii.Error, ValueError):  # UnicodeError is a ValueError
        return match.group(0)


def header_text(part: Message, name: str, limit: int = 4096) -> str:
    value = part.get(name)
    return "" if value is None else decode_words(str(value)[:limit])[:limit]


# -- charsets ---------------------------------------------------------------------------------------
# Decoding punycode inserts one character at a time, and idna decodes through punycode: quadratic.
SLOW_CODECS = {"punycode", "idna"}


@functools.cache
def _codec_names() -> dict[str, str]:
    names = {module.name: module.name for module in pkgutil.iter_modules(encodings.__path__)}
    names.update(encodings.aliases.aliases)
    return names


@functools.cache
def _text_codec(module: str) -> str | None:
    try:
        name = codecs.lookup(module).name
        b"x".decode(name, "replace")  # LookupError for the codecs that are not text encodings (base64, zlib, rot13)
    except (LookupError, UnicodeError):  # "undefined" refuses everything
        return None
    return None if name in SLOW_CODECS else name


def codec(charset: str | None) -> str | None:
    """The text codec a charset names, or None for an unknown or slow one.

    Only names from the standard library's table reach codecs.lookup: it caches every name it is
    asked about, so mail naming a new charset each time would grow every worker's memory.
    """
    if not charset or len(charset) > 64:
        return None
    module = _codec_names().get(encodings.normalize_encoding(charset.strip().lower()))
    return _text_codec(module) if module else None


def _charset(part: Message) -> str | None:
    value = part.get_param("charset")
    return value if isinstance(value, str) else None  # an RFC 2231 charset parameter is not a real one


# -- text -----------------------------------------------------------------------------------------
def decoded_text(part: Message) -> tuple[str, str]:
    """The part's decoded content and its readable text (HTML without its markup)."""
    decoded = part.get_payload(decode=True)  # base64, quoted-printable, uuencode: linear
    payload = decoded if isinstance(decoded, bytes) else str(part.get_payload()).encode("utf-8", "replace")
    payload = payload[: MAX_TEXT * 4]
    text = None
    for charset in (codec(_charset(part)), "utf-8", "cp1252"):
        if not charset:
            continue
        try:
            text = payload.decode(charset)
            break
        except UnicodeError:
            continue
    if text is None:
        text = payload.decode("latin-1", "replace")
    source = text = text[: MAX_TEXT * 2]
    if part.get_content_subtype() == "html":
        text = html.unescape(TAG.sub(" ", BREAK_TAGS.sub("\n", without_scripts(text))))
    return source, text[:MAX_TEXT]


# Tags never span another "<", so an unclosed "<" costs one step, not a scan to the end.
TAG = re.compile(r"<[^<>]*>")
BREAK_TAGS = re.compile(r"<\s*+(?:br|/p|/div|/tr|/li|/h\d)\b[^<>]*>", re.IGNORECASE)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^<>]*>", re.IGNORECASE)
CLOSING = {"script": re.compile(r"</script", re.IGNORECASE), "style": re.compile(r"</style", re.IGNORECASE)}
CLOSING_END = re.compile(r"\s*+>")


def without_scripts(markup: str) -> str:
    """The markup with every <script> and <style> element and its content replaced by a space.

    An element runs to the first closing tag of its name after it; one with none after it (or a
    malformed one first) is left as it is, its content then read as text. The next closing tag of
    each name is remembered, so every character is scanned once however often the tags repeat.
    """
    pieces, at, search_from = [], 0, 0
    # name -> (where the first closing tag of that name after the last search starts, or past the end
    # when there is none; where that tag ends, or None when it is malformed or absent)
    closing: dict[str, tuple[int, int | None]] = {}
    while opening := SCRIPT_OR_STYLE.search(markup, search_from):
        name = opening.group(1).lower()
        remembered = closing.get(name)
        if remembered is None or remembered[0] < opening.end():  # none looked for yet after this element
            found = CLOSING[name].search(markup, opening.end())
            end = CLOSING_END.match(markup, found.end()) if found else None
            remembered = closing[name] = (found.start() if found else len(markup) + 1, end.end() if end else None)
        if remembered[1] is None:  # no well-formed closing tag of this name after it: not an element
            search_from = opening.end()
            continue
        pieces += [markup[at : opening.start()], " "]
        at = search_from = remembered[1]
    pieces.append(markup[at:])
    return "".join(pieces)


MAX_GROWTH = 2  # how much longer NFKC may make a part's text (real text: a few ligatures and symbols)
MAX_MARKS = 30  # combining marks in a row kept (Unicode's stream-safe text format allows 30)
# Every code point with a combining class is below U+20000 (planes 2 and up hold ideographs, tags and
# private use), which makes finding them fast enough to do on first use.
LAST_MARK = 0x1FFFF


@functools.cache
def _mark_runs() -> re.Pattern:
    """Runs of more than MAX_MARKS combining marks (canonical combining class not 0)."""
    ranges: list[tuple[int, int]] = []
    start = previous = -2
    for code in range(LAST_MARK + 1):
        if unicodedata.combining(chr(code)):
            if code != previous + 1:
                if start >= 0:
                    ranges.append((start, previous))
                start = code
            previous = code
    ranges.append((start, previous))
    marks = "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in ranges)
    # A character class first, so that the scan skips to marks; a short run costs at most 30 steps a mark.
    return re.compile(f"([{marks}]{{{MAX_MARKS}}})[{marks}]+")


@functools.cache
def _expanders() -> tuple[re.Pattern, int]:
    """Characters NFKC makes 4 or more (72 of them in Unicode 14, all below U+20000), and the most one makes."""
    lengths = {
        code: len(unicodedata.normalize("NFKC", chr(code)))
        for code in range(LAST_MARK + 1)
        if unicodedata.decomposition(chr(code))
    }
    long = [code for code, length in lengths.items() if length >= 4]
    return re.compile("[" + "".join(f"\\U{code:08x}" for code in long) + "]"), max(lengths.values())


# Each pass below is one scan in C, starting with a character class or a literal so that it skips to
# where the text holds what it looks for: a line break other than "\n", whitespace other than a single
# space, a space ending a line, a line starting with quote marks or spaces, an empty line.
LINE_BREAK = re.compile(r"[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # with "\n": where str.splitlines splits
SPACE = re.compile(r"[^\S\n](?:(?<= )[^\S\n]++|(?<! )[^\S\n]*+)")
LINE_END_SPACE = re.compile(r" \n")
LINE_START = re.compile(r"\n[> ]+")
BLANK_LINES = re.compile(r"\n{2,}")


def examined(text: str, meter: Meter) -> str:
    """The text normalised, spent from the meter."""
    text = normalize(text, meter)
    meter.spend("text", len(text))
    meter.check_time()
    return text


def normalize(text: str, meter: Meter | None = None) -> str:
    """NFKC; one line per line, without leading quote marks ("> "), leading or trailing whitespace; every
    run of whitespace within a line one space; no empty lines."""
    if not unicodedata.is_normalized("NFKC", text):
        # Some characters stand for up to 18 (U+FDFA): text made of them would cost 18 times its size to
        # normalise and read. Those standing for 4 or more are counted first; the rest can only triple it.
        size, allowed = len(text), MAX_GROWTH * len(text) + 4096
        if meter is not None:
            pattern, longest = _expanders()
            if size + (longest - 1) * len(pattern.findall(text)) > allowed:
                raise TooComplex(f"text that grows more than {MAX_GROWTH}-fold when normalised")
        # Normalising sorts each run of combining marks by insertion: a long run costs its square. Marks
        # start at U+0300: text that Latin-1 holds has none, and skips the slower scan.
        if not _is_latin1(text):
            text = _mark_runs().sub(r"\1", text)
        text = unicodedata.normalize("NFKC", text)
        if meter is not None and len(text) > allowed:
            raise TooComplex(f"text that grows more than {MAX_GROWTH}-fold when normalised")
    text = SPACE.sub(" ", LINE_BREAK.sub("\n", text.replace("\r\n", "\n")))
    text = LINE_START.sub("\n", LINE_END_SPACE.sub("\n", text))
    return BLANK_LINES.sub("\n", text).lstrip("> \n").rstrip(" \n")


def _is_latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def folded(text: str) -> str:
    """Normalised text on one line, case folded (normalize leaves single spaces and line breaks only)."""
    return text.replace("\n", " ").casefold()
