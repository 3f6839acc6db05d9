"""Everything korea writes to stderr, and the candidates of an ambiguous reference.

:func:`say` and :func:`write_lines` are the one way to stderr: messages
carry catalogue text (a person's name, a title, a match reason) and the
user's own arguments, so every line is cleaned as stdout is (:func:`clean`)
before it is written.  A test checks that no other module writes to stderr;
the progress bar (:mod:`armisticecli.render.progress`) draws only its own text.

Candidates at a terminal are a small aligned list, the id whole and the last
field (a title) cut to fit the line: the one place where korea cuts text,
since the id is what the user types next.  In a pipe each candidate is one
tab-separated line, whole, for a program to read.  Either way the first
:data:`MAX_SHOWN` are listed, then how many more there are: a word shared by
23,731 titles must not fill the screen (nor scroll the message away).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from armisticecli.text import clean

PREFIX = "korea: "


def say(message: str) -> None:
    """One message on stderr, as one line: ``korea: message``."""
    write_lines([PREFIX + clean(message)])


def write_lines(lines: Iterable[str]) -> None:
    """Lines on stderr, each cleaned as stdout is; tabs between fields are kept."""
    sys.stderr.writelines(f"{_clean_line(line)}\n" for line in lines)
    sys.stderr.flush()


def _clean_line(line: str) -> str:
    return "\t".join(clean(field) for field in line.split("\t"))


INDENT = "  "
GAP = "  "
MIN_LAST = 12
"""A last field narrower than this is not cut: the line wraps instead."""
MAX_SHOWN = 20
"""Candidates listed; the rest are counted ("… and 23,711 more")."""


def candidate_lines(
    rows: Sequence[tuple[str, ...]], width: int | None, date_column: int | None = None
) -> list[str]:
    """The candidates as lines: aligned and fitted to ``width``, or TSV when it is None;
    the first :data:`MAX_SHOWN`, and a last line counting the others.

    ``date_column``: the field that is an ISO date, shown at a terminal as the
    tables show dates ("27 Jan 1951"); a pipe keeps ISO.
    """
    more = [f"{INDENT}… and {len(rows) - MAX_SHOWN:,} more"] if len(rows) > MAX_SHOWN else []
    shown = list(rows[:MAX_SHOWN])
    if width is not None and date_column is not None:
        from armisticecli.render.terminal import short_date

        shown = [
            (*row[:date_column], short_date(row[date_column]), *row[date_column + 1 :])
            if len(row) > date_column
            else row
            for row in shown
        ]
    return _lines(shown, width) + more


def _lines(rows: Sequence[tuple[str, ...]], width: int | None) -> list[str]:
    cleaned = [[clean(cell) for cell in row] for row in rows]
    if width is None:
        return ["\t".join(row) for row in cleaned]
    from rich.cells import cell_len

    columns = max((len(row) for row in cleaned), default=0)
    widths = [
        max((cell_len(row[i]) for row in cleaned if i < len(row) - 1), default=0)
        for i in range(columns)
    ]
    lines = []
    for row in cleaned:
        head = [cell + " " * (widths[i] - cell_len(cell)) for i, cell in enumerate(row[:-1])]
        start = INDENT + GAP.join(head) + (GAP if head else "")
        room = width - cell_len(start)
        last = row[-1] if row else ""
        if room >= MIN_LAST and cell_len(last) > room:
            last = _cut(last, room)
        lines.append((start + last).rstrip())
    return lines


def _cut(text: str, room: int) -> str:
    """``text`` cut to ``room`` cells, ending in an ellipsis."""
    from rich.cells import cell_len

    kept = ""
    for char in text:
        if cell_len(kept + char) > room - 1:
            break
        kept += char
    return kept.rstrip() + "…"
