"""One merge step for every source: records into a catalogue file, atomically.

:class:`Merge` holds the target catalogue as plain JSON values (its records
are written back as they were; only the layout is the importer's), and the
lookups an import needs.  Two ways in:

- :meth:`Merge.add_document` for a source that owns its ids (a FRUS volume:
  ``frus1951v07p2-d13``): a document already there is kept, or replaced
  whole with ``update``.
- :meth:`Merge.merge_document` for a source that describes documents a
  catalogue may already hold under another id (a Digital Archive page, a
  Zotero export): it is matched by record id, then URL, then title and date.
  A matched document gains the fields it lacks; a field whose value differs is
  a conflict, reported, and changed only with ``update``.

Nothing is written until :meth:`Merge.check` has run the checks of ``korea
validate`` over what the import adds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from armisticecli.errors import CatalogueError
from armisticecli.model import Document, Person, Publication

if TYPE_CHECKING:
    from armisticecli.catalogue import Catalogue
    from armisticecli.importers.linking import Linker

T = TypeVar("T")

Action = Literal["add", "update", "unchanged", "skip", "enrich", "conflict"]
"""What happens to a record: "enrich" is a matched document gaining fields, "conflict" a
field whose value differs from the catalogue's (kept, or replaced with --update)."""


@dataclass
class SourceReport:
    """What one source (a volume, a page, a file) brought: counts for the summary line."""

    volume: str
    """The source's name in the summary: a volume's id, a file's name."""
    source: str
    documents: int = 0
    """Documents read from the source."""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    """Already in the catalogue as they are."""
    existing: int = 0
    """Already in the catalogue and kept (no ``update``)."""
    undated: int = 0
    """Skipped: the source gives them no date."""
    unreadable: int = 0
    """Skipped: a date that is not a real calendar date, or no title."""
    notes: int = 0
    """Footnotes of the documents added or updated."""
    people_added: int = 0
    matched: int = 0
    """Documents the catalogue already held (by record id, URL, or title and date)."""
    enriched: int = 0
    """Matched documents that gained fields."""
    conflicts: int = 0
    """Fields whose value differs from the catalogue's."""
    kind: str = ""
    """What the source is, for the summary ("a search-results page")."""


VolumeReport = SourceReport
"""The name a FRUS import's report had first."""


@dataclass(frozen=True)
class Change:
    """One record the import adds, replaces, keeps or skips (a --dry-run line)."""

    action: Action
    kind: Literal["document", "person", "publication"]
    id: str
    date: str
    label: str
    """A document's title, a person's name, a volume's title; for "enrich" and "conflict"
    the fields ("record_id, source.url"; "summary: 'old' -> 'new'")."""


@dataclass
class ImportReport:
    """The outcome of an import: per source counts and every change."""

    path: Path
    created: bool
    """The catalogue file did not exist before."""
    written: bool = False
    volumes: list[SourceReport] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


