"""Is this email Amazon's "the buyer opted out" notice, and for which orders? A pure function.

Amazon sends one notice per blocked message, in the marketplace's language, and sellers forward
it from Gmail, Outlook or Apple Mail (inline, as an attachment, or quoted in a reply). Two signals
recognise it, both requiring Amazon order ids and an Amazon sender, so that buyer messages, other
delivery failures, feedback notifications and look-alike phishing are not taken for opt-outs:

1. Amazon's own headers, in any language: the notice carries `X-Space-Notification-Type:
   BUYER_OPTED_OUT_BSM_MESSAGES` and `X-Marketplace-ID`. They survive when Amazon mails our
   address directly (the seller adds it as a "Buyer Opt-Out" recipient), when a mailbox passes the
   original on (Gmail's automatic forwarding, an Outlook "redirect" rule) and in a forward as
   attachment (a message/rfc822 part). The headers are forgeable, so they count only on a message
   whose own From is an Amazon address; the language is the marketplace's.
2. The wording, for notices forwarded inline, where the headers are lost: every text part at any
   depth (plain or HTML, any transfer encoding and charset) is searched for the notice's sentence
   in each language we know (optouts/notice_phrases.py, from Amazon's real texts), and an Amazon
   address must appear as a sender, directly or in the forwarded headers. A notice in a language
   whose wording we do not know is not recognised this way.

A buyer's relay alias (<alias>@marketplace.amazon.<tld>) is an Amazon domain but a buyer's voice: it
never counts as an Amazon sender. The notice itself carries that alias as the buyer's address (a
mailto link in the real one): it is returned with the verdict, so the buyer can be keyed even before
the order syncs. Mail from an Amazon address about an order that neither signal recognises is
returned as confirmable, for the seller to judge.

It never raises, and costs time linear in the size of the message: reading it (optouts/mail_text.py) is
bounded by a Budget of lines, parts, nesting, headers, text and wall time, past which the verdict is
"too large or too complex to read". A notice names one order: mail naming more than MAX_ORDER_IDS is
not taken for one (nor offered to the seller to confirm), so that no message opts out hundreds of orders.
"""

import re
from dataclasses import dataclass, field
from email.message import Message
from email.utils import getaddresses
from itertools import islice

from sellers.marketplaces import marketplace as marketplace_by_id
from sellers.order_ids import ORDER_ID_IN_TEXT

from .mail_text import (
    Budget,
    Meter,
    TooComplex,
    decoded_text,
    examined,
    folded,
    header_text,
    header_values,
    read_message,
    walk,
)
from .notice_phrases import WORDINGS

