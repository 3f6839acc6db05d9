"""Reference files into records: CSL-JSON, RIS and BibTeX, as Zotero exports them and as
``korea export`` writes them.

:func:`read_references` reads a file into :class:`Reference` records holding
only what the file states; :func:`import_references` merges them into a
catalogue (matched by record id, URL, or title and date, as a Digital Archive
page is).  Dates keep the file's precision: an item issued "1951-06" stays a
month.  Names are kept as written, in reading order ("Glennon, John P." is
"John P. Glennon"; a name braced whole in BibTeX, "{Mao Zedong}", stays whole).

What each format keeps of a catalogue document, written by ``korea export``
and read back here (a property test holds it):

| field | CSL-JSON | RIS | BibTeX |
|---|---|---|---|
| title | yes | yes | yes (LaTeX: ’ “ ” read back as ' `` '') |
| date, at its precision | yes | yes | yes |
| type (genre) | yes, first letter capitalised | yes, likewise | yes, likewise |
| senders (author) | yes, by name | yes, by name | yes, by name |
| recipients | yes, by name | no (RIS has no tag) | yes, by name |
| translators | yes | yes | yes |
| archive | yes | yes | yes |
| archival reference | yes | yes | yes |
| credit | yes (note) | yes (note) | yes |
| URL | yes | yes | yes |
| language | yes | no | no |
| summary | yes (abstract) | yes (AB) | yes (abstract) |
| record id | yes (note) | yes (note) | yes (note) |
| korea's id | yes (note) | yes (note) | no (the key is the citation key) |
| people named, places, text, footnotes, relations | no | no | no |
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from armisticecli.errors import CatalogueError

if TYPE_CHECKING:
    from armisticecli.importers.linking import Linker
    from armisticecli.importers.merge import ImportReport, Merge
    from armisticecli.model import Document

Format = Literal["csl-json", "ris", "bibtex"]
FORMATS: tuple[Format, ...] = ("csl-json", "ris", "bibtex")
KINDS: dict[Format, str] = {
    "csl-json": "a CSL-JSON file",
    "ris": "a RIS file",
    "bibtex": "a BibTeX file",
}


@dataclass(frozen=True)
class Reference:
    """One item of a reference file, holding only what the file states."""

    line: int
    """Where the item begins in the file (for messages)."""
    title: str | None = None
    date: str | None = None
    """ISO 8601 at the file's precision: "1951", "1951-06", "1951-06-05"."""
    date_end: str | None = None
    kind: str = ""
    """The file's own item type: "manuscript", "MANSCPT", "misc", "chapter"..."""
    key: str | None = None
    """The item's id (CSL), ID (RIS) or citation key (BibTeX)."""
    genre: str | None = None
    authors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    translators: tuple[str, ...] = ()
    archive: str | None = None
    archive_location: str | None = None
    repository: str | None = None
    url: str | None = None
    language: str | None = None
    abstract: str | None = None
    note: str | None = None
    """What the note says besides the lines korea writes and reads back here."""
    record_id: str | None = None
    credit: str | None = None
    korea_id: str | None = None
    container_title: str | None = None
    number: str | None = None
    pages: str | None = None
    problem: str | None = None
    """Why the item cannot be a catalogue document (no title, no readable date)."""
    family_first: tuple[tuple[str, str], ...] = ()
    """Names the file gave in parts, in reading order and family name first ("Zedong Mao",
    "Mao Zedong"): Zotero users enter Chinese and Korean names either way."""


def read_references(path: str | Path, fmt: Format) -> list[Reference]:
    """The items of a reference file; CatalogueError (one line) when it is not one."""
    from armisticecli.files import read_utf8

    return parse_references(read_utf8(path), fmt, str(path))


def parse_references(text: str, fmt: Format, source: str = "<text>") -> list[Reference]:
    text = text.removeprefix("\ufeff")
    if fmt == "csl-json":
        return _csl(text, source)
    if fmt == "ris":
        return _ris(text, source)
    return _bibtex(text, source)


# -- dates ---------------------------------------------------------------------------------


