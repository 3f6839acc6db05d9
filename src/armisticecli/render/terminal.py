"""Rich output for a person at a terminal: tables and a full document view.

Every string from a catalogue enters rich as a ``Text`` built from
:func:`armisticecli.text.clean` output, so brackets are never markup and no
control sequence reaches the terminal.  The console is passed in, so tests
render into a recording console of fixed width.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from armisticecli.catalogue import Catalogue
from armisticecli.dates import parse_iso
from armisticecli.model import Document
from armisticecli.render.data import party_labels
from armisticecli.text import clean, clean_block


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A console that reads no markup or emoji codes and obeys NO_COLOR, FORCE_COLOR, TERM."""
    return Console(
        file=file,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
    )


def plain(text: str) -> Text:
    """Catalogue text, safe for rich: one line, no controls, never markup."""
    return Text(clean(text))


def short_date(value: str) -> str:
    try:
        return parse_iso(value).short()
    except ValueError:
        return clean(value)


def documents_table(
    catalogue: Catalogue,
    documents: Sequence[Document],
    extra: Sequence[tuple[str, Sequence[str]]] = (),
) -> Table:
    """Documents as a table: date, id, type, title, from -> to (and extra columns)."""
    table = Table(show_lines=False, header_style="bold", expand=False, pad_edge=False)
    table.add_column("Date", no_wrap=True, style="cyan")
    table.add_column("ID", no_wrap=True, style="bold")
    table.add_column("Type", style="magenta", max_width=10)
    table.add_column("Title", ratio=3, min_width=24)
    table.add_column("From → To", ratio=1, style="dim")
    for name, _ in extra:
        table.add_column(name)
    for row, doc in enumerate(documents):
        senders = ", ".join(party_labels(catalogue, doc.from_)) or "?"
        recipients = ", ".join(party_labels(catalogue, doc.to))
        parties = f"{senders} → {recipients}" if recipients else senders
        cells = [
            Text(short_date(doc.date)),
            plain(doc.id),
            plain(doc.type),
            plain(doc.title),
            plain(parties),
        ]
        cells += [plain(values[row]) for _, values in extra]
        table.add_row(*cells)
    return table


def document_view(catalogue: Catalogue, doc: Document) -> Table:
    """One document in full: every field the catalogue has, labelled."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, justify="right")
    grid.add_column()

    def add(label: str, value: str | Text | None) -> None:
        if value:
            grid.add_row(label, value if isinstance(value, Text) else plain(value))

    grid.add_row("", Text(clean(doc.title), style="bold"))
    try:
        add("Date", parse_iso(doc.date).long())
    except ValueError:
        add("Date", doc.date)
    add("ID", doc.id)
    add("Record ID", doc.record_id)
    add("Type", doc.type)
    add("From", "; ".join(party_labels(catalogue, doc.from_)))
    add("To", "; ".join(party_labels(catalogue, doc.to)))
    add("People", ", ".join(catalogue.person_name(p) for p in doc.people))
    add("Places", ", ".join(doc.places))
    add("Organizations", ", ".join(doc.organizations))
    add("Summary", Text(clean_block(doc.summary)) if doc.summary else None)
    source = doc.source
    if source:
        add("Archive", source.archive)
        add("Reference", source.reference)
        add("Credit", source.credit)
        add("URL", source.url)
    add("Collections", ", ".join(doc.collections))
    add("Language", doc.language)
    for i, note in enumerate(doc.notes):
        add("Notes" if i == 0 else "", Text(clean_block(note)))
    return grid
