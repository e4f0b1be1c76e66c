"""How the policy linter reads words: text folding, and phrase tables compiled into regexes.

- Folding: NFKC, casefold, accents and Arabic vowel marks dropped, a few letters unified (see
  `_fold_char`). Templates and patterns are folded alike, so a pattern written with accents
  matches text typed without them. `Text` keeps the map from folded positions back to the source,
  so that findings quote what the seller wrote.
- Vocabularies: a phrase table (language -> patterns, see campaigns/policy/phrases/__init__.py
  for how to write one) compiled into up to three regexes, each a prefix tree over the patterns'
  literal starts, so that forty patterns cost about what one does.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate

from .phrases import UNSPACED

PLACEHOLDER = "\ue000"  # stands for template syntax: not a letter, digit or space


# --- folding -----------------------------------------------------------------------------------------

# Letters Unicode does not decompose but people type interchangeably, and punctuation variants.
# Arabic: hamza-carrying alefs, alef maqsura and ta marbuta are often written without their
# marks; tatweel only stretches a word.
_EXTRA = {
    "ı": "i",
    "ł": "l",
    "đ": "d",
    "ø": "o",
    "œ": "oe",
    "æ": "ae",
    "ħ": "h",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ـ": "",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "´": "'",
    "‚": "'",
    "′": "'",
    "–": "-",
    "—": "-",
    "‒": "-",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "－": "-",
}
_FOLD: dict[int, str] = {}  # code point -> folded text, for every character seen (no misses:
# str.translate is twice as fast when a lookup never fails)
_KNOWN: set[str] = set()  # characters in _FOLD
_UNEVEN: set[str] = set()  # characters that fold to more or fewer than one character
_CASEFOLD_ENOUGH: set[str] = set()  # characters whose folding is what str.casefold() does
_CACHE_LIMIT = 50_000  # distinct characters remembered; beyond, a call folds on its own table


def _fold_char(char: str) -> str:
    if char in _EXTRA:
        return _EXTRA[char]
    out = []
    for c in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char).casefold()):
        if c in _EXTRA:
            out.append(_EXTRA[c])
            continue
        category = unicodedata.category(c)
        if category in ("Mn", "Me", "Cf"):  # accents, vowel marks, soft hyphens, zero-width joiners
            continue
        out.append(str(unicodedata.decimal(c)) if category == "Nd" else c)
    return "".join(out)


def fold(text: str, chars: set[str] | None = None) -> str:
    """The text as the vocabularies see it. chars: set(text), when the caller has it already."""
    chars = set(text) if chars is None else chars
    new = chars - _KNOWN
    table = _FOLD
    if new:
        if len(_KNOWN) + len(new) > _CACHE_LIMIT:
            table = dict(_FOLD)
        for char in new:
            folded = _fold_char(char)
            table[ord(char)] = folded
            if len(folded) != 1:
                _UNEVEN.add(char)
            elif folded == char.casefold() and table is _FOLD:
                _CASEFOLD_ENOUGH.add(char)
        if table is _FOLD:
            _KNOWN.update(new)
    if chars <= _CASEFOLD_ENOUGH:
        return text.casefold()  # most templates: ten times faster than a translation table
    return text.translate(table)


class Text:
    """The source, and its visible text folded, with a map from folded positions to the source."""

    def __init__(self, source: str, visible: str):
        self.source = source
        self.visible = visible
        chars = set(visible)
        self.folded = fold(visible, chars)
        self._uneven = not _UNEVEN.isdisjoint(chars)
        self._ends: list[int] | None = None
        self._newlines: list[int] | None = None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if not self._uneven:
            return start, end
        if self._ends is None:  # folded end offset of each source character
            self._ends = list(
                accumulate(len(_FOLD[ord(c)]) if ord(c) in _FOLD else len(_fold_char(c)) for c in self.visible)
            )
        ends = self._ends
        first = bisect_right(ends, start)
        last = bisect_right(ends, max(start, end - 1))
        return first, last + 1

    def source_char(self, folded_index: int) -> str:
        index = self.source_span(folded_index, folded_index + 1)[0]
        return self.source[index] if index < len(self.source) else ""

    def line(self, index: int) -> int:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.source)]
        newlines = self._newlines
        return bisect_right(newlines, index - 1) + 1


# --- vocabularies: phrase patterns compiled into prefix trees ----------------------------------------

_TOKEN = re.compile(r"\\.|.", re.DOTALL)
_QUANTIFIERS = frozenset("?*+{")
_NOT_LITERAL = frozenset("()[]|.^$?*+{} ")
_EXPANSIONS = 64  # leading alternatives one pattern may unfold into before it is kept whole


def as_regex(pattern: str) -> str:
    """A phrase pattern as a regex on folded text: literal characters folded like the text,
    escapes kept (\\w also matching a template value's placeholder), a space matching any run of
    whitespace or hyphens, " ?" an optional one."""
    out, in_class, tokens = [], False, _TOKEN.findall(pattern)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == r"\w":
            out.append(r"\w\ue000" if in_class else r"[\w\ue000]")  # a template value is a word too
        elif len(token) == 2:
            out.append(token)
        elif token == "[" and not in_class:
            in_class = True
            out.append(token)
        elif token == "]" and in_class:
            in_class = False
            out.append(token)
        elif in_class:
            out.append(fold(token))
        elif token == " ":
            if i + 1 < len(tokens) and tokens[i + 1] == "?":
                out.append(r"[\s\-]*")
                i += 1
            else:
                out.append(r"[\s\-]+")
        elif token in "()|?*+{}^$.":
            out.append(token)
        else:
            out.append(re.escape(fold(token)))
        i += 1
    return "".join(out)


def _regex_tokens(pattern: str, start: int = 0):
    """(index, token, depth, inside a class) for each token of a regex from start: an escape
    pair or one character; depth is the number of groups open after the token."""
    depth, in_class, i = 0, False, start
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            yield i, pattern[i : i + 2], depth, in_class
            i += 2
            continue
        inside = in_class
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        yield i, c, depth, inside
        i += 1


def _closing(pattern: str, start: int) -> int:
    """Index of the bracket closing the group or class that opens at start, or -1."""
    is_class = pattern[start] == "["
    for i, token, depth, inside in _regex_tokens(pattern, start):
        if is_class and inside and token == "]":
            return i
        if not is_class and not inside and token == ")" and depth == 0:
            return i
    return -1


def _top_level_options(inner: str) -> list[str]:
    options: list[str] = []
    current: list[str] = []
    for _, token, depth, inside in _regex_tokens(inner):
        if token == "|" and not inside and depth == 0:
            options.append("".join(current))
            current = []
        else:
            current.append(token)
    options.append("".join(current))
    return options


def _expand(pattern: str) -> list[str]:
    """The pattern as alternatives that each start with a literal character, where its start is a
    group "(?:a|b)" (optional or not), a plain class "[ab]" or "\\d+"; else the pattern itself."""
    if pattern.startswith(r"\d+"):
        forms = [digit + r"\d*" + pattern[3:] for digit in "0123456789"]
    elif pattern.startswith("(?:"):
        end = _closing(pattern, 0)
        if end < 0:
            return [pattern]
        options, after = _top_level_options(pattern[3:end]), pattern[end + 1 :]
        if after[:1] == "?" and after[1:2] not in ("?", "+"):
            forms = [option + after[1:] for option in options] + [after[1:]]
        elif after[:1] in _QUANTIFIERS:
            return [pattern]
        else:
            forms = [option + after for option in options]
    elif pattern.startswith("[") and not pattern.startswith("[^"):
        end = _closing(pattern, 0)
        inner, after = pattern[1:end], pattern[end + 1 :]
        if end < 0 or "\\" in inner or "-" in inner or after[:1] in _QUANTIFIERS:
            return [pattern]
        forms = [char + after for char in inner]
    else:
        return [pattern]
    expanded: list[str] = []
    for form in forms:
        expanded += _expand(form) if form else [form]
        if len(expanded) > _EXPANSIONS:
            return [pattern]
    return expanded


class _Trie:
    __slots__ = ("children", "rests")

    def __init__(self):
        self.children: dict[str, _Trie] = {}
        self.rests: list[str] = []

    def add(self, pattern: str) -> bool:
        """Add a pattern under its literal prefix; False if it has none."""
        tokens = _TOKEN.findall(pattern)
        i = 0
        while i < len(tokens) and len(tokens[i]) == 1 and tokens[i] not in _NOT_LITERAL:
            if i + 1 < len(tokens) and tokens[i + 1] in _QUANTIFIERS:
                break  # "stars?": the "s" belongs to its quantifier
            i += 1
        prefix = fold("".join(tokens[:i]))
        if not prefix:
            return False
        node = self
        for char in prefix:
            node = node.children.setdefault(char, _Trie())
        node.rests.append(as_regex("".join(tokens[i:])))
        return True

    def regex(self, root: bool = False) -> str:
        """The tree as one alternation. At the root a digit only starts a number: tried at every
        digit of a long run, "\\d+月" would make a text of digits cost quadratic time."""
        parts = [
            ("(?<!\\d)" if root and char.isdigit() else "") + re.escape(char) + child.regex()
            for char, child in self.children.items()
        ]
        parts += sorted(set(self.rests), key=len, reverse=True)  # longer first; "" (end) last
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _alternation(patterns: list[str]) -> str:
    trie, others = _Trie(), []
    for pattern in patterns:
        for form in _expand(pattern):
            if not form:
                continue  # an all-optional start leaves nothing: matching "" everywhere says nothing
            if not trie.add(form):
                others.append(as_regex(form))
    return "|".join(([trie.regex(root=True)] if trie.children else []) + others)


UNSPACED_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u3040-\u30ff\u3400-\u9fff\uff00-\uffef★⭐☆]")


class Vocabulary:
    """A phrase table (phrases/) as up to three regexes: whole words (spaced languages), word
    endings (patterns that start with \\w*, for compounds), and substrings (Japanese, Arabic)."""

    def __init__(self, table: dict[str, tuple[str, ...]]):
        words, endings, substrings = [], [], []
        for language, patterns in table.items():
            for pattern in patterns:
                if pattern.startswith(r"\w*"):
                    endings.append(pattern[3:])
                elif language in UNSPACED:
                    substrings.append(pattern)
                else:
                    words.append(pattern)
        self.words = re.compile(r"(?<!\w)(?:" + _alternation(words) + r")(?!\w)") if words else None
        self.endings = re.compile(r"(?:" + _alternation(endings) + r")(?!\w)") if endings else None
        self.substrings = re.compile(_alternation(substrings)) if substrings else None

    def spans(
        self,
        text: str,
        unspaced: bool = True,
        ranges: list[tuple[int, int]] | None = None,
    ) -> list[tuple[int, int]]:
        """Where the vocabulary matches, within ranges (default: everywhere). unspaced=False skips
        the Japanese and Arabic patterns (for a text without those scripts)."""
        found: list[tuple[int, int]] = []
        for start, end in ranges if ranges is not None else [(0, len(text))]:
            if self.words:
                found += [m.span() for m in self.words.finditer(text, start, end)]
            if self.endings:
                for match in self.endings.finditer(text, start, end):
                    begin = match.start()
                    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
                        begin -= 1  # back to the start of the compound
                    found.append((begin, match.end()))
            if self.substrings and unspaced:
                found += [m.span() for m in self.substrings.finditer(text, start, end) if m.end() > m.start()]
        found.sort()
        return found
