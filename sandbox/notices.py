"""The sandbox mails the seller a notice when it blocks a message to a buyer who opted out, as Amazon does.

As Amazon does: from "Amazon.<tld>" <auto-communication@amazon.com> (the sender of the real notices
we have seen, on amazon.it and amazon.com), with Amazon's `X-Marketplace-ID` and
`X-Space-Notification-Type: BUYER_OPTED_OUT_BSM_MESSAGES` headers, and in the marketplace's language
where we know Amazon's wording: English, French, Japanese and Italian (from real notices found in
public sources). Marketplaces in other languages get the English text with their own headers: we
have not seen Amazon's wording there and do not invent it, so those notices are recognisable by
their headers only, as a real one whose wording we do not know would be.
"""

import html
import logging
import smtplib
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

import dkim

from . import dkim_key

logger = logging.getLogger(__name__)

SENDER_ADDRESS = "auto-communication@amazon.com"
OPTOUT_NOTIFICATION_TYPE = "BUYER_OPTED_OUT_BSM_MESSAGES"
NOTICES = {
    "en": (
        "Your message to a buyer could not be delivered",
        "Dear Seller,\n\nWe were unable to deliver the message you sent for order [{order}] because the buyer has "
        "chosen to opt out of receiving unsolicited messages from sellers.\n\nHowever, even if a buyer has opted out "
        "of unsolicited messages, if you need to send them a message critical to completing his or her order, you "
        "can do it using Buyer-Seller Messaging.\n",
    ),
    "fr": (
        "Votre message qui était adressé à un acheteur n'a pas pu être transmis",
        "Cher vendeur,\nNous ne sommes pas parvenus à transmettre votre message au sujet de la commande {order}, car "
        "l’acheteur a choisi de ne pas recevoir de messages non sollicités de la part des vendeurs.\n",
    ),
    "ja": (
        "購入者へのメッセージを送信できませんでした",
        "出品者様\n購入者が出品者からの未承諾広告メールを受信しないように設定しているため、注文 {order}に関するメッセージを"
        "送信できませんでした。\n",
    ),
    "it": (
        "Il tuo messaggio all'acquirente non è stato consegnato.",
        "Gentile Venditore,\n\nnon siamo stati in grado di recapitare il messaggio che hai inviato a {buyer} "
        "il {date} per l'ordine [{order}] perché l'acquirente ha scelto di non ricevere messaggi non richiesti "
        "dai venditori.\n",
    ),
}


def build_notice(
    *, order_id: str, marketplace, buyer_name: str, recipient: str, now, buyer_alias: str = ""
) -> EmailMessage:
    """The notice for a message to `order_id` in `marketplace` (a sandbox Marketplace) that Amazon blocked.

    Like the real one, its HTML names the buyer by a `mailto:` link to the buyer's relay address
    (the anonymized address merchant-fulfilled orders carry)."""
    language = marketplace.language.split("_")[0]
    subject, body = NOTICES.get(language, NOTICES["en"])
    message = EmailMessage()
    message["From"] = f'"{marketplace.name}" <{SENDER_ADDRESS}>'
    message["Reply-To"] = f'"{marketplace.name}" <{SENDER_ADDRESS}>'
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain="sandbox.amazon.com")
    message["X-Marketplace-ID"] = marketplace.id
    message["X-Space-Notification-Type"] = OPTOUT_NOTIFICATION_TYPE
    text = body.format(order=order_id, buyer=buyer_name, date=now.date().isoformat())
    message.set_content(text)
    if buyer_alias:
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
        link = (
            f'<p><a href="mailto:{html.escape(buyer_alias)}?subject=%5B{html.escape(order_id)}%5D">'
            f"{html.escape(buyer_name)}</a></p>"
        )
        message.add_alternative(f"<html><body>{paragraphs}{link}</body></html>", subtype="html")
    return signed(message, now)


class _SigningTime:
    """dkimpy stamps a signature (t=) with time.time() and takes no other time; the sandbox signs at
    Amazon's time, its own clock (sandbox.clock), which a test or the demo may have set. A stand-in
    for dkimpy's `time` module: the moment being signed at, per thread, else the real time."""

    def __init__(self):
        self._local = threading.local()

    def time(self) -> float:
        return getattr(self._local, "at", None) or time.time()

    @contextmanager
    def at(self, moment: datetime | None):
        self._local.at = moment.timestamp() if moment else None
        try:
            yield
        finally:
            self._local.at = None

    def __getattr__(self, name):
        return getattr(time, name)


SIGNING_TIME = _SigningTime()
dkim.time = SIGNING_TIME  # dkimpy reads `time.time()` from its module


def signed(message: EmailMessage, now: datetime | None = None) -> EmailMessage:
    """The message with a DKIM signature of amazon.com by the sandbox's key, as Amazon signs its
    notices (the notification type among the signed headers), made at `now` (Amazon's clock)."""
    with SIGNING_TIME.at(now):
        return _signed(message)


def _signed(message: EmailMessage) -> EmailMessage:
    header = dkim.sign(
        message.as_bytes(policy=SMTP),
        dkim_key.SELECTOR.encode(),
        dkim_key.DOMAIN.encode(),
        dkim_key.PRIVATE_KEY_PEM,
        canonicalize=(b"relaxed", b"relaxed"),
        include_headers=[
            b"from",
            b"to",
            b"subject",
            b"date",
            b"message-id",
            b"x-marketplace-id",
            b"x-space-notification-type",
            b"mime-version",
            b"content-type",
        ],
    )
    name, _, value = header.decode().partition(":")
    message[name] = " ".join(value.split())
    return message


class NoticeMailer:
    """Sends notices over SMTP on a background thread, so the API answer is not held up."""

    def __init__(self, smtp: str):
        host, _, port = smtp.rpartition(":")
        self.host, self.port = host or "127.0.0.1", int(port)
        self.sent: list[str] = []

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def send(self, message: EmailMessage) -> None:
        threading.Thread(target=self._send, args=(message,), daemon=True).start()

    def _send(self, message: EmailMessage) -> None:
        for attempt in range(5):
            try:
                with smtplib.SMTP(self.host, self.port, timeout=10) as client:
                    client.send_message(message)
                self.sent.append(message["Message-ID"])
                return
            except (OSError, smtplib.SMTPException) as exc:
                logger.warning("sandbox: notice to %s not delivered (attempt %d): %s", message["To"], attempt + 1, exc)
                threading.Event().wait(0.5 * 2**attempt)
