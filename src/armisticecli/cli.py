"""The ``korea`` command line: parse options, call the library, pick a renderer.

No search, date or name logic lives here.  Errors from the library are
``KoreaError`` subclasses; :class:`KoreaGroup` turns them, Typer's usage
errors, Ctrl-C and closed pipes into one stderr line and a named exit code.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer
from typer._click.core import Context as ClickContext
from typer.core import TyperGroup

from armisticecli import __version__
from armisticecli.errors import AmbiguousError, ExitCode, KoreaError, NotFoundError
from armisticecli.render import choose_format
from armisticecli.text import clean

# The library is imported inside the commands that use it: `korea list --json`
# should pay only for what it runs (see benchmarks/ and the README's figures).
if TYPE_CHECKING:
    from armisticecli.catalogue import Catalogue
    from armisticecli.dates import PartialDate
    from armisticecli.filters import DocumentFilter
    from armisticecli.model import Document


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"korea: {clean(message)}\n")
    sys.stderr.flush()
    sys.exit(code)


def _quiet_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so the final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class KoreaGroup(TyperGroup):
    """Runs a command and maps every way it can end to one line and an exit code."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        # Typer vendors click from 0.28 on; its exceptions live in typer._click.
        from typer._click import exceptions as click_exceptions

        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            sys.stdout.flush()
        except AmbiguousError as exc:
            sys.stderr.write(f"korea: {clean(exc.message)}\n")
            sys.stderr.writelines(f"  {line}\n" for line in exc.candidates)
            sys.exit(exc.exit_code)
        except KoreaError as exc:
            _fail(exc.message, exc.exit_code)
        except click_exceptions.NoArgsIsHelpError as exc:
            # `korea` alone: the help is the answer (rich has printed it already).
            if exc.message.strip():
                sys.stderr.write(exc.message.rstrip("\n") + "\n")
            sys.exit(ExitCode.USAGE)
        except click_exceptions.UsageError as exc:
            _fail(_usage_message(exc), ExitCode.USAGE)
        except click_exceptions.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            sys.stderr.write("\n")
            sys.exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(ExitCode.OK)
        except OSError as exc:
            _fail(f"cannot write output: {exc.strerror or exc}", ExitCode.USAGE)
        except Exception as exc:  # the last resort: a bug, reported in one line
            if os.environ.get("KOREA_DEBUG"):
                raise
            _fail(
                f"internal error ({type(exc).__name__}: {exc}); please report it, "
                "with KOREA_DEBUG=1 for a traceback",
                ExitCode.INTERNAL,
            )
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else ExitCode.OK)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: ClickContext | None = None,
        **extra: Any,
    ) -> ClickContext:
        # --help, --version and `korea` alone print while the context is made:
        # a closed pipe there (`korea --help | head -1`) is not an error either.
        with _closed_pipe_is_success():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: ClickContext) -> Any:
        # A reader that stops early (`korea list | head -n 1`) is not an error:
        # handled here, before Typer's own handler turns it into exit 1.
        with _closed_pipe_is_success():
            result = super().invoke(ctx)
            sys.stdout.flush()
        return result


@contextmanager
def _closed_pipe_is_success() -> Iterator[None]:
    """Turn a closed stdout into exit 0: a reader that stopped early got what it wanted.

    It shows up as BrokenPipeError, or as SystemExit(1) from rich, which draws
    Typer's help (Console.on_broken_pipe); korea itself never exits that way.
    """
    try:
        yield
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(ExitCode.OK) from None
    except SystemExit as exc:
        if exc.code != 1:
            raise
        _quiet_stdout()
        raise typer.Exit(ExitCode.OK) from None


def _usage_message(exc: Any) -> str:
    message = str(exc.format_message())
    command = exc.ctx.command_path if exc.ctx is not None else "korea"
    return f"{message} (see `{command} --help`)"


