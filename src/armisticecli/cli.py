"""The ``korea`` command line: an adapter between options and the library.

Each command reads its options, makes one call to an
:class:`~armisticecli.archive.Archive`, and hands the result to a renderer
(:mod:`armisticecli.render.views`).  No search, name, date, filter,
file-writing or store-choice logic lives here; :mod:`armisticecli.process`
runs the command and turns every way it can end into an exit code.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import typer
from typer._click.shell_completion import ShellComplete, add_completion_class
from typer.core import TyperGroup

from armisticecli import __version__
from armisticecli.choices import Grouping, SortKey
from armisticecli.errors import CatalogueError, KoreaError, NotFoundError, UsageError
from armisticecli.render import (
    CiteStyle,
    ExportFormat,
    NetworkFormat,
    OutputFormat,
    ProblemFormat,
    TimelineFormat,
    choose_format,
)
from armisticecli.text import clean

# The library is imported inside the commands that use it: `korea list --json`
# should pay only for what it runs (see benchmarks/ and the README's figures).
if TYPE_CHECKING:
    from typer._click import Context

    from armisticecli.archive import Archive, IndexMode
    from armisticecli.completion import Request, Shell
    from armisticecli.filters import Filter

SHELL_OPTIONS = ("--install-completion", "--show-completion")


class _Root(TyperGroup):
    """The korea group: --install-completion and --show-completion take an optional SHELL.

    The click vendored in Typer 0.28 has no options whose value may be left
    out; the arguments are completed before click reads them.
    """

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if any(arg in SHELL_OPTIONS for arg in args):
            from armisticecli.completion import with_optional_values

            args = with_optional_values(args, SHELL_OPTIONS)
        return super().parse_args(ctx, args)


app = typer.Typer(
    name="korea",
    help="An offline catalogue of archival documents on the Korean War (1950-1953).\n\n"
    "Commands read the bundled catalogue, or yours: --catalogue FILE (before or after"
    " the command) or KOREA_CATALOGUE.",
    cls=_Root,
    # korea's own --install-completion and --show-completion (see root) name a shell;
    # Typer's, with shellingham installed, take none and ignore the one given.
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _open(catalogue: str | None, index: IndexMode = "auto") -> Archive:
    """The archive, with a progress bar for an index build and warnings on stderr."""
    from armisticecli.archive import Archive
    from armisticecli.render.messages import say
    from armisticecli.render.progress import index_progress

    return Archive.open(catalogue, index=index, progress=index_progress(), warn=say)


def _filter(
    since: str | None,
    until: str | None,
    types: list[str] | None,
    people: list[str] | None,
    places: list[str] | None = None,
) -> Filter:
    """The filter options, read (dates parsed; names are resolved by the archive)."""
    from armisticecli.filters import Filter

    return Filter.of(since, until, types, people, places)


def _format(format_: OutputFormat | None, json_: bool) -> OutputFormat:
    return choose_format(format_, json_, sys.stdout.isatty())


# -- shell completion ---------------------------------------------------------------


def _complete_documents(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Document ids for shell completion, with titles as help."""
    try:
        return _open(ctx.params.get("catalogue")).complete_ids(incomplete)
    except KoreaError:
        return []


