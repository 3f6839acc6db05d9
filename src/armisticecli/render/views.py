"""One function writes every listing in every format; a View says how to see one item.

A command hands its items and a View to :func:`emit`; the View gives the JSON
record, the CSV row, the TSV cells and the rich table of those items.  So the
``--json`` branch exists once, not once per command.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from armisticecli.render import data

if TYPE_CHECKING:
    from armisticecli.catalogue import Catalogue
    from armisticecli.model import Document
    from armisticecli.names import Match
    from armisticecli.timeline import Entry


class View(NamedTuple):
    """How to write one kind of item in each format."""

    record: Callable[[Any], Any]
    """JSON and JSON Lines: an encodable object (a Struct is encoded directly)."""
    header: Sequence[str]
    row: Callable[[Any], dict[str, str]]
    """CSV: a row keyed by ``header``."""
    cells: Callable[[Any], list[str]]
    """TSV: the cells of one line."""
    table: Callable[[Sequence[Any]], Any]
    """A terminal: a rich renderable for all the items (rich is imported here only)."""


def emit(fmt: str, items: Iterable[Any], view: View, out: TextIO | None = None) -> int:
    """Write ``items`` to stdout in ``fmt`` (table, tsv, json, jsonl, csv); return the count.

    Machine formats are written as the items come (a lazy search streams into
    ``| head``); a table, and JSON indented for a terminal, need them all first.
    """
    stream = out or sys.stdout
    if fmt == "json" and not stream.isatty():
        return data.write_json_array(stream.buffer, (view.record(i) for i in items))
    if fmt == "jsonl":
        return data.write_jsonl(stream.buffer, (view.record(i) for i in items))
    if fmt == "csv":
        return data.write_csv(stream, (view.row(i) for i in items), view.header)
    if fmt == "tsv":
        return data.write_tsv(stream, (view.cells(i) for i in items))
    everything = items if isinstance(items, Sequence) else list(items)
    if fmt == "json":
        data.write_json(stream.buffer, [view.record(i) for i in everything], pretty=True)
    elif everything:
        from armisticecli.render import terminal

        terminal.make_console(file=stream).print(view.table(everything))
    return len(everything)


def _identity(item: Any) -> Any:
    return item


def _terminal() -> Any:
    from armisticecli.render import terminal

    return terminal


def documents(catalogue: Catalogue) -> View:
    return View(
        record=_identity,
        header=data.CSV_FIELDS,
        row=lambda doc: data.document_row(catalogue, doc),
        cells=lambda doc: data.document_cells(catalogue, doc),
        table=lambda docs: _terminal().documents_table(catalogue, docs),
    )


def document(catalogue: Catalogue) -> View:
    """One document in full (``show``): a labelled view, or ``field<TAB>text`` lines."""
    return documents(catalogue)._replace(
        table=lambda docs: _terminal().document_view(catalogue, docs[0]),
    )


def write_details(catalogue: Catalogue, doc: Document, out: TextIO | None = None) -> None:
    """``show`` in a pipe: one ``field<TAB>text`` line per field, the whole document."""
    data.write_tsv(
        out or sys.stdout, ([name, value] for name, value in data.document_details(catalogue, doc))
    )


def hits(catalogue: Catalogue, more: bool = False) -> View:
    """Search hits; ``more``: the table shows only the best, and says so."""
    return View(
        record=data.hit_record,
        header=(*data.CSV_FIELDS, "score", "why"),
        row=lambda hit: data.hit_row(catalogue, hit),
        cells=data.hit_cells,
        table=lambda found: _terminal().hits_table(catalogue, found, more),
    )


PEOPLE_HEADER = ("id", "name", "documents", "aliases", "roles")


def people(catalogue: Catalogue) -> View:
    return View(
        record=lambda person: data.person_record(catalogue, person),
        header=PEOPLE_HEADER,
        row=lambda person: dict(
            zip(PEOPLE_HEADER, data.person_cells(catalogue, person), strict=True)
        ),
        cells=lambda person: data.person_cells(catalogue, person),
        table=lambda everyone: _terminal().people_table(catalogue, everyone),
    )


MATCH_HEADER = (*PEOPLE_HEADER, "score", "why")


def matches(catalogue: Catalogue, shown: Callable[[Match], Sequence[Document]]) -> View:
    """Resolved names: the person, how the name matched, and ``shown`` documents at a terminal."""

    def cells(match: Match) -> list[str]:
        return [
            *data.person_cells(catalogue, match.person),
            data.score_text(match.score),
            match.why,
        ]

    def table(found: Sequence[Match]) -> Any:
        from rich.console import Group
        from rich.text import Text

        terminal = _terminal()
        parts: list[Any] = []
        if len(found) > 1:
            parts.append(Text(f"{len(found)} people match; best first:"))
        for match in found:
            parts += [terminal.person_view(catalogue, match, shown(match)), Text("")]
        return Group(*parts)

    return View(
        record=lambda match: data.match_record(catalogue, match),
        header=MATCH_HEADER,
        row=lambda match: dict(zip(MATCH_HEADER, cells(match), strict=True)),
        cells=cells,
        table=table,
    )


TIMELINE_HEADER = ("date", "kind", "id", "type", "title", "parties")


def timeline(catalogue: Catalogue, by: str) -> View:
    from armisticecli.render import timeline as draw

    def table(entries: Sequence[Entry]) -> Any:
        from armisticecli.timeline import group

        return draw.vertical(catalogue, group(entries, by))

    return View(
        record=draw.entry_record,
        header=TIMELINE_HEADER,
        row=lambda entry: dict(
            zip(TIMELINE_HEADER, draw.entry_cells(catalogue, entry), strict=True)
        ),
        cells=lambda entry: draw.entry_cells(catalogue, entry),
        table=table,
    )