app = typer.Typer(
    cls=KoreaGroup,
    name="korea",
    help="An offline catalogue of archival documents on the Korean War (1950-1953).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


# Shared options, defined once and reused by every command.
CatalogueOpt = Annotated[
    str | None,
    typer.Option(
        "--catalogue",
        "--catalog",
        envvar="KOREA_CATALOGUE",
        show_envvar=True,
        metavar="PATH",
        help="Catalogue file to read instead of the bundled one.",
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Keep documents on or after the start of DATE (1951, 1951-06, 8 Feb 1952).",
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
        help="Keep documents of this type (telegram also matches ciphered telegram); repeatable.",
    ),
]


def _completion_catalogue(ctx: typer.Context) -> Catalogue | None:
    try:
        return _open(ctx.params.get("catalogue"))
    except KoreaError:
        return None


def _complete_documents(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Document ids for shell completion, with titles as help."""
    opened = _completion_catalogue(ctx)
    if opened is None:
        return []
    return [
        (doc.id, clean(doc.title)[:60]) for doc in opened.documents if doc.id.startswith(incomplete)
    ][:200]


def _complete_people(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Person names and ids for shell completion."""
    opened = _completion_catalogue(ctx)
    if opened is None:
        return []
    folded = incomplete.casefold()
    found = []
    for person in opened.people:
        forms = (person.name, *(a.name for a in person.aliases), person.id)
        exact = [f for f in forms if f.startswith(incomplete)]
        loose = [f for f in forms if f.casefold().startswith(folded)]
        if exact or loose:
            found.append(((exact or loose)[0], clean(person.name)))
    return found[:200]


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
LimitOpt = Annotated[
    int | None, typer.Option("--limit", "-n", min=1, metavar="N", help="Show at most N.")
]
# Fixed sets of option values are Literal types, which Typer turns into choices:
# four Enum classes cost a millisecond of start-up.
OutputFormat = Literal["table", "tsv", "json", "jsonl", "csv"]
TimelineFormat = Literal["table", "tsv", "json", "jsonl", "csv", "mermaid"]
CiteStyle = Literal["chicago", "bibtex", "csl-json", "ris"]
ExportFormat = Literal["csl-json", "bibtex", "ris", "csv", "jsonl", "json"]

FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format. Default: table at a terminal, tsv in a pipe.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Index the catalogue in memory; do not read or write the on-disk search index.",
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
) -> None:
    """An offline catalogue of archival documents on the Korean War (1950-1953).

    Try: korea list, korea show cipher-3410, korea list --since 1951 --json | jq .
    """


def _open(path: str | None) -> Catalogue:
    from armisticecli.catalogue import load

    return load(path)


def _date(option: str, text: str | None) -> PartialDate | None:
    if text is None:
        return None
    from armisticecli.dates import parse_user_date

    try:
        return parse_user_date(text)
    except KoreaError as exc:
        raise type(exc)(f"{option}: {exc.message}") from None


def _dates(since: str | None, until: str | None) -> tuple[PartialDate | None, PartialDate | None]:
    """--since and --until, read before any file is opened: a bad date is exit 2, not 3."""
    return _date("--since", since), _date("--until", until)


def _filter(
    opened: Catalogue,
    dates: tuple[PartialDate | None, PartialDate | None],
    types: list[str] | None,
    people: list[str] | None = None,
    places: list[str] | None = None,
) -> DocumentFilter:
    """The shared filters, with --person names resolved through the authority file."""
    from armisticecli.filters import DocumentFilter

    resolved = []
    if people:
        from armisticecli.names import AuthorityIndex, resolve_person

        index = AuthorityIndex(opened.people)
        resolved = [resolve_person(index, name) for name in people]
    return DocumentFilter(
        since=dates[0],
        until=dates[1],
        types=types or (),
        people=resolved,
        places=places or (),
    )


def _searchable(path: str | None, no_cache: bool) -> tuple[Any, Catalogue]:
    """What to search: the on-disk index of a large catalogue, else the catalogue itself."""
    from armisticecli.catalogue import active_path

    file = active_path(path)
    if not no_cache:
        from armisticecli.cache import wants_cache

        if wants_cache(file):
            from armisticecli.cache import IndexUnwritable, open_store
            from armisticecli.render.progress import build_progress

            try:
                with build_progress() as progress:
                    store = open_store(file, progress)
                return store, store.catalogue
            except IndexUnwritable as exc:
                # Slower, not wrong: a read-only or full cache folder must not stop a search.
                sys.stderr.write(
                    f"korea: cannot write the search index ({clean(str(exc))}); "
                    "searching without it (KOREA_CACHE_DIR sets another folder)\n"
                )
                if exc.catalogue is not None:
                    return exc.catalogue, exc.catalogue
    opened = _open(path)
    return opened, opened


TABLE_HITS = 25
"""Search hits in a table when no --limit is given."""


def _format(format_: str | None, json_: bool) -> str:
    return choose_format(format_.lower() if format_ else None, json_, sys.stdout.isatty())


@app.command("list")
def list_(
    since: SinceOpt = None,
    until: UntilOpt = None,
    type_: TypeOpt = None,
    person: PersonOpt = None,
    place: PlaceOpt = None,
    sort: Annotated[
        str, typer.Option("--sort", metavar="KEY", help="Order by date or title.")
    ] = "date",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: LimitOpt = None,
    format_: FormatOpt = None,
    json_: JsonOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """List documents, oldest first.

    Example: korea list --since 1951 --person Filippov --json | jq -r '.[].title'
    """
    fmt = _format(format_, json_)
    if sort not in ("date", "title"):
        from armisticecli.errors import UsageError

        raise UsageError(f"--sort: choose date or title, not {clean(sort)[:40]!r}")
    dates = _dates(since, until)
    opened = _open(catalogue)
    where = _filter(opened, dates, type_, person, place)
    from armisticecli.filters import list_documents

    listed = list_documents(opened.documents, where, sort, reverse, limit)
    from armisticecli.render import views

    views.emit(fmt, listed, views.documents(opened))
    if not listed:
        raise NotFoundError("no documents match")


@app.command()
def show(
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="A document id, an archive record id, or words of its title.",
            autocompletion=_complete_documents,
        ),
    ],
    format_: FormatOpt = None,
    json_: JsonOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """Show one document in full.

    Example: korea show cipher-3410, korea show 114956, korea show "ciphered telegram 3410"
    """
    fmt = _format(format_, json_)
    opened = _open(catalogue)
    from armisticecli.catalogue import find_document

    doc = find_document(opened, ref)
    if fmt == "json":  # one object, not an array of one
        from armisticecli.render import data

        data.write_json(sys.stdout.buffer, doc, pretty=sys.stdout.isatty())
    else:
        from armisticecli.render import views

        if fmt == "tsv":
            views.write_details(opened, doc)
        else:
            views.emit(fmt, [doc], views.document(opened))


@app.command()
def search(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help='Words, "quoted phrases" and names in any form (Filippov, Chou En-lai);'
            " quotes around the whole query are optional.",
            show_default=False,
        ),
    ],
    since: SinceOpt = None,
    until: UntilOpt = None,
    type_: TypeOpt = None,
    person: PersonOpt = None,
    place: PlaceOpt = None,
    limit: LimitOpt = None,
    format_: FormatOpt = None,
    json_: JsonOpt = False,
    no_cache: NoCacheOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """Search titles, summaries, people, places and types; best match first.

    Each hit has a score (0-100) and the reasons it matched.

    Example: korea search "Chou En-lai" --since 1951 --json | jq -r '.[] | "\\(.score) \\(.id)"'
    """
    query = " ".join(words)
    fmt = _format(format_, json_)
    dates = _dates(since, until)
    source, opened = _searchable(catalogue, no_cache)
    where = _filter(opened, dates, type_, person, place)
    from armisticecli.render import views
    from armisticecli.search import iter_search

    keep = None if where.is_empty() else where.predicate()
    if fmt == "table" and limit is None and sys.stdout.isatty():
        # A screen shows the best screenful, not a million rows; a pipe or --limit gets more.
        best = list(iter_search(source, query, keep, TABLE_HITS + 1))
        written = views.emit(fmt, best[:TABLE_HITS], views.hits(opened, len(best) > TABLE_HITS))
    else:
        written = views.emit(fmt, iter_search(source, query, keep, limit), views.hits(opened))
    if not written:
        raise NotFoundError(f"no documents match {clean(query)[:80]!r}")


