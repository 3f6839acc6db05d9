"""Rich output for a person at a terminal: tables and a full document view.

Every string from a catalogue enters rich as a ``Text`` built from
:func:`armisticecli.text.clean` output, so brackets are never markup and no
control sequence reaches the terminal.  The console is passed in, so tests
render into a recording console of fixed width.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from armisticecli.dates import parse_iso
from armisticecli.render.data import (
    DETAIL_LABELS,
    EVENT_MARK,
    document_details,
    party_labels,
    unverified,
)
from armisticecli.screen import MIN_WIDTH, columns
from armisticecli.text import clean, clean_block

if TYPE_CHECKING:  # only types: `korea list` should not import search to draw a table
    from armisticecli.archive import PersonEntry
    from armisticecli.catalogue import Directory
    from armisticecli.model import Disputed, Document, Role
    from armisticecli.network import Pair
    from armisticecli.relations import Related
    from armisticecli.search import EventHit, Hit
    from armisticecli.snippet import Snippet


class _Console(Console):
    """A closed pipe is the caller's to handle (exit 0 for `| head`), not SystemExit(1)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def draw(console: Console, renderable: object) -> None:
    """Print without cropping at the edge: a long URL runs on (the terminal wraps it)
    and stays one link; everything else already fits the width."""
    console.print(renderable, crop=False)


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A console that reads no markup or emoji codes and obeys NO_COLOR, FORCE_COLOR, TERM."""
    console = _Console(
        file=file,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
    )
    # COLUMNS=0 or 1 drew nothing, or a letter a line; with TERM=dumb rich assumes 80
    # columns whatever the terminal's width (dumb means no colour, not a narrow screen).
    dumb = os.environ.get("TERM", "").lower() in ("dumb", "unknown") and console.is_terminal
    if width is None and (console.width < MIN_WIDTH or dumb):
        try:
            wide = columns(console.file.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            wide = 80
        console.size = (wide, console.size.height)  # both: a width alone is ignored when dumb
    return console


def folding_table(**options: Any) -> Table:
    """A table whose cells wrap and never hide text: a word wider than its column
    folds onto the next line, where rich would cut it with "…".

    Every column gets ``overflow="fold"`` (see :func:`add_column`).  "fold" matters even
    where words fit: rich measures a line's trailing space in characters, not cells,
    so a line with wide (CJK) characters ends one cell too long and "ellipsis" would
    eat its last letter ("Feng" shown as "Fen…").
    """
    return Table(header_style="bold", **options)


def add_column(table: Table, header: str = "", **options: Any) -> None:
    """Add a column that folds rather than cuts (``overflow="fold"``)."""
    table.add_column(header, overflow="fold", **options)


def plain(text: str) -> Text:
    """Catalogue text, safe for rich: one line, no controls, never markup."""
    return Text(clean(text))


def reason(text: str) -> str:
    """Why a name or a hit matched, for a reader ("Filippov → Joseph Stalin").

    The library writes the arrow that sender → recipient uses, in every output;
    a reason from an older index or a caller may still hold "->", shown as "→".
    """
    return clean(text).replace(" -> ", " → ")


def short_value(value: str | Disputed | None) -> str:
    """A date for a reader: "5 Mar 1953"; a disputed one "8 or 13 Jan 1902"; unknown "?"."""
    if value is None:
        return "?"
    if isinstance(value, str):
        return short_date(value)
    dates = list(dict.fromkeys(a.date for a in value.dates))
    if all(len(d) == 10 for d in dates) and len({d[:7] for d in dates}) == 1:
        rest = short_date(dates[0]).split(" ", 1)[1]  # "Jan 1902"
        days = " or ".join(str(int(d[8:])) for d in dates)
        return f"{days} {rest}"
    return " or ".join(short_date(d) for d in dates)


def short_date(value: str) -> str:
    try:
        return parse_iso(value).short()
    except ValueError:
        return clean(value)


def short_time(value: str) -> str:
    """A source's time as read at a glance: "15:00 (local time; the source states no
    zone)", "18:44 (UTC−05:00)"; seconds only when they are not zero."""
    import re

    found = re.fullmatch(r".{10}T(\d\d:\d\d)(:\d\d)?(Z|[+-]\d\d:\d\d)?", value)
    if found is None:
        return clean(value)
    clock, seconds, zone = found.groups()
    if seconds and seconds != ":00":
        clock += seconds
    if zone is None:
        return f"{clock} (local time; the source states no zone)"
    zone = "+00:00" if zone == "Z" else zone.replace("-", "−")
    return f"{clock} (UTC{zone})"