DEFAULT_BUDGET = Budget()
# Amazon's notice is about one blocked message, so one order; a few allow for notices forwarded together.
MAX_ORDER_IDS = 20
# Bounded and anchored on the left so that a long run of address characters costs linear time.
ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8})", re.IGNORECASE)
BRACKETED_ADDRESS = re.compile(r"<([^<>\s]{1,320})>|\[mailto:([^\[\]\s]{1,320})\]", re.IGNORECASE)
AMAZON_TLD = (
    r"(?:com|ca|com\.mx|com\.br|co\.uk|de|fr|it|es|nl|se|pl|com\.tr|ae|sa|eg|in|co\.jp|com\.au|sg|com\.be|"
    r"ie|co\.za)"
)
AMAZON_DOMAIN = re.compile(rf"^(?:[a-z0-9-]+\.)*amazon\.{AMAZON_TLD}$")
# Amazon relays buyer-seller mail through these aliases, unique per buyer and seller: the same address the
# merchant-fulfilled order carries.
RELAY_DOMAIN = re.compile(rf"^marketplace\.amazon\.{AMAZON_TLD}$")
# Anchored on the left like ADDRESS, so a long run of address characters costs linear time; a trailing full stop
# ends a sentence, not the domain.
RELAY_ADDRESS = re.compile(
    rf"(?<![\w.+-])[a-z0-9._+-]{{1,64}}@marketplace\.amazon\.{AMAZON_TLD}(?![\w-]|\.[\w-])", re.IGNORECASE
)
# A notice is about one blocked message, so one buyer; a few allow for notices forwarded together.
MAX_RELAYS = 5
SENDER_WORDS = r"from|von|de|da|van|od|från|kimden|gönderen|差出人|送信者|من|remetente"
# A line's quote marks stay on it ([^\S\n]: whitespace but the line's end), so that a run of ">" lines cannot
# be taken for one prefix from every line it passes; what follows the word may start on the next line.
SENDER_LINE = re.compile(rf"^(?:>[^\S\n]*+)*+(?:{SENDER_WORDS}|de\s*+:)\s*+:?+\s*+(.+)$", re.IGNORECASE | re.MULTILINE)
# Only a forwarded header line (with its colon) names who wrote: SENDER_LINE also takes sentences that begin with
# "De" or "Da", where a notice may link the buyer's address.
FORWARDED_SENDER_LINE = re.compile(rf"^(?:{SENDER_WORDS}|sender|reply-to) ?: ?(.+)$", re.IGNORECASE | re.MULTILINE)
# "On <date>, Amazon <seller-notification@amazon.com> wrote:" above a quoted notice: found by its last word in the
# lower-cased text, one pattern a word (each starts with its word, so the scan skips from one to the next; the word
# boundary before it is checked after), the line then taken whole (a pattern from the line's start would rescan the
# line for every word in it).
ATTRIBUTION_WORDS = [
    "wrote",
    "a écrit",
    "schrieb",
    "ha scritto",
    "escribió",
    "schreef",
    "napisał(a)",
    "napisał",
    "skrev",
    "yazdı",
    "escreveu",
    "كتب",
]
ATTRIBUTION_ENDS = [re.compile(rf"{re.escape(word)} ?:?$", re.MULTILINE) for word in ATTRIBUTION_WORDS] + [
    re.compile(r"のメッセージ:?$", re.MULTILINE)
]
ATTRIBUTION_ENDS_ANY_CASE = [re.compile(pattern.pattern, re.MULTILINE | re.IGNORECASE) for pattern in ATTRIBUTION_ENDS]
RELAY_HINT = re.compile(r"@marketplace\.amazon\.", re.IGNORECASE)
# Lines examined as forwarded senders or attributions: a thread quotes a few dozen.
MAX_SENDER_LINES = 1000
MAX_SENDER = 1024
# email.utils.getaddresses reads a character at a time in Python (a quarter of a microsecond each) and some runs of
# punctuation cost it the square of their length: it reads only a field the size of a real sender's (Amazon's is 45
# characters), and what it reads is counted against the budget. A longer field names no address: not Amazon's.
MAX_MAILBOX = 320
MAILBOX_SPECIALS = re.compile(r'[()<>\[\]:;@\\,"]')
MAX_MAILBOX_SPECIALS = 24
NOTIFICATION_TYPE_HEADER = "X-Space-Notification-Type"
OPTOUT_NOTIFICATION_TYPE = "BUYER_OPTED_OUT_BSM_MESSAGES"
MARKETPLACE_HEADER = "X-Marketplace-ID"


@dataclass
class ParseResult:
    is_optout: bool
    order_ids: list[str] = field(default_factory=list)
    language: str | None = None
    reason: str = ""
    # Mail from Amazon with order ids whose wording we do not know: perhaps a notice in a language
    # whose real text we have not seen, forwarded inline. Only the seller can tell; they may confirm it.
    confirmable: bool = False
    # The buyer's relay addresses an opt-out notice names (lower case, at most MAX_RELAYS): only on a
    # recognised notice, only from the notice's own text, never an address that sent any part of the mail.
    relay_addresses: list[str] = field(default_factory=list)
    # Reading it would have cost more than its budget: the reason says what; nothing was judged.
    too_complex: bool = False
    # A notice or Amazon mail to confirm, but naming more than MAX_ORDER_IDS orders (order_ids holds the first ones).
    too_many_orders: bool = False

    def as_dict(self) -> dict:
        return {
            "is_optout": self.is_optout,
            "order_ids": self.order_ids,
            "language": self.language,
            "reason": self.reason,
            "relay_addresses": self.relay_addresses,
        }


def parse(raw: bytes, *, budget: Budget = DEFAULT_BUDGET) -> ParseResult:
    meter = Meter(budget)
    try:
        return _capped(_parse(raw, meter))
    except TooComplex as exc:
        return ParseResult(False, reason=f"too large or too complex to read: {exc}", too_complex=True)
    except RecursionError:
        return ParseResult(False, reason="too large or too complex to read: nested too deep", too_complex=True)
    except Exception as exc:  # noqa: BLE001 - any input gets an answer, never an exception
        return ParseResult(False, reason=f"unreadable message ({type(exc).__name__})")


