"""Amazon opt-out notices built from the real wording, in the shapes sellers' mailboxes produce.

The texts are Amazon's (English from sellers' copies of the notice, French from a seller's forum
post, Japanese from the Seller Central JP forum, Italian from a saved amazon.it notice in a public
repository); the names, dates, addresses and message ids are ours. A notice as Amazon sends it
comes from "Amazon.<tld>" <auto-communication@amazon.com> and carries Amazon's notification type
and marketplace id headers (seen on the amazon.it notice; assumed for every marketplace). For the
marketplaces whose wording we have not seen, the body is a stand-in that says so and carries only
the order id: those notices are recognisable by their headers alone, as the parser must do.
"""

import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape, unescape

from sandbox.notices import signed as dkim_signed

AMAZON_SENDER_ADDRESS = "auto-communication@amazon.com"
OPTOUT_NOTIFICATION_TYPE = "BUYER_OPTED_OUT_BSM_MESSAGES"
BUYER_NAME = "Giulia"
SENT_ON = "2026-11-19"

BODIES = {
    "en": (
        "Dear Seller,\n\nWe were unable to deliver the message you sent for order [{order}] because the buyer has "
        "chosen to opt out of receiving unsolicited messages from sellers.\n\nHowever, even if a buyer has opted out "
        "of unsolicited messages, if you need to send them a message critical to completing his or her order, you "
        "can do it using Buyer-Seller Messaging:\n\n1. Go to Manage Orders.\n2. Click the buyer's name in the list, "
        'which will take you to Buyer-Seller Messaging.\n3. Select "Additional Information Required" as your '
        "subject, write your message, and click Send\n"
    ),
    "fr": (
        "Cher vendeur,\nNous ne sommes pas parvenus à transmettre votre message au sujet de la commande {order}, car "
        "l’acheteur a choisi de ne pas recevoir de messages non sollicités de la part des vendeurs.\nSi votre message "
        "est critique pour terminer une commande, incluez la mention [Important] entre crochets comme indiqué, "
        "n'importe où dans l'objet du message.\n"
    ),
    "ja": (
        "出品者様\n購入者が出品者からの未承諾広告メールを受信しないように設定しているため、注文 {order}に関するメッセージを"
        "送信できませんでした。\n注文完了に必要なメッセージは、[重要]のように「重要」という言葉を括弧で囲って件名に含めてください。\n"
    ),
    "it": (
        "Gentile Venditore,\n\nnon siamo stati in grado di recapitare il messaggio che hai inviato a {buyer} "
        "il {sent_on} per l'ordine [{order}] perché l'acquirente ha scelto di non ricevere messaggi non richiesti "
        "dai venditori.\n\nCordialmente,\nSupporto ai partner di vendita Amazon\n"
    ),
}
# The hidden preview line at the top of the HTML notice (seen in the Italian one).
PREVIEWS = {
    "it": (
        "Non siamo stati in grado di recapitare il messaggio inviato a {buyer} per l'ordine {order} perché "
        "l'acquirente ha scelto di non ricevere messaggi non richiesti dai venditori."
    ),
}
# The real Italian notice links the buyer's relay address (the alias merchant-fulfilled orders carry) in this
# paragraph. The "[Importante]" way through it describes is Amazon's old text: Amazon has since removed it.
RELAY_PARAGRAPHS = {
    "it": (
        "Tuttavia, anche se un acquirente ha scelto di non ricevere messaggi non richiesti, se hai bisogno di "
        "inviargli un messaggio importante relativo all’ordine, puoi includere la parola [Importante] nell'oggetto "
        "della tua {link} o usare l’interfaccia di messaggistica tra acquirente e venditore su Seller Central."
    ),
}
RELAY_LINK_TEXT = {"it": ("e-mail all'acquirente", " [Importante]")}
STAND_IN_RELAY_PARAGRAPH = "Stand-in paragraph: Amazon links the buyer's address here, {link}."
SUBJECTS = {
    "en": "Your message to a buyer could not be delivered",
    "fr": "Votre message qui était adressé à un acheteur n'a pas pu être transmis",
    "ja": "購入者へのメッセージを送信できませんでした",
    "it": "Il tuo messaggio all'acquirente non è stato consegnato.",
}
STAND_IN_SUBJECT = "Stand-in subject: Amazon's wording for this marketplace is not known to us"
STAND_IN_BODY = (
    "Stand-in body: Amazon's wording for this marketplace is not known to us, so this sample carries "
    "only the order id.\n\n[{order}]\n"
)

