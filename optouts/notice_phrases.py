"""The wording of Amazon's "buyer opted out" notice, per marketplace language.

Only wording a public source reproduces from a real notice is here (research notes in the
project's issue tracker): English (amazon.com), French (amazon.fr) and Japanese (amazon.co.jp).
The instruction paragraphs after the first sentence changed over the years, so only the sentence
that says the message was not delivered because the buyer opted out is matched, folded to lower
case with typographic apostrophes normalised. Languages whose real notice we have not seen are
deliberately absent: guessing would either miss real notices or take other mail for opt-outs.
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
        opt_out=_phrase("car l'acheteur a choisi de ne pas recevoir de messages non sollicités de la part des vendeurs"),
        context=(_phrase("nous ne sommes pas parvenus à transmettre votre message au sujet de la commande"),),
    ),
    "ja": NoticeWording(
        opt_out=_phrase("購入者が出品者からの未承諾広告メールを受信しないように設定しているため"),
        context=(_phrase("に関するメッセージを送信できませんでした"), _phrase("購入者へのメッセージを送信できませんでした")),
    ),
}