def _iso(year: object, month: object = None, day: object = None) -> str:
    """A date from its parts at their precision; ValueError when not on the calendar."""
    from armisticecli.dates import _build

    def number(value: object) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise ValueError(f"not a date part: {value!r}")
        return int(str(value).strip())

    y, m, d = number(year), number(month), number(day)
    if y is None:
        raise ValueError("no year")
    if m is None and d is not None:
        raise ValueError("a day with no month")
    return _build(y, m, d).iso()


def _free_date(text: str) -> str:
    """A date written out ("June 1951", "1951-06", "8 Feb 1952"), at its precision."""
    from armisticecli.dates import parse_user_date

    when = parse_user_date(text.strip())
    if when.decade:
        raise ValueError(f"a decade is not a date: {text!r}")
    return when.iso()


# -- notes korea writes --------------------------------------------------------------------

_OWN_LINES = (
    (re.compile(r"^Record ID:? (?P<value>\S+?)\.?$"), "record_id"),
    (re.compile(r"^Credit: (?P<value>.+)$"), "credit"),
    (re.compile(r"^korea id: (?P<value>\S+)$"), "korea_id"),
    (re.compile(r"^Source note: (?P<value>.+?)\.?$"), "source_note"),
)
_DERIVED = re.compile(
    r"^(?:Not verified: .*|Dated .*|(?:Sender|Recipient) .* by inference(?: \(.*\))?\.|"
    r"Document \S+\.)$"
)
"""Note lines korea writes that say nothing of their own: what is not verified (worked out
again), a printed document's date and number (read from their own fields), and our
inferences (the authority makes them again)."""
_BIBTEX_SENTENCES = re.compile(
    r"Record ID \S+?\.(?=\s|$)|Not verified: [^.]*\.|(?:Sender|Recipient) .*? by inference"
    r"(?: \([^)]*\))?\.|Dated [^.]*?\d{4}\.|Source note: .*?\.(?=\s|$)"
)


def _notes(lines: Sequence[str]) -> dict[str, str]:
    """The values korea's own note lines hold, and the rest of the note as ``note``."""
    found: dict[str, str] = {}
    rest: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        for pattern, name in _OWN_LINES:
            match = pattern.match(line)
            if match is not None and name not in found:
                found[name] = match["value"]
                break
        else:
            if not _DERIVED.match(line):
                rest.append(line)
    if rest:
        found["note"] = "\n".join(rest)
    return found


# -- CSL-JSON ------------------------------------------------------------------------------


