"""Amazon opt-out notices built from the real wording, in the shapes sellers' mailboxes produce.

The texts are Amazon's (English from sellers' copies of the notice, French from a seller's forum
post, Japanese from the Seller Central JP forum); the addresses and message ids are ours.
"""

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

AMAZON_SENDER = "Amazon Seller Notifications <seller-notification@amazon.com>"

BODIES = {
    "en": ("Dear Seller,\n\nWe were unable to deliver the message you sent for order [{order}] because the buyer has "
           "chosen to opt out of receiving unsolicited messages from sellers.\n\nHowever, even if a buyer has opted out "
           "of unsolicited messages, if you need to send them a message critical to completing his or her order, you "
           "can do it using Buyer-Seller Messaging:\n\n1. Go to Manage Orders.\n2. Click the buyer's name in the list, "
           "which will take you to Buyer-Seller Messaging.\n3. Select \"Additional Information Required\" as your "
           "subject, write your message, and click Send\n"),
    "fr": ("Cher vendeur,\nNous ne sommes pas parvenus à transmettre votre message au sujet de la commande {order}, car "
           "l’acheteur a choisi de ne pas recevoir de messages non sollicités de la part des vendeurs.\nSi votre message "
           "est critique pour terminer une commande, incluez la mention [Important] entre crochets comme indiqué, "
           "n'importe où dans l'objet du message.\n"),
    "ja": ("出品者様\n購入者が出品者からの未承諾広告メールを受信しないように設定しているため、注文 {order}に関するメッセージを"
           "送信できませんでした。\n注文完了に必要なメッセージは、[重要]のように「重要」という言葉を括弧で囲って件名に含めてください。\n"),
}
SUBJECTS = {
    "en": "Your message to a buyer could not be delivered",
    "fr": "Votre message qui était adressé à un acheteur n'a pas pu être transmis",
    "ja": "購入者へのメッセージを送信できませんでした",
}
SENDERS = {"en": AMAZON_SENDER, "fr": "Amazon <seller-notification@amazon.fr>",
           "ja": "Amazon.co.jp <seller-notification@amazon.co.jp>"}


def notice(language: str, order: str, *, to="token@inbound.localhost", html=False, charset="utf-8", cte=None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = SENDERS[language]
    message["To"] = to
    message["Subject"] = SUBJECTS[language]
    message["Date"] = format_datetime(datetime(2026, 11, 20, 9, 30, tzinfo=UTC))
    message["Message-ID"] = f"<notice-{language}-{order}@amazon.example>"
    body = BODIES[language].format(order=order)
    message.set_content(body, charset=charset, cte=cte)
    if html:
        markup = "<html><body>" + _paragraphs(body) + "</body></html>"
        message.add_alternative(markup, subtype="html", charset=charset)
    return message


SELLER = "Outdoor Seller <owner@outdoor-seller.example>"


def _from_seller(original: EmailMessage, subject_prefix: str, to: str) -> EmailMessage:
    """A new message from the seller's own mailbox about `original` (a forward or a reply)."""
    message = EmailMessage()
    message["From"] = SELLER
    message["To"] = to
    message["Subject"] = subject_prefix + original["Subject"]
    return message


def _plain_body(original: EmailMessage) -> str:
    return original.get_body(("plain",)).get_content()


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{line}</p>" for line in text.splitlines())


def gmail_forward(original: EmailMessage, *, to="token@inbound.localhost") -> EmailMessage:
    message = _from_seller(original, "Fwd: ", to)
    message.set_content(
        "\n\n---------- Forwarded message ---------\n"
        f"From: {original['From']}\nDate: {original['Date']}\nSubject: {original['Subject']}\nTo: {original['To']}\n\n"
        + _plain_body(original)
    )
    return message


def outlook_forward(original: EmailMessage, *, to="token@inbound.localhost") -> EmailMessage:
    message = _from_seller(original, "FW: ", to)
    html = ("<html><body><div>Please see below.</div><hr><div><b>From:</b> "
            + original["From"].replace("<", "&lt;").replace(">", "&gt;")
            + f"<br><b>Sent:</b> {original['Date']}<br><b>Subject:</b> {original['Subject']}</div>"
            + _paragraphs(_plain_body(original)) + "</body></html>")
    message.set_content("This message is HTML only.")
    message.add_alternative(html, subtype="html")
    return message


def attached_forward(original: EmailMessage, *, to="token@inbound.localhost") -> EmailMessage:
    """Apple Mail and Outlook's "forward as attachment": the notice as a message/rfc822 part."""
    message = _from_seller(original, "Fwd: ", to)
    message.set_content("Forwarding the notice.")
    message.add_attachment(original)
    return message


def quoted_reply(original: EmailMessage, *, to="token@inbound.localhost") -> EmailMessage:
    message = _from_seller(original, "Re: ", to)
    quoted = "\n".join("> " + line for line in _plain_body(original).splitlines())
    message.set_content(f"Noted, thanks.\n\nOn {original['Date']}, {original['From']} wrote:\n{quoted}\n")
    return message


def wire(message: EmailMessage) -> bytes:
    """The message as an SMTP client sends it (CRLF line ends)."""
    from email import policy

    return message.as_bytes(policy=policy.SMTP)