class Merge:
    """The target catalogue as plain JSON values, with the lookups an import needs."""

    def __init__(
        self,
        target: Path,
        data: dict[str, Any],
        people: Sequence[Person],
        existing: dict[str, Document] | None = None,
        publications: Sequence[Publication] = (),
    ) -> None:
        self.target = target
        self.existing = existing or {}
        """The catalogue's documents as read, to tell a replaced one from an unchanged one."""
        self.publications = {publication.id: publication for publication in publications}
        self.created = False
        self.update = False
        self.data = data
        self.documents: list[Any] = data.setdefault("documents", [])
        self.people: list[Any] = data.setdefault("people", [])
        self.where = {doc["id"]: i for i, doc in enumerate(self.documents)}
        self.known: list[Person] = list(people)
        self.changes: list[Change] = []
        self.seen: set[str] = set()
        """Documents imported in this run: a source given twice is read once."""
        self.fresh: dict[str, Document] = {}
        """The documents added or changed, by id: checked before the file is written."""
        self._keys: dict[tuple[str, str], str] | None = None

    @classmethod
    def open(cls, target: Path, update: bool) -> Merge:
        """The catalogue at ``target``, or a new one with the bundled people and events."""
        import msgspec

        from armisticecli.catalogue import bundled_path, load, parse, read_bytes
        from armisticecli.validate import BOM

        if target.exists():
            raw = read_bytes(target)
            catalogue: Catalogue = parse(raw, target)  # refuses an invalid catalogue
            data = msgspec.json.decode(raw.removeprefix(BOM))
            merge = cls(target, data, catalogue.people, catalogue.by_id, catalogue.publications)
        else:
            bundled = load(bundled_path())
            raw_bundled = msgspec.json.decode(bundled_path().read_bytes().removeprefix(BOM))
            data = {
                "format": raw_bundled.get("format", 1),
                "people": raw_bundled.get("people", []),
                "events": raw_bundled.get("events", []),
                "documents": [],
            }
            merge = cls(target, data, bundled.people)
            merge.created = True
        merge.update = update
        return merge

    # -- documents a source owns (FRUS) ----------------------------------------------------

    def add_document(self, doc: Document, report: SourceReport) -> None:
        """Add ``doc``; one with its id already there is kept, or replaced with ``update``."""
        if doc.id in self.seen:
            return  # the same source given twice in one run
        self.seen.add(doc.id)
        record = compact(doc)
        at = self.where.get(doc.id)
        label = doc.title
        if at is None:
            self._append(doc, record)
            report.added += 1
            report.notes += len(doc.footnotes)
            self.changes.append(Change("add", "document", doc.id, doc.date, label))
        elif not self.update:
            report.existing += 1
            self.changes.append(Change("skip", "document", doc.id, doc.date, label))
        elif self.existing.get(doc.id) == doc:
            report.unchanged += 1
            self.changes.append(Change("unchanged", "document", doc.id, doc.date, label))
        else:
            self.documents[at] = record
            self.fresh[doc.id] = doc
            report.updated += 1
            report.notes += len(doc.footnotes)
            self.changes.append(Change("update", "document", doc.id, doc.date, label))

    def _append(self, doc: Document, record: Any) -> None:
        self.where[doc.id] = len(self.documents)
        self.documents.append(record)
        self.fresh[doc.id] = doc
        if self._keys is not None:
            self._index(record)

    # -- documents a catalogue may hold already (Digital Archive, Zotero) -----------------

    def match(self, doc: Document) -> str | None:
        """The id of the catalogue's document that ``doc`` describes, or None: the same
        record id, else the same URL, else the same title and date."""
        keys = self._index_all()
        for key in _keys_of(compact(doc)):
            found = keys.get(key)
            if found is not None:
                return found
        return None

    def merge_document(self, doc: Document, report: SourceReport) -> str:
        """Add ``doc``, or merge it into the document it matches; return the id it has."""
        matched = self.match(doc)
        if matched is None:
            doc = self._fresh_id(doc)
            self.seen.add(doc.id)
            self._append(doc, compact(doc))
            report.added += 1
            self.changes.append(Change("add", "document", doc.id, doc.date, doc.title))
            return doc.id
        report.matched += 1
        at = self.where[matched]
        old = self.documents[at]
        new = compact(doc)
        merged, added, conflicts = _merged(old, new, self.update)
        if conflicts:
            report.conflicts += len(conflicts)
            for name, before, after in conflicts:
                kept = "replaced" if self.update else "kept"
                label = f"{name}: {_short(before)} -> {_short(after)} ({kept})"
                self.changes.append(Change("conflict", "document", matched, old["date"], label))
        if added:
            report.enriched += 1
            label = ", ".join(added)
            self.changes.append(Change("enrich", "document", matched, old["date"], label))
        if merged == old:
            if not added and not conflicts:
                report.unchanged += 1
                self.changes.append(
                    Change("unchanged", "document", matched, old["date"], old["title"])
                )
            return matched
        if self.update and conflicts:
            report.updated += 1
        self.documents[at] = merged
        import msgspec

        from armisticecli.model import Document as DocumentType

        self.fresh[matched] = msgspec.convert(merged, DocumentType, from_attributes=False)
        self._keys = None  # a record id or URL may have been added
        return matched

    def _fresh_id(self, doc: Document) -> Document:
        """``doc`` with an id no document of the catalogue has (``-2``, ``-3``...)."""
        import msgspec

        base, n, candidate = doc.id, 1, doc.id
        while candidate in self.where:
            n += 1
            candidate = f"{base}-{n}"
        return doc if candidate == doc.id else msgspec.structs.replace(doc, id=candidate)

    def _index_all(self) -> dict[tuple[str, str], str]:
        if self._keys is None:
            self._keys = {}
            for record in self.documents:
                self._index(record)
        return self._keys

    def _index(self, record: Any) -> None:
        assert self._keys is not None
        for key in _keys_of(record):
            self._keys.setdefault(key, record["id"])

    # -- people and publications -----------------------------------------------------------

    def add_person(self, person: Person) -> None:
        self.people.append(compact(person))
        self.known.append(person)
        self.changes.append(Change("add", "person", person.id, "", person.name))

    def add_publication(self, publication: Publication) -> None:
        listed: list[Any] = self.data.setdefault("publications", [])
        record = compact(publication)
        year = publication.published or ""
        for i, existing in enumerate(listed):
            if existing.get("id") != publication.id:
                continue
            if existing == record:
                return
            if self.update:
                listed[i] = record
                self.publications[publication.id] = publication
                self.changes.append(
                    Change("update", "publication", publication.id, year, publication.title)
                )
            return
        listed.append(record)
        self.publications[publication.id] = publication
        self.changes.append(Change("add", "publication", publication.id, year, publication.title))

    # -- the result ------------------------------------------------------------------------

    def check(self) -> None:
        """Raise CatalogueError unless what the import adds passes the checks of `korea
        validate` (the rest of the file passed them when it was opened)."""
        from armisticecli.validate import problems_of

        found = problems_of(
            list(enumerate(self.fresh.values())),
            list(enumerate(self.known)),
            [],
            list(enumerate(self.publications.values())),
            other_ids=self._other_ids(),
        )
        if found:  # a bug here, or a source whose words no catalogue can hold
            raise CatalogueError(
                f"the import would make an invalid catalogue ({found[0]}); "
                f"{self.target} was left as it was"
            )

    def _other_ids(self) -> set[str]:
        """The ids of the file's other documents, embedded ones too: relations may name them."""
        ids = {key for key in self.where if key not in self.fresh}
        for record in self.documents:
            if record["id"] in self.fresh:
                continue
            for relation in record.get("relations") or ():
                carried = relation.get("embedded") if isinstance(relation, dict) else None
                if isinstance(carried, dict) and isinstance(carried.get("id"), str):
                    ids.add(carried["id"])
        return ids

    def changed(self) -> bool:
        """Whether the import changes the file (else it is left as it is, layout too)."""
        return self.created or any(
            change.action in {"add", "update", "enrich"}
            or (change.action == "conflict" and self.update)
            for change in self.changes
        )

    def text(self) -> str:
        """The merged catalogue as JSON (its records as they were, new ones appended)."""
        import msgspec

        if not self.data.get("publications"):
            self.data.pop("publications", None)
        encoded = msgspec.json.format(msgspec.json.encode(self.data), indent=2) + b"\n"
        return encoded.decode("utf-8")