@app.command()
def people(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="A name in any form: pseudonym, transliteration, native script, title.",
            autocompletion=_complete_people,
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="Resolve a title as held on DATE."),
    ] = None,
    format_: FormatOpt = None,
    json_: JsonOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """List the people of the authority file, or find one by any form of their name.

    Example: korea people Filippov; korea people "Soviet Premier" --on 1953-07-03
    """
    fmt = _format(format_, json_)
    when = _date("--on", on)
    opened = _open(catalogue)
    from armisticecli.render import data, views

    if name is None:
        views.emit(fmt, opened.people, views.people(opened))
        return
    from armisticecli.names import AuthorityIndex

    index = AuthorityIndex(opened.people)
    resolution = index.resolve(name, when)
    if not resolution.matches:
        near = index.suggestions(name)
        hint = f"; nearest: {', '.join(near)}" if near else ""
        raise NotFoundError(f"no person matches {clean(name.strip())[:80]!r}{hint}")

    def shown(match: Any) -> list[Document]:
        docs = data.documents_of(opened, match.person_id)
        if match.step == "role" and when is None:
            docs = [d for d in docs if match.held_on(d.date)]
        return docs

    views.emit(fmt, resolution.matches, views.matches(opened, shown))


@app.command()
def timeline(
    by: Annotated[
        str, typer.Option("--by", metavar="year|month", help="Group entries by year or month.")
    ] = "year",
    events: Annotated[
        bool, typer.Option("--events", help="Add the war's dated context events, marked ◆.")
    ] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    type_: TypeOpt = None,
    person: PersonOpt = None,
    format_: Annotated[
        TimelineFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="Output format; mermaid draws a Mermaid timeline for Markdown.",
        ),
    ] = None,
    json_: JsonOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """The documents in date order, grouped by year or month, with the gaps between them.

    Example: korea timeline --events --by month; korea timeline --format mermaid > war.mmd
    """
    fmt = _format(format_, json_)
    from armisticecli import timeline as timeline_

    if by not in timeline_.GROUPINGS:
        from armisticecli.errors import UsageError

        raise UsageError(f"--by: choose year or month, not {clean(by)[:40]!r}")
    dates = _dates(since, until)
    opened = _open(catalogue)
    where = _filter(opened, dates, type_, person)
    documents = where.apply(opened.documents)
    from armisticecli.filters import DocumentFilter

    dates_only = DocumentFilter(since=where.since, until=where.until).predicate()
    entries = timeline_.build(
        documents,
        opened.events if events else (),
        keep_event=lambda e: dates_only(_as_dated(e)),
    )
    if fmt == "mermaid":
        from armisticecli.render import timeline as draw

        sys.stdout.write(draw.mermaid(opened, timeline_.group(entries, by)))
    else:
        from armisticecli.render import views

        views.emit(fmt, entries, views.timeline(opened, by))
    if not documents:
        raise NotFoundError("no documents match")


