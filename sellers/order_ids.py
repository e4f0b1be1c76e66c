"""Amazon order ids, like 111-1234567-1234567: their shape, stated once for every app that reads one."""

import re

# Three, seven and seven digits, kept as the first digit and the rest: a pattern that finds ids in
# text puts its look-behind after the first digit, so the regex engine only tries positions that
# hold a digit.
AFTER_FIRST_DIGIT = r"\d{2}-\d{7}-\d{7}"
ORDER_ID = re.compile(rf"\d{AFTER_FIRST_DIGIT}")

# An order id inside text (an opt-out notice, a forwarded mail): not part of a longer run of digits and hyphens.
ORDER_ID_IN_TEXT = re.compile(rf"\d(?<![\d-]\d){AFTER_FIRST_DIGIT}(?![\d-])")


def is_order_id(text: str) -> bool:
    """Whether the text is one Amazon order id and nothing else."""
    return ORDER_ID.fullmatch(text) is not None
