"""Read a catalogue file and look records up by id.

:func:`load` turns a path into a :class:`Catalogue` or raises
:class:`CatalogueError` with one line naming the file and the first problem
in it: line and column for malformed JSON, the JSON path and the bad value
for a bad field.  :func:`check` lists every problem instead, for ``korea
validate``.  The checks themselves live in :mod:`armisticecli.validate`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import msgspec

from armisticecli.errors import CatalogueError
from armisticecli.model import (
    CatalogueFile,
    Document,
    Embedded,
    Event,
    Link,
    Person,
    Publication,
    building_records,
)
from armisticecli.text import clean
from armisticecli.validate import (
    BOM,
    Problem,
    decode_problem,
    not_an_object,
    problems,
    strict_problems,
    validate_bytes,
)

ENV_VAR = "KOREA_CATALOGUE"
MAX_BYTES_ENV = "KOREA_MAX_BYTES"
DEFAULT_MAX_BYTES = 2 * 1024**3
"""Refuse larger files outright: decoding holds the whole file and its records in memory."""


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
        publications: tuple[Publication, ...] = (),
        links: Callable[[], tuple[Link, ...]] | None = None,
    ) -> None:
        self._read_links = links
        """Where the index keeps the relations (read on first use): no documents here."""
        self.people = people
        self.publications = publications
        """The printed editions (FRUS volumes) documents' sources refer to."""
        self.events = events
        self.repository = repository
        """The collection documents are cited from; citations name it only when given."""
        self.title = title

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """Every relation of every document (a Catalogue reads them from its documents)."""
        return self._read_links() if self._read_links is not None else ()

    @cached_property
    def links_to(self) -> dict[str, list[Link]]:
        """A document's id (or an embedded one's) -> the relations that name it."""
        found: dict[str, list[Link]] = {}
        for link in self.links:
            relation = link.relation
            for target in (relation.document, relation.embedded.id if relation.embedded else None):
                if target is not None:
                    found.setdefault(target, []).append(link)
            carried = relation.embedded
            for own in carried.relations if carried is not None else ():
                if own.document is not None and carried is not None:
                    found.setdefault(own.document, []).append(Link(carried.id, carried.date, own))
        return found

    @cached_property
    def links_from(self) -> dict[str, list[Link]]:
        """A document's id (or an embedded one's) -> its own relations."""
        found: dict[str, list[Link]] = {}
        for link in self.links:
            found.setdefault(link.document, []).append(link)
            carried = link.relation.embedded
            if carried is not None:
                for own in carried.relations:
                    found.setdefault(carried.id, []).append(Link(carried.id, carried.date, own))
        return found

    @cached_property
    def embedded(self) -> dict[str, tuple[Embedded, Link]]:
        """An embedded document's id -> it, and the relation that carries it."""
        return {
            link.relation.embedded.id: (link.relation.embedded, link)
            for link in self.links
            if link.relation.embedded is not None
        }

    @cached_property
    def publication_by_id(self) -> dict[str, Publication]:
        return {publication.id: publication for publication in self.publications}

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
        super().__init__(data.people, data.events, data.repository, data.title, data.publications)
        self.data = data
        self.path = path
        self.documents: tuple[Document, ...] = data.documents

    @cached_property
    def by_id(self) -> dict[str, Document]:
        return {doc.id: doc for doc in self.documents}

    @cached_property
    def links(self) -> tuple[Link, ...]:
        return tuple(
            Link(doc.id, doc.date, relation) for doc in self.documents for relation in doc.relations
        )

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
    # A dict keeps the order and finds repeats at once: a document may name 40,000 people.
    ids = dict.fromkeys(party.person for party in (*doc.from_, *doc.to) if party.person)
    ids.update(dict.fromkeys(doc.people))
    return list(ids)


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
    return parse(read_bytes(file), file)


def parse(raw: bytes, file: Path) -> Catalogue:
    """:func:`load` of bytes already read from ``file`` (named in errors)."""
    try:
        data = decode(raw, file)
    except _StructureError as exc:
        # The typed decode stops at the first bad field, and can stop before a
        # syntax error later in the file: validate then finds them all, in order.
        try:
            found = validate_bytes(raw)
        except RecursionError:
            raise CatalogueError(exc.message) from None
    else:
        found = problems(data)
        if not found:
            return Catalogue(data, file)
    more = f" (and {len(found) - 1} more; run `korea validate`)" if len(found) > 1 else ""
    raise CatalogueError(f"{_name(file)}: {found[0]}{more}")


def check(
    path: str | os.PathLike[str] | None = None, strict: bool = False
) -> tuple[Path, list[Problem]]:
    """The file checked and every problem found in it, in file order (empty when valid).

    ``strict`` also asks that every person and event have a source
    (:func:`armisticecli.validate.strict_problems`).
    """
    file = active_path(path)
    try:
        raw = read_bytes(file)
    except CatalogueError as exc:
        return file, [Problem("$", exc.message.split(": ", 1)[-1])]
    found = validate_bytes(raw)
    if strict and not found:
        found = strict_problems(decode(raw, file))
    return file, found


class _StructureError(CatalogueError):
    """The JSON is well formed but not a catalogue: wrong type, unknown or missing field."""


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
            early = not_an_object(head.removeprefix(BOM), more=len(head) == 4096)
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
    raw = raw.removeprefix(BOM)
    early = not_an_object(raw)
    if early:
        raise CatalogueError(f"{name}: {early}")
    try:
        with building_records():
            return msgspec.json.decode(raw, type=CatalogueFile)
    except msgspec.ValidationError as exc:
        raise _StructureError(f"{name}: {decode_problem(exc, raw)}") from None
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise CatalogueError(f"{name}: {decode_problem(exc, raw).message}") from None


def _name(file: Path) -> str:
    return clean(str(file))