def _csl(text: str, source: str) -> list[Reference]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            f"{source}:{exc.lineno}: not CSL-JSON: {exc.msg} (expected a JSON array of items)"
        ) from None
    if isinstance(data, dict) and "items" in data:
        data = data["items"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise CatalogueError(f"{source}: not CSL-JSON: expected a JSON array of items")
    lines = _item_lines(text)
    return [_csl_item(item, next(lines, 1), source, i) for i, item in enumerate(data)]


def _item_lines(text: str) -> Iterator[int]:
    """The line of each item's opening brace at the array's first level (for messages)."""
    depth = 0
    in_string = escaped = False
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            escaped = not escaped and char == "\\"
            if char == '"' and not escaped:
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if char == "{" and depth == 2:
                yield line
        elif char in "]}":
            depth -= 1


def _csl_item(item: Any, line: int, source: str, index: int) -> Reference:
    if not isinstance(item, dict):
        raise CatalogueError(f"{source}:{line}: item {index + 1} is not a JSON object")
    fields: dict[str, Any] = {}
    problem = None
    title = _string(item.get("title"))
    date = date_end = None
    issued = item.get("original-date") if item.get("type") == "chapter" else None
    issued = issued or item.get("issued")
    try:
        date, date_end = _csl_date(issued)
    except ValueError as exc:
        problem = f"a date that cannot be read: {exc}"
    note = _notes((_string(item.get("note")) or "").splitlines())
    if not title:
        problem = problem or "no title"
    elif date is None and problem is None:
        problem = "no date"
    fields.update(
        title=title,
        date=date,
        date_end=date_end,
        kind=_string(item.get("type")) or "",
        key=_string(item.get("id")),
        genre=_string(item.get("genre")),
        authors=_csl_names(item.get("author")),
        recipients=_csl_names(item.get("recipient")),
        translators=_csl_names(item.get("translator")),
        archive=_string(item.get("archive")),
        archive_location=_string(item.get("archive_location")) or note.get("source_note"),
        repository=_string(item.get("source")),
        url=_string(item.get("URL")),
        language=_string(item.get("language")),
        abstract=_string(item.get("abstract")),
        note=note.get("note"),
        record_id=note.get("record_id"),
        credit=note.get("credit"),
        korea_id=note.get("korea_id"),
        container_title=_string(item.get("container-title")),
        number=_string(item.get("chapter-number") or item.get("number")),
        pages=_string(item.get("page")),
        problem=problem,
        family_first=tuple(
            (name, other)
            for key in ("author", "recipient")
            for name, other in _csl_name_forms(item.get(key))
            if other is not None
        ),
    )
    return Reference(line=line, **fields)


def _string(value: object) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value.strip() or None if isinstance(value, str) else None


def _csl_date(value: object) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, str):
        return _free_date(value), None
    if not isinstance(value, dict):
        raise ValueError(f"not a CSL date: {value!r}")
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = _iso(*parts[0][:3])
        last = _iso(*parts[1][:3]) if len(parts) > 1 and parts[1] else None
        return first, (last if last != first else None)
    for key in ("raw", "literal"):
        if isinstance(value.get(key), str):
            return _free_date(value[key]), None
    raise ValueError(f"not a CSL date: {value!r}")


def _csl_names(value: object) -> tuple[str, ...]:
    return tuple(name for name, _ in _csl_name_forms(value))


def _csl_name_forms(value: object) -> list[tuple[str, str | None]]:
    """Each name in reading order, with its family-first form when given in parts."""
    if not isinstance(value, list):
        return []
    names: list[tuple[str, str | None]] = []
    for entry in value:
        if not isinstance(entry, dict):
            continue
        literal = _string(entry.get("literal"))
        if literal:
            names.append((literal, None))
            continue
        parts = [
            _string(entry.get(key))
            for key in ("given", "dropping-particle", "non-dropping-particle", "family")
        ]
        name = " ".join(part for part in parts if part)
        suffix = _string(entry.get("suffix"))
        if name and suffix:
            name += f", {suffix}"
        family, given = _string(entry.get("family")), _string(entry.get("given"))
        if name:
            names.append((name, f"{family} {given}" if family and given else None))
    return names


# -- RIS -----------------------------------------------------------------------------------

_RIS_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])  -(?: (?P<value>.*))?$")


def _ris(text: str, source: str) -> list[Reference]:
    records: list[Reference] = []
    current: list[tuple[str, str]] | None = None
    start = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.rstrip()
        match = _RIS_LINE.match(line)
        if match is None:
            if not line.strip():
                continue
            if current:  # a value that runs over lines
                tag, value = current[-1]
                current[-1] = (tag, f"{value}\n{line.strip()}")
                continue
            raise CatalogueError(
                f"{source}:{number}: not RIS: expected a line 'TY  - TYPE', found {_shown(line)}"
            )
        tag, value = match["tag"], (match["value"] or "").strip()
        if tag == "TY":
            if current is not None:
                raise CatalogueError(f"{source}:{number}: a record begins before 'ER  -' ends one")
            current, start = [(tag, value)], number
        elif current is None:
            raise CatalogueError(
                f"{source}:{number}: not RIS: expected a line 'TY  - TYPE', found {_shown(line)}"
            )
        elif tag == "ER":
            records.append(_ris_record(current, start))
            current = None
        else:
            current.append((tag, value))
    if current is not None:
        raise CatalogueError(f"{source}:{start}: the last record has no 'ER  -' line")
    if not records:
        raise CatalogueError(f"{source}: not RIS: no record ('TY  - ...' to 'ER  -')")
    return records


