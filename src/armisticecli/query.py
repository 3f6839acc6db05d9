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
"""Longer queries are cut: past this, more words add cost but no precision."""

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
    count = 0
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
        count += 1
        if count > MAX_WORDS:
            break
        builder.term(Words((body,)), negated=body != plain)
    return Query(text, builder.finish())


class _Builder:
    """Alternatives built as the tokens come, with the errors of a misplaced operator."""

    def __init__(self, text: str) -> None:
        self.shown = repr(clean(text.strip())[:80])
        self.alternatives: list[Alternative] = []
        self.include: list[Part] = []
        self.exclude: list[Part] = []
        self.run: list[str] = []  # plain words typed one after another
        self.pending: str | None = None  # an operator waiting for the word after it

    def term(self, part: Part, negated: bool) -> None:
        if self.pending == "NOT":
            if negated:
                raise self._error("NOT and a leading dash together: use one of them")
            negated = True
        self.pending = None
        if negated:
            self._end_run()
            self.exclude.append(part)
        elif isinstance(part, Words):
            self.run.extend(part.words)
        else:
            self._end_run()
            self.include.append(part)

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
            self.include.append(Words(tuple(self.run)))
            self.run = []

    def _end_alternative(self) -> None:
        if not self.include:
            left_out = " ".join("-" + _said(part) for part in self.exclude)
            raise UsageError(
                f"{left_out!r} only excludes: add a word to search for, as in "
                f"'armistice {left_out}'",
                field="query",
            )
        self.alternatives.append(Alternative(tuple(self.include), tuple(self.exclude)))
        self.include, self.exclude = [], []

    def _misplaced(self, operator: str) -> UsageError:
        needs = "a word or phrase after it" if operator == "NOT" else "words on both sides"
        return self._error(f"{operator} needs {needs}")

    def _error(self, message: str) -> UsageError:
        return UsageError(f"{message}, in {self.shown}", field="query")


def _said(part: Part) -> str:
    return " ".join(part.words) if isinstance(part, Words) else f'"{part.text}"'