def _complete_people(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Person names and ids for shell completion."""
    try:
        return _open(ctx.params.get("catalogue")).complete_names(incomplete)
    except KoreaError:
        return []


def _complete_types(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The catalogue's document types for shell completion, with their counts."""
    try:
        return _open(ctx.params.get("catalogue")).complete_types(incomplete)
    except KoreaError:
        return []


def _complete_name_words(ctx: typer.Context, incomplete: str) -> list[tuple[str, str | None]]:
    """The rest of a name whose first words are typed already (`korea people Peng D`)."""
    from armisticecli.completion import words_on

    words = [*(ctx.params.get("name") or ()), incomplete]
    return words_on(words, _complete_people(ctx, " ".join(words)))


def _complete_shells() -> list[str]:
    from armisticecli.completion import SHELLS

    return list(SHELLS)  # Typer keeps those that start with what is typed


class _Shell(ShellComplete):
    """A shell's side of completion, as korea reads and answers it (armisticecli.completion).

    Typer's classes print candidates unquoted for bash and PowerShell, and
    for zsh escape them in a way its script undoes wrongly.
    """

    name: ClassVar[Shell]
    request: Request

    def source_vars(self) -> dict[str, Any]:
        return {}

    def source(self) -> str:
        from armisticecli.completion import script

        return script(self.name)

    def get_completion_args(self) -> tuple[list[str], str]:
        from armisticecli.completion import read_request

        self.request = read_request(self.name, os.environ)
        return list(self.request.args), self.request.incomplete

    def format_completion(self, item: Any) -> str:  # unused: complete() answers all at once
        raise NotImplementedError

    def candidates(self) -> list[tuple[str, str | None]]:
        args, incomplete = self.get_completion_args()
        return [(str(item.value), item.help) for item in self.get_completions(args, incomplete)]

    def complete(self) -> str:
        from armisticecli.completion import answer

        items = self.candidates()  # reads the request
        return answer(self.name, self.request, items)


class _Bash(_Shell):
    name = "bash"


class _Zsh(_Shell):
    name = "zsh"


class _Fish(_Shell):
    name = "fish"

    def complete(self) -> str:
        if os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
            # fish asks first whether korea completes here at all (else it offers files)
            raise SystemExit(0 if self.candidates() else 1)
        return super().complete()


class _PowerShell(_Shell):
    name = "powershell"


for _class in (_Bash, _Zsh, _Fish, _PowerShell):
    add_completion_class(_class, _class.name)
add_completion_class(_PowerShell, "pwsh")


def _show_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:  # resilient: completing, not running
        return
    from armisticecli import completion

    shell = completion.shell_named(value) if value else completion.current_shell()
    sys.stdout.write(completion.script(shell))
    raise typer.Exit()


def _install_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:  # resilient: completing, not running
        return
    from armisticecli import completion

    shell = completion.shell_named(value) if value else completion.current_shell()
    installed = completion.install(shell)
    loaded = f", loaded from {installed.startup}" if installed.startup else ""
    sys.stdout.write(
        f"{shell} completion installed in {installed.script}{loaded}; "
        "it works in shells started from now on\n"
    )
    raise typer.Exit()


# -- shared options, defined once and reused by every command -------------------------

CatalogueOpt = Annotated[
    str | None,
    typer.Option(
        "--catalogue",
        envvar="KOREA_CATALOGUE",
        show_envvar=True,
        metavar="PATH",
        help="Catalogue file to read instead of the bundled one (also --catalog).",
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Keep documents on or after the start of DATE (1951, 1951-06, 8 Feb 1952, 1950s).",
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help="Keep documents on or before the end of DATE."),
]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        metavar="TYPE",
        autocompletion=_complete_types,
        help="Keep documents of this type (telegram also matches ciphered telegram); repeatable.",
    ),
]
PersonOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--person",
        "-p",
        metavar="NAME",
        help="Keep documents involving this person, by any name, pseudonym or title; repeatable.",
        autocompletion=_complete_people,
    ),
]
PlaceOpt = Annotated[
    list[str] | None,
    typer.Option("--place", metavar="PLACE", help="Keep documents naming this place; repeatable."),
]
LimitOpt = Annotated[  # checked by the Archive: "--limit: must be at least 1, got 0"
    int | None, typer.Option("--limit", "-n", metavar="N", help="Show at most N.")
]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        case_sensitive=False,
        help="table, tsv, json, jsonl or csv. Default: table at a terminal, tsv in a pipe.",
        show_choices=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
CsvRawOpt = Annotated[
    bool,
    typer.Option(
        "--csv-raw",
        help="With --format csv, write cells as they are, for programs. By default a cell"
        " that begins with = + - or @ gets a ' in front, so a spreadsheet shows it, not runs it.",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Search the catalogue file itself; do not read or write the on-disk search "
        "index (quicker for a one-off search of a file you will not search again).",
    ),
]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"korea {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    install_completion: Annotated[
        str | None,
        typer.Option(
            "--install-completion",
            metavar="[SHELL]",
            callback=_install_completion,
            is_eager=True,
            autocompletion=_complete_shells,
            help="Install completion for SHELL (bash, zsh, fish, powershell, pwsh);"
            " by default for the shell this runs in.",
        ),
    ] = None,
    show_completion: Annotated[
        str | None,
        typer.Option(
            "--show-completion",
            metavar="[SHELL]",
            callback=_show_completion,
            is_eager=True,
            autocompletion=_complete_shells,
            help="Print the completion script for SHELL, to install it yourself.",
        ),
    ] = None,
) -> None:
    """An offline catalogue of archival documents on the Korean War (1950-1953).

    Try: korea list, korea show cipher-3410, korea list --since 1951 --json | jq .
    """


