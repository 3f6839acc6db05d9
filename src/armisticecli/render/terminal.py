"""Rich output for a person at a terminal: tables and a full document view.

Every string from a catalogue enters rich as a ``Text`` built from
:func:`armisticecli.text.clean` output, so brackets are never markup and no
control sequence reaches the terminal.  The console is passed in, so tests
render into a recording console of fixed width.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING

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
from armisticecli.text import clean, clean_block

if TYPE_CHECKING:  # only types: `korea list` should not import search to draw a table
    from armisticecli.archive import PersonEntry
    from armisticecli.catalogue import Directory
    from armisticecli.model import Disputed, Document, Role
    from armisticecli.search import EventHit, Hit


class _Console(Console):
    """A closed pipe is the caller's to handle (exit 0 for `| head`), not SystemExit(1)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A console that reads no markup or emoji codes and obeys NO_COLOR, FORCE_COLOR, TERM."""
    return _Console(
        file=file,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
    )


def plain(text: str) -> Text:
    """Catalogue text, safe for rich: one line, no controls, never markup."""
    return Text(clean(text))


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


WIDE = 100
"""At this width and more a table shows every column; narrower, it folds some away."""


class Responsive:
    """A renderable built for the width it is given, so no column is ever cropped."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def documents_table(catalogue: Directory, documents: Sequence[Document]) -> Responsive:
    """Documents as a table: date, id, type, title, from -> to.

    Under 100 columns the sender and recipient go under the title; under 70
    the type goes too, so nothing is ever cut off.
    """

    def build(width: int) -> Table:
        table = Table(show_lines=width < WIDE, header_style="bold", pad_edge=False)
        table.add_column("Date", no_wrap=True, style="cyan")
        table.add_column("ID", style="bold", overflow="fold")
        if width >= 70:
            table.add_column("Type", style="magenta", max_width=10)
        table.add_column("Title", ratio=3)
        if width >= WIDE:
            table.add_column("From → To", ratio=1, style="dim")
        for doc in documents:
            senders = ", ".join(party_labels(catalogue, doc.from_)) or "?"
            recipients = ", ".join(party_labels(catalogue, doc.to))
            parties = f"{senders} → {recipients}" if recipients else senders
            title = plain(doc.title)
            if width < WIDE:
                title.append("\n" + clean(parties), style="dim")
            cells = [Text(short_date(doc.date)), plain(doc.id)]
            if width >= 70:
                cells.append(plain(doc.type))
            cells.append(title)
            if width >= WIDE:
                cells.append(plain(parties))
            table.add_row(*cells)
        return table

    return Responsive(build)


def document_view(catalogue: Directory, doc: Document) -> Table:
    """One document in full: every field the catalogue has, labelled."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, justify="right")
    grid.add_column()
    previous = ""
    for name, value in document_details(catalogue, doc):
        if name == "title":
            grid.add_row("", Text(clean(value), style="bold"))
            continue
        if name == "date":
            value = parse_iso(value).long()
        label = "" if name == previous == "note" else DETAIL_LABELS[name]
        grid.add_row(label, Text(clean_block(value)))
        previous = name
    return grid


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
        table = Table(
            header_style="bold",
            pad_edge=False,
            show_lines=width < WIDE,
            caption=caption,
            caption_style="dim",
        )
        table.add_column("Score", justify="right", no_wrap=True, style="green")
        table.add_column("Date", no_wrap=True, style="cyan")
        table.add_column("ID", style="bold", overflow="fold")
        table.add_column("Title", ratio=3)
        if width >= WIDE:
            table.add_column("Why", ratio=2, style="dim")
        for hit in hits:
            why = "\n".join(clean(reason) for reason in hit.why)
            if hit.kind == "document":
                title = plain(hit.title)
            else:
                title = Text(f"{EVENT_MARK} ", style="yellow")
                title.append(clean(hit.title), style="yellow italic")
            if width < WIDE:
                title.append("\n" + why, style="dim")
            cells = [Text(f"{hit.score:.0f}"), Text(short_date(hit.date)), plain(hit.id), title]
            if width >= WIDE:
                cells.append(Text(why))
            table.add_row(*cells)
        return table

    return Responsive(build)


def _role_line(role: Role) -> str:
    period = f"{short_value(role.from_)} – {short_value(role.to)}"
    return f"{role.title} ({period}{'; inferred' if role.inferred else ''})"


def people_table(catalogue: Directory, people: Sequence[PersonEntry]) -> Responsive:
    """Everyone in the authority file: name, main aliases, roles, number of documents."""

    def build(width: int) -> Table:
        table = Table(header_style="bold", pad_edge=False, show_lines=True)
        table.add_column("Name", style="bold", overflow="fold")
        table.add_column("ID", style="cyan", overflow="fold")
        table.add_column("Main aliases", ratio=2)
        if width >= WIDE:
            table.add_column("Roles", ratio=3, style="dim")
        table.add_column("Docs", justify="right", no_wrap=True)
        for entry in people:
            person = entry.person
            main = [a for a in person.aliases if a.kind in MAIN_ALIAS_KINDS]
            main.sort(key=lambda a: MAIN_ALIAS_KINDS.index(a.kind))
            aliases = [a.name for a in main][:6]
            roles = [_role_line(role) for role in person.roles][:4]
            cells = [plain(person.name), plain(person.id), plain(", ".join(aliases))]
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
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, justify="right")
    grid.add_column()
    grid.add_row("", Text(clean(person.name), style="bold"))
    if match is not None:
        grid.add_row("Matched", plain(f"{match.why}  [score {match.score:.0f}]"))
    grid.add_row("ID", plain(person.id))
    kinds: dict[str, list[str]] = {}
    for alias in person.aliases:
        label = clean(alias.name) + (f" ({clean(alias.system)})" if alias.system else "")
        label += " (inferred)" if alias.inferred else ""
        kinds.setdefault(alias.kind.replace("_", " "), []).append(label)
    for kind, names in kinds.items():
        grid.add_row(kind.capitalize(), Text(", ".join(names)))
    for i, role in enumerate(person.roles):
        grid.add_row("Roles" if i == 0 else "", plain(_role_line(role)))
    if person.born or person.died:
        grid.add_row("Lived", plain(f"{short_value(person.born)} – {short_value(person.died)}"))
    if person.note:
        grid.add_row("Note", Text(clean_block(person.note)))
    parts: list[RenderableType] = [grid]
    if entry.count:
        lacking = sum(1 for doc in entry.documents if "source line" in unverified(doc))
        if lacking:
            grid.add_row(
                "Sources",
                plain(f"{lacking} of {entry.count} documents: source line not verified"),
            )
        parts.append(documents_table(catalogue, entry.documents))
    return Group(*parts)
