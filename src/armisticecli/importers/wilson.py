"""Read Wilson Center Digital Archive pages, copied or saved as text, into records.

The archive has no API and no bulk export: what a user has is a page in the
browser. Three shapes are read, each exactly as the archive shows it:

- **A search-results page** (the bundled catalogue came from one): "Results:",
  "1 - 7 of 7", "Documents", then for each document a date line ("August 1,
  1953"), a title line and a summary line.  The older site's results page
  ("Search in", then "• June 07, 1951", a title and a summary) is read too.
- **A record page of the current site**: the date, the title, the
  translation, the summary, then a "Document Information" block (Source,
  Original Archive, Rights, Original Uploaded Date, Type, Language, Record ID).
- **A record page of the older site** in its printable form: "Citation:" (or
  "get citation") with the archive's citation ("“Title,” Month D, YYYY,
  History and Public Policy Program Digital Archive, source. Credit. URL"),
  then "Summary:", "Credits:", "Original Language:" and "Contents:".

Titles, dates and summaries are kept verbatim, typographic quotes included;
a date keeps the page's precision ("1948", "August 1949", "June 07, 1951").
Only what the page states is kept: no record id is made from a URL and no URL
from a record id.  Two readings are made of stated text, and the README says so:
a source line naming an archive with no number in it ("Polish Foreign Ministry
Archive") is the document's archive, any other is its archival reference; and
the translators are the names a credit gives after "translated ... by".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from armisticecli.errors import CatalogueError

if TYPE_CHECKING:
    from armisticecli.importers.linking import Linker
    from armisticecli.importers.merge import ImportReport, Merge
    from armisticecli.model import Document

MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH = "|".join(MONTHS)
DATE_LINE = re.compile(
    rf"^(?:(?P<month>{_MONTH})\s+(?:(?P<day>\d{{1,2}}),\s+)?)?(?P<year>\d{{4}})$"
)
"""A results page's or record page's date: "August 1, 1953", "June 07, 1951",
"August 1949", "1948"."""
COUNT_LINE = re.compile(r"^(?:Results:\s*)?(\d[\d,]*)\s*[-–]\s*(\d[\d,]*)\s+of\s+(\d[\d,]*)$")
"""The current site's "1 - 7 of 7" above its results."""
BULLET = re.compile(r"^[•·▪◦*-]\s*")
"""The older site's list bullet before a result's date ("• June 07, 1951")."""
LABELS = (
    "Source",
    "Original Archive",
    "Rights",
    "Original Uploaded Date",
    "Type",
    "Language",
    "Record ID",
)
"""The labels of the current site's "Document Information" block."""
OLD_LABELS = {
    "citation": "citation",
    "get citation": "citation",
    "summary": "summary",
    "credits": "credits",
    "original language": "language",
    "contents": "contents",
}
"""The labels of the older site's printable record ("Citation:", ...), by their field."""
AUTHORS = "Author(s):"
SUPPORT = re.compile(r"^This document was made possible with support from .+$")
CITATION = re.compile(
    r"^[“\"](?P<title>.+?),?[”\"],?\s+(?P<date>(?:(?:" + _MONTH + r")\s+(?:\d{1,2},\s+)?)?\d{4}),"
    r"\s+(?:History and Public Policy Program Digital Archive|[^,]*Digital Archive),"
    r"\s*(?P<rest>.*)$"
)
_URL_AT_END = re.compile(r"\s*(?P<url>https?://\S+?)\.?$")
_CREDIT_START = re.compile(
    r"(?:^|(?<=[.;] ))(?:Obtained|Translated|Translation|Contributed|Donated|Provided|"
    r"Originally published|Published|Transcribed|Edited)\b"
)
_TRANSLATED_BY = re.compile(
    r"[Tt]ranslated(?:\s+(?:for|from|into)\s+[^.]*?)?\s+by\s+(?P<names>[^.;]+)"
)
_NAME_SEPARATORS = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_RECORD_ID = re.compile(r"^\d+$")
_URL = re.compile(r"^https?://\S+$")

Shape = Literal["results", "old results", "record", "old record"]
EXPECTED = (
    "expected a Digital Archive page copied as text: a search-results page "
    '("Results:", "1 - 7 of 7", then a date, a title and a summary line for each '
    'document) or a record page (with "Document Information" or "Citation:")'
)