# -- commands -----------------------------------------------------------------------


@app.command("list")
def list_(
    since: SinceOpt = None,
    until: UntilOpt = None,
    type_: TypeOpt = None,
    person: PersonOpt = None,
    place: PlaceOpt = None,
    sort: Annotated[
        SortKey, typer.Option("--sort", case_sensitive=False, help="Order by date or title.")
    ] = "date",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: LimitOpt = None,
    format_: FormatOpt = None,
    json_: JsonOpt = False,
    csv_raw: CsvRawOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """List documents, oldest first.

    Examples:
      korea list --since 1951 --person Filippov
      korea list --type telegram --json | jq -r '.[].title'
    """
    from armisticecli.render import views

    fmt = _format(format_, json_)
    where = _filter(since, until, type_, person, place)
    archive = _open(catalogue)
    listed = archive.listing(where, sort=sort, reverse=reverse, limit=limit)
    view = views.documents(archive.directory, total=listed.total)
    if not views.emit(fmt, listed.documents, view, csv_raw=csv_raw):
        raise NotFoundError("no documents match")


@app.command()
def show(
    ref: Annotated[
        list[str],
        typer.Argument(
            metavar="REF...",
            help="A document id, an archive record id, or words of its title; quotes are optional.",
            autocompletion=_complete_documents,
            show_default=False,
        ),
    ],
    text: Annotated[
        bool,
        typer.Option(
            "--text",
            help="Then the full text, with [Page N] markers and the notes; at a terminal"
            " through $PAGER (else less -R). JSON holds the text already.",
        ),
    ] = False,
    format_: FormatOpt = None,
    json_: JsonOpt = False,
    csv_raw: CsvRawOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """Show one document in full.

    Examples:
      korea show cipher-3410
      korea show 114956
      korea show ciphered telegram 3410
      korea show d13 --text --catalogue frus-1951.json
    """
    from armisticecli.render import views

    fmt = _format(format_, json_)
    if text and fmt == "csv":
        raise UsageError("CSV has no column for the full text: use --json", field="text")
    archive = _open(catalogue)
    doc, related = archive.related(" ".join(ref))
    views.show(fmt, archive.directory, doc, csv_raw, text=text, related=related)


@app.command()
def network(
    format_: Annotated[
        NetworkFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            case_sensitive=False,
            show_choices=False,
            help="table or tsv (pairs of correspondents), json, graphml, gexf (Gephi),"
            " dot (Graphviz), mermaid, or cmif (TEI, for correspSearch).",
        ),
    ] = None,
    json_: JsonOpt = False,
    embedded: Annotated[
        bool,
        typer.Option(
            "--embedded/--no-embedded",
            help="Count documents carried inside others, at their own dates (the default).",
        ),
    ] = True,
    since: SinceOpt = None,
    until: UntilOpt = None,
    type_: TypeOpt = None,
    person: PersonOpt = None,
    catalogue: CatalogueOpt = None,
) -> None:
    """Who wrote to whom: senders, recipients, relays and embedded documents as a graph.

    Nodes are people (or the office or body a document names where it names
    no person); each edge is a document, with its date and the name forms it
    uses (Filippov, not Stalin). At a terminal: the pairs of correspondents,
    busiest first.

    Examples:
      korea network
      korea network --format graphml > korea.graphml
      korea network --since 1951 --until 1951 --format gexf > 1951.gexf
    """
    from armisticecli.render import views

    fmt: NetworkFormat = "json" if json_ else format_ or ("table" if sys.stdout.isatty() else "tsv")
    if json_ and format_ not in (None, "json"):
        raise UsageError(f"{format_} conflicts with --json; give one of them", field="format")
    archive = _open(catalogue)
    graph = archive.network(_filter(since, until, type_, person), embedded=embedded)
    if not views.network(fmt, archive.directory, graph):
        raise NotFoundError("no documents with a sender and a recipient match")


@app.command()
def related(
    ref: Annotated[
        list[str],
        typer.Argument(
            metavar="REF...",
            help="A document id (an embedded one's too), a record id, or words of its title.",
            autocompletion=_complete_documents,
            show_default=False,
        ),
    ],
    depth: Annotated[
        int,
        typer.Option(
            "--depth", "-d", min=1, metavar="N", help="Follow relations N steps (default 1)."
        ),
    ] = 1,
    format_: FormatOpt = None,
    json_: JsonOpt = False,
    csv_raw: CsvRawOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """What a document conveys, replies to, refers to or went through, and what does so
    to it: its relations both ways, then theirs with --depth.

    Examples:
      korea related mao-stalin-1951
      korea related cipher-16293 --depth 2 --json
    """
    from armisticecli.render import views

    doc, found = _open(catalogue).related(" ".join(ref), depth)
    if not views.related(_format(format_, json_), found, csv_raw):
        raise NotFoundError(f"{doc.id} has no relations in this catalogue")


@app.command()
def search(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help='Words, "quoted phrases", names in any form (Filippov, Chou En-lai) and'
            " the operators OR, AND, NOT; quotes around the whole query are optional.",
            show_default=False,
        ),
    ],
    since: SinceOpt = None,
    until: UntilOpt = None,
    type_: TypeOpt = None,
    person: PersonOpt = None,
    place: PlaceOpt = None,
    events: Annotated[
        bool,
        typer.Option(
            "--events",
            help="Also search the titles of the war's dated events, marked ◆ (kind"
            ' "event" in JSON); of the filters, only --since and --until apply to them.',
        ),
    ] = False,
    limit: LimitOpt = None,
    format_: FormatOpt = None,
    json_: JsonOpt = False,
    csv_raw: CsvRawOpt = False,
    no_cache: NoCacheOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """Search titles, summaries, people, places, types and full texts; best first.

    Every word must match (AND is the default). OR, AND and NOT are operators
    when written in capitals (or, and, not are ordinary words); -word excludes,
    as NOT word does, a number too (-38); "quoted words" match as a phrase.
    NOT binds tightest, then AND, then OR: a b OR c -d means (a AND b) OR
    (c AND NOT d). No parentheses. The shell reads a lone -word as an option:
    write NOT word, or put it after --, or quote the whole query.

    Each hit has a score (0-100) and the reasons it matched. An exact match
    scores 85 or more, a prefix about 72, a near spelling 60 at most; the
    fields it is in add up to 15 (a title 7.5, the full text 1.25). With OR, a
    document that matches more of the alternatives ranks higher. A hit found
    in the full text shows the passage where its words are (snippet).

    Examples:
      korea search Chou En-lai --since 1951
      korea search Filippov --json | jq -r '.[] | "\\(.score) \\(.id)"'
      korea search Filippov OR "Chou En-lai" NOT armistice
    """
    from armisticecli.render import views

    fmt = _format(format_, json_)
    where = _filter(since, until, type_, person, place)
    query = " ".join(words)
    archive = _open(catalogue, "never" if no_cache else "auto")
    found = archive.search(query, where, limit, events=events)
    if views.search(fmt, archive.directory, found, capped=limit is None, csv_raw=csv_raw):
        return
    shown = repr(clean(query.strip())[:80])
    if events:
        raise NotFoundError(f"no documents or events match {shown}")
    count = len(archive.search_events(query, where))
    if count:
        these = "1 event matches" if count == 1 else f"{count} events match"
        raise NotFoundError(f"no documents match {shown}; {these}, add --events")
    raise NotFoundError(f"no documents match {shown}")


@app.command()
def people(
    name: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NAME]...",
            help="A name in any form: pseudonym, transliteration, native script, title;"
            " quotes are optional.",
            autocompletion=_complete_name_words,
            show_default=False,
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="Resolve a title as held on DATE."),
    ] = None,
    format_: FormatOpt = None,
    json_: JsonOpt = False,
    csv_raw: CsvRawOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """List the people of the authority file, or find one by any form of their name.

    Examples:
      korea people Filippov
      korea people Soviet Premier --on 1953-07-03
    """
    from armisticecli.render import views

    fmt = _format(format_, json_)
    archive = _open(catalogue)
    found = archive.people(" ".join(name) if name else None, on)
    views.people(fmt, archive.directory, found, csv_raw)


