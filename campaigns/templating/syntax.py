"""Jinja's syntax errors in words a seller can act on, with the line and, where known, the column.

Jinja says what its parser expected ("Expected an expression, got 'end of statement block'"); a
seller needs to know what to change ("Line 2, column 1: {% if %} needs something to check, such
as {% if ship_date %}."). Called only for a template Jinja refused, in two steps, each linear in
the template:

1. The structure (`_structure`): the braces and tags left to right, with their positions. Most
   mistakes a person makes are here: a `{{` never closed, `}` for `}}`, a quote or a bracket
   left open, `{% endif %}` without its `{% if %}`, an `{% if %}` never closed, a tag misspelt.
2. Otherwise, the expression Jinja stopped in (`_expression`): the template is parsed again with
   the position of every token recorded, so the failing token's column is known, and Jinja's
   message is read through a table of the messages its parser and lexer write.

The sentence never quotes Jinja's own wording, and `explain` never raises: a template that
confuses both steps still gets its line and a general sentence.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from jinja2.exceptions import TemplateSyntaxError
from jinja2.lexer import TokenStream
from jinja2.parser import Parser

from .environment import ENVIRONMENT
from .errors import TemplateProblem

_CLOSERS = {"{{": "}}", "{%": "%}"}
_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_QUOTE = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""", re.DOTALL)
_TAG_NAME = re.compile(r"[-+]?\s*(\w*)")
_END_RAW = re.compile(r"\{%[-+]?\s*endraw\s*[-+]?%\}")
# Tags that open a block, and the tag that closes it. `set` opens one only without "=".
_BLOCKS = {
    "if": "endif",
    "for": "endfor",
    "macro": "endmacro",
    "call": "endcall",
    "filter": "endfilter",
    "with": "endwith",
    "block": "endblock",
    "autoescape": "endautoescape",
    "set": "endset",
}
_MIDDLES = {"elif": ("if",), "else": ("if", "for")}
_SINGLES = ("set", "include", "import", "from", "extends")
KNOWN_TAGS = sorted({*_BLOCKS, *_BLOCKS.values(), *_MIDDLES, *_SINGLES, "raw", "endraw"})
# What each block is for, in the sentence that asks for its end tag.
_BLOCK_USE = {
    "if": "after the text it shows or hides",
    "for": "after the part it repeats",
    "macro": "where the macro ends",
    "set": "where the text it captures ends",
}
_EXAMPLES = {
    "if": "{% if ship_date %}",
    "elif": "{% elif delivery_date %}",
    "for": "{% for product in products %}",
    "set": "{% set name = product_title %}",
    "macro": "{% macro line(label) %}",
    "filter": "{% filter upper %}",
    "with": "{% with total = order_total %}",
}
_NEEDS = {
    "if": "something to check",
    "elif": "something to check",
    "for": "a list to go through",
    "set": "a name and a value",
    "with": "a name and a value",
    "macro": "a name",
    "filter": "the name of a filter",
}
SNIPPET = 40  # characters of the template quoted in a sentence


@dataclass(frozen=True)
class _Open:
    name: str
    start: int


class _Found(Exception):
    def __init__(self, position: int, message: str):
        super().__init__(message)
        self.position, self.message = position, message


def explain(source: str, error: TemplateSyntaxError) -> TemplateProblem:
    """The problem to show for Jinja's syntax error in `source`."""
    try:
        found = _structure(source)
        if found is None:
            found = _expression(source, error)
    except Exception:  # noqa: BLE001 - a sentence must come back whatever the template holds
        found = None
    if found is None:
        return TemplateProblem(error.lineno or 1, "The template code on this line is not valid: " + _CHECK)
    position, message = found
    line, column = line_and_column(source, position)
    return TemplateProblem(line, message, column)


_CHECK = "check its braces {{ }} and {% %}, brackets and quotes."


def line_and_column(source: str, position: int) -> tuple[int, int]:
    """1-based line and column of a position in the source."""
    position = max(0, min(position, len(source)))
    return source.count("\n", 0, position) + 1, position - source.rfind("\n", 0, position)


