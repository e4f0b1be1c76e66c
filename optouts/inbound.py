"""The built-in SMTP receiver for forwarded opt-out notices.

It accepts mail only for known inbound tokens at INBOUND_DOMAIN (550 otherwise, so it can never
relay), bounds message size and each client's rate, stores the raw message before answering 250,
and answers 451 when it cannot store it, so the sending server retries and nothing is lost.
"""

import logging
import time
from collections import defaultdict, deque

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.db import connections

from . import services
from .models import InboundMessage

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 10 * 1024 * 1024
MAX_RECIPIENTS = 20


class ClientRateLimit:
    """At most `limit` messages per client address in any `window` seconds."""

    def __init__(self, limit: int, window: float, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: dict[str, deque] = defaultdict(deque)

    def allow(self, client: str) -> bool:
        now = self.clock()
        seen = self._seen[client]
        while seen and now - seen[0] > self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        return True


def _in_worker_thread(function):
    """Run ORM work on a pool thread and leave no connection open behind it."""

    def run(*args):
        try:
            return function(*args)
        finally:
            connections.close_all()

    return sync_to_async(run, thread_sensitive=False)


def _resolve(recipient):
    return services.inbound_address_resolve(recipient)


def _store(recipient, raw, mail_from):
    return services.inbound_store(recipient=recipient, raw=raw, mail_from=mail_from, source=InboundMessage.Source.SMTP)


class InboundHandler:
    def __init__(self, rate_limit: ClientRateLimit):
        self.rate_limit = rate_limit

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        try:
            await _in_worker_thread(_resolve)(address)
        except services.UnknownRecipient:
            return "550 5.1.1 No such mailbox here"
        except Exception:
            logger.exception("inbound: cannot look up recipient %s", address)
            return "451 4.3.0 Temporary failure, please retry"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        client = session.peer[0] if session.peer else "unknown"
        if not self.rate_limit.allow(client):
            return "451 4.7.1 Too many messages from your address, slow down"
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            for recipient in envelope.rcpt_tos:
                message, created = await _in_worker_thread(_store)(
                    recipient, raw, envelope.mail_from or ""
                )
                logger.info("inbound: %s message %s for %s", "stored" if created else "duplicate", message.pk, recipient)
        except Exception:
            logger.exception("inbound: cannot store a message for %s", envelope.rcpt_tos)
            return "451 4.3.0 Cannot store the message now, please retry"
        return "250 2.0.0 Message accepted"


class InboundController(Controller):
    def __init__(self, *, hostname: str, port: int, rate_limit: ClientRateLimit | None = None):
        self.rate_limit = rate_limit or ClientRateLimit(limit=120, window=60)
        super().__init__(InboundHandler(self.rate_limit), hostname=hostname, port=port)

    def factory(self):
        return SMTP(self.handler, data_size_limit=MAX_MESSAGE_BYTES, hostname="feedbackhub-inbound", ident="FeedbackHub inbound")
