"""The search query language: words, "quoted phrases", OR, AND, NOT and -word.

As on the archive sites and the FRUS search, words are ANDed: every one must
match.  The operators are the uppercase words ``OR``, ``AND`` and ``NOT``
(lowercase "or", "and", "not" are ordinary words), and a leading dash
excludes, as ``NOT`` does: ``-stalin``, ``-"joint headquarters"``.  NOT binds
tightest (to the one word or phrase after it), then AND, then OR::

    stalin mao OR kim -pak     ==  (stalin AND mao) OR (kim AND NOT pak)

There are no parentheses: they are punctuation, as in any other word.  A
leading dash excludes before a number too (``-38``): to search for a number,
leave the dash out.  Each alternative needs something to search for, so a
query of exclusions alone is a usage error, as is an empty query or a
dangling operator ("stalin OR").

This module only reads the syntax; :mod:`armisticecli.search` finds the
names in the words and does the matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from armisticecli.errors import UsageError
from armisticecli.text import clean, words

OPERATORS = frozenset({"OR", "AND", "NOT"})
MAX_WORDS = 64
"""A query may search this many words, those in quotes included (a repeated word or
phrase counts once): past this, more words add cost but no precision."""

_TOKEN = re.compile(r'(-*)"([^"]*)"?|[^\s"]+')
"""A phrase in quotes, possibly unclosed and with leading dashes, or a run of anything else."""


@dataclass(frozen=True)
class Words:
    """Words typed one after another (as typed, in order): names are found across them."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    """Words in double quotes: they match in this order, as a phrase."""

    text: str


Part = Words | Phrase


@dataclass(frozen=True)
class Alternative:
    """What one side of an OR asks for: every part of ``include``, none of ``exclude``.

    Each excluded part is one word or one phrase (NOT binds to the next one).
    """

    include: tuple[Part, ...]
    exclude: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Query:
    """A query, read: its alternatives, any one of which a document may match."""

    text: str
    alternatives: tuple[Alternative, ...]

    @property
    def shown(self) -> str:
        """The query as typed, for a message: one line, cut at 80 characters."""
        return repr(clean(self.text.strip())[:80])


def parse(text: str) -> Query:
    """Read a query; raise :class:`UsageError` (field ``query``) when it asks for nothing."""
    if not text.strip():
        raise UsageError("the query is empty: give words to search for", field="query")
    builder = _Builder(text)
    for token in _TOKEN.finditer(text):
        dashes, phrase, plain = token[1], token[2], token[0]
        if phrase is not None:
            if words(phrase):
                builder.term(Phrase(phrase.strip()), negated=bool(dashes))
            continue
        if plain in OPERATORS:
            builder.operator(plain)
            continue
        body = plain.lstrip("-")
        if not words(body):
            continue  # punctuation alone ("-", "!!!") is no word
        builder.term(Words((body,)), negated=body != plain)
    alternatives = builder.finish()
    count = sum(len(_words_of(part)) for a in alternatives for part in (*a.include, *a.exclude))
    if count > MAX_WORDS:
        raise UsageError(
            f"{builder.shown} has {count} words to search for; the limit is {MAX_WORDS} "
            "(words in quotes count, a repeated word or phrase counts once)",
            field="query",
        )
    return Query(text, alternatives)


class _Builder:
    """Alternatives built as the tokens come, with the errors of a misplaced operator."""

    def __init__(self, text: str) -> None:
        self.shown = repr(clean(text.strip())[:80])
        self.alternatives: list[Alternative] = []
        self.include: list[Part] = []
        self.exclude: list[Part] = []
        self.run: list[str] = []  # plain words typed one after another
        self.pending: str | None = None  # an operator waiting for the word after it
        self.seen: set[tuple[bool, bool, tuple[str, ...]]] = set()  # (included, phrase, words)
        self.unique: set[tuple[tuple[tuple[bool, tuple[str, ...]], ...], ...]] = set()

    def term(self, part: Part, negated: bool) -> None:
        if self.pending == "NOT":
            if negated:
                raise self._error("NOT and a leading dash together: use one of them")
            negated = True
        self.pending = None
        # A repeat asks for nothing more: a phrase or an exclusion given before in this
        # alternative, or a word just typed ("telegram telegram").  A word said again
        # later stays, as names share words: "Kim Il Sung Kim Jong Il".
        key = _words_of(part)
        if negated:
            self._end_run()
            self._add(self.exclude, part, key)
        elif isinstance(part, Words):
            if not (self.run and tuple(words(self.run[-1])) == key):
                self.run.extend(part.words)
        else:
            self._end_run()
            self._add(self.include, part, key)

    def _add(self, parts: list[Part], part: Part, key: tuple[str, ...]) -> None:
        """Add ``part`` to the alternative's parts unless it is there already."""
        seen = (parts is self.include, isinstance(part, Phrase), key)
        if seen not in self.seen:
            self.seen.add(seen)
            parts.append(part)

    def operator(self, name: str) -> None:
        if self.pending is not None and not (self.pending != "NOT" and name == "NOT"):
            raise self._misplaced(self.pending)
        if name != "NOT" and not (self.run or self.include or self.exclude):
            raise self._misplaced(name)
        self._end_run()
        if name == "OR":
            self._end_alternative()
        self.pending = name

    def finish(self) -> tuple[Alternative, ...]:
        if self.pending is not None:
            raise self._misplaced(self.pending)
        self._end_run()
        if not (self.include or self.exclude or self.alternatives):
            raise UsageError(f"no words to search for in {self.shown}", field="query")
        self._end_alternative()
        return tuple(self.alternatives)

    def _end_run(self) -> None:
        if self.run:
            run = Words(tuple(self.run))
            self._add(self.include, run, _words_of(run))
            self.run = []

    def _end_alternative(self) -> None:
        if not self.include:
            left_out = " ".join("-" + _said(part) for part in self.exclude)
            raise UsageError(
                f"{left_out!r} only excludes: add a word to search for, as in "
                f"'armistice {left_out}'",
                field="query",
            )
        alternative = Alternative(tuple(self.include), tuple(self.exclude))
        key = tuple(
            tuple((isinstance(part, Phrase), _words_of(part)) for part in parts)
            for parts in (alternative.include, alternative.exclude)
        )
        if key not in self.unique:  # "telegram OR Telegram" asks once
            self.unique.add(key)
            self.alternatives.append(alternative)
        self.include, self.exclude = [], []
        self.seen = set()

    def _misplaced(self, operator: str) -> UsageError:
        needs = "a word or phrase after it" if operator == "NOT" else "words on both sides"
        return self._error(f"{operator} needs {needs}")

    def _error(self, message: str) -> UsageError:
        return UsageError(f"{message}, in {self.shown}", field="query")


def _words_of(part: Part) -> tuple[str, ...]:
    """The words a part searches for, as search reads them."""
    return tuple(words(" ".join(part.words) if isinstance(part, Words) else part.text))


def _said(part: Part) -> str:
    return " ".join(part.words) if isinstance(part, Words) else f'"{part.text}"'