def _ris_record(tags: list[tuple[str, str]], line: int) -> Reference:
    def first(*names: str) -> str | None:
        return next((value for tag, value in tags if tag in names and value), None)

    def every(*names: str) -> tuple[str, ...]:
        return tuple(_reading_order(value) for tag, value in tags if tag in names and value)

    inverted = tuple(
        (_reading_order(value), _family_first(value))
        for tag, value in tags
        if tag in {"AU", "A1", "A2"} and value and _family_first(value)
    )

    problem = None
    date = None
    try:
        date = _ris_date(first("DA"), first("PY", "Y1"))
    except ValueError as exc:
        problem = f"a date that cannot be read: {exc}"
    kind = first("TY") or ""
    note = _notes([value for tag, value in tags if tag == "N1"])
    if kind == "CHAP":  # korea writes the document's own date in a note
        dated = next(
            (v for t, v in tags if t == "N1" and v.startswith("Dated ") and v.endswith(".")), None
        )
        if dated:
            try:
                date = _free_date(dated[6:-1])
            except ValueError as exc:
                problem = f"a date that cannot be read: {exc}"
    title = first("TI", "T1")
    if not title:
        problem = problem or "no title"
    elif date is None and problem is None:
        problem = "no date"
    pages = first("SP")
    if pages and first("EP"):
        pages = f"{pages}–{first('EP')}"
    return Reference(
        line=line,
        title=title,
        date=date,
        kind=kind,
        key=first("ID"),
        genre=first("M3"),
        authors=every("AU", "A1"),
        # Zotero writes a letter's recipient as A2 (and reads it back so)
        recipients=every("A2") if kind in {"PCOMM", "LETTER"} else (),
        translators=every("A4"),
        archive=first("DB"),
        archive_location=first("AN", "AV") or note.get("source_note"),
        repository=first("DP"),
        url=first("UR"),
        language=first("LA"),
        abstract=first("AB", "N2"),
        note=note.get("note"),
        record_id=note.get("record_id"),
        credit=note.get("credit"),
        korea_id=note.get("korea_id"),
        container_title=first("T2"),
        pages=pages,
        problem=problem,
        family_first=tuple((a, b) for a, b in inverted if b is not None),
    )


def _family_first(name: str) -> str | None:
    """ "Mao, Zedong" -> "Mao Zedong" (None for a name not written "Family, Given")."""
    found = _INVERTED.match(name.strip())
    if found is None or found["suffix"] is not None:
        return None
    return f"{found['family']} {found['given']}"


def _ris_date(da: str | None, py: str | None) -> str | None:
    """RIS's "YYYY/MM/DD/other" (any part may be empty), from DA, else PY."""
    value = da or py
    if not value:
        return None
    parts = [*value.split("/"), "", "", ""][:3]
    if not parts[0].strip().isdigit():
        return _free_date(value)
    return _iso(*(part.strip() or None for part in parts))


_INVERTED = re.compile(r"^(?P<family>[^,]+), (?P<given>[^,]+?)(?:, (?P<suffix>[^,]+))?$")
_SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})


def _reading_order(name: str) -> str:
    """ "Glennon, John P." -> "John P. Glennon"; "Sanford, William F., Jr." -> "William F.
    Sanford, Jr."; anything else as it is (korea writes names whole)."""
    found = _INVERTED.match(name.strip())
    if found is None:
        return name.strip()
    suffix = found["suffix"]
    if suffix is not None and suffix not in _SUFFIXES:
        return name.strip()
    reading = f"{found['given']} {found['family']}"
    return f"{reading}, {suffix}" if suffix else reading


# -- BibTeX --------------------------------------------------------------------------------