WIDE = 100
"""At this width and more a table shows every column; narrower, it folds some away."""


class Responsive:
    """A renderable built for the width it is given, so no column is ever cropped."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def documents_table(
    catalogue: Directory, documents: Sequence[Document], total: int | None = None
) -> Responsive:
    """Documents as a table: date, id, type, title, from → to.

    Under 100 columns the sender and recipient go under the title, labelled
    "From:" and "To:" so that they read apart from it without colour; under 70
    the type goes there too ("Type:"), so nothing is cut off or left out.
    ``total``: how many there were before a limit; when more than shown, the
    caption says "7 of 23 documents".
    """
    caption = None
    if total is not None and total > len(documents):
        caption = f"{len(documents)} of {total} documents"

    def build(width: int) -> Table:
        table = folding_table(show_lines=True, caption=caption, caption_style="dim")
        add_column(table, "Date", no_wrap=True, style="cyan")
        add_column(table, "ID", style="bold")
        if width >= 70:
            add_column(table, "Type", style="magenta", max_width=10)
        add_column(table, "Title", ratio=3)
        if width >= WIDE:
            add_column(table, "From → To", ratio=1, style="dim")
        for doc in documents:
            senders = ", ".join(party_labels(catalogue, doc.from_)) or "?"
            recipients = ", ".join(party_labels(catalogue, doc.to))
            parties = f"{senders} → {recipients}" if recipients else senders
            title = plain(doc.title)
            if width < 70:  # the Type column is gone: the type goes under the title
                title.append("\n" + clean(f"Type: {doc.type}"), style="dim")
            if width < WIDE:
                title.append("\n" + clean(f"From: {senders}"), style="dim")
                if recipients:
                    title.append("\n" + clean(f"To: {recipients}"), style="dim")
            cells = [Text(short_date(doc.date)), plain(doc.id)]
            if width >= 70:
                cells.append(plain(doc.type))
            cells.append(title)
            if width >= WIDE:
                cells.append(plain(parties))
            table.add_row(*cells)
        return table

    return Responsive(build)


def document_view(catalogue: Directory, doc: Document, related: Sequence[Related] = ()) -> Fields:
    """One document in full: every field the catalogue has, labelled."""
    fields = Fields()
    previous = ""
    for name, value in document_details(catalogue, doc, related):
        if name == "title":
            fields.add_row("", clean(value), style="bold")
            continue
        if name in ("date", "date_end"):  # as list, search and timeline show it: "3 Jul 1953"
            value = short_date(value)
        elif name == "time":
            value = short_time(value)
        label = "" if name == previous and name in ("note", "relation") else DETAIL_LABELS[name]
        fields.add_row(label, clean_block(value))
        previous = name
    return fields


def pairs_table(pairs: Sequence[Pair]) -> Table:
    """Who wrote to whom, busiest pairs first: how many documents, over which dates."""
    table = folding_table()
    add_column(table, "From", style="bold")
    add_column(table, "To", style="bold")
    add_column(table, "Documents", justify="right")
    add_column(table, "Dates", style="cyan")
    for pair in pairs:
        span = short_date(pair.first)
        if pair.last != pair.first:
            span += f" – {short_date(pair.last)}"
        table.add_row(clean(pair.source.label), clean(pair.target.label), str(pair.count), span)
    return table


def related_table(items: Sequence[Related]) -> Table:
    """Relations met on a walk: how far, from which document, what, to which, when."""
    table = folding_table()
    deep = any(item.depth > 1 for item in items)
    if deep:
        add_column(table, "Step", justify="right")
        add_column(table, "From", style="bold")
    add_column(table, "Relation", style="magenta")
    add_column(table, "Document", style="bold")
    add_column(table, "Date", style="cyan")
    add_column(table, "Title", ratio=1)
    for item in items:
        title = item.title
        if item.embedded and item.carrier and item.way == "out":
            title += " (embedded)"
        elif item.embedded and item.carrier:
            title += f" (embedded in {item.carrier})"
        if item.inferred:
            title += f" [inferred: {item.basis}]"
        row = [
            clean(item.type),
            clean(item.id or item.url or ""),
            short_date(item.date) if item.date else "",
            clean(title),
        ]
        table.add_row(*([str(item.depth), clean(item.start)] if deep else []), *row)
    return table


class Fields:
    """Labelled values, one under another ("Date  June 5, 1951"), labels right-aligned.

    Values wrap at spaces; a word wider than the space left folds onto the next
    line, but a URL is never broken: it gets a line of its own and may run past
    the edge, so a terminal still sees one link.  (A rich grid would cut it with
    "…" and lose the record id at its end.)  Print with :func:`draw`, which does
    not crop.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def add_row(self, label: str, value: str, style: str = "") -> None:
        """A label and its (already cleaned) value; newlines in the value are kept."""
        self.rows.append((label, value, style))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label_width = max((cell_len(label) for label, _, _ in self.rows), default=0)
        width = max(options.max_width - label_width - 2, 10)
        for label, value, style in self.rows:
            for i, line in enumerate(wrap(value, width)):
                text = Text(" " * (label_width - cell_len(label)) if i == 0 else "")
                if i == 0:
                    text.append(label, style="bold")
                text.append(" " * (label_width + 2 - text.cell_len))
                text.append(line, style=style)
                text.no_wrap, text.overflow = True, "ignore"
                yield text