Convert = Callable[[T, "Linker", str, "Merge"], "Document | None"]
"""Makes one item of a source file a catalogue document (None: it cannot be one)."""


def import_matched(
    read: Callable[[], Sequence[tuple[str, str, Sequence[T]]]],
    convert: Convert[T],
    into: str | Path,
    *,
    update: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Merge the items of source files that describe documents a catalogue may hold
    already (Digital Archive pages, reference files).  ``read`` gives each file as (path,
    kind, items), every file read before anything is merged (one bad file: nothing
    written); each item is converted, then matched, enriched or added
    (:meth:`Merge.merge_document`); new people are added after each file."""
    from armisticecli.files import check_target
    from armisticecli.importers.linking import Linker

    check_target(into, field="into")
    files = read()
    merge = Merge.open(Path(into), update)
    report = ImportReport(merge.target, created=merge.created)
    linker = Linker(merge.known, None, taken={p["id"] for p in merge.people})
    for path, kind, items in files:
        name = Path(path).name
        file_report = SourceReport(name, path, kind=kind)
        added_before = len(linker.added)
        for item in items:
            file_report.documents += 1
            doc = convert(item, linker, name, merge)
            if doc is None:
                file_report.unreadable += 1
                continue
            merge.merge_document(doc, file_report)
        for person in linker.added[added_before:]:
            merge.add_person(person)
        file_report.people_added = len(linker.added) - added_before
        report.volumes.append(file_report)
    return finish(merge, report, dry_run)


def finish(merge: Merge, report: ImportReport, dry_run: bool) -> ImportReport:
    """Check the merged catalogue and write it in one atomic step (unless ``dry_run``)."""
    from armisticecli.files import write_text

    report.changes = merge.changes
    merge.check()
    if not dry_run and merge.changed():
        write_text(merge.target, merge.text())
        report.written = True
    return report


EMPTY: tuple[object, ...] = (None, "", (), [], False)
KEPT = frozenset({"id", "date", "type", "title"})
"""Fields written even when empty: the required ones (a document's type may be "")."""
NESTED = ("from", "to", "source")
"""A document's fields that hold records with optional fields of their own (footnotes
and page breaks have none left empty: a note's offset is null on purpose)."""
ADDED_TO = frozenset({"notes", "people", "places", "organizations", "collections"})
"""List fields a matched document gains items in (a new note is added, not a conflict)."""
NOT_COMPARED = frozenset({"id"})


def compact(record: Any) -> Any:
    """A record as JSON values, without the fields left empty (as a person writes them).

    msgspec makes the plain values (lists are tuples still, which encode alike); only
    the fields that may be empty are then looked at, not the notes and pages.
    """
    import msgspec

    value = msgspec.to_builtins(record)
    out = {key: item for key, item in value.items() if key in KEPT or item not in EMPTY}
    for key in NESTED:
        nested = out.get(key)
        if isinstance(nested, tuple | list):
            out[key] = [_dropped(item) for item in nested]
        elif isinstance(nested, dict):
            out[key] = _dropped(nested)
    return _as_json(out)


def _as_json(value: Any) -> Any:
    """Tuples as lists, as a record read from the file has them (so the two compare)."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_as_json(item) for item in value]
    return value


def _dropped(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {key: item for key, item in value.items() if item not in EMPTY}


def _keys_of(record: Any) -> list[tuple[str, str]]:
    """What identifies a document across sources, strongest first."""
    keys = []
    if record.get("record_id"):
        keys.append(("record", str(record["record_id"])))
    source = record.get("source") or {}
    if isinstance(source, dict) and source.get("url"):
        keys.append(("url", _url_key(source["url"])))
    keys.append(("title", f"{record.get('date')}\n{_title_key(record.get('title', ''))}"))
    return keys


def _url_key(url: str) -> str:
    """A URL as compared: no scheme, no "www.", no trailing slash, case-folded host."""
    rest = url.strip().split("://", 1)[-1]
    host, _, path = rest.partition("/")
    return host.lower().removeprefix("www.") + "/" + path.rstrip("/")


def _title_key(title: str) -> str:
    """A title as compared: typographic quotes as plain ones, spaces collapsed, case-folded."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
    return " ".join(str(title).translate(table).split()).casefold()


def _merged(
    old: dict[str, Any], new: dict[str, Any], update: bool
) -> tuple[dict[str, Any], list[str], list[tuple[str, Any, Any]]]:
    """``old`` with the fields of ``new`` it lacks; the names added; the conflicts.

    With ``update`` a conflicting value is replaced by the new one; without, kept.
    """
    merged = dict(old)
    added: list[str] = []
    conflicts: list[tuple[str, Any, Any]] = []
    for key, value in new.items():
        if key in NOT_COMPARED or value in EMPTY:
            continue
        before = old.get(key)
        if before in EMPTY or before is None:
            merged[key] = value
            added.append(key)
        elif key == "source" and isinstance(before, dict) and isinstance(value, dict):
            source, more, clashes = _merged(before, value, update)
            merged[key] = source
            added += [f"source.{name}" for name in more]
            conflicts += [(f"source.{name}", b, a) for name, b, a in clashes]
        elif key in ADDED_TO and isinstance(before, list | tuple):
            extra = [item for item in value if item not in before]
            if extra:
                merged[key] = [*before, *extra]
                added.append(key)
        elif not _same(key, before, value):
            conflicts.append((key, before, value))
            if update:
                merged[key] = value
    return merged, added, conflicts


def _same(key: str, before: Any, after: Any) -> bool:
    if before == after:
        return True
    if key == "type" and isinstance(before, str) and isinstance(after, str):
        return before.casefold() == after.casefold()  # "Telegram" and "telegram"
    if key in ("title", "summary") and isinstance(before, str) and isinstance(after, str):
        return _title_key(before) == _title_key(after)  # BibTeX writes a typographic quote plain
    if key == "url" and isinstance(before, str) and isinstance(after, str):
        return _url_key(before) == _url_key(after)
    if key in ("from", "to") and isinstance(before, list) and isinstance(after, list):
        # the same people, whatever name form each source gives them ("Filippov [Stalin]"
        # in the archive's title, "Joseph Stalin" in an export): the catalogue's form stays
        return [_party_key(p) for p in before] == [_party_key(p) for p in after]
    return False


def _party_key(party: Any) -> str:
    if not isinstance(party, dict):
        return repr(party)
    if party.get("person"):
        return f"person:{party['person']}"
    return "name:" + _title_key(str(party.get("name") or ""))


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")
