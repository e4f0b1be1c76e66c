"""The wording of Amazon's "buyer opted out" notice, per marketplace language.

Only wording a public source reproduces from a real notice is here (research notes in the
project's issue tracker): English (amazon.com), French (amazon.fr), Japanese (amazon.co.jp) and
Italian (amazon.it, from a saved copy of a real notice in a public repository whose headers carry
the amazon.it marketplace id and Amazon's opt-out notification type). The instruction paragraphs
after the first sentence changed over the years, so only the sentence that says the message was
not delivered because the buyer opted out is matched, folded to lower case with typographic
apostrophes normalised. Languages whose real notice we have not seen are deliberately absent:
guessing would either miss real notices or take other mail for opt-outs. Notices in those languages
are still recognised when they arrive with Amazon's own headers (X-Space-Notification-Type, see
optouts/parser.py), which do not depend on the language.
"""

import re
from dataclasses import dataclass


def _phrase(text: str) -> re.Pattern:
    # Whitespace in the wording matches any run of whitespace; apostrophes match ' or ’.
    escaped = re.escape(text.casefold()).replace(r"\ ", r"\s+").replace("'", "['’]")
    return re.compile(escaped)


@dataclass(frozen=True)
class NoticeWording:
    opt_out: re.Pattern  # the sentence that says the buyer opted out: required
    context: tuple[re.Pattern, ...]  # other sentences of the notice: they only add confidence


WORDINGS: dict[str, NoticeWording] = {
    "en": NoticeWording(
        opt_out=_phrase("because the buyer has chosen to opt out of receiving unsolicited messages from sellers"),
        context=(_phrase("we were unable to deliver the message you sent for order"),),
    ),
    "fr": NoticeWording(
        opt_out=_phrase(
            "car l'acheteur a choisi de ne pas recevoir de messages non sollicités de la part des vendeurs"
        ),
        context=(_phrase("nous ne sommes pas parvenus à transmettre votre message au sujet de la commande"),),
    ),
    "ja": NoticeWording(
        opt_out=_phrase("購入者が出品者からの未承諾広告メールを受信しないように設定しているため"),
        context=(
            _phrase("に関するメッセージを送信できませんでした"),
            _phrase("購入者へのメッセージを送信できませんでした"),
        ),
    ),
    # The current template names the buyer and the date between "messaggio" and "ordine" ("...il messaggio che hai
    # inviato a <name> il <date> per l'ordine [<id>] perché..."), so the context phrases stop before them. The
    # subject is shared with Amazon's other "not delivered" notices: it only adds confidence.
    "it": NoticeWording(
        opt_out=_phrase("perché l'acquirente ha scelto di non ricevere messaggi non richiesti dai venditori"),
        context=(
            _phrase("non siamo stati in grado di recapitare il messaggio"),
            _phrase("il tuo messaggio all'acquirente non è stato consegnato"),
        ),
    ),
}