@app.command()
def timeline(
    by: Annotated[
        Grouping,
        typer.Option("--by", case_sensitive=False, help="Group entries by year or month."),
    ] = "year",
    events: Annotated[
        bool, typer.Option("--events", help="Add the war's dated context events, marked ◆.")
    ] = False,
    embedded: Annotated[
        bool,
        typer.Option(
            "--embedded/--no-embedded",
            help="Show documents carried inside others at their own dates, marked ◌"
            " (the default), or hide them.",
        ),
    ] = True,
    since: SinceOpt = None,
    until: UntilOpt = None,
    type_: TypeOpt = None,
    person: PersonOpt = None,
    format_: Annotated[
        TimelineFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            case_sensitive=False,
            show_choices=False,
            help="table, tsv, json, jsonl, csv, or mermaid (a Mermaid timeline for Markdown).",
        ),
    ] = None,
    json_: JsonOpt = False,
    csv_raw: CsvRawOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """The documents in date order, grouped by year or month, with the gaps between them.

    Examples:
      korea timeline --events --by month
      korea timeline --format mermaid > war.mmd
    """
    from armisticecli.render import views

    fmt = choose_format(format_, json_, sys.stdout.isatty())
    where = _filter(since, until, type_, person)
    archive = _open(catalogue)
    entries = archive.timeline(where, events=events, embedded=embedded)
    if not views.timeline(fmt, archive.directory, entries, by, csv_raw):
        raise NotFoundError("no documents match")


