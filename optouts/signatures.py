"""Which of a stored message's opt-out orders and buyers are Amazon's word: what a notice says
inside a DKIM signature by Amazon that verifies (dkimpy).

Only Amazon's word goes to the shared opt-out table. Headers and wording can be typed by anyone;
a valid DKIM signature of an Amazon domain (amazon.com, amazon.de, ...; never amazonses.com, which
signs every SES customer's mail) can only come from Amazon. It survives when Amazon mails the
inbound address directly, through Gmail's automatic forwarding and an Outlook redirect (the
original bytes pass on) and in a forward as attachment (the original is a message/rfc822 part);
an inline forward loses it.

A signature proves only what it covers, so the signed message itself is the notice and its
orders and buyer addresses are read from it alone, never from a wrapper around it (a forward's
own subject or text, another attached message). The signed message must be:
- from Amazon's notification address (NOTICE_SENDER), From and Subject each present once and
  signed (a second Subject above a signed one would be read, and not be Amazon's);
- signed over its whole body (a signature with `l=` is refused: text appended after it passes);
- an opt-out notice by what the signature covers: the X-Space-Notification-Type header signed
  once with the opt-out value, or, where Amazon did not sign that header, the notice's wording in
  the signed body with no other notification type named.

The keys come from DNS (dnspython, a few seconds at most per lookup); development and tests may
name keys in DKIM_TEST_KEYS (refused in production), so that the sandbox Amazon's notices,
signed with its own key, count as Amazon's here as real ones do in production. Candidates are
found in the parser's budgeted reading of the message, so a hostile structure costs no more here
than it does there.
"""

import logging
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.utils import getaddresses

import dkim
from django.conf import settings

from . import parser
from .mail_text import Meter, TooComplex, read_message, walk
from .parser import DEFAULT_BUDGET

logger = logging.getLogger(__name__)

LOOKUP_TIMEOUT = 5
MAX_CANDIDATES = 5  # the message and its first attached messages
MAX_SIGNATURES = 4  # per candidate
# The address Amazon's opt-out notices come from (the real notices', amazon-2026.md); Amazon's
# copies of what a seller wrote come from others (donotreply@amazon.com).
NOTICE_SENDER = "auto-communication@amazon.com"
SINGLE = (b"from", b"subject")


@dataclass(frozen=True)
class SignedNotice:
    """What Amazon's signed notice says: its orders and the buyers it names by relay address."""

    order_ids: list[str] = field(default_factory=list)
    relay_addresses: list[str] = field(default_factory=list)


def _dns(name: bytes, timeout: int = LOOKUP_TIMEOUT):
    test_key = (settings.DKIM_TEST_KEYS or {}).get(name.decode("ascii", "replace").rstrip("."))
    if test_key is not None:
        return test_key.encode()
    return dkim.get_txt(name, timeout=timeout)


def _candidates(raw: bytes) -> list[bytes]:
    """The message and the messages attached to it, as bytes, found within the parser's budget."""
    if len(raw) > DEFAULT_BUDGET.max_bytes:
        return []  # the parser reads no further either; such mail is no notice of Amazon's
    found = [raw]
    try:
        for part in walk(read_message(raw, Meter(DEFAULT_BUDGET))):
            if len(found) >= MAX_CANDIDATES:
                break
            if part.get_content_type() != "message/rfc822":
                continue
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, Message):
                found.append(inner.as_bytes(policy=policy.compat32.clone(linesep="\r\n")))
    except TooComplex:
        return [raw]
    except Exception:  # noqa: BLE001 - unreadable structure: only the message itself is a candidate
        return [raw]
    return found


def _verified(raw: bytes) -> tuple[bytes, ...] | None:
    """The headers signed by the first Amazon signature on `raw` that verifies, whole body included."""
    try:
        verifier = dkim.DKIM(raw, minkey=1024, timeout=LOOKUP_TIMEOUT)
        count = sum(1 for name, _ in verifier.headers if name.lower() == b"dkim-signature")
        for index in range(min(count, MAX_SIGNATURES)):
            prepared = verifier.verify_headerprep(index)
            if not prepared:
                continue
            fields = prepared[0]
            domain = fields.get(b"d", b"").decode("ascii", "replace").lower()
            if b"l" in fields or not parser.AMAZON_DOMAIN.match(domain):
                continue
            if verifier.verify(idx=index, dnsfunc=_dns):
                return tuple(verifier.include_headers)
    except Exception as exc:  # noqa: BLE001 - a broken or unverifiable signature is simply not Amazon's word
        logger.info("optouts: no verifiable Amazon signature (%s: %s)", type(exc).__name__, exc)
    return None


def _headers(raw: bytes) -> Message | None:
    try:
        return read_message(raw, Meter(DEFAULT_BUDGET))
    except Exception:  # noqa: BLE001
        return None


def _from_notice_sender(message: Message) -> bool:
    values = message.get_all("From") or []
    addresses = [address.lower() for _, address in getaddresses([str(value) for value in values])]
    return addresses == [NOTICE_SENDER]


def _is_notice(message: Message, signed: tuple[bytes, ...], raw: bytes) -> bool:
    kind = parser.NOTIFICATION_TYPE_HEADER
    values = [str(value).strip() for value in message.get_all(kind) or []]
    if kind.lower().encode() in signed:
        return values == [parser.OPTOUT_NOTIFICATION_TYPE]
    # Amazon did not sign the type: a type header above its signature is anyone's; the wording
    # of the signed body decides, unless the message names another kind of notification.
    return all(value == parser.OPTOUT_NOTIFICATION_TYPE for value in values) and parser.wording_recognised(raw)


def amazon_signed_notice(raw: bytes) -> SignedNotice | None:
    """What Amazon's signed opt-out notice in this message says, or None when there is none."""
    for candidate in _candidates(raw):
        message = _headers(candidate)
        if message is None or not _from_notice_sender(message):
            continue
        if any(len(message.get_all(name.decode()) or []) != 1 for name in SINGLE):
            continue  # a second From or Subject: one of them is not what Amazon signed
        signed = _verified(candidate)
        if signed is None or not all(name in signed for name in SINGLE):
            continue
        if not _is_notice(message, signed, candidate):
            continue
        result = parser.parse(candidate)
        if result.is_optout:
            return SignedNotice(list(result.order_ids), list(result.relay_addresses))
    return None
