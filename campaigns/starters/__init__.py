"""Starter texts: every message kind a seller writes, in every language a template can be in.

A seller opening the editor for a kind and language finds our text there instead of an empty box,
to edit and save. Each text follows the conventions of the kind's Amazon message (a greeting, what
the message is for and what the buyer should do, a sign-off with the shop's name; Amazon's
Messaging API takes a text only, no subject), uses only variables every order has, and passes our
own policy check: tests/campaigns/test_starter_texts.py lints and renders every one of them for
real orders of the language's marketplaces.
"""

from . import confirm_customization, confirm_delivery, confirm_order, confirm_service, unexpected_problem

STARTERS: dict[str, dict[str, str]] = {
    "confirm_customization": confirm_customization.TEXTS,
    "confirm_delivery": confirm_delivery.TEXTS,
    "confirm_order": confirm_order.TEXTS,
    "confirm_service": confirm_service.TEXTS,
    "unexpected_problem": unexpected_problem.TEXTS,
}


def starter(kind: str, language: str) -> str:
    """Our starter text for this kind and language; "" where there is none (a solicitation)."""
    return STARTERS.get(kind, {}).get(language, "")
