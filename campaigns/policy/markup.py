"""Template syntax is not buyer text: the part of a template the buyer reads.

`{{ ... }}`, `{% ... %}` and `{# ... #}` are replaced by a placeholder of the same length and line
structure, so positions and line numbers stay those of the source and `{{ order_id }}` is never a
finding. Jinja's own lexer finds them when a tag holds a string or a raw block; a plain scan does
otherwise, and when the lexer fails.
"""

from __future__ import annotations

import re

from jinja2 import Environment

from .vocabulary import PLACEHOLDER

# Same delimiters and whitespace control as campaigns/templating/environment.py; only its lexer
# is used, never the parser, so a template with a syntax error is still linted.
_LEXER = Environment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True).lexer  # noqa: S701 - nothing is rendered
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_NOT_NEWLINE = re.compile(r"[^\n]")
# What a plain scan gets wrong: a closer inside a string ({{ "}}" }}) and raw blocks.
_NEEDS_LEXER = re.compile(r"""["']|\{%-?\s*raw\b""")


def visible_text(source: str) -> str:
    """The source with template syntax replaced by PLACEHOLDER, keeping length and line breaks."""
    if not any(opener in source for opener in _CLOSERS):
        return source
    spans = _markup_spans_by_scan(source)
    if any(_NEEDS_LEXER.search(source, start, end) for start, end in spans):
        spans = _markup_spans(source) or spans
    pieces, cursor = [], 0
    for start, end in spans:
        pieces.append(source[cursor:start])
        pieces.append(_NOT_NEWLINE.sub(PLACEHOLDER, source[start:end]))
        cursor = end
    pieces.append(source[cursor:])
    return "".join(pieces)


def _markup_spans(source: str) -> list[tuple[int, int]] | None:
    """Where Jinja's lexer sees syntax. Its tokens are the source's text in order, except for
    whitespace that whitespace control strips; None if it fails or the walk does not line up."""
    spans, cursor = [], 0
    try:
        for _line, kind, value in _LEXER.tokeniter(source, None):
            if not value:
                continue
            position = source.find(value, cursor)
            if position < 0 or (position > cursor and not source[cursor:position].isspace()):
                return None
            if kind != "data":
                spans.append((position, position + len(value)))
            cursor = position + len(value)
    except Exception:  # noqa: BLE001 - any lexer error: the plain scan stands
        return None
    return spans


def _markup_spans_by_scan(source: str) -> list[tuple[int, int]]:
    """`{{ }}`, `{% %}` and `{# #}` pairs, left to right, in linear time. An opener without a
    closer stays text: the template is broken, and refused when it is saved."""
    spans, cursor, unclosed = [], 0, set()
    while (start := source.find("{", cursor)) >= 0:
        opener = source[start : start + 2]
        closer = _CLOSERS.get(opener)
        if closer is None or opener in unclosed:
            cursor = start + 1
            continue
        end = source.find(closer, start + 2)
        if end < 0:
            unclosed.add(opener)  # no later opener of this kind can be closed either
            cursor = start + 1
            continue
        spans.append((start, end + 2))
        cursor = end + 2
    return spans