@dataclass(frozen=True)
class Record:
    """One document as a Digital Archive page states it; None where the page is silent."""

    title: str
    date: str
    """ISO 8601 at the page's own precision: "1953-08-01", "1949-08", "1948"."""
    line: int
    """Where the document's entry begins in the file (for messages)."""
    summary: str | None = None
    record_id: str | None = None
    url: str | None = None
    reference: str | None = None
    """The archival reference ("APRF, Fond 45, Opis 1, Delo 336, List 5")."""
    archive: str | None = None
    """The archive the page names ("Polish Foreign Ministry Archive")."""
    credit: str | None = None
    """Who obtained or translated it, as the citation says."""
    translators: tuple[str, ...] = ()
    support: str | None = None
    """ "This document was made possible with support from Leon Levy Foundation"."""
    type: str | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Page:
    """A file read: its shape and the documents it lists or shows."""

    path: str
    shape: Shape
    records: tuple[Record, ...]


def read_page(path: str | Path) -> Page:
    """Read one page saved as text; CatalogueError (one line) when it is not one."""
    from armisticecli.files import read_utf8

    return parse_page(read_utf8(path, EXPECTED), str(path))


def parse_page(text: str, source: str = "<text>") -> Page:
    """Read the text of one page (see the module's docstring for the shapes)."""
    lines = _lines(text)
    if not lines:
        raise CatalogueError(f"{source}: empty: {EXPECTED}")
    if lines[0][1].lstrip().startswith("<"):
        html = any(tag in text[:2000].lower() for tag in ("<html", "<!doctype", "<div", "<body"))
        if html:
            raise CatalogueError(
                f"{source}: an HTML file: save the page as text (or copy it) instead; {EXPECTED}"
            )
    texts = [line for _, line in lines]
    if any(COUNT_LINE.match(line) for line in texts):
        return Page(source, "results", tuple(_results(lines, source)))
    if "Document Information" in texts:
        return Page(source, "record", (_record(lines, source),))
    if any(line.rstrip(":").lower() in {"citation", "get citation"} for line in texts) or any(
        line.startswith("Citation:") for line in texts
    ):
        return Page(source, "old record", (_old_record(lines, source),))
    if _old_results_start(lines) is not None:
        return Page(source, "old results", tuple(_old_results(lines, source)))
    raise CatalogueError(f"{source}: {EXPECTED}")


def _lines(text: str) -> list[tuple[int, str]]:
    """The non-blank lines, stripped (no-break spaces too), with their line numbers."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]


def iso_date(line: str) -> str | None:
    """A page's date line as ISO at its precision; None when the line is no date.

    Raises ValueError for a date that is not on the calendar ("February 30, 1952").
    """
    from armisticecli.dates import _build

    found = DATE_LINE.match(line)
    if found is None:
        return None
    month = MONTHS.index(found["month"]) + 1 if found["month"] else None
    day = int(found["day"]) if found["day"] else None
    return _build(int(found["year"]), month, day, line).iso()


def _date_at(line: int, text: str, source: str) -> str | None:
    try:
        return iso_date(text)
    except ValueError as exc:
        raise CatalogueError(f"{source}:{line}: {exc}") from None


# -- search results ------------------------------------------------------------------------


def _results(lines: list[tuple[int, str]], source: str) -> list[Record]:
    at = next(i for i, (_, line) in enumerate(lines) if COUNT_LINE.match(line))
    count_line, count_text = lines[at]
    found = COUNT_LINE.match(count_text)
    assert found is not None
    first, last = (int(found[k].replace(",", "")) for k in (1, 2))
    expected = last - first + 1
    rest = lines[at + 1 :]
    if rest and rest[0][1] == "Documents":
        rest = rest[1:]
    records = _entries(rest, source, expected)
    if len(records) != expected:
        raise CatalogueError(
            f"{source}:{count_line}: the page says {count_text!r} but lists {len(records)} "
            f"documents: each needs a date line, a title line and a summary line"
        )
    return records


def _entries(
    lines: list[tuple[int, str]], source: str, expected: int | None = None
) -> list[Record]:
    """Date, title and summary lines, in turn; a result without a summary has none."""
    records: list[Record] = []
    i = 0
    while i < len(lines) and (expected is None or len(records) < expected):
        line, text = lines[i]
        date = _date_at(line, text, source)
        if date is None:
            if expected is None or records:
                break  # the page's footer
            raise CatalogueError(
                f"{source}:{line}: expected a date line such as 'August 1, 1953', "
                f"found {_shown(text)}"
            )
        if i + 1 >= len(lines) or _is_date(lines[i + 1][1]):
            raise CatalogueError(f"{source}:{line}: a date line with no title after it")
        title = lines[i + 1][1]
        summary = None
        i += 2
        if i < len(lines) and not _is_date(lines[i][1]):
            summary = lines[i][1]
            i += 1
        records.append(Record(title=title, date=date, line=line, summary=summary))
    return records


def _is_date(text: str) -> bool:
    return DATE_LINE.match(text) is not None


def _old_results_start(lines: list[tuple[int, str]]) -> int | None:
    for i, (_, text) in enumerate(lines):
        bullet = BULLET.match(text)
        if bullet is None:
            continue
        rest = text[bullet.end() :]
        if _is_date(rest) or (not rest and i + 1 < len(lines) and _is_date(lines[i + 1][1])):
            return i
    return None


def _old_results(lines: list[tuple[int, str]], source: str) -> list[Record]:
    """The older site's list: a bullet and a date, a title, a summary, in turn."""
    start = _old_results_start(lines)
    assert start is not None
    unbulleted: list[tuple[int, str]] = []
    for line, text in lines[start:]:
        bullet = BULLET.match(text)
        rest = text[bullet.end() :] if bullet else text
        if rest:
            unbulleted.append((line, rest))
    return _entries(unbulleted, source)


