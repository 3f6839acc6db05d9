"""The passage of a document's full text that shows why a search hit matched.

A hit whose query words were found in the text carries a :class:`Snippet`:
the window of about :data:`WIDTH` characters (a few dozen words) that holds
the most distinct query concepts (a word with its prefixes and near
spellings, a phrase, a name), the earliest such window when several tie.  It
is cut at word boundaries, its whitespace is made single spaces (one line),
and "…" stands where the text goes on.  ``marks`` are the spans of the
matched words in the snippet's own text, for a terminal to highlight; the text
itself is plain, as the catalogue has it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from armisticecli.text import find_runs

WIDTH = 200
"""The snippet's length in characters before it is cut at word boundaries: 30 to 40 words."""
LEAD = 3
"""Of the room a window leaves around its matches, a third goes before them."""
SNAP = 30
"""How far a cut moves to reach a word boundary; past that (a text without spaces,
as Chinese is written) it cuts inside the word."""
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


class Snippet(msgspec.Struct, frozen=True, gc=False):
    """A passage of a document's text and where the matched words are in it."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()
    """(start, end) of each matched word or phrase in :attr:`text`."""


def make_snippet(text: str, groups: Sequence[Sequence[Sequence[str]]]) -> Snippet | None:
    """The best passage of ``text`` for the query concepts ``groups`` (each a list of
    runs of words, any of which counts: :func:`armisticecli.text.find_runs`), or None
    when none of them is in the text."""
    found = find_runs(text, groups)
    if not found:
        return None
    first, last = _best_window(found)
    start, end = _bounds(text, found[first][0], max(e for _, e, _ in found[first : last + 1]))
    marks = _merged([(s, e) for s, e, _ in found if s >= start and e <= end])
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    size = 0
    if text[:start].strip():
        pieces.append(ELLIPSIS)
        size += len(ELLIPSIS)
    position = start
    for mark_start, mark_end in marks:
        for part, marked in ((text[position:mark_start], False), (text[mark_start:mark_end], True)):
            shown = _SPACES.sub(" ", part)
            if marked:
                spans.append((size, size + len(shown)))
            pieces.append(shown)
            size += len(shown)
        position = mark_end
    pieces.append(_SPACES.sub(" ", text[position:end]))
    if text[end:].strip():
        pieces.append(ELLIPSIS)
    return Snippet("".join(pieces), tuple(spans))


def _best_window(found: Sequence[tuple[int, int, int]]) -> tuple[int, int]:
    """The first and last occurrence of the window of :data:`WIDTH` characters that
    holds the most distinct groups (the earliest of equals)."""
    best = (0, 0, 0)  # (distinct groups, first, last)
    counts: dict[int, int] = {}
    last = -1
    for first, (start, _, _) in enumerate(found):
        while last + 1 < len(found) and found[last + 1][1] - start <= WIDTH:
            last += 1
            group = found[last][2]
            counts[group] = counts.get(group, 0) + 1
        if last < first:  # one occurrence longer than the window: it is the window
            last = first
            counts = {found[first][2]: 1}
        if len(counts) > best[0]:
            best = (len(counts), first, last)
        group = found[first][2]
        counts[group] -= 1
        if not counts[group]:
            del counts[group]
    return best[1], best[2]


def _bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """A window of about :data:`WIDTH` characters around ``start:end``, cut between words."""
    room = max(WIDTH - (end - start), 0)
    begin = max(0, min(start - room // LEAD, len(text) - WIDTH))
    begin = min(begin, start)
    finish = max(end, min(len(text), begin + WIDTH))
    # Outwards to whole words, within SNAP characters.
    if begin > 0 and not text[begin - 1].isspace():
        word_start = _word_start(text, begin)
        begin = begin if word_start is None else word_start
    if finish < len(text) and not text[finish].isspace():
        space = _SPACES.search(text, finish, min(len(text), finish + SNAP))
        finish = space.start() if space else min(len(text), finish + SNAP)
    while begin < start and text[begin].isspace():
        begin += 1
    while finish > end and text[finish - 1].isspace():
        finish -= 1
    return begin, finish


def _word_start(text: str, position: int) -> int | None:
    """Where the word holding ``position`` begins, if within :data:`SNAP` characters."""
    low = max(position - SNAP, 0)
    for index in range(position - 1, low - 1, -1):
        if text[index].isspace():
            return index + 1
    return 0 if low == 0 else None


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, overlapping ones joined (a phrase that holds another query word)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
