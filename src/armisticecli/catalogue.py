"""Read and validate a catalogue file; look records up by id.

One function, :func:`load`, turns a path into a :class:`Catalogue` or raises
:class:`CatalogueError` with one line naming the file and the place: line and
column for malformed JSON, the JSON path and the bad value for a bad field.
:func:`problems` lists every problem a schema cannot catch (duplicate ids,
impossible dates, unknown people); ``korea validate`` shows them all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from armisticecli.dates import parse_iso
from armisticecli.errors import CatalogueError
from armisticecli.model import (
    DATE_PATTERN,
    ID_PATTERN,
    CatalogueFile,
    Document,
    Event,
    Person,
    building_records,
)
from armisticecli.text import clean

ENV_VAR = "KOREA_CATALOGUE"
MAX_BYTES_ENV = "KOREA_MAX_BYTES"
DEFAULT_MAX_BYTES = 2 * 1024**3
"""Refuse larger files outright: decoding holds the whole file and its records in memory."""

_BOM = b"\xef\xbb\xbf"
_PATH_IN_MESSAGE = re.compile(r" - at `(\$[^`]*)`$")


class Problem(NamedTuple):
    """One thing wrong with a catalogue: where, what, and the bad value."""

    path: str
    message: str
    value: object = None

    def __str__(self) -> str:
        shown = "" if self.value is None else f" (got {_short_repr(self.value)})"
        return f"{self.path}: {self.message}{shown}"


class Directory:
    """A catalogue's people, events and repository: what names, reasons and citations need.

    The on-disk search index holds these without the documents; a
    :class:`Catalogue` is a Directory with its documents.
    """

    def __init__(
        self,
        people: tuple[Person, ...] = (),
        events: tuple[Event, ...] = (),
        repository: str | None = None,
        title: str | None = None,
    ) -> None:
        self.people = people
        self.events = events
        self.repository = repository
        """The collection documents are cited from; citations name it only when given."""
        self.title = title

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        return {person.id: person for person in self.people}

    def person_name(self, person_id: str) -> str:
        """A person's display name (the id itself for an unknown id)."""
        person = self.person_by_id.get(person_id)
        return person.name if person else person_id


class Catalogue(Directory):
    """A loaded, validated catalogue with lookups built on first use."""

    def __init__(self, data: CatalogueFile, path: Path | None = None) -> None:
        super().__init__(data.people, data.events, data.repository, data.title)
        self.data = data
        self.path = path
        self.documents: tuple[Document, ...] = data.documents

    @cached_property
    def by_id(self) -> dict[str, Document]:
        return {doc.id: doc for doc in self.documents}

    @cached_property
    def by_record_id(self) -> dict[str, Document]:
        return {doc.record_id: doc for doc in self.documents if doc.record_id}

    @cached_property
    def documents_of(self) -> dict[str, list[Document]]:
        """Person id -> the documents that involve that person, in catalogue order."""
        index: dict[str, list[Document]] = {}
        for doc in self.documents:
            for person_id in involved(doc):
                index.setdefault(person_id, []).append(doc)
        return index


def involved(doc: Document) -> list[str]:
    """Ids of everyone a document involves: senders, recipients, people named."""
    ids: list[str] = []
    for party in (*doc.from_, *doc.to):
        if party.person and party.person not in ids:
            ids.append(party.person)
    for person_id in doc.people:
        if person_id not in ids:
            ids.append(person_id)
    return ids


def bundled_path() -> Path:
    """The catalogue shipped with the package (or, in a checkout, data/documents.json)."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "documents.json"
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / "documents.json"


def active_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The catalogue to use: an explicit path, then $KOREA_CATALOGUE, then the bundled one."""
    if explicit is not None:
        if not str(explicit).strip():
            raise CatalogueError("the catalogue path is empty")
        return Path(explicit)
    from_env = os.environ.get(ENV_VAR, "")
    if from_env:
        return Path(from_env)
    return bundled_path()