def wording_recognised(raw: bytes, *, budget: Budget = DEFAULT_BUDGET) -> bool:
    """Whether the message's own text parts (its body, not its headers) carry the opt-out
    sentence of a language we know: what a DKIM signature's body hash covers (optouts.signatures)."""
    meter = Meter(budget)
    try:
        texts = [
            examined(decoded_text(part)[1], meter)
            for part in walk(read_message(raw, meter))
            if part.get_content_maintype() == "text" and not _is_attachment_noise(part)
        ]
        return _language("\n".join(texts)) is not None
    except Exception:  # noqa: BLE001 - never raises, like parse()
        return False


def _capped(result: ParseResult) -> ParseResult:
    """No message opts out, or offers to, more orders than a notice names."""
    if len(result.order_ids) <= MAX_ORDER_IDS or not (result.is_optout or result.confirmable):
        return result
    what = "an opt-out notice" if result.is_optout else "Amazon mail about orders"
    return ParseResult(
        False,
        order_ids=result.order_ids[:MAX_ORDER_IDS],
        language=result.language,
        too_many_orders=True,
        reason=f"{what}, but naming more than {MAX_ORDER_IDS} Amazon order ids: Amazon's notice names "
        "one order, so none of them is taken as opted out",
    )


@dataclass
class _Body:
    part: Message
    source: str  # the decoded content, HTML markup included: the real notice links the buyer's address
    text: str  # what a reader sees, normalised


@dataclass
class _Reading:
    """What the parts of one message say, gathered in one walk."""

    texts: list[str] = field(default_factory=list)
    senders: list[str] = field(default_factory=list)  # single addresses that wrote a part
    writers: list[str] = field(default_factory=list)  # every From, Sender and Reply-To value
    marked: list[Message] = field(default_factory=list)  # parts marked as Amazon's opt-out notification
    kinds: bool = False  # some part carries Amazon's notification type header
    bodies: list[_Body] = field(default_factory=list)


def _read(message: Message, meter: Meter) -> _Reading:
    reading = _Reading()
    for part in walk(message):
        # Read from the raw headers as addresses: a display name, even an encoded one, is not an
        # address, and a header that parses into several is not one sender's. Reply-To says where
        # answers go, not who wrote.
        authors = [value for name in ("From", "Sender") for value in header_values(part, name, MAX_SENDER)]
        replies = header_values(part, "Reply-To", MAX_SENDER)
        for value in authors:
            addresses = _mailboxes(value, meter)
            if len(addresses) == 1:
                reading.senders.append(f"<{addresses[0]}>")
        # A buyer's message is answered through its Reply-To: an alias there wrote, like one in From or Sender.
        reading.writers += authors + replies
        reading.texts.append(examined(header_text(part, "Subject"), meter))
        if part.get_content_maintype() == "text" and not _is_attachment_noise(part):
            source, text = decoded_text(part)
            body = _Body(part, source, examined(text, meter))
            reading.bodies.append(body)
            reading.texts.append(body.text)
        if _is_marked_optout(part):
            reading.marked.append(part)
        reading.kinds = reading.kinds or NOTIFICATION_TYPE_HEADER in part
    return reading


def _parse(raw: bytes, meter: Meter) -> ParseResult:
    if not raw or not raw.strip():
        return ParseResult(False, reason="empty message")
    reading = _read(read_message(raw, meter), meter)
    if not any(reading.texts):
        return ParseResult(False, reason="no text in the message")
    text = "\n".join(piece for piece in reading.texts if piece)
    attributions = _attributions(text)
    reading.senders += [match.group(1) for match in islice(SENDER_LINE.finditer(text), MAX_SENDER_LINES)]
    reading.senders += attributions
    reading.writers += attributions

    language = _language(text)
    order_ids = _order_ids(text)
    if reading.marked:
        by_header = _by_marked_parts(reading, order_ids, language, text, meter)
        if by_header.is_optout or language is None:
            return by_header
    if language is None:
        return _without_wording(reading, order_ids)
    return _by_wording(reading, order_ids, language, text)