def _as_dated(event: Any) -> Document:
    """An event in the shape the date filter reads (only its date matters)."""
    from armisticecli.model import Document

    return Document(id=event.id, date=event.date, type="event", title=event.title)


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
        typer.Option("--style", "-s", case_sensitive=False, help="Citation style."),
    ] = "chicago",
    catalogue: CatalogueOpt = None,
) -> None:
    """Cite documents: Chicago (the archive's layout), BibTeX, CSL-JSON or RIS.

    Example: korea cite cipher-3410; korea cite 114956 --style bibtex >> refs.bib
    """
    opened = _open(catalogue)
    from armisticecli.catalogue import find_document

    documents = [find_document(opened, ref) for ref in refs]
    from armisticecli.render import cite as cite_

    sys.stdout.write(cite_.render(style.lower(), opened, documents))


@app.command()
def export(
    query: Annotated[
        list[str] | None,
        typer.Argument(metavar="[QUERY]...", help="Optional search words to select documents."),
    ] = None,
    format_: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="What to write."),
    ] = "csl-json",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    type_: TypeOpt = None,
    person: PersonOpt = None,
    place: PlaceOpt = None,
    catalogue: CatalogueOpt = None,
) -> None:
    """Export every matching document in one file, for Zotero, pandoc or LaTeX.

    Example: korea export --person Filippov --format bibtex -o stalin.bib
    """
    dates = _dates(since, until)
    opened = _open(catalogue)
    where = _filter(opened, dates, type_, person, place)
    words = " ".join(query or [])
    if words.strip():
        from armisticecli.search import search_documents

        chosen = [hit.document for hit in search_documents(opened, words, where.predicate())]
    else:
        chosen = where.apply(opened.documents)
    from armisticecli.filters import sort_documents

    documents = sort_documents(chosen)
    if not documents and output is not None:
        raise NotFoundError(f"no documents match; {clean(output)} was left as it was")
    text = _export_text(format_.lower(), opened, documents)
    if output is None:
        sys.stdout.write(text)
    else:
        _write_file(output, text)
    if not documents:
        raise NotFoundError("no documents match")


def _export_text(fmt: str, opened: Catalogue, documents: list[Document]) -> str:
    import io

    from armisticecli.render import cite as cite_
    from armisticecli.render import data

    if fmt in cite_.STYLES:
        return cite_.render(fmt, opened, documents)
    if fmt == "json":
        return data.json_text(documents)
    buffer = io.BytesIO() if fmt == "jsonl" else None
    if buffer is not None:
        data.write_jsonl(buffer, documents)
        return buffer.getvalue().decode("utf-8")
    text = io.StringIO()
    data.write_csv(text, (data.document_row(opened, d) for d in documents))
    return text.getvalue()