# Marketplace code -> (Amazon's marketplace id, the display name Amazon sends from).
MARKETPLACES = {
    "US": ("ATVPDKIKX0DER", "Amazon.com"),
    "MX": ("A1AM78C64UM0Y8", "Amazon.com.mx"),
    "BR": ("A2Q3Y263D00KWC", "Amazon.com.br"),
    "DE": ("A1PA6795UKMFR9", "Amazon.de"),
    "FR": ("A13V1IB3VIYZZH", "Amazon.fr"),
    "IT": ("APJ6JRA9NG5V4", "Amazon.it"),
    "ES": ("A1RKKUPIHCS9HS", "Amazon.es"),
    "NL": ("A1805IZSGTT6HS", "Amazon.nl"),
    "SE": ("A2NODRKZP88ZB9", "Amazon.se"),
    "PL": ("A1C3SOZRARQ6R3", "Amazon.pl"),
    "TR": ("A33AVAJ2PDY3EV", "Amazon.com.tr"),
    "AE": ("A2VIGQ35RCS4UG", "Amazon.ae"),
    "SA": ("A17E79C6D8DWNP", "Amazon.sa"),
    "JP": ("A1VC38T7YXB528", "Amazon.co.jp"),
}
# The marketplace a notice in each language comes from unless a test names another.
HOME_MARKETPLACE = {
    "en": "US",
    "fr": "FR",
    "ja": "JP",
    "it": "IT",
    "de": "DE",
    "es": "ES",
    "nl": "NL",
    "pl": "PL",
    "sv": "SE",
    "tr": "TR",
    "pt-BR": "BR",
    "ar": "AE",
}


def amazon_sender(marketplace: str) -> str:
    return f'"{MARKETPLACES[marketplace][1]}" <{AMAZON_SENDER_ADDRESS}>'


def notice(
    language: str,
    order: str,
    *,
    to="token@inbound.localhost",
    html=False,
    html_only=False,
    charset="utf-8",
    cte=None,
    marketplace=None,
    amazon_headers=True,
    relay=None,
    signed=True,
) -> EmailMessage:
    """The notice as Amazon mails it for `order` in `language` (a stand-in body where we do not know the wording).

    amazon_headers=False drops Amazon's notification headers, as a re-sent copy of the notice loses them, so that
    only the wording can recognise it. html_only builds the shape of the real Italian notice: multipart/alternative
    holding a single quoted-printable text/html part. relay links the buyer's relay address as the real notice
    does: a mailto link in HTML, "text <mailto:...>" in plain text. Like Amazon's, the notice is
    DKIM-signed by amazon.com (with the sandbox Amazon's key, which development settings trust);
    signed=False leaves the signature out.
    """
    marketplace = marketplace or HOME_MARKETPLACE[language]
    message = EmailMessage()
    message["From"] = amazon_sender(marketplace)
    message["Reply-To"] = amazon_sender(marketplace)
    message["To"] = to
    message["Subject"] = SUBJECTS.get(language, STAND_IN_SUBJECT)
    message["Date"] = format_datetime(datetime(2026, 11, 20, 9, 30, tzinfo=UTC))
    message["Message-ID"] = f"<notice-{language}-{order}@amazon.example>"
    if amazon_headers:
        message["X-Marketplace-ID"] = MARKETPLACES[marketplace][0]
        message["X-Space-Notification-Type"] = OPTOUT_NOTIFICATION_TYPE
    body = BODIES.get(language, STAND_IN_BODY).format(order=order, buyer=BUYER_NAME, sent_on=SENT_ON)
    plain, markup = body, _paragraphs(body)
    if relay:
        paragraph = RELAY_PARAGRAPHS.get(language, STAND_IN_RELAY_PARAGRAPH)
        text, subject = RELAY_LINK_TEXT.get(language, ("the buyer", ""))
        plain = _after_order(body, order, paragraph.format(link=f"{text} <mailto:{relay}?subject={subject}>"))
        markup = _paragraphs(_after_order(body, order, "\0"))
        markup = markup.replace("\0", paragraph.format(link=f'<a href="mailto:{relay}?subject={subject}">{text}</a>'))
    if html_only:
        preview = PREVIEWS.get(language, "").format(order=order, buyer=BUYER_NAME)
        markup = (
            f'<html><body><div style="display:none">{preview}</div><table><tr><td>'
            + markup
            + "</td></tr></table></body></html>"
        )
        message.set_content(markup, subtype="html", charset=charset, cte=cte or "quoted-printable")
        message.make_alternative()
        return dkim_signed(message) if signed else message
    message.set_content(plain, charset=charset, cte=cte)
    if html:
        message.add_alternative("<html><body>" + markup + "</body></html>", subtype="html", charset=charset)
    return dkim_signed(message) if signed else message


