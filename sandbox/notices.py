"""The sandbox mails the seller a notice when it blocks a message to a buyer who opted out, as Amazon does.

The wording is Amazon's (English, French and Japanese are the notices found in public sources);
marketplaces in other languages get the English notice here. The sender address is the
sandbox's choice: public sources do not show the one Amazon uses.
"""

import logging
import smtplib
import threading
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

logger = logging.getLogger(__name__)

SENDER = "Amazon Seller Central <seller-notification@amazon.com>"
NOTICES = {
    "en": ("Your message to a buyer could not be delivered",
           "Dear Seller,\n\nWe were unable to deliver the message you sent for order [{order}] because the buyer has "
           "chosen to opt out of receiving unsolicited messages from sellers.\n\nHowever, even if a buyer has opted out "
           "of unsolicited messages, if you need to send them a message critical to completing his or her order, you "
           "can do it using Buyer-Seller Messaging.\n"),
    "fr": ("Votre message qui était adressé à un acheteur n'a pas pu être transmis",
           "Cher vendeur,\nNous ne sommes pas parvenus à transmettre votre message au sujet de la commande {order}, car "
           "l’acheteur a choisi de ne pas recevoir de messages non sollicités de la part des vendeurs.\n"),
    "ja": ("購入者へのメッセージを送信できませんでした",
           "出品者様\n購入者が出品者からの未承諾広告メールを受信しないように設定しているため、注文 {order}に関するメッセージを"
           "送信できませんでした。\n"),
}


def build_notice(*, order_id: str, language: str, recipient: str, now) -> EmailMessage:
    subject, body = NOTICES.get(language, NOTICES["en"])
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain="sandbox.amazon.com")
    message.set_content(body.format(order=order_id))
    return message


class NoticeMailer:
    """Sends notices over SMTP on a background thread, so the API answer is not held up."""

    def __init__(self, smtp: str):
        host, _, port = smtp.rpartition(":")
        self.host, self.port = host or "127.0.0.1", int(port)
        self.sent: list[str] = []

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
