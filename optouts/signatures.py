"""Whether a stored opt-out notice is Amazon's word: a DKIM signature by an Amazon domain that
verifies (dkimpy), on the notice itself.

Only Amazon's word goes to the shared opt-out table. Headers and wording can be typed by anyone;
a valid DKIM signature of an Amazon domain (amazon.com, amazon.de, ...; never amazonses.com, which
signs every SES customer's mail) can only come from Amazon. It survives when Amazon mails the
inbound address directly, through Gmail's automatic forwarding and an Outlook redirect (the
original bytes pass on) and in a forward as attachment (the original is a message/rfc822 part);
an inline forward loses it, and such a notice stays on the forwarding seller's own list.

What the signature must cover: the message must be the notice, from an Amazon notification
address (never a buyer's relay alias, which Amazon also signs), with the whole body signed (a
signature with an `l=` body length is refused: text appended after it would pass), and the
notice's evidence inside what is signed: the X-Space-Notification-Type header among the signed
headers, or the notice's wording in the signed body.

The keys come from DNS (dnspython, a few seconds at most per lookup); development and tests may
name keys in DKIM_TEST_KEYS (refused in production), so that the sandbox Amazon's notices,
signed with its own key, count as Amazon's here as real ones do in production.
"""

import logging
from email import message_from_bytes, policy
from email.message import Message
from email.utils import getaddresses

import dkim
from django.conf import settings

from . import parser

logger = logging.getLogger(__name__)

LOOKUP_TIMEOUT = 5
MAX_CANDIDATES = 5  # the message and its first attached messages, depth first
MAX_DEPTH = 3


def _dns(name: bytes, timeout: int = LOOKUP_TIMEOUT):
    test_key = (settings.DKIM_TEST_KEYS or {}).get(name.decode("ascii", "replace").rstrip("."))
    if test_key is not None:
        return test_key.encode()
    return dkim.get_txt(name, timeout=timeout)


def _candidates(raw: bytes) -> list[bytes]:
    """The message itself and the messages attached to it (a forward as attachment), as bytes."""
    found = [raw]
    try:
        top = message_from_bytes(raw, policy=policy.compat32)
    except Exception:  # noqa: BLE001 - unreadable mail has no attached notice
        return found

    def walk(message: Message, depth: int):
        if depth > MAX_DEPTH or len(found) >= MAX_CANDIDATES or not message.is_multipart():
            return
        for part in message.get_payload() or []:
            if len(found) >= MAX_CANDIDATES or not isinstance(part, Message):
                return
            if part.get_content_type() == "message/rfc822":
                inner = part.get_payload()
                inner = inner[0] if isinstance(inner, list) and inner else inner
                if isinstance(inner, Message):
                    found.append(inner.as_bytes(policy=policy.compat32.clone(linesep="\r\n")))
                    walk(inner, depth + 1)
            else:
                walk(part, depth + 1)

    walk(top, 0)
    return found


def _amazon_sender(message: Message) -> bool:
    addresses = [address for _, address in getaddresses([str(message.get("From", ""))])]
    if len(addresses) != 1 or "@" not in addresses[0]:
        return False
    domain = addresses[0].rsplit("@", 1)[1].lower()
    return bool(parser.AMAZON_DOMAIN.match(domain)) and not domain.startswith("marketplace.")


def _signed_by_amazon(raw: bytes) -> tuple[str, tuple[bytes, ...]] | None:
    """(signing domain, signed headers) of the first signature by an Amazon domain that verifies."""
    try:
        verifier = dkim.DKIM(raw, minkey=1024, timeout=LOOKUP_TIMEOUT)
        count = sum(1 for name, _ in verifier.headers if name.lower() == b"dkim-signature")
        for index in range(min(count, 8)):
            prepared = verifier.verify_headerprep(index)
            if not prepared:
                continue
            fields = prepared[0]
            domain = fields.get(b"d", b"").decode("ascii", "replace").lower()
            if b"l" in fields or not parser.AMAZON_DOMAIN.match(domain):
                continue
            if verifier.verify(idx=index, dnsfunc=_dns):
                return domain, tuple(verifier.include_headers)
    except Exception as exc:  # noqa: BLE001 - a broken or unverifiable signature is simply not Amazon's word
        logger.info("optouts: no verifiable Amazon signature (%s: %s)", type(exc).__name__, exc)
    return None


def amazon_signed_notice(raw: bytes) -> bool:
    """Whether Amazon signed this opt-out notice, sent directly or passed on whole (see above)."""
    for candidate in _candidates(raw):
        try:
            message = message_from_bytes(candidate, policy=policy.compat32)
        except Exception:  # noqa: BLE001, S112 - an unreadable candidate is simply not Amazon's notice
            continue
        if not _amazon_sender(message):
            continue
        signed = _signed_by_amazon(candidate)
        if signed is None:
            continue
        _, headers = signed
        result = parser.parse(candidate)
        if not result.is_optout:
            continue
        header_signed = parser.NOTIFICATION_TYPE_HEADER.lower().encode() in headers
        if header_signed or parser.wording_recognised(candidate):
            return True
    return False