def _after_order(body: str, order: str, paragraph: str) -> str:
    """The body with a paragraph after the one that names the order, where the real notice has it."""
    lines = body.splitlines()
    at = next(n for n, line in enumerate(lines) if order in line) + 1
    return "\n".join([*lines[:at], "", paragraph, *lines[at:]]) + "\n"


def sent_by(message: EmailMessage, sender: str) -> EmailMessage:
    """The message with another sender, as a look-alike writes it: its own address in From and Reply-To."""
    message.replace_header("From", sender)
    message.replace_header("Reply-To", sender)
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
    """The text a mail client quotes: the plain part, or the HTML part's text for an HTML-only notice (a link
    written "text <address>", as Gmail writes it)."""
    plain = original.get_body(("plain",))
    if plain is not None:
        return plain.get_content()
    markup = original.get_body(("html",)).get_content()
    text = re.sub(r"<(?!a |/a>)[^<>]+>", "", markup.replace("</p>", "\n").replace("</div>", "\n"))
    return unescape(re.sub(r'<a href="([^"]*)">([^<]*)</a>', r"\2 <\1>", text))


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
    html = (
        "<html><body><div>Please see below.</div><hr><div><b>From:</b> "
        + original["From"].replace("<", "&lt;").replace(">", "&gt;")
        + f"<br><b>Sent:</b> {original['Date']}<br><b>Subject:</b> {original['Subject']}</div>"
        + _paragraphs(escape(_plain_body(original), quote=False))
        + "</body></html>"
    )
    message.set_content("This message is HTML only.")
    message.add_alternative(html, subtype="html")
    return message


def gmail_auto_forward(original: EmailMessage, *, to="token@inbound.localhost") -> EmailMessage:
    """Gmail's automatic forwarding (a filter's "Forward it to"): the original message, headers and all, re-sent."""
    message = _copy(original)
    message["X-Forwarded-To"] = to
    message["X-Forwarded-For"] = f"owner@outdoor-seller.example {to}"
    message["Delivered-To"] = "owner@outdoor-seller.example"
    return message


def outlook_redirect(original: EmailMessage, *, to="token@inbound.localhost") -> EmailMessage:
    """An Outlook "Redirect to" rule: the original message re-sent unchanged, with resent fields (RFC 5322)."""
    message = _copy(original)
    message["Resent-From"] = SELLER
    message["Resent-To"] = to
    message["Resent-Date"] = original["Date"]
    return message


def _copy(original: EmailMessage) -> EmailMessage:
    from email import message_from_bytes, policy

    return message_from_bytes(original.as_bytes(), policy=policy.default)


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
