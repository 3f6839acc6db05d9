"""The timeline drawn three ways: a vertical rich timeline, plain lines, and Mermaid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group as RichGroup
from rich.table import Table
from rich.text import Text

from armisticecli.catalogue import Directory
from armisticecli.render.data import EVENT_MARK, entry_parties
from armisticecli.text import clean
from armisticecli.timeline import Entry, Group, gap

DOCUMENT_MARK = "●"
EMBEDDED_MARK = "◌"
"""A document that exists only inside another (its carrier)."""


def vertical(catalogue: Directory, groups: Sequence[Group]) -> RichGroup:
    """Groups under headings; a line down the side; gaps between entries written on it."""
    parts: list[Any] = []
    previous: Entry | None = None
    for index, group in enumerate(groups):
        if index:
            parts.append(Text(""))
        parts.append(Text(clean(group.label), style="bold underline"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, width=1)
        grid.add_column(no_wrap=True, min_width=11)
        grid.add_column(ratio=1, overflow="fold")  # a long word folds, never "…"
        for entry in group.entries:
            if previous is not None:
                between = gap(previous, entry)
                if between and between != "same day":
                    grid.add_row(Text("┆", style="dim"), Text(between, style="dim italic"), "")
            grid.add_row(*_entry_rows(catalogue, entry))
            previous = entry
        parts.append(grid)
    return RichGroup(*parts)


def _entry_rows(catalogue: Directory, entry: Entry) -> tuple[Text, Text, Text]:
    when = entry.when.short()
    if entry.kind == "event":
        body = Text(clean(entry.title), style="yellow italic")
        return Text(EVENT_MARK, style="yellow"), Text(when, style="yellow"), body
    doc = entry.document
    assert doc is not None
    body = Text()
    if doc.type:
        body.append(clean(doc.type), style="magenta")
        body.append("  ")
    body.append(clean(doc.id), style="bold")
    body.append("\n")
    body.append(clean(doc.title))
    who = entry_parties(catalogue, entry)
    if who and doc.from_ and not doc.to:  # a sender alone would read as more title
        who = f"From: {who}"
    if who:
        body.append("\n")
        body.append(clean(who), style="dim")
    if entry.carrier is not None:
        body.append("\n")
        body.append(f"conveyed in {clean(entry.carrier)}", style="dim italic")
        return Text(EMBEDDED_MARK, style="cyan"), Text(when, style="cyan"), body
    return Text(DOCUMENT_MARK, style="cyan"), Text(when, style="cyan"), body