@app.command()
def cite(
    refs: Annotated[
        list[str],
        typer.Argument(
            metavar="REF...",
            help="Documents: ids, archive record ids, or words of a title.",
            autocompletion=_complete_documents,
        ),
    ],
    style: Annotated[
        CiteStyle,
        typer.Option(
            "--style",
            "-s",
            metavar="STYLE",
            case_sensitive=False,
            show_choices=False,
            help="chicago, bibtex, csl-json or ris.",
        ),
    ] = "chicago",
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Do not say which citations lack unverified parts."),
    ] = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """Cite documents: Chicago (the archive's layout), BibTeX, CSL-JSON or RIS.

    A document printed in a FRUS volume is cited as part of the volume, in the
    form the Office of the Historian recommends. A citation holds only what a
    source showed; a line on stderr names those whose source line, record id or
    translator (for a FRUS document: number or pages) is not verified.

    Examples:
      korea cite cipher-3410
      korea cite 114956 --style bibtex >> refs.bib
    """
    from armisticecli.render import views

    archive = _open(catalogue)
    views.cite(style, archive.directory, archive.get_many(refs), quiet)


@app.command()
def export(
    query: Annotated[
        list[str] | None,
        typer.Argument(metavar="[QUERY]...", help="Optional search words to select documents."),
    ] = None,
    format_: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            case_sensitive=False,
            show_choices=False,
            help="csl-json, bibtex, ris, csv, jsonl, json, or sqlite (a database for"
            " Datasette: needs -o).",
        ),
    ] = "csl-json",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    ] = None,
    datasette_metadata: Annotated[
        str | None,
        typer.Option(
            "--datasette-metadata",
            metavar="FILE",
            help="With --format sqlite: where to write Datasette's metadata"
            " (default: beside the database, korea.db -> korea.metadata.json).",
        ),
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    type_: TypeOpt = None,
    person: PersonOpt = None,
    place: PlaceOpt = None,
    csv_raw: CsvRawOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """Export every matching document in one file, for Zotero, pandoc or LaTeX.

    Examples:
      korea export --person Filippov --format bibtex -o stalin.bib
      korea export armistice --since 1953 --format ris -o armistice.ris
      korea export --format sqlite -o korea.db   # for Datasette
    """
    from armisticecli.render import views

    if format_ == "sqlite":
        where = _filter(since, until, type_, person, place)
        _export_sqlite(where, " ".join(query or []), output, datasette_metadata, catalogue)
        return
    if datasette_metadata is not None:
        raise UsageError("only --format sqlite writes Datasette's metadata", field="format")
    if output is not None:
        from armisticecli.files import check_target

        check_target(output, field="output")  # before the search: `-o refs.bib/` is a typo
    where = _filter(since, until, type_, person, place)
    archive = _open(catalogue)
    documents = archive.export(where, " ".join(query or []))
    if not views.export(format_, archive.directory, documents, output, csv_raw):
        left = f"; {clean(output)} was left as it was" if output is not None else ""
        raise NotFoundError(f"no documents match{left}")


def _export_sqlite(
    where: Filter, query: str, output: str | None, metadata: str | None, catalogue: str | None
) -> None:
    from armisticecli.files import check_target
    from armisticecli.render.messages import say
    from armisticecli.sqlite_export import metadata_beside

    if output is None:
        raise UsageError("a database is a file, not a stream: give -o korea.db", field="format")
    meta = metadata or metadata_beside(output)
    for path, name in ((output, "output"), (meta, "datasette-metadata")):
        check_target(path, field=name)
    written = _open(catalogue).export_sqlite(output, where, query, meta)
    if not written.documents:
        raise NotFoundError("no documents match")
    say(f"wrote {written.documents:,} documents to {clean(output)}, and {clean(meta)}")


@app.command()
def validate(
    path: Annotated[
        str | None,
        typer.Argument(metavar="[PATH]", help="Catalogue to check (default: the active one)."),
    ] = None,
    format_: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            case_sensitive=False,
            show_choices=False,
            help="text, or json (an array of problems).",
        ),
    ] = "text",
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Also require a source for every person and event."),
    ] = False,
    json_: JsonOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """Check a catalogue against the schema and for duplicate ids, impossible dates, unknown people.

    Lists every problem with its JSON path and the bad value; exit 0 when valid, 3 when not.

    Examples:
      korea validate my-catalogue.json
      korea validate --json my-catalogue.json | jq length
    """
    from armisticecli.catalogue import check
    from armisticecli.render import views

    file, found = check(path if path is not None else catalogue, strict)
    views.problems("json" if json_ else format_, file, found)
    if found:
        raise CatalogueError(f"{clean(str(file))}: {len(found)} problem(s)")
    if not json_ and format_ == "text":
        from armisticecli.render.messages import say

        say(f"{file}: valid")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the catalogue format.

    Examples:
      korea schema > catalogue.schema.json
    """
    from armisticecli.schema import shipped

    sys.stdout.write(shipped())


# -- import: sources into a catalogue of your own ----------------------------------------

import_app = typer.Typer(
    name="import",
    help="Add the documents of a source to a catalogue of your own (created if absent,"
    " with the bundled people as its name authority). Each source, with one example:\n\n"
    "[bold]frus[/bold]: a FRUS volume, as its TEI file or its id (downloaded)\n\n"
    "    korea import frus frus1951v07p2 --into mine.json\n\n"
    "[bold]wilson[/bold]: a Digital Archive search-results or record page, saved as text\n\n"
    "    korea import wilson results.txt --into mine.json\n\n"
    "[bold]csl-json[/bold], [bold]ris[/bold], [bold]bibtex[/bold]: a Zotero export, or"
    " korea's own\n\n"
    "    korea import csl-json my-library.json --into mine.json\n\n"
    "Every import is one atomic write; --dry-run shows what would change.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app)


IntoOption = Annotated[
    str,
    typer.Option(
        "--into",
        metavar="PATH",
        help="The catalogue to add them to; created (with the bundled people) if absent.",
        show_default=False,
    ),
]
DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="List what would be added, updated and skipped; write nothing."),
]
ConflictUpdateOption = Annotated[
    bool,
    typer.Option(
        "--update", help="Replace a value that differs from the catalogue's (a conflict)."
    ),
]


@import_app.command("frus")
def import_frus(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="SOURCE...",
            help="FRUS volumes: TEI files, or volume ids (frus1951v07p2) fetched from"
            " HistoryAtState/frus into the cache.",
            show_default=False,
        ),
    ],
    into: IntoOption,
    update: Annotated[
        bool,
        typer.Option("--update", help="Replace documents already in the catalogue."),
    ] = False,
    dry_run: DryRunOption = False,
    offline: Annotated[
        bool,
        typer.Option("--offline", help="Use only volumes already in the cache; never download."),
    ] = False,
) -> None:
    """Import FRUS volumes (Foreign Relations of the United States) into a catalogue.

    Each dated document becomes a catalogue document with its text, notes and
    printed pages; senders and recipients are linked to the catalogue's people
    where their name (or a title held that day) says who they are. Undated
    documents are skipped and counted. A re-import gives the same ids.

    Examples:
      korea import frus frus1951v07p2 --into korea-frus.json
      korea import frus volumes/frus1951v07p2.xml --into mine.json --dry-run
    """
    from armisticecli.importers.frus import import_frus as run_import
    from armisticecli.render import imports
    from armisticecli.render.progress import download_progress

    result = run_import(
        sources, into, update=update, dry_run=dry_run, offline=offline, progress=download_progress
    )
    imports.report(result, dry_run)


@import_app.command("wilson")
def import_wilson(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help="Digital Archive pages saved or copied as text: search results, or records.",
            show_default=False,
        ),
    ],
    into: IntoOption,
    update: ConflictUpdateOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Import Wilson Center Digital Archive pages, saved or copied as text.

    A search-results page gives each document's date, title and summary; a
    record page adds what its "Document Information" block or citation states
    (record id, source, archive, translator credit, type, language, URL) and
    the translation's text. A document the catalogue already holds (same record
    id, URL, or title and date) gains the fields it lacks; a value that differs
    is reported as a conflict and changed only with --update.

    Examples:
      korea import wilson results.txt --into mine.json
      korea import wilson record-114957.txt --into mine.json --dry-run
    """
    from armisticecli.importers.wilson import import_wilson as run_import
    from armisticecli.render import imports

    imports.report(run_import(files, into, update=update, dry_run=dry_run), dry_run)


