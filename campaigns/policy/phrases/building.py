"""Building blocks of the delivery-details tables (delivery_details.py): a language's days,
dates and times as one pattern, and the phrases around them."""


def either(*options: str) -> str:
    return "(?:" + "|".join(options) + ")"


def when_words(
    *,
    days: str,
    short_days: str,
    months: str,
    short_months: str,
    of: str = "",
    relative: tuple[str, ...],
    times: tuple[str, ...],
) -> str:
    """A day, a date, a relative day or a time, as one pattern. of: what may stand between a
    day's number and its month ("12th of", "12." or "12 de")."""
    return either(
        days,
        rf"(?:{short_days})\.?(?=,? ?\d)",
        months,
        rf"(?:{short_months})\.?(?= ?\d)",
        rf"\d+\.?{of} (?:{months}|{short_months})\.?",
        *relative,
        *times,
    )


# A numeric date or a template value ("12.10.2026", "{{ delivery_date }}"): no word on its own,
# but it may follow a preposition or stand inside a split verb.
NUMBER = r"[\d\ue000]+(?:[./:\-][\d\ue000]+){0,2}\.?"


def whole(pattern: str) -> str:
    """The pattern kept whole: unfolded into its alternatives for the prefix tree
    (campaigns/policy/vocabulary.py), a day expression inside it would be copied once per alternative."""
    return r"(?=\w)" + pattern


def table(when: str, before: str, *phrases: str) -> tuple[str, ...]:
    """A language's details: the when on its own, after a preposition, and its phrases."""
    return (when, whole(rf"(?:{before}) (?:{when}|{NUMBER})"), *phrases)


def chain(when: str, before: str, *adverbs: str) -> str:
    """Up to five days, dates and adverbs, each after a space or a comma: the middle of a split
    verb."""
    return rf"(?:,? (?:(?:{before}) )?(?:{when}|{NUMBER})|,? {either(*adverbs)}){{0,5}}"