def _write_file(path: str, text: str) -> None:
    """Write ``text`` to ``path``: atomically for a regular file, straight through otherwise.

    A regular file is written beside itself and renamed into place, keeping
    the old file's mode (or the umask's default); a symlink is followed, and
    a device or pipe (/dev/stdout, /dev/full, a FIFO) is written directly.
    """
    import stat
    import tempfile
    from pathlib import Path

    from armisticecli.errors import UsageError

    target = Path(path)
    try:
        existing = target.stat() if target.exists() else None  # follows symlinks
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            # Opened by the name given: /dev/stdout in a pipe resolves to no real path.
            with target.open("w", encoding="utf-8") as stream:
                stream.write(text)
            return
        resolved = target.resolve()
        if existing is not None:
            mode = stat.S_IMODE(existing.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, removed on failure)
            "w", encoding="utf-8", dir=resolved.parent, delete=False, suffix=".part"
        )
        try:
            with handle:
                handle.write(text)
            os.chmod(handle.name, mode)
            Path(handle.name).replace(resolved)
        except BaseException:  # a full disk, Ctrl-C: no half-written .part is left behind
            Path(handle.name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"cannot write {clean(path)}: {exc.strerror or exc}") from None


@app.command()
def validate(
    path: Annotated[
        str | None,
        typer.Argument(metavar="[PATH]", help="Catalogue to check (default: the active one)."),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="text|json", help="json: an array of problems."),
    ] = None,
    json_: JsonOpt = False,
    catalogue: CatalogueOpt = None,
) -> None:
    """Check a catalogue against the schema and for duplicate ids, impossible dates, unknown people.

    Lists every problem with its JSON path and the bad value; exit 0 when valid, 3 when not.

    Example: korea validate my-catalogue.json; korea validate --json mine.json | jq length
    """
    from armisticecli.catalogue import check
    from armisticecli.errors import CatalogueError, UsageError

    if format_ not in (None, "text", "json"):
        raise UsageError(f"--format: choose text or json, not {clean(format_)[:40]!r}")
    file, found = check(path if path is not None else catalogue)
    as_json = json_ or format_ == "json"
    if as_json:
        from armisticecli.render import data

        records = [{"path": p.path, "message": p.message, "value": p.value} for p in found]
        data.write_json(sys.stdout.buffer, records, sys.stdout.isatty())
    else:
        for problem in found:
            sys.stdout.write(f"{clean(str(file))}: {clean(str(problem))}\n")
    if found:
        raise CatalogueError(f"{clean(str(file))}: {len(found)} problem(s)")
    if not as_json:
        sys.stderr.write(f"korea: {clean(str(file))}: valid\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the catalogue format.

    Example: korea schema > catalogue.schema.json
    """
    from armisticecli.schema import shipped

    sys.stdout.write(shipped())


def main() -> NoReturn:
    """Entry point of the ``korea`` console script: run, then exit at once."""
    # A closed stream (`korea list >&-`, `2>&-`) is None in Python: errors then go
    # nowhere but still set the exit code, and output that cannot be written is exit 2.
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (open until os._exit)
    if sys.stdout is None:  # `export -o FILE` still works; any write to stdout is exit 2
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8")
    _exit_now(run(sys.argv[1:]))


class _ClosedOutput(io.RawIOBase):
    """Standard output when its descriptor is closed: every write fails, as it would."""

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def run(args: Sequence[str]) -> int:
    """Run korea with ``args`` (without the program name); return its exit code."""
    try:
        _app_for(args)(args=list(args))
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or ExitCode.OK
        raise
    return ExitCode.OK


def _exit_now(code: int) -> NoReturn:
    """Exit without tearing the interpreter down, as mypy does.

    Python's shutdown frees every object one by one: about 10 ms of a 70 ms
    `korea list --json`, and 0.3 s after listing 100,000 documents.  Nothing
    is lost by skipping it: KoreaGroup has flushed stdout and reported any
    error, files are closed by their ``with`` blocks, and korea registers no
    exit handlers (a test checks that every command leaves none).
    """
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        # KoreaGroup has reported a failed write already; output lost unreported is no success.
        code = code or ExitCode.USAGE
    os._exit(code)


def _app_for(args: Sequence[str]) -> typer.Typer:
    """The app, cut down to the one command being run.

    Typer inspects every command's signature to build the click group, which
    costs more than running `korea list --json`. When the first argument names
    a command (and no shell completion is asking), only that command is built.
    Help, completion and unknown commands get the whole app.
    """
    if not args or any(key.endswith("_COMPLETE") for key in os.environ):
        return app
    name = args[0]
    chosen = [info for info in app.registered_commands if _command_name(info) == name]
    if not chosen:
        return app
    single = typer.Typer(
        cls=KoreaGroup,
        name="korea",
        help=app.info.help,
        add_completion=False,  # completion runs through the whole app (see above)
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    single.registered_callback = app.registered_callback
    single.registered_commands = chosen
    return single


def _command_name(info: Any) -> str:
    if info.name:
        return str(info.name)
    return str(info.callback.__name__).strip("_").replace("_", "-")