def is_url(word: str) -> bool:
    """A word that is (or holds) a link: "https://…", "(https://…).", "www.…"."""
    return "://" in word or word.startswith("www.")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells, broken at spaces and newlines; nothing is cut.

    A word wider than ``width`` folds across lines (a wide character or a letter
    with its combining marks is never split), except a URL, which keeps a line of
    its own whatever its width.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            joined = f"{line} {word}" if line else word
            if cell_len(joined) <= width:
                line = joined
                continue
            if line:
                lines.append(line)
            line = word
            if cell_len(word) > width and not is_url(word):
                *full, line = fold(word, width)
                lines += full
        lines.append(line)
    return lines


def fold(word: str, width: int) -> list[str]:
    """``word`` in pieces of at most ``width`` cells (at least one character each)."""
    pieces = [""]
    for char in word:
        size = cell_len(char)
        if pieces[-1] and size and cell_len(pieces[-1]) + size > width:
            pieces.append("")
        pieces[-1] += char
    return pieces


def hits_table(
    catalogue: Directory, hits: Sequence[Hit | EventHit], more: bool = False
) -> Responsive:
    """Search hits: score, date, id, title, and why each matched (under the title when narrow).

    An event is marked ◆ and drawn as the timeline draws it.  ``more``: other
    documents match too; the caption says how to see them.
    """
    caption = (
        f"The best {len(hits)}; more match: --limit N shows more, a pipe or --json all"
        if more
        else None
    )

    def build(width: int) -> Table:
        table = folding_table(
            show_lines=True,
            caption=caption,
            caption_style="dim",
        )
        add_column(table, "Score", justify="right", no_wrap=True, style="green")
        add_column(table, "Date", no_wrap=True, style="cyan")
        add_column(table, "ID", style="bold")
        add_column(table, "Title", ratio=3)
        if width >= WIDE:
            add_column(table, "Why", ratio=2, style="dim")
        for hit in hits:
            why = "\n".join(reason(text) for text in hit.why)
            if hit.kind == "document":
                title = plain(hit.title)
            else:
                title = Text(f"{EVENT_MARK} ", style="yellow")
                title.append(clean(hit.title), style="yellow italic")
            if hit.snippet is not None:
                title.append("\n")
                title.append_text(snippet(hit.snippet))
            if width < WIDE:
                title.append("\n" + why, style="dim")
            cells = [Text(f"{hit.score:.0f}"), Text(short_date(hit.date)), plain(hit.id), title]
            if width >= WIDE:
                cells.append(Text(why))
            table.add_row(*cells)
        return table

    return Responsive(build)


