"""The built-in SMTP receiver for forwarded opt-out notices.

It accepts mail only for known inbound tokens at INBOUND_DOMAIN (550 otherwise, so it can never
relay), bounds message size and each client's rate, stores the raw message before answering 250,
and answers 451 when it cannot store it, so the sending server retries and nothing is lost.
"""

import asyncio
import logging
import threading
import time
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from django.db import close_old_connections, connections

from . import inbound_mail, tasks
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
        if len(self._seen) > 10_000:  # forget quiet clients so the table cannot grow without bound
            for quiet in [c for c, times in self._seen.items() if not times or now - times[-1] > self.window]:
                del self._seen[quiet]
        seen = self._seen[client]
        while seen and now - seen[0] > self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        return True


def _resolve(recipient):
    return inbound_mail.inbound_address_resolve(recipient)


def _store(recipient, raw, mail_from, address):
    return inbound_mail.inbound_store(
        recipient=recipient, raw=raw, mail_from=mail_from, address=address, source=InboundMessage.Source.SMTP
    )


class ParseQueue:
    """Queues parsing of stored messages in batches: one task per flush, not one per message.

    Losing a batch (a crash between store and flush) loses nothing: the stored messages wait as
    "received" and the periodic inbound_process_waiting task parses them.
    """

    def __init__(self, interval: float = 0.2):
        self.interval = interval
        self.pending: list = []
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="inbound-parse-queue", daemon=True)
        self.thread.start()

    def add(self, message_id) -> None:
        with self.lock:
            self.pending.append(message_id)

    def flush(self) -> None:
        with self.lock:
            batch, self.pending = self.pending, []
        if batch:
            try:
                tasks.process_inbound_messages.delay([str(pk) for pk in batch])
            except Exception:
                logger.exception("inbound: could not queue %d messages for parsing; the periodic task will", len(batch))

    def _run(self):
        while not self.stopped.wait(self.interval):
            self.flush()
        connections.close_all()  # tasks that ran here at once (demo.history: task_always_eager) opened one

    def close(self):
        self.stopped.set()
        self.thread.join(timeout=5)
        self.flush()


class DatabaseThreads:
    """A few threads that do the receiver's ORM work, each keeping its own database connection."""

    def __init__(self, count: int = 8):
        self.count = count
        self.executor = ThreadPoolExecutor(max_workers=count, thread_name_prefix="inbound-db")

    async def run(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.executor, self._call, function, args)

    @staticmethod
    def _call(function, args):
        close_old_connections()  # drop a connection the database closed or that outlived CONN_MAX_AGE
        return function(*args)

    def close(self):
        # Close every thread's connection: each closing task waits until all threads hold one.
        barrier = threading.Barrier(self.count)

        def close_mine():
            connections.close_all()
            barrier.wait(timeout=10)

        for _ in range(self.count):
            self.executor.submit(close_mine)
        self.executor.shutdown(wait=True)


class InboundHandler:
    def __init__(self, rate_limit: ClientRateLimit, database: DatabaseThreads, parse_queue: ParseQueue):
        self.rate_limit = rate_limit
        self.database = database
        self.parse_queue = parse_queue

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        # Count each message at MAIL FROM, before its body is sent, so a flood costs us little.
        client = session.peer[0] if session.peer else "unknown"
        if not self.rate_limit.allow(client):
            return "451 4.7.1 Too many messages from your address, slow down"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        try:
            resolved = await self.database.run(_resolve, address)
        except inbound_mail.UnknownRecipient:
            return "550 5.1.1 No such mailbox here"
        except Exception:
            logger.exception("inbound: cannot look up recipient %s", address)
            return "451 4.3.0 Temporary failure, please retry"
        envelope.rcpt_tos.append(address)
        if not hasattr(envelope, "inbound_addresses"):
            envelope.inbound_addresses = {}
        envelope.inbound_addresses[address] = resolved
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            for recipient in envelope.rcpt_tos:
                message, created = await self.database.run(
                    _store, recipient, raw, envelope.mail_from or "", envelope.inbound_addresses.get(recipient)
                )
                if created:
                    self.parse_queue.add(message.pk)
                logger.debug(
                    "inbound: %s message %s for %s", "stored" if created else "duplicate", message.pk, recipient
                )
        except inbound_mail.InboundAllowanceUsed:
            return "452 4.2.2 This address stored its daily allowance of mail, please retry later"
        except Exception:
            logger.exception("inbound: cannot store a message for %s", envelope.rcpt_tos)
            return "451 4.3.0 Cannot store the message now, please retry"
        return "250 2.0.0 Message accepted"


class InboundController(Controller):
    def __init__(self, *, hostname: str, port: int, rate_limit: ClientRateLimit | None = None, threads: int = 16):
        self.rate_limit = rate_limit or ClientRateLimit(limit=120, window=60)
        self.database = DatabaseThreads(threads)
        self.parse_queue = ParseQueue()
        super().__init__(InboundHandler(self.rate_limit, self.database, self.parse_queue), hostname=hostname, port=port)

    def stop(self, *args, **kwargs):
        super().stop(*args, **kwargs)
        self.parse_queue.close()
        self.database.close()

    def factory(self):
        return SMTP(
            self.handler, data_size_limit=MAX_MESSAGE_BYTES, hostname="feedbackhub-inbound", ident="FeedbackHub inbound"
        )