# --- 1. the structure -----------------------------------------------------------------------------


def _structure(source: str) -> tuple[int, str] | None:
    """(position, sentence) of the first mistake in the braces and tags, or None."""
    opened: list[_Open] = []
    cursor = 0
    try:
        while (start := source.find("{", cursor)) >= 0:
            opener = source[start : start + 2]
            if opener == "{#":
                end = source.find("#}", start + 2)
                if end < 0:
                    raise _Found(start, "A comment {# is never closed with #}.")
                cursor = end + 2
            elif opener in _CLOSERS:
                end = _block_end(source, start, opener)
                cursor = _tag(source, start, end, opened) if opener == "{%" else end
            else:
                cursor = start + 1
    except _Found as found:
        return found.position, found.message
    if opened:
        innermost = opened[-1]
        use = _BLOCK_USE.get(innermost.name, "where it ends")
        return innermost.start, (
            f"{{% {innermost.name} %}} is never closed: add {{% {_BLOCKS[innermost.name]} %}} {use}."
        )
    return None


def _tag_name(source: str, start: int) -> str:
    """The name of the tag whose `{%` stands at start ("" for none)."""
    match = _TAG_NAME.match(source, start + 2)
    return match.group(1) if match else ""


def _block_end(source: str, start: int, opener: str) -> int:
    """The position after the closer of the `{{` or `{%` at start; _Found when it has none."""
    closer = _CLOSERS[opener]
    other = "%}" if closer == "}}" else "}}"
    brackets: list[tuple[str, int]] = []
    i = start + 2
    while i < len(source):
        char = source[i]
        pair = source[i : i + 2]
        if char in "'\"":
            i = _string_end(source, i, closer)
            continue
        if not brackets and pair == closer:
            return i + 2
        if not brackets and pair == other:
            raise _Found(start, f"A {opener} is closed with {other}: end it with {closer}.")
        if not brackets and pair in _CLOSERS:
            raise _Found(start, f"A {opener} is never closed with {closer}.")
        if char in _BRACKETS:
            brackets.append((char, i))
        elif char in ")]}":
            _close_bracket(source, start, opener, brackets, i)
        i += 1
    if brackets:
        bracket, at = brackets[-1]
        raise _Found(at, f"A “{bracket}” is never closed with “{_BRACKETS[bracket]}”.")
    raise _Found(start, f"A {opener} is never closed with {closer}.")


def _close_bracket(source: str, start: int, opener: str, brackets: list[tuple[str, int]], i: int) -> None:
    char = source[i]
    if brackets and _BRACKETS[brackets[-1][0]] == char:
        brackets.pop()
        return
    if brackets:
        bracket, at = brackets[-1]
        raise _Found(at, f"A “{bracket}” is never closed with “{_BRACKETS[bracket]}”.")
    if char != "}":
        raise _Found(i, f"This “{char}” has no “{'(' if char == ')' else '['}” before it to close.")
    raise _Found(start, f"A {opener} is closed with a single }}: end it with {_CLOSERS[opener]}.")


def _string_end(source: str, i: int, closer: str) -> int:
    """The position after the quoted text starting at i; _Found when its quote is never closed
    (or only after the block's closer or a line break: the closing quote was forgotten)."""
    match = _QUOTE.match(source, i)
    quote = source[i]
    if match is None or closer in match.group() or "\n" in match.group():
        raise _Found(i, f"A quote ({quote}) is never closed: end the text with {quote}.")
    return match.end()