SNIPPET_STYLE = "italic"
MARK_STYLE = "bold yellow"


def snippet(found: Snippet) -> Text:
    """A passage of a document's text with the matched words highlighted; each piece
    is cleaned (:func:`armisticecli.text.clean`) on its own, so the marks stay on
    their words whatever cleaning removes."""
    shown = Text(style=SNIPPET_STYLE)
    position = 0
    for start, end in found.marks:
        shown.append(clean(found.text[position:start]))
        shown.append(clean(found.text[start:end]), style=MARK_STYLE)
        position = end
    shown.append(clean(found.text[position:]))
    return shown


def _role_line(role: Role) -> str:
    period = f"{short_value(role.from_)} – {short_value(role.to)}"
    return f"{role.title} ({period}{'; inferred' if role.inferred else ''})"


def people_table(catalogue: Directory, people: Sequence[PersonEntry]) -> Responsive:
    """Everyone in the authority file: name, main aliases, roles, number of documents."""

    def build(width: int) -> Table:
        table = folding_table(show_lines=True)
        add_column(table, "Name", style="bold")
        add_column(table, "ID", style="cyan")
        add_column(table, "Main aliases", ratio=2)
        if width >= WIDE:
            add_column(table, "Roles", ratio=3, style="dim")
        add_column(table, "Docs", justify="right", no_wrap=True)
        for entry in people:
            person = entry.person
            main = [a for a in person.aliases if a.kind in MAIN_ALIAS_KINDS]
            main.sort(key=lambda a: MAIN_ALIAS_KINDS.index(a.kind))
            aliases = [a.name for a in main][:6]
            roles = [_role_line(role) for role in person.roles][:4]
            name = plain(person.name)
            if person.imported:  # its words are the source's list of persons, unreviewed
                name.append(" (imported)", style="dim")
            cells = [name, plain(person.id), plain(", ".join(aliases))]
            if width >= WIDE:
                cells.append(Text("\n".join(clean(r) for r in roles)))
            cells.append(Text(str(entry.count)))
            table.add_row(*cells)
        return table

    return Responsive(build)


MAIN_ALIAS_KINDS = ("pseudonym", "transliteration", "native", "birth_name")


def person_view(catalogue: Directory, entry: PersonEntry) -> Group:
    """One resolved person: why the name matched, every alias by kind, roles, documents."""
    person, match = entry.person, entry.match
    grid = Fields()
    grid.add_row("", clean(person.name), style="bold")
    if match is not None:
        grid.add_row("Matched", reason(f"{match.why}  [score {match.score:.0f}]"))
    grid.add_row("ID", clean(person.id))
    kinds: dict[str, list[str]] = {}
    for alias in person.aliases:
        label = clean(alias.name) + (f" ({clean(alias.system)})" if alias.system else "")
        label += " (inferred)" if alias.inferred else ""
        kinds.setdefault(alias.kind.replace("_", " "), []).append(label)
    for kind, names in kinds.items():
        grid.add_row(kind.capitalize(), ", ".join(names))
    for i, role in enumerate(person.roles):
        grid.add_row("Roles" if i == 0 else "", clean(_role_line(role)))
    if person.born or person.died:
        grid.add_row("Lived", clean(f"{short_value(person.born)} – {short_value(person.died)}"))
    if person.note:
        grid.add_row("Note", clean_block(person.note))
    for identifier in person.identifiers:
        grid.add_row("Identifier", clean(f"{identifier.scheme}: {identifier.value}"))
    if person.imported:
        grid.add_row(
            "Imported",
            clean(f"from {person.imported}'s own list of persons (its words, not yet reviewed)"),
        )
    parts: list[RenderableType] = [grid]
    if entry.count:
        lacking = sum(1 for doc in entry.documents if "source line" in unverified(doc))
        if lacking:
            grid.add_row(
                "Sources", f"{lacking} of {entry.count} documents: source line not verified"
            )
        parts.append(documents_table(catalogue, entry.documents))
    return Group(*parts)