# -- record pages --------------------------------------------------------------------------


def _heading(lines: list[tuple[int, str]], end: int, source: str) -> int:
    """The index of the page's date line: the first date line with a title after it."""
    for i in range(min(end, len(lines)) - 1):
        if _date_at(*lines[i], source) is not None and not _is_date(lines[i + 1][1]):
            return i
    raise CatalogueError(f"{source}: no date line with a title after it: {EXPECTED}")


def _record(lines: list[tuple[int, str]], source: str) -> Record:
    """A current-site record page: heading, text, summary, Author(s), Document Information."""
    info = next(i for i, (_, line) in enumerate(lines) if line == "Document Information")
    top = _heading(lines, info, source)
    line, date_text = lines[top]
    date = _date_at(line, date_text, source)
    assert date is not None
    title = lines[top + 1][1]
    body_start = top + 2
    support = None
    if body_start < info and SUPPORT.match(lines[body_start][1]):
        support = lines[body_start][1]
        body_start += 1
    authors_at = next((i for i in range(body_start, info) if lines[i][1] == AUTHORS), info)
    authors = tuple(text for _, text in lines[authors_at + 1 : info])
    summary = None
    body_end = authors_at
    if authors_at > body_start:
        summary = lines[authors_at - 1][1]
        body_end = authors_at - 1
    fields = _labelled(lines[info + 1 :], LABELS)
    reference, credit = _source_and_credit(" ".join(fields.get("Source", [])))
    archive = "; ".join(fields.get("Original Archive", [])) or None
    record_id = _first(fields.get("Record ID"))
    if record_id is not None and not _RECORD_ID.match(record_id):
        raise CatalogueError(f"{source}: Record ID {_shown(record_id)} is not a number")
    url = next((text for _, text in lines if _URL.match(text)), None)
    return Record(
        title=title,
        date=date,
        line=line,
        summary=summary,
        record_id=record_id,
        url=url,
        reference=reference,
        archive=archive,
        credit=credit,
        translators=translators(credit),
        support=support,
        type=_first(fields.get("Type")),
        language=", ".join(fields.get("Language", [])) or None,
        authors=authors,
        text=_paragraphs(lines[body_start:body_end]),
    )


def _old_record(lines: list[tuple[int, str]], source: str) -> Record:
    """The older site's printable record: "Citation:", "Summary:", "Credits:", ..."""
    fields: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for line, text in lines:
        label, _, after = text.partition(":")
        key = OLD_LABELS.get(text.rstrip(":").strip().lower()) or (
            OLD_LABELS.get(label.strip().lower()) if ":" in text else None
        )
        if key is not None and key not in fields:
            current = key
            fields[key] = []
            value = after.strip() if text.rstrip(":").strip().lower() not in OLD_LABELS else ""
            if value:
                fields[key].append((line, value))
        elif current is not None:
            fields[current].append((line, text))
    citation_lines = fields.get("citation", [])
    if not citation_lines:
        raise CatalogueError(f"{source}: a 'Citation:' label with no citation after it")
    line, citation = citation_lines[0]
    found = CITATION.match(citation)
    if found is None:
        raise CatalogueError(
            f"{source}:{line}: expected the archive's citation "
            "(“Title,” Month D, YYYY, History and Public Policy Program Digital Archive, "
            f"source. Credit. URL), found {_shown(citation)}"
        )
    date = _date_at(line, found["date"], source)
    assert date is not None
    rest = found["rest"].strip()
    url = None
    at_end = _URL_AT_END.search(rest)
    if at_end is not None:
        url = at_end["url"]
        rest = rest[: at_end.start()].strip()
    reference, credit = _source_and_credit(rest)
    archive = None
    if reference is not None and not any(ch.isdigit() for ch in reference):
        archive, reference = reference.rstrip("."), None
    credits = " ".join(text for _, text in fields.get("credits", []))
    support = credits if SUPPORT.match(credits.rstrip(".")) else None
    summary = " ".join(text for _, text in fields.get("summary", [])) or None
    return Record(
        title=found["title"].strip(),
        date=date,
        line=line,
        summary=summary,
        url=url,
        reference=reference,
        archive=archive,
        credit=credit,
        translators=translators(credit),
        support=support,
        language=", ".join(text for _, text in fields.get("language", [])) or None,
        text=_paragraphs(fields.get("contents", [])),
    )


