"""The timeline drawn three ways: a vertical rich timeline, plain lines, and Mermaid."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import msgspec
from rich.console import Group as RichGroup
from rich.table import Table
from rich.text import Text

from armisticecli.catalogue import Catalogue
from armisticecli.render.data import party_labels
from armisticecli.text import clean
from armisticecli.timeline import Entry, Group, gap

DOCUMENT_MARK = "●"
EVENT_MARK = "◆"


def entry_record(entry: Entry) -> dict[str, Any]:
    """An entry as JSON: ``kind`` first, then the document or event object."""
    source = entry.document if entry.document is not None else entry.event
    record: dict[str, Any] = {"kind": entry.kind}
    record.update(msgspec.to_builtins(source))
    return record


def parties(catalogue: Catalogue, entry: Entry) -> str:
    doc = entry.document
    if doc is None:
        return ""
    senders = ", ".join(party_labels(catalogue, doc.from_))
    recipients = ", ".join(party_labels(catalogue, doc.to))
    if senders and recipients:
        return f"{senders} → {recipients}"
    return senders or (f"→ {recipients}" if recipients else "")


def entry_cells(catalogue: Catalogue, entry: Entry) -> list[str]:
    """Plain cells: date, kind, id, type, title, sender -> recipient."""
    doc_type = entry.document.type if entry.document else ""
    return [entry.date, entry.kind, entry.id, doc_type, entry.title, parties(catalogue, entry)]


def vertical(catalogue: Catalogue, groups: Sequence[Group]) -> RichGroup:
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
        grid.add_column(ratio=1)
        for entry in group.entries:
            if previous is not None:
                between = gap(previous, entry)
                if between and between != "same day":
                    grid.add_row(Text("┆", style="dim"), Text(between, style="dim italic"), "")
            grid.add_row(*_entry_rows(catalogue, entry))
            previous = entry
        parts.append(grid)
    return RichGroup(*parts)


def _entry_rows(catalogue: Catalogue, entry: Entry) -> tuple[Text, Text, Text]:
    when = entry.when.short()
    if entry.kind == "event":
        body = Text(clean(entry.title), style="yellow italic")
        return Text(EVENT_MARK, style="yellow"), Text(when, style="yellow"), body
    doc = entry.document
    assert doc is not None
    body = Text()
    body.append(clean(doc.type), style="magenta")
    body.append("  ")
    body.append(clean(doc.id), style="bold")
    body.append("\n")
    body.append(clean(doc.title))
    who = parties(catalogue, entry)
    if who:
        body.append("\n")
        body.append(clean(who), style="dim")
    return Text(DOCUMENT_MARK, style="cyan"), Text(when, style="cyan"), body


# -- Mermaid ------------------------------------------------------------

_MERMAID_COLON = re.compile(r":(?=\s)|:$")


def mermaid_text(text: str) -> str:
    """Text that Mermaid's timeline lexer reads as plain text of one event.

    In a timeline an event ends at a colon followed by whitespace and a line
    starting ``%%`` is a comment, so such colons become a full-width colon
    (：), ``%%`` is split, angle brackets (read as HTML) become ‹ ›, ``#``
    (a comment in periods and a character entity elsewhere) becomes ＃, and
    controls and line breaks go through the one sanitising path.
    """
    text = clean(text)
    text = _MERMAID_COLON.sub("：", text)
    text = text.replace("%%", "% %").replace("<", "‹").replace(">", "›").replace("#", "＃")
    text = text.replace(";", "；")
    return " ".join(text.split()) or "(untitled)"


def mermaid(
    catalogue: Catalogue, groups: Sequence[Group], title: str = "Korean War documents"
) -> str:
    """A Mermaid ``timeline`` diagram: one section a group, one period a date."""
    lines = ["timeline", f"    title {mermaid_text(title)}"]
    for group in groups:
        lines.append(f"    section {mermaid_text(group.label)}")
        by_date: dict[str, list[Entry]] = {}
        for entry in group.entries:
            by_date.setdefault(entry.date, []).append(entry)
        for entries in by_date.values():
            period = mermaid_text(entries[0].when.short())
            events = []
            for entry in entries:
                if entry.kind == "event":
                    events.append(mermaid_text(f"{EVENT_MARK} {entry.title}"))
                else:
                    events.append(mermaid_text(f"{entry.title} ({entry.id})"))
            lines.append(f"        {period} : " + " : ".join(events))
    return "\n".join(lines) + "\n"