ReferenceFiles = Annotated[
    list[str],
    typer.Argument(
        metavar="FILE...",
        help="Files exported by Zotero (or by korea export) in this format.",
        show_default=False,
    ),
]


def _import_references(fmt: str, files: list[str], into: str, update: bool, dry_run: bool) -> None:
    from armisticecli.importers.references import FORMATS, import_references
    from armisticecli.render import imports

    chosen = next(name for name in FORMATS if name == fmt)
    result = import_references(files, chosen, into, update=update, dry_run=dry_run)
    imports.report(result, dry_run)


@import_app.command("csl-json")
def import_csl_json(
    files: ReferenceFiles,
    into: IntoOption,
    update: ConflictUpdateOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Import a CSL-JSON file: Zotero's "CSL JSON" export, or korea export --format csl-json.

    Title, date (at its precision: "1951-06" stays a month), genre, archive,
    archive location, authors, recipients, translators, URL, language, abstract
    and note are read; names go through the name authority ("Filippov" is
    Stalin, the form kept as written), and a name no one answers to becomes an
    imported person. A document the catalogue holds (same record id, URL, or
    title and date) gains what it lacks; a differing value is a conflict.

    Examples:
      korea import csl-json my-library.json --into mine.json
      korea export --format csl-json > k.json && korea import csl-json k.json --into copy.json
    """
    _import_references("csl-json", files, into, update, dry_run)


@import_app.command("ris")
def import_ris(
    files: ReferenceFiles,
    into: IntoOption,
    update: ConflictUpdateOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Import a RIS file (Zotero, EndNote and most reference managers write it).

    Read as csl-json is (see korea import csl-json --help); RIS has no tag for a
    recipient.

    Examples:
      korea import ris exported-items.ris --into mine.json
    """
    _import_references("ris", files, into, update, dry_run)


@import_app.command("bibtex")
def import_bibtex(
    files: ReferenceFiles,
    into: IntoOption,
    update: ConflictUpdateOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Import a BibTeX or BibLaTeX file (Zotero's export, or korea export --format bibtex).

    Braces, quotes, # joins, @string macros and LaTeX escapes are read; a
    name braced whole ({Mao Zedong}) stays whole.

    Examples:
      korea import bibtex library.bib --into mine.json
    """
    _import_references("bibtex", files, into, update, dry_run)