def _tag(source: str, start: int, end: int, opened: list[_Open]) -> int:
    """Check one `{% ... %}` against the blocks open; returns where the walk goes on."""
    inside = source[start + 2 : end - 2]
    name = _tag_name(source, start)
    if not name:
        raise _Found(start, "{% %} is empty: write a tag such as {% if ship_date %}, or remove it.")
    if name in _NEEDS and name != "with" and not inside.strip(" \t\n-+")[len(name) :].strip():
        raise _Found(start, f"{{% {name} %}} needs {_NEEDS[name]}, such as {_EXAMPLES[name]}.")
    if name == "raw":
        closing = _END_RAW.search(source, end)
        if closing is None:
            raise _Found(start, "{% raw %} is never closed: add {% endraw %} where the raw text ends.")
        return closing.end()
    if name in _BLOCKS and (name != "set" or "=" not in inside):
        opened.append(_Open(name, start))
    elif name in _MIDDLES:
        if not opened or opened[-1].name not in _MIDDLES[name]:
            raise _Found(start, f"{{% {name} %}} belongs between {{% if … %}} and {{% endif %}}.")
    elif name.startswith("end") and name[3:] in _BLOCKS:
        _close_tag(source, start, name, opened)
    elif name not in KNOWN_TAGS:
        close = difflib.get_close_matches(name, KNOWN_TAGS, n=1, cutoff=0.6) or [
            known
            for known in KNOWN_TAGS
            if sorted(known) == sorted(name)  # "fi" for "if"
        ]
        hint = f" Did you mean {{% {close[0]} %}}?" if close else " Tags are if, elif, else, for and set."
        raise _Found(start, f"{{% {name} %}} is not a tag we know.{hint}")
    return end


def _close_tag(source: str, start: int, name: str, opened: list[_Open]) -> None:
    block = name[3:]
    if opened and opened[-1].name == block:
        opened.pop()
        return
    if block not in {o.name for o in opened}:
        raise _Found(start, f"{{% {name} %}} has no {{% {block} … %}} before it to close.")
    innermost = opened[-1]
    line, _column = line_and_column(source, innermost.start)
    raise _Found(
        start,
        f"{{% {name} %}} comes while the {{% {innermost.name} %}} on line {line} is still open: "
        f"close it with {{% {_BLOCKS[innermost.name]} %}} first.",
    )


# --- 2. the expression Jinja stopped in -------------------------------------------------------------


def _expression(source: str, error: TemplateSyntaxError) -> tuple[int, str] | None:
    position = _failing_position(source, error)
    if position is None:
        return None
    opener = _enclosing_block(source, position)
    snippet = _snippet(source, opener) if opener is not None else ""
    tag = _tag_name(source, opener) if opener is not None and source[opener + 1] == "%" else ""
    message = error.message or ""
    for pattern, sentence in _SENTENCES:
        match = pattern.fullmatch(message.rstrip("."))
        if match:
            return position, sentence(match, snippet=snippet, tag=tag, before=source[:position].rstrip()[-1:])
    return position, f"“{snippet}” is not valid: {_CHECK}" if snippet else f"This is not valid: {_CHECK}"


def _failing_position(source: str, error: TemplateSyntaxError) -> int | None:
    """Where Jinja stopped: the token it was reading when it raised, found by parsing again with
    every token's position recorded (Jinja's tokens carry lines only)."""
    at = re.search(r" at (\d+)$", error.message or "")
    if at:  # the lexer names the offset of a character it cannot read
        return int(at.group(1))
    spans: list[tuple[int, int]] = []
    lexer_failed = []

    def positioned() -> Iterator[tuple[int, str, str]]:
        cursor = 0
        try:
            for lineno, kind, value in ENVIRONMENT.lexer.tokeniter(source, None):
                found = source.find(value, cursor) if value else cursor
                if found < 0 or source[cursor:found].strip():
                    found = cursor
                spans.append((found, found + len(value)))
                cursor = found + len(value)
                yield lineno, kind, value
        except TemplateSyntaxError:
            lexer_failed.append(True)
            raise

    parser = Parser(ENVIRONMENT, "")
    parser.stream = TokenStream(ENVIRONMENT.lexer.wrap(positioned()), None, None)
    try:
        parser.parse()
    except TemplateSyntaxError as again:
        if again.message != error.message or not spans:
            return None
        if lexer_failed:  # the lexer refused what follows the last token it gave
            end = spans[-1][1]
            return end + len(source[end:]) - len(source[end:].lstrip())
        return spans[-1][0]
    return None