def _by_marked_parts(
    reading: _Reading, order_ids: list[str], language: str | None, text: str, meter: Meter
) -> ParseResult:
    # The header is forgeable: it counts on a part that itself comes from an Amazon address.
    notices = [part for part in reading.marked if _own_sender_is_amazon(part, meter)]
    by_header = _by_header(notices, order_ids, language)
    if by_header.is_optout:
        # The notice is that part and what it holds (a forward as attachment holds it).
        inside = {id(part) for notice in notices for part in walk(notice)}
        notice_bodies = [body for body in reading.bodies if id(body.part) in inside]
        by_header.relay_addresses = _relays(notice_bodies, reading.writers, text)
    return by_header


def _without_wording(reading: _Reading, order_ids: list[str]) -> ParseResult:
    # Amazon's headers, where they came through, name another kind of notification: nothing to confirm.
    if order_ids and not reading.kinds and _from_amazon(reading.senders):
        return ParseResult(
            False,
            order_ids=order_ids,
            confirmable=True,
            reason="Amazon mail about an order, but no opt-out wording in any language we know",
        )
    return ParseResult(False, reason="no opt-out wording in any language we know")


def _by_wording(reading: _Reading, order_ids: list[str], language: str, text: str) -> ParseResult:
    if not order_ids:
        return ParseResult(False, language=language, reason="opt-out wording but no Amazon order id")
    if not _from_amazon(reading.senders):
        return ParseResult(
            False,
            order_ids=order_ids,
            language=language,
            reason="opt-out wording, but not sent by Amazon (no amazon sender address)",
        )
    # The notice is the text that says the buyer opted out, not the rest of what was forwarded with it.
    wording = WORDINGS[language].opt_out
    notice_bodies = [body for body in reading.bodies if wording.search(folded(body.text))]
    return ParseResult(
        True,
        order_ids=order_ids,
        language=language,
        reason=f"Amazon opt-out notice ({language})",
        relay_addresses=_relays(notice_bodies, reading.writers, text),
    )


def _order_ids(text: str) -> list[str]:
    """The distinct order ids in the text, in order: one more than MAX_ORDER_IDS at most (enough to know there
    are too many)."""
    found: dict[str, None] = {}
    for match in ORDER_ID_IN_TEXT.finditer(text):
        found[match.group()] = None
        if len(found) > MAX_ORDER_IDS:
            break
    return list(found)


def _attributions(text: str) -> list[str]:
    """The attribution lines ("... wrote:") of the normalised text, whole, in order."""
    lowered, patterns = text.lower(), ATTRIBUTION_ENDS
    if len(lowered) != len(text):  # a few characters lower-case to two: no offsets to share
        lowered, patterns = text, ATTRIBUTION_ENDS_ANY_CASE
    starts: dict[int, int] = {}  # line start -> attribution end
    for pattern in patterns:
        for match in islice(pattern.finditer(lowered), MAX_SENDER_LINES):
            start = match.start()
            if start and match.group(0)[0] != "の" and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue  # inside a word ("rewrote:"); Japanese writes no spaces
            starts[text.rfind("\n", 0, start) + 1] = match.end()
    return [text[start : starts[start]] for start in sorted(starts)[:MAX_SENDER_LINES]]


def _is_marked_optout(part: Message) -> bool:
    """The part's own headers say it is Amazon's opt-out notification (and nothing else)."""
    values = part.get_all(NOTIFICATION_TYPE_HEADER) or []
    return bool(values) and all(str(value).strip() == OPTOUT_NOTIFICATION_TYPE for value in values)


def _by_header(from_amazon: list[Message], order_ids: list[str], wording_language: str | None) -> ParseResult:
    """The verdict on a message carrying Amazon's opt-out notification type in its own (or a forwarded part's) headers.

    `from_amazon` are the parts carrying it whose own From is an Amazon address (_own_sender_is_amazon); none means
    the header was on mail not sent by Amazon.
    """
    header = f"{NOTIFICATION_TYPE_HEADER}: {OPTOUT_NOTIFICATION_TYPE}"
    if not from_amazon:
        return ParseResult(
            False,
            order_ids=order_ids,
            language=wording_language,
            reason=f"Amazon's opt-out notification header ({header}), but not sent by Amazon "
            "(the From address is not an Amazon address)",
        )
    if not order_ids:
        return ParseResult(
            False,
            language=wording_language,
            reason=f"Amazon's opt-out notification header ({header}) but no Amazon order id",
        )
    marketplace_id = header_text(from_amazon[0], MARKETPLACE_HEADER).strip()[:64]
    known = marketplace_by_id(marketplace_id)
    language: str | None
    if known is not None:
        language = _language_of_marketplace(known.language)
        where = f"marketplace {known.name} ({marketplace_id})"
    else:
        language = wording_language
        where = f"unknown marketplace id {marketplace_id!r}" if marketplace_id else "no marketplace id"
    return ParseResult(
        True,
        order_ids=order_ids,
        language=language,
        reason=f"Amazon opt-out notice ({language or 'language unknown'}), recognised by Amazon's "
        f"notification type header ({header}); {where}",
    )


