"""One function writes every listing in every format; a View says how to see one item.

A command hands its items and a View to :func:`emit`; the View gives the JSON
record, the CSV row, the TSV cells and the rich table of those items.  So the
``--json`` branch exists once, not once per command.  The functions below it
(:func:`show`, :func:`search`, :func:`people`, :func:`timeline`,
:func:`export`, :func:`problems`) are what each command hands its result to.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from types import ModuleType
from typing import TYPE_CHECKING, Generic, TextIO, TypeVar

from armisticecli.render import (
    CiteStyle,
    ExportFormat,
    NetworkFormat,
    OutputFormat,
    ProblemFormat,
    TimelineFormat,
    data,
)

if TYPE_CHECKING:
    from pathlib import Path

    from armisticecli.archive import PersonEntry
    from armisticecli.catalogue import Directory
    from armisticecli.choices import Grouping
    from armisticecli.model import Document
    from armisticecli.network import Network
    from armisticecli.relations import Related
    from armisticecli.search import EventHit, Hit
    from armisticecli.timeline import Entry
    from armisticecli.validate import Problem

T = TypeVar("T")

TABLE_HITS = 25
"""Search hits in a table when no --limit is given: a screen shows the best screenful."""


class View(Generic[T]):
    """How to write one kind of item in each format."""

    __slots__ = ("cells", "header", "record", "row", "table")

    def __init__(
        self,
        record: Callable[[T], object],
        header: Sequence[str],
        row: Callable[[T], dict[str, str]],
        cells: Callable[[T], list[str]],
        table: Callable[[Sequence[T]], object],
    ) -> None:
        self.record = record
        """JSON and JSON Lines: an encodable object (a Struct is encoded directly)."""
        self.header = header
        self.row = row
        """CSV: a row keyed by ``header``."""
        self.cells = cells
        """TSV: the cells of one line."""
        self.table = table
        """A terminal: a rich renderable for all the items (rich is imported there only)."""


def emit(
    fmt: OutputFormat,
    items: Iterable[T],
    view: View[T],
    out: TextIO | None = None,
    csv_raw: bool = False,
) -> int:
    """Write ``items`` to stdout in ``fmt`` (table, tsv, json, jsonl, csv); return the count.

    Machine formats are written as the items come (a lazy search streams into
    ``| head``); a table, and JSON indented for a terminal, need them all first.
    ``csv_raw``: CSV cells that look like formulas are written as they are
    (:func:`armisticecli.render.data.csv_cell`).
    """
    stream = out or sys.stdout
    if fmt == "json" and not stream.isatty():
        return data.write_json_array(stream.buffer, (view.record(i) for i in items))
    if fmt == "jsonl":
        return data.write_jsonl(stream.buffer, (view.record(i) for i in items))
    if fmt == "csv":
        return data.write_csv(stream, (view.row(i) for i in items), view.header, csv_raw)
    if fmt == "tsv":
        return data.write_tsv(stream, (view.cells(i) for i in items))
    everything = items if isinstance(items, Sequence) else list(items)
    if fmt == "json":
        data.write_json(stream.buffer, [view.record(i) for i in everything], pretty=True)
    elif everything:
        from armisticecli.render import terminal

        terminal.draw(terminal.make_console(file=stream), view.table(everything))
    return len(everything)


def _terminal() -> ModuleType:
    """The rich renderers, imported only when something is drawn."""
    from armisticecli.render import terminal

    return terminal


def _same(item: T) -> T:
    return item


# -- documents ------------------------------------------------------------------


def documents(catalogue: Directory, total: int | None = None) -> View[Document]:
    """Documents; ``total``: how many there were before a limit, which a table (and
    only a table) tells under itself when it shows fewer."""
    return View(
        record=_same,
        header=data.CSV_FIELDS,
        row=lambda doc: data.document_row(catalogue, doc),
        cells=lambda doc: data.document_cells(catalogue, doc),
        table=lambda docs: _terminal().documents_table(catalogue, docs, total),
    )


def show(
    fmt: OutputFormat,
    catalogue: Directory,
    doc: Document,
    csv_raw: bool = False,
    text: bool = False,
    related: Sequence[Related] = (),
) -> None:
    """One document in full: one JSON object, ``field<TAB>text`` lines in a pipe, or a
    labelled view at a terminal.  ``text``: then its full text, with page markers and
    notes (:mod:`armisticecli.render.fulltext`); a JSON object holds it already.
    ``related``: its relations both ways, as lines of the view and ``related`` in JSON."""
    if text and fmt in ("table", "tsv"):
        show_text(fmt, catalogue, doc, related)
        return
    if fmt == "json":  # one object, not an array of one
        import msgspec

        record = msgspec.to_builtins(doc)
        if related:
            record["related"] = [data.related_record(item) for item in related]
        data.write_json(sys.stdout.buffer, record, pretty=sys.stdout.isatty())
    elif fmt == "tsv":
        pairs = data.document_details(catalogue, doc, related)
        data.write_tsv(sys.stdout, ([name, value] for name, value in pairs))
    else:
        view = documents(catalogue)
        view.table = lambda docs: _terminal().document_view(catalogue, docs[0], related)
        emit(fmt, [doc], view, csv_raw=csv_raw)


def show_text(
    fmt: OutputFormat, catalogue: Directory, doc: Document, related: Sequence[Related] = ()
) -> None:
    """``show --text``: the header as ``show`` prints it, then the full text and its
    notes; at a terminal through the pager.  A document without text: the header, and
    one line on stderr that says so."""
    from armisticecli.render import fulltext

    stream = sys.stdout
    if not doc.text:
        show(fmt, catalogue, doc, related=related)
        from armisticecli.render.messages import say

        stream.flush()
        say(f"{doc.id} has no full text in this catalogue")
        return
    if fmt == "table" and fulltext.at_terminal(stream):
        header = _terminal().document_view(catalogue, doc, related)
        fulltext.page(fulltext.header_and_text(header, doc))
        return
    pairs = data.document_details(catalogue, doc, related)
    data.write_tsv(stream, ([name, value] for name, value in pairs))
    stream.write("\n" + fulltext.plain_text(doc))


# -- the correspondence network ------------------------------------------------------

PAIR_HEADER = ("from", "to", "documents", "first", "last", "from_id", "to_id")


def network(fmt: NetworkFormat, catalogue: Directory, graph: Network) -> int:
    """The network in ``fmt``: a file format (GraphML, GEXF, DOT, Mermaid, JSON, CMIF) to
    stdout, or its pairs of correspondents, busiest first (a table, or TSV lines).
    Returns how many edges (documents between two parties) it holds."""
    from armisticecli.render import network as write

    writers = {
        "graphml": write.graphml,
        "gexf": write.gexf,
        "dot": write.dot,
        "mermaid": write.mermaid,
        "json": write.as_json,
    }
    if fmt in writers:
        sys.stdout.write(writers[fmt](graph))
    elif fmt == "cmif":
        sys.stdout.write(write.cmif(graph, catalogue.title or "korea catalogue"))
    elif fmt == "tsv":
        data.write_tsv(
            sys.stdout,
            (
                [p.source.label, p.target.label, str(p.count), p.first, p.last, p.source.id,
                 p.target.id]
                for p in graph.pairs()
            ),
        )  # fmt: skip
    elif graph.edges:
        from armisticecli.render import terminal

        terminal.draw(terminal.make_console(), terminal.pairs_table(graph.pairs()))
    return len(graph.edges)


# -- relations ----------------------------------------------------------------------

RELATED_HEADER = ("depth", "from", "relation", "id", "date", "title", "embedded_in", "source")


def related(fmt: OutputFormat, items: Sequence[Related], csv_raw: bool = False) -> int:
    """A document's relations, both ways, as found by a walk: one line (or record) each;
    at a terminal a table.  Returns how many were written."""

    def cells(item: Related) -> list[str]:
        return [
            str(item.depth),
            item.start,
            item.type,
            item.id or item.url or "",
            item.date or "",
            item.title,
            item.carrier or "",
            item.source,
        ]

    view: View[Related] = View(
        record=data.related_record,
        header=RELATED_HEADER,
        row=lambda item: dict(zip(RELATED_HEADER, cells(item), strict=True)),
        cells=cells,
        table=lambda shown: _terminal().related_table(shown),
    )
    return emit(fmt, items, view, csv_raw=csv_raw)


# -- search -------------------------------------------------------------------------


def hits(catalogue: Directory, more: bool = False) -> View[Hit | EventHit]:
    """Search hits (documents, and events marked ◆); ``more``: the table shows only
    the best, and says so."""
    return View(
        record=data.hit_record,
        header=data.HIT_FIELDS,
        row=lambda hit: data.hit_row(catalogue, hit),
        cells=data.hit_cells,
        table=lambda found: _terminal().hits_table(catalogue, found, more),
    )


def search(
    fmt: OutputFormat,
    catalogue: Directory,
    found: Iterator[Hit | EventHit],
    capped: bool,
    csv_raw: bool = False,
) -> int:
    """Write search hits; return how many.  ``capped``: no limit was asked for, so a
    table at a terminal shows the best :data:`TABLE_HITS` and says when more match
    (a pipe, a file or a machine format gets every hit, as they come)."""
    if capped and fmt == "table" and sys.stdout.isatty():
        best = list(islice(found, TABLE_HITS + 1))
        return emit(fmt, best[:TABLE_HITS], hits(catalogue, len(best) > TABLE_HITS))
    return emit(fmt, found, hits(catalogue), csv_raw=csv_raw)


# -- people ---------------------------------------------------------------------------


def people(
    fmt: OutputFormat,
    catalogue: Directory,
    entries: Sequence[PersonEntry],
    csv_raw: bool = False,
) -> int:
    """The authority file, or the people a name matched (each with why, and their
    documents at a terminal)."""
    matched = any(entry.match is not None for entry in entries)

    def table(found: Sequence[PersonEntry]) -> object:
        if not matched:
            return _terminal().people_table(catalogue, found)
        from rich.console import Group
        from rich.text import Text

        parts: list[object] = []
        if len(found) > 1:
            parts.append(Text(f"{len(found)} people match; best first:"))
        for entry in found:
            parts += [_terminal().person_view(catalogue, entry), Text("")]
        return Group(*parts)  # type: ignore[arg-type]

    header = data.MATCH_HEADER if matched else data.PEOPLE_HEADER
    view: View[PersonEntry] = View(
        record=data.person_record,
        header=header,
        row=lambda entry: dict(zip(header, data.person_cells(entry), strict=True)),
        cells=data.person_cells,
        table=table,
    )
    return emit(fmt, entries, view, csv_raw=csv_raw)


# -- timeline -----------------------------------------------------------------------


def timeline(
    fmt: TimelineFormat,
    catalogue: Directory,
    entries: Sequence[Entry],
    by: Grouping,
    csv_raw: bool = False,
) -> int:
    """The timeline: a vertical drawing at a terminal, a Mermaid diagram, or one line
    (or record) per entry.  Returns how many documents it holds."""
    from armisticecli.timeline import group

    if fmt == "mermaid":
        from armisticecli.render import mermaid

        sys.stdout.write(mermaid.mermaid(catalogue, group(entries, by)))
    else:

        def table(shown: Sequence[Entry]) -> object:
            from armisticecli.render import timeline as draw

            return draw.vertical(catalogue, group(shown, by))

        view: View[Entry] = View(
            record=data.entry_record,
            header=data.TIMELINE_HEADER,
            row=lambda entry: dict(
                zip(data.TIMELINE_HEADER, data.entry_cells(catalogue, entry), strict=True)
            ),
            cells=lambda entry: data.entry_cells(catalogue, entry),
            table=table,
        )
        emit(fmt, entries, view, csv_raw=csv_raw)
    return sum(1 for entry in entries if entry.kind != "event")


# -- citations and export -----------------------------------------------------------


def export_text(
    fmt: ExportFormat | CiteStyle,
    catalogue: Directory,
    documents: Sequence[Document],
    csv_raw: bool = False,
) -> str:
    """Documents as the text of one file: a citation format, CSV, JSON Lines or JSON."""
    import io

    from armisticecli.render import cite

    if fmt == "json":
        return data.json_text(documents)
    if fmt == "jsonl":
        buffer = io.BytesIO()
        data.write_jsonl(buffer, documents)
        return buffer.getvalue().decode("utf-8")
    if fmt == "csv":
        text = io.StringIO()
        data.write_csv(text, (data.document_row(catalogue, d) for d in documents), raw=csv_raw)
        return text.getvalue()
    if fmt == "sqlite":  # a database is written by the library (Archive.export_sqlite)
        raise ValueError("SQLite is not text")
    return cite.render(fmt, catalogue, documents)


def cite(
    style: CiteStyle, catalogue: Directory, documents: Sequence[Document], quiet: bool = False
) -> None:
    """Citations on stdout; unless ``quiet``, one stderr line naming those that lack a
    part no source showed (source line, record id, translator; for a document in a
    FRUS volume, its number or pages)."""
    from armisticecli.render import cite as cite_
    from armisticecli.render.messages import say

    documents = cite_.once(documents)
    sys.stdout.write(cite_.render(style, catalogue, documents))
    lacking = [(doc.id, cite_.incomplete(doc, catalogue)) for doc in documents]
    lacking = [(doc_id, parts) for doc_id, parts in lacking if parts]
    if lacking and not quiet:
        parts = list(dict.fromkeys(part for _, found in lacking for part in found))
        ids = ", ".join(doc_id for doc_id, _ in lacking)
        sys.stdout.flush()
        say(
            f"{len(lacking)} of {len(documents)} citations are incomplete, "
            f"not verified: {', '.join(parts)} ({ids}); --quiet hides this"
        )


def export(
    fmt: ExportFormat,
    catalogue: Directory,
    documents: Sequence[Document],
    output: str | None,
    csv_raw: bool = False,
) -> int:
    """Write the export to stdout, or atomically to ``output``; return how many documents.

    With no documents, an ``output`` file is not touched (left as it was).
    """
    if output is not None and not documents:
        return 0
    text = export_text(fmt, catalogue, documents, csv_raw)
    if output is None:
        sys.stdout.write(text)
    else:
        from armisticecli.files import write_text

        write_text(output, text)
    return len(documents)


# -- validation ---------------------------------------------------------------------


def problems(
    fmt: ProblemFormat, file: Path, found: Sequence[Problem], out: TextIO | None = None
) -> None:
    """Every problem of a catalogue: ``path: message (got value)`` lines, or a JSON array."""
    from armisticecli.text import clean

    stream = out or sys.stdout
    if fmt == "json":
        records = [{"path": p.path, "message": p.message, "value": p.value} for p in found]
        data.write_json(stream.buffer, records, stream.isatty())
        return
    for problem in found:
        stream.write(f"{clean(str(file))}: {clean(str(problem))}\n")