def _enclosing_block(source: str, position: int) -> int | None:
    starts = [source.rfind(opener, 0, position + 1) for opener in _CLOSERS]
    start = max(starts)
    return start if start >= 0 else None


def _snippet(source: str, start: int) -> str:
    closer = _CLOSERS[source[start : start + 2]]
    end = source.find(closer, start + 2)
    text = source[start : end + 2] if end >= 0 else source[start:]
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


_JINJA_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "name": "a name"}


def _token(name: str) -> str:
    return _JINJA_TOKENS.get(name, f"“{name}”")


def _missing_expression(match, *, snippet, tag, before) -> str:
    if match.group(1) == "end of print statement" and snippet.replace(" ", "") == "{{}}":
        return "{{ }} is empty: put a variable between the braces, such as {{ order_id }}."
    if tag in _NEEDS and match.group(1) == "end of statement block":
        return f"{{% {tag} %}} needs {_NEEDS[tag]}, such as {_EXAMPLES[tag]}."
    if match.group(1).startswith("end of"):
        return f"“{snippet}” ends too early: something is missing before {_token(match.group(1))}."
    return f"In “{snippet}”, “{match.group(1)}” cannot stand here: a variable, a number or a quoted text is expected."


def _ends_early(match, *, snippet, tag, before) -> str:
    if match.group(1) in _JINJA_TOKENS:
        return f"“{snippet}” ends too early: something is missing before {_token(match.group(1))}."
    char = match.group(1)
    return f"In “{snippet}”, “{char}” cannot stand here."


def _unexpected_token(match, *, snippet, tag, before) -> str:
    expected, got = match.group(1), match.group(2)
    if got == "=" and expected == "end of statement block":
        return f"In “{snippet}”, a single = sets a value: to compare, write ==."
    if expected == "in" and tag == "for":
        return "A loop is written {% for product in products %}: the word “in” is missing."
    if expected == "name" and before == "|":
        return "A | must be followed by the name of a filter, such as |date or |money."
    if expected == "name" and tag in _NEEDS:
        return f"{{% {tag} %}} needs {_NEEDS[tag]}, such as {_EXAMPLES[tag]}."
    if expected in ("end of print statement", "end of statement block"):
        return (
            f"In “{snippet}”, “{got}” follows another word with nothing joining them. A variable is "
            "one word, such as order_id; to join texts, write ~ between them."
        )
    return f"In “{snippet}”, {_token(expected)} is missing before “{got}”."


def _unknown_tag(match, *, snippet, tag, before) -> str:
    return f"{{% {match.group(1)} %}} is not a tag we know, or stands where it cannot."


def _bad_character(match, *, snippet, tag, before) -> str:
    char = match.group(1)
    if char in "'\"":
        return f"A quote ({char}) is never closed: end the text with {char}."
    return f"“{char}” cannot be used inside {{{{ }}}} or {{% %}}: write it in the text outside the braces."


_Sentence = Callable[..., str]
_SENTENCES: list[tuple[re.Pattern, _Sentence]] = [
    (re.compile(r"Expected an expression, got '([^']*)'"), _missing_expression),
    (
        re.compile(r"unexpected '([^']*)', expected '([^']*)'"),
        lambda m, **k: f"A bracket is not closed: “{m.group(2)}” is missing.",
    ),
    (re.compile(r"unexpected '([^']*)'"), _ends_early),
    (re.compile(r"expected token '([^']*)', got '([^']*)'"), _unexpected_token),
    (re.compile(r"expected name or number"), lambda m, **k: "A . must be followed by a name, such as product.title."),
    (re.compile(r"tag name expected"), lambda m, **k: "{% %} is empty: write a tag such as {% if ship_date %}."),
    (re.compile(r"Encountered unknown tag '(\w+)'.*", re.DOTALL), _unknown_tag),
    (re.compile(r"unexpected char '(.)' at \d+"), _bad_character),
    (re.compile(r"unexpected char \"(.)\" at \d+"), _bad_character),
]