def _labelled(lines: list[tuple[int, str]], labels: tuple[str, ...]) -> dict[str, list[str]]:
    """The values under each label, until the next label (a label may have none)."""
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for _, text in lines:
        if text in labels:
            current = text
            fields.setdefault(current, [])
        elif current is not None:
            fields[current].append(text)
    return fields


def _source_and_credit(text: str) -> tuple[str | None, str | None]:
    """A source line split where its credit begins ("... Translated for NKIDP by ...")."""
    text = text.strip()
    if not text:
        return None, None
    found = _CREDIT_START.search(text)
    if found is None:
        return text, None
    source = text[: found.start()].strip() or None
    return source, text[found.start() :].strip() or None


def translators(credit: str | None) -> tuple[str, ...]:
    """The names a credit gives after "translated ... by" ("Maya Latynski")."""
    if not credit:
        return ()
    names: list[str] = []
    for found in _TRANSLATED_BY.finditer(credit):
        for name in _NAME_SEPARATORS.split(found["names"].strip()):
            name = name.strip()
            if name and name not in names:
                names.append(name)
    return tuple(names)


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _paragraphs(lines: list[tuple[int, str]]) -> str:
    """Lines of text as the page gives them: a line break where the page has one, a
    blank line between paragraphs (one, however many the copy has)."""
    parts: list[str] = []
    previous: int | None = None
    for line, text in lines:
        if previous is not None:
            parts.append("\n" if line == previous + 1 else "\n\n")
        parts.append(text)
        previous = line
    return "".join(parts)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


# -- into a catalogue ----------------------------------------------------------------------

SHAPES: dict[Shape, str] = {
    "results": "a search-results page",
    "old results": "a search-results page of the older site",
    "record": "a record page",
    "old record": "a record page of the older site",
}
STOP_WORDS = frozenset({"a", "an", "the", "of", "to", "from", "and", "in", "on", "for", "by"})


def import_wilson(
    sources: Sequence[str | Path],
    into: str | Path,
    *,
    update: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import Digital Archive pages saved as text into the catalogue ``into``.

    Every file is read before anything is merged: one that is not a page of a
    known shape stops the import with one line, and nothing is written.  A
    document the catalogue holds already (same record id, URL, or title and
    date) gains the fields it lacks; a value that differs is a conflict,
    reported, and replaced only with ``update``.
    """
    from armisticecli.importers.merge import import_matched

    def read() -> list[tuple[str, str, tuple[Record, ...]]]:
        pages = [read_page(source) for source in sources]
        return [(page.path, SHAPES[page.shape], page.records) for page in pages]

    return import_matched(read, document_of, into, update=update, dry_run=dry_run)


def document_of(record: Record, linker: Linker, page: str, merge: Merge | None = None) -> Document:
    """A page's record as a catalogue document: only what the page states."""
    from armisticecli.model import Document, Source

    source = Source(
        archive=record.archive,
        reference=record.reference,
        credit=record.credit,
        translators=record.translators,
        url=record.url,
    )
    return Document(
        id=document_id(record),
        record_id=record.record_id,
        date=record.date,
        type=record.type or "",
        title=record.title,
        summary=record.summary or "",
        from_=tuple(
            linker.named(name, record.date, new_from=page, url=record.url)
            for name in record.authors
        ),
        source=source if source != Source() else None,
        language=record.language,
        notes=(record.support,) if record.support else (),
        text=record.text,
    )


def document_id(record: Record) -> str:
    """``da-114957`` for a record id; else the date and the title's first words
    (``1953-08-01-note-embassy-polish-republic``): the same page gives the same ids."""
    from armisticecli.text import words

    if record.record_id:
        return f"da-{record.record_id}"
    kept = [word for word in words(record.title) if word not in STOP_WORDS][:4]
    return "-".join([record.date, *kept])