def load(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """Read, decode and check a catalogue; raise CatalogueError naming the first problem.

    "First" is in file order, as `korea validate` lists them: a bad field
    found by the decoder does not hide an earlier impossible date.
    """
    file = active_path(path)
    raw = read_bytes(file)
    try:
        data = decode(raw, file)
    except _StructureError as exc:
        from armisticecli.validate import validate_tree

        syntax = decode_error_problem(raw)  # a typed decode can fail before the syntax does
        if syntax is not None:
            raise CatalogueError(f"{_name(file)}: {syntax}") from None
        try:
            found = validate_tree(msgspec.json.decode(raw.removeprefix(_BOM)))
        except RecursionError:
            raise CatalogueError(exc.message) from None
    else:
        found = sorted(problems(data), key=path_order)
        if not found:
            return Catalogue(data, file)
    more = f" (and {len(found) - 1} more; run `korea validate`)" if len(found) > 1 else ""
    raise CatalogueError(f"{_name(file)}: {found[0]}{more}")


class _StructureError(CatalogueError):
    """The JSON is well formed but not a catalogue: wrong type, unknown or missing field."""


def path_order(problem: Problem) -> list[tuple[int, int, str]]:
    """Problems in file order: $.documents[2].date before $.documents[10].id."""
    parts = re.findall(r"\.([^.\[]+)|\[(\d+)\]", problem.path)
    sections = {"documents": 0, "people": 1, "events": 2}
    return [
        (0, int(index), "") if index else (1, sections.get(key, 3) if depth == 0 else 0, key)
        for depth, (key, index) in enumerate(parts)
    ]


def read_bytes(file: Path) -> bytes:
    """The file's bytes, with a clear error for anything that is not a readable file."""
    name = _name(file)
    try:
        if file.is_dir():
            raise CatalogueError(f"{name}: is a folder, not a catalogue file")
        size = file.stat().st_size
        limit = _max_bytes()
        if size > limit:
            raise CatalogueError(
                f"{name}: {size:,} bytes is larger than the {limit:,}-byte limit "
                f"(set {MAX_BYTES_ENV} to raise it)"
            )
        with file.open("rb") as handle:
            # Refuse plain non-JSON (a binary, a gigabyte of zeros) before reading it all.
            head = handle.read(4096)
            early = _not_an_object(head.removeprefix(_BOM))
            if early:
                raise CatalogueError(f"{name}: {early}")
            return head + handle.read()
    except FileNotFoundError:
        raise CatalogueError(f"{name}: no such file") from None
    except PermissionError:
        raise CatalogueError(f"{name}: permission denied") from None
    except OSError as exc:
        raise CatalogueError(f"{name}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # a NUL byte in the path
        raise CatalogueError(f"{name}: not a usable path ({exc})") from None


def _max_bytes() -> int:
    text = os.environ.get(MAX_BYTES_ENV, "")
    return int(text) if text.isdigit() else DEFAULT_MAX_BYTES


def decode(raw: bytes, file: Path) -> CatalogueFile:
    """Decode JSON bytes into typed records, or raise CatalogueError with the place."""
    name = _name(file)
    raw = raw.removeprefix(_BOM)
    early = _not_an_object(raw)
    if early:
        raise CatalogueError(f"{name}: {early}")
    try:
        with building_records():
            return msgspec.json.decode(raw, type=CatalogueFile)
    except UnicodeDecodeError:
        raise CatalogueError(f"{name}: {_utf8_problem(raw)}") from None
    except msgspec.ValidationError as exc:
        problem = _validation_problem(str(exc), raw)
        raise _StructureError(f"{name}: {problem}") from None
    except msgspec.DecodeError as exc:
        raise CatalogueError(f"{name}: {_syntax_problem(str(exc), raw)}") from None
    except RecursionError:
        raise CatalogueError(f"{name}: {_TOO_DEEP}") from None


_TOO_DEEP = "JSON nested too deeply to be a catalogue"


def decode_error_problem(raw: bytes) -> Problem | None:
    """A problem that stops the file being read as JSON at all, or None."""
    raw = raw.removeprefix(_BOM)
    early = _not_an_object(raw)
    if early:
        return Problem("$", early)
    try:
        msgspec.json.decode(raw)
    except UnicodeDecodeError:
        return Problem("$", _utf8_problem(raw))
    except msgspec.DecodeError as exc:
        return Problem("$", _syntax_problem(str(exc), raw))
    except RecursionError:
        return Problem("$", _TOO_DEEP)
    return None


def _not_an_object(raw: bytes) -> str | None:
    """Catch an empty file or one that is plainly not JSON before decoding all of it."""
    head = raw[:4096].lstrip()
    if not head:
        return "the file is empty, expected a JSON object"
    if head[:1] not in (b"{", b"["):
        shown = head[:1].decode("latin-1")
        what = repr(shown) if shown.isprintable() else f"byte 0x{head[0]:02x}"
        offset = len(raw) - len(raw.lstrip())
        line, column = _line_column(raw, offset)
        return f"line {line}, column {column}: not JSON: expected a JSON object, found {what}"
    return None


def _utf8_problem(raw: bytes) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw, exc.start)
        return f"line {line}, column {column}: not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
    return "not valid UTF-8"


def _syntax_problem(message: str, raw: bytes) -> str:
    match = re.search(r"\(byte (\d+)\)", message)
    if match:
        offset = int(match.group(1))
        line, column = _line_column(raw, offset)
        what = message.split(" (byte")[0].replace("JSON is malformed: ", "")
        if raw.lstrip()[:1] not in (b"{", b"["):
            what = "not JSON (" + what + ")"
        return f"line {line}, column {column}: invalid JSON: {what}"
    if "truncated" in message:
        line, column = _line_column(raw, len(raw))
        return f"line {line}, column {column}: invalid JSON: the file ends too soon (truncated?)"
    return f"invalid JSON: {message}"


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(raw)))
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return line, column