def _language_of_marketplace(tag: str) -> str:
    # Brazilian Portuguese keeps its region: it is the one marketplace language whose region matters to a reader.
    return tag if tag == "pt-BR" else tag.split("-")[0]


def _mailboxes(value: str, meter: Meter) -> list[str]:
    """The addresses a From or Sender field names, as email.utils reads them (none for a field longer or more
    punctuated than a real sender's)."""
    if len(value) > MAX_MAILBOX or len(MAILBOX_SPECIALS.findall(value)) > MAX_MAILBOX_SPECIALS:
        return []
    meter.spend("addresses", len(value))
    return [address for _, address in getaddresses([value]) if address]


def _own_sender_is_amazon(part: Message, meter: Meter) -> bool:
    # The raw header, not its decoded text: an encoded display name cannot smuggle in an address. A message with two
    # From headers is not Amazon's.
    values = header_values(part, "From", MAX_SENDER)
    if len(values) != 1:
        return False
    addresses = _mailboxes(values[0], meter)
    if len(addresses) != 1 or addresses[0].count("@") != 1:
        return False
    domain = addresses[0].rpartition("@")[2].lower().rstrip(".")
    return bool(AMAZON_DOMAIN.match(domain))


def _is_attachment_noise(part: Message) -> bool:
    return part.get_content_subtype() not in ("plain", "html")


def _language(text: str) -> str | None:
    """The language whose opt-out sentence the text carries (the most matching phrases wins)."""
    text = folded(text)
    best, best_hits = None, 0
    for language, wording in WORDINGS.items():
        if not wording.opt_out.search(text):
            continue
        hits = 1 + sum(1 for pattern in wording.context if pattern.search(text))
        if hits > best_hits:
            best, best_hits = language, hits
    return best


def _addresses(sender: str) -> list[str]:
    """The addresses a sender names: those in <...> or [mailto:...] when it has any (what comes
    before them is a display name, which anyone can fill with an Amazon address), else every
    address in it."""
    sender = (sender or "")[:MAX_SENDER]
    bracketed = [first or second for first, second in BRACKETED_ADDRESS.findall(sender)]
    return bracketed or [match.group(0) for match in ADDRESS.finditer(sender)]


def _from_amazon(senders: list[str]) -> bool:
    """Some sender is an Amazon address other than a buyer's relay alias."""
    for sender in senders:
        for address in _addresses(sender):
            match = ADDRESS.fullmatch(address.strip())
            domain = match.group(1).lower().rstrip(".") if match else ""
            if AMAZON_DOMAIN.match(domain) and not RELAY_DOMAIN.match(domain):
                return True
    return False


def _relays(bodies: list[_Body], writers: list[str], text: str) -> list[str]:
    """The buyer relay addresses the notice's bodies name, but none that wrote any part of the mail.

    `writers` (the From, Sender and Reply-To headers and the attribution lines) and the forwarded header lines of
    `text` name who wrote: an alias there, even in a display name, is a buyer who wrote (a forwarded buyer message),
    not the one Amazon says opted out.
    """
    excluded = {
        address.lower()
        for writer in writers + FORWARDED_SENDER_LINE.findall(text)
        for address in RELAY_ADDRESS.findall(writer)
    }
    found: list[str] = []
    for body in bodies:
        if not RELAY_HINT.search(body.source):
            continue
        for match in RELAY_ADDRESS.finditer(body.source):
            address = match.group(0).lower()
            if address not in excluded and address not in found:
                found.append(address)
                if len(found) == MAX_RELAYS:
                    return found
    return found