MONTH_MACROS = {
    name: str(number)
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


@dataclass
class _Scanner:
    text: str
    source: str
    at: int = 0
    strings: dict[str, str] = field(default_factory=dict)

    def line(self, at: int | None = None) -> int:
        return self.text.count("\n", 0, self.at if at is None else at) + 1

    def fail(self, message: str) -> CatalogueError:
        return CatalogueError(f"{self.source}:{self.line()}: not BibTeX: {message}")

    def space(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def expect(self, chars: str) -> str:
        self.space()
        if self.at >= len(self.text) or self.text[self.at] not in chars:
            found = self.text[self.at : self.at + 20] or "the end of the file"
            raise self.fail(f"expected {' or '.join(repr(c) for c in chars)}, found {found!r}")
        self.at += 1
        return self.text[self.at - 1]

    def name(self) -> str:
        self.space()
        found = re.compile(r"[^\s,={}()\"#%@]+").match(self.text, self.at)
        if found is None:
            raise self.fail(f"expected a name, found {self.text[self.at : self.at + 20]!r}")
        self.at = found.end()
        return found.group(0)

    def braced(self) -> str:
        """A {...} value, its inner braces kept (they protect case or a name)."""
        return self._until("}")

    def quoted(self) -> str:
        """A "..." value: it ends at a quote outside braces."""
        return self._until('"')

    def _until(self, closing: str) -> str:
        start, depth = self.at, 0
        while self.at < len(self.text):
            char = self.text[self.at]
            self.at += 1
            if char == "\\":
                self.at += 1
            elif char == "{":
                depth += 1
            elif char == closing and depth == 0:
                return self.text[start : self.at - 1]
            elif char == "}":
                depth -= 1
        what = "brace" if closing == "}" else "quote"
        raise CatalogueError(f"{self.source}:{self.line(start)}: not BibTeX: an unclosed {what}")

    def value(self) -> str:
        parts: list[str] = []
        while True:
            self.space()
            char = self.text[self.at : self.at + 1]
            if char == "{":
                self.at += 1
                parts.append(self.braced())
            elif char == '"':
                self.at += 1
                parts.append(self.quoted())
            else:
                word = self.name()
                if word.isdigit():
                    parts.append(word)
                else:
                    macro = word.lower()
                    parts.append(self.strings.get(macro, MONTH_MACROS.get(macro, word)))
            self.space()
            if self.text[self.at : self.at + 1] != "#":
                return "".join(parts)
            self.at += 1


def _bibtex(text: str, source: str) -> list[Reference]:
    scan = _Scanner(text, source)
    records: list[Reference] = []
    while True:
        found = text.find("@", scan.at)
        if found < 0:
            break
        scan.at = found + 1
        start = found
        kind = scan.name().lower()
        if kind == "comment":
            continue
        opening = scan.expect("{(")
        closing = "}" if opening == "{" else ")"
        if kind == "preamble":
            scan.value()
            scan.expect(closing)
            continue
        if kind == "string":
            name = scan.name().lower()
            scan.expect("=")
            scan.strings[name] = scan.value()
            scan.expect(closing)
            continue
        key = scan.name()
        fields: dict[str, str] = {}
        while True:
            if scan.expect("," + closing) == closing:
                break
            scan.space()
            if text[scan.at : scan.at + 1] == closing:
                scan.at += 1
                break
            name = scan.name().lower()
            scan.expect("=")
            fields[name] = scan.value()
        records.append(_bibtex_record(kind, key, fields, scan.line(start)))
    if not records:
        raise CatalogueError(f"{source}: not BibTeX: no entry ('@misc{{key, ...}}')")
    return records


def _bibtex_record(kind: str, key: str, fields: dict[str, str], line: int) -> Reference:
    def get(name: str) -> str | None:
        value = fields.get(name)
        return from_latex(value).strip() or None if value is not None else None

    problem = None
    date = None
    try:
        raw = fields.get("origdate") or fields.get("date")
        if raw:
            date = _free_date(from_latex(raw).split("/")[0])
        elif fields.get("year"):
            date = _iso(from_latex(fields["year"]), _month(fields.get("month")))
    except ValueError as exc:
        problem = f"a date that cannot be read: {exc}"
    title = get("title")
    if not title:
        problem = problem or "no title"
    elif date is None and problem is None:
        problem = "no date"
    note = fields.get("note")
    own: dict[str, str] = {}
    rest = None
    if note:
        plain = from_latex(note)
        for match in _BIBTEX_SENTENCES.finditer(plain):
            sentence = match.group(0)
            if sentence.startswith("Record ID "):
                own["record_id"] = sentence[len("Record ID ") : -1]
            elif sentence.startswith("Source note: "):
                own["source_note"] = sentence[len("Source note: ") : -1]
        rest = " ".join(_BIBTEX_SENTENCES.sub(" ", plain).split()) or None
    inverted = tuple(
        (_reading_order(from_latex(part)), _family_first(from_latex(part)))
        for field_name in ("author", "recipient")
        for part in _split_and(fields.get(field_name) or "")
        if not part.strip().startswith("{")
    )
    return Reference(
        family_first=tuple((a, b) for a, b in inverted if b is not None),
        line=line,
        title=title,
        date=date,
        kind=kind,
        key=key,
        genre=get("type") if kind != "incollection" else None,
        authors=_bibtex_names(fields.get("author")),
        recipients=_bibtex_names(fields.get("recipient")),
        translators=_bibtex_names(fields.get("translator")),
        archive=get("institution"),
        archive_location=get("library") or own.get("source_note"),
        repository=get("howpublished"),
        url=_bibtex_url(fields.get("url")),
        language=get("language") or get("langid"),
        abstract=get("abstract"),
        note=rest,
        record_id=own.get("record_id"),
        credit=get("addendum"),
        container_title=get("booktitle"),
        number=get("chapter"),
        pages=get("pages"),
        problem=problem,
    )


def _month(value: str | None) -> str | None:
    if value is None:
        return None
    text = from_latex(value).strip().lower()
    if text.isdigit():
        return text
    return MONTH_MACROS.get(text[:3])


def _bibtex_url(value: str | None) -> str | None:
    if value is None:
        return None
    url = value.strip().replace(r"\%", "%").replace("%7B", "{").replace("%7D", "}")
    return url or None


def _bibtex_names(value: str | None) -> tuple[str, ...]:
    """ "{Mao Zedong} and Glennon, John P." -> ("Mao Zedong", "John P. Glennon")."""
    if not value:
        return ()
    names: list[str] = []
    for part in _split_and(value):
        part = part.strip()
        if part.startswith("{") and part.endswith("}") and _balanced(part[1:-1]):
            names.append(from_latex(part[1:-1]).strip())
        elif part:
            names.append(_reading_order(from_latex(part)))
    return tuple(name for name in names if name)


def _split_and(value: str) -> list[str]:
    """Split at " and " outside braces."""
    parts, depth, start = [], 0, 0
    i = 0
    while i < len(value):
        char = value[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and value.startswith(" and ", i):
            parts.append(value[start:i])
            start = i + 5
            i += 4
        i += 1
    parts.append(value[start:])
    return parts


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += char == "{"
        depth -= char == "}"
        if depth < 0:
            return False
    return depth == 0


_ACCENT_MARKS = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    "u": "\u0306", ".": "\u0307", '"': "\u0308", "r": "\u030a", "H": "\u030b",
    "v": "\u030c", "c": "\u0327", "k": "\u0328",
}  # fmt: skip
_NAMED = {
    "textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}",
    "textasciicircum": "^", "textasciitilde": "~", "textordmasculine": "º",
    "textordfeminine": "ª", "ss": "ß", "ae": "æ", "AE": "Æ", "o": "ø", "O": "Ø",
    "l": "ł", "L": "Ł", "i": "ı", "textendash": "–", "textemdash": "—",
}  # fmt: skip
_ACCENT = re.compile(r"\\([`'^~=.\"]|[uvrHck](?=[{\s]))\s*(?:\{(\\?[^\W\d_]|)\}|(\\?[A-Za-z]))")
_MACRO = re.compile(r"\\([A-Za-z]+)(?:\{\}|\s?)")
_ESCAPED = re.compile(r"\\([%&$#_{}])")
_TILDE = re.compile(r"(?<!\\)~")
_KEPT = "\ue000"
"""Marks a character that came from an escape, so that the brace and dash rules below
leave it as it is (a private-use character no bibliography holds)."""


def from_latex(text: str) -> str:
    """BibTeX's LaTeX as plain text: the escapes ``korea export`` and Zotero write
    (``\\'{e}``, ``{\\ss}``, ``\\&``, ``--``, ``\\textbraceleft{}``), braces dropped."""
    import unicodedata

    def accent(match: re.Match[str]) -> str:
        base = match.group(2) if match.group(2) is not None else match.group(3)
        letter = "i" if base in ("\\i", "i") else base.lstrip("\\")
        return unicodedata.normalize("NFC", letter + _ACCENT_MARKS[match.group(1)])

    def macro(match: re.Match[str]) -> str:
        found = _NAMED.get(match.group(1))
        return match.group(0) if found is None else _KEPT + found

    out = text
    for _ in range(3):  # nested accents ("\\'{\\^{a}}") unwrap from the inside out
        out = _ACCENT.sub(accent, out)
    out = _TILDE.sub("\u00a0", out)  # a tie is a no-break space
    out = _MACRO.sub(macro, out)
    out = _ESCAPED.sub(lambda m: _KEPT + m.group(1), out)
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(1))
        return "\ue001"

    out = re.sub(_KEPT + "(.)", keep, out, flags=re.DOTALL)
    out = out.replace("{", "").replace("}", "")
    out = out.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    out = out.replace("`", "‘")
    pieces = iter(kept)
    return re.sub("\ue001", lambda _: next(pieces), out)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


# -- into a catalogue ----------------------------------------------------------------------


def import_references(
    sources: Sequence[str | Path],
    fmt: Format,
    into: str | Path,
    *,
    update: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import reference files (``fmt``) into the catalogue ``into``, as
    :func:`armisticecli.importers.wilson.import_wilson` does pages."""
    from armisticecli.importers.merge import import_matched

    def read() -> list[tuple[str, str, list[Reference]]]:
        return [(str(source), KINDS[fmt], read_references(source, fmt)) for source in sources]

    return import_matched(read, document_of, into, update=update, dry_run=dry_run)


def document_of(
    reference: Reference, linker: Linker, file: str, merge: Merge | None = None
) -> Document | None:
    """A reference as a catalogue document, or None when it cannot be one (no title, no
    readable date).  Its id is the one korea wrote (``korea id``), else made as a Digital
    Archive page's is: ``da-{record id}``, or the date and the title's first words."""
    from armisticecli.importers.wilson import Record, document_id
    from armisticecli.model import ID_PATTERN, Document, Source

    if reference.problem is not None or reference.title is None or reference.date is None:
        return None
    date = reference.date

    other_order = dict(reference.family_first)

    def linked(names: tuple[str, ...]) -> tuple[Any, ...]:
        return tuple(
            linker.named(
                name, date, new_from=file, url=reference.url, family_first=other_order.get(name)
            )
            for name in names
        )

    publication = None
    if merge is not None and reference.container_title:
        publication = next(
            (p.id for p in merge.publications.values() if p.title == reference.container_title),
            None,
        )
    notes = [reference.note] if reference.note else []
    if reference.container_title and publication is None:
        notes.append(f"Printed in {reference.container_title}.")
    source = Source(
        archive=reference.archive,
        reference=reference.archive_location,
        credit=reference.credit,
        translators=reference.translators,
        url=reference.url,
        publication=publication,
        number=reference.number if publication else None,
        pages=reference.pages if publication else None,
    )
    korea_id = reference.korea_id
    if korea_id is None or not re.match(ID_PATTERN, korea_id):
        korea_id = document_id(
            Record(title=reference.title, date=date, line=0, record_id=reference.record_id)
        )
    end = reference.date_end
    return Document(
        id=korea_id,
        record_id=reference.record_id,
        date=date,
        date_end=end if end is not None and end.ljust(10, "~") >= date.ljust(10, "~") else None,
        type=reference.genre or "",
        title=reference.title,
        summary=reference.abstract or "",
        from_=linked(reference.authors),
        to=linked(reference.recipients),
        source=source if source != Source() else None,
        language=reference.language,
        notes=tuple(notes),
    )