_FRIENDLY = (
    (
        f"expected `str` matching regex {DATE_PATTERN!r}",
        "invalid date: not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    (f"expected `str` matching regex {ID_PATTERN!r}", "an id must have no spaces"),
    ("expected `str` of length >= 1", "must not be empty"),
)


def friendly(message: str) -> str:
    """msgspec's wording for our own constraints, in the user's terms."""
    lowered = message[:1].lower() + message[1:]
    for technical, plain in _FRIENDLY:
        lowered = lowered.replace(technical, plain)
    return lowered


def _validation_problem(message: str, raw: bytes) -> Problem:
    """Turn msgspec's message into a Problem with the JSON path and the bad value."""
    match = _PATH_IN_MESSAGE.search(message)
    path = match.group(1) if match else "$"
    text = message[: match.start()] if match else message
    text = text.replace("Object contains unknown field", "unknown field")
    text = text.replace("Object missing required field", "missing required field")
    if path == "$" and "got `array`" in text:
        text = 'expected a JSON object with a "documents" array, got an array'
    value = _value_at(raw, path) if match and "missing required" not in text else None
    return Problem(path, friendly(text), value)


def _value_at(raw: bytes, path: str) -> object:
    """The value at a msgspec JSON path such as ``$.documents[3].date`` (error path only)."""
    try:
        node: Any = msgspec.json.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None
    for key, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path[1:]):
        try:
            node = node[key] if key else node[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(node, (dict, list)):
        return None
    return node


def problems(data: CatalogueFile) -> list[Problem]:
    """Everything wrong with a decoded catalogue that its types cannot say."""
    return problems_of(
        list(enumerate(data.documents)), list(enumerate(data.people)), list(enumerate(data.events))
    )


def problems_of(
    documents: Sequence[tuple[int, Document]],
    people: Sequence[tuple[int, Person]],
    events: Sequence[tuple[int, Event]],
) -> list[Problem]:
    """The checks of :func:`problems` over records that keep their place in the file."""
    found: list[Problem] = []
    ids = [doc.id for _, doc in documents]
    if len(set(ids)) != len(ids):
        found.extend(_duplicates("$.documents", ((i, doc.id) for i, doc in documents)))
    found.extend(_duplicates("$.people", ((i, person.id) for i, person in people)))
    found.extend(_duplicates("$.events", ((i, event.id) for i, event in events)))
    known = {person.id for _, person in people}
    bad_dates = _bad_dates(doc.date for _, doc in documents)
    for i, doc in documents:
        # The ids' form (non-empty, no spaces) is checked by the decoder's pattern.
        if doc.date in bad_dates:
            found.extend(_date_problems(f"$.documents[{i}].date", doc.date))
        if not doc.title.strip():
            found.append(Problem(f"$.documents[{i}].title", "empty title", doc.title))
        # A million documents are checked on every load: paths are built only for a problem.
        if (doc.from_ or doc.to) and not _parties_fine(doc, known):
            found.extend(_party_problems(f"$.documents[{i}]", doc, known))
        if not known.issuperset(doc.people):
            for j, person_id in enumerate(doc.people):
                if person_id not in known:
                    found.append(
                        Problem(f"$.documents[{i}].people[{j}]", "unknown person", person_id)
                    )
    for i, person in people:
        where = f"$.people[{i}]"
        if not person.name.strip():
            found.append(Problem(f"{where}.name", "empty name", person.name))
        for field in ("born", "died"):
            value = getattr(person, field)
            if value is not None:
                found.extend(_date_problems(f"{where}.{field}", value))
        for j, role in enumerate(person.roles):
            found.extend(_role_problems(f"{where}.roles[{j}]", role.from_, role.to))
    for i, event in events:
        where = f"$.events[{i}]"
        found.extend(_date_problems(f"{where}.date", event.date))
        if not event.title.strip():
            found.append(Problem(f"{where}.title", "empty title", event.title))
    return found


def _bad_dates(dates: Iterable[str]) -> set[str]:
    """The distinct dates that are not real: a million documents share a few thousand dates."""
    bad = set()
    for value in set(dates):
        try:
            parse_iso(value)
        except ValueError:
            bad.add(value)
    return bad


def _parties_fine(doc: Document, known: set[str]) -> bool:
    """Whether every sender and recipient is a known person or has a name."""
    for parties in (doc.from_, doc.to):
        for party in parties:
            if party.person is None:
                if not (party.name or "").strip():
                    return False
            elif party.person not in known:
                return False
    return True


def _party_problems(where: str, doc: Document, known: set[str]) -> Iterator[Problem]:
    for field, parties in (("from", doc.from_), ("to", doc.to)):
        for j, party in enumerate(parties):
            if party.person is None and not (party.name or "").strip():
                yield Problem(f"{where}.{field}[{j}]", "needs a person or a name")
            elif party.person is not None and party.person not in known:
                yield Problem(f"{where}.{field}[{j}].person", "unknown person", party.person)


def _duplicates(where: str, ids: Iterable[tuple[int, str]]) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, item in ids:
        if item in seen:
            yield Problem(f"{where}[{i}].id", "duplicate id", item)
        seen.add(item)


def _date_problems(where: str, value: str) -> Iterator[Problem]:
    try:
        parse_iso(value)
    except ValueError as exc:
        yield Problem(where, f"invalid date: {exc}", None if repr(value) in str(exc) else value)


def _role_problems(where: str, start: str | None, end: str | None) -> Iterator[Problem]:
    bad = False
    for field, value in (("from", start), ("to", end)):
        if value is not None:
            for problem in _date_problems(f"{where}.{field}", value):
                bad = True
                yield problem
    if (
        not bad
        and start is not None
        and end is not None
        and parse_iso(start).first_day() > parse_iso(end).last_day()
    ):
        yield Problem(where, f"role ends ({end}) before it begins ({start})")


def _name(file: Path) -> str:
    return clean(str(file))


def _short_repr(value: object) -> str:
    text = clean(repr(value))
    return text if len(text) <= 80 else text[:77] + "..."


def check(path: str | os.PathLike[str] | None = None) -> tuple[Path, list[Problem]]:
    """The catalogue file checked (the active one by default) and every problem in it."""
    from armisticecli.validate import validate_file

    return validate_file(None if path is None else Path(path))
