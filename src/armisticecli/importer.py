"""Import FRUS volumes into a catalogue: their documents, the volume, the people they name.

:func:`import_frus` reads each volume (:func:`armisticecli.frus.read_volume`),
turns every dated document into a catalogue :class:`~armisticecli.model.Document`
holding only what the volume states, links its senders and recipients to the
catalogue's people through the name authority, and merges the lot into the
catalogue file in one atomic write (:func:`armisticecli.files.write_text`).

- A document's id is ``{volume}-{doc_id}`` ("frus1951v07p2-d13"): a re-import
  gives the same ids.  A document already in the catalogue is skipped, or
  replaced with ``update``.
- A document the volume gives no date is skipped and counted: a catalogue
  document has a date.
- A name that resolves to one known person is linked; the link is marked
  inferred, with its basis, when the document does not name the person (a
  title held on the date, a surname).  A ``persName`` linked (``@corresp``) to
  the volume's list of persons whom the catalogue does not know becomes a
  new person, in the list's words.
- The existing file's records are written back as they were (only the
  layout is the importer's): the new catalogue is checked as ``korea
  validate`` checks it before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from armisticecli.errors import CatalogueError
from armisticecli.model import (
    DATE_PATTERN,
    ID_PATTERN,
    MAX_NAME_FORM,
    TIME_PATTERN,
    Document,
    Footnote,
    Identifier,
    PageBreak,
    Party,
    Person,
    Publication,
    Source,
    first_date,
    last_date,
)

if TYPE_CHECKING:
    from armisticecli import frus
    from armisticecli.catalogue import Catalogue
    from armisticecli.names import AuthorityIndex, Match

Progress = Callable[[int, int | None], None]
"""Receives (bytes so far, total or None) as a volume is downloaded."""
ProgressFor = Callable[[str], Progress | None]
"""Makes the progress callback for downloading one volume (given its id), or None."""
Action = Literal["add", "update", "unchanged", "skip"]

PERSONS_URL = "https://history.state.gov/historicaldocuments/{volume}/persons"
VOLUME_URL = "https://history.state.gov/historicaldocuments/{volume}"
SCHEME = "frus"
"""The scheme of a person's identifier in a FRUS volume's list: ``frus1951v07p2#p_AD1``."""
LINKED_STEPS = frozenset({"alias", "bracket", "part", "role"})
"""Name matches confident enough to link a sender or recipient; a near spelling is not
(a FRUS name is printed as the person wrote it, and a near one is another person)."""
GLOSS_STEPS = frozenset({"alias", "bracket", "role"})
"""A gloss ("the Secretary of State", "Joint Chiefs of Staff") names an office or a body:
never one word of someone's name."""
INVERTED = re.compile(r"^(?P<surname>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)*), (?P<given>[^,]+)$")
"""A list of persons' "Surname, Given" ("Acheson, Dean"; "Day, Henry B."); a second comma
("Smith, John, Jr.") or a digit is not clearly that form, and is kept as it stands."""
_DATE = re.compile(DATE_PATTERN)
_TIME = re.compile(TIME_PATTERN)
_ID = re.compile(ID_PATTERN)


@dataclass
class VolumeReport:
    """What one volume brought: counts for the summary line."""

    volume: str
    source: str
    documents: int = 0
    """Documents read from the volume."""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    """Already in the catalogue as they are (re-imported with ``update``)."""
    existing: int = 0
    """Already in the catalogue and kept (no ``update``)."""
    undated: int = 0
    """Skipped: the volume gives them no date."""
    unreadable: int = 0
    """Skipped: a date that is not a real calendar date, or no title."""
    notes: int = 0
    """Footnotes of the documents added or updated."""
    people_added: int = 0


@dataclass(frozen=True)
class Change:
    """One record the import adds, replaces, keeps or skips (a --dry-run line)."""

    action: Action
    kind: Literal["document", "person", "publication"]
    id: str
    date: str
    label: str
    """A document's title, a person's name, a volume's title."""


@dataclass
class ImportReport:
    """The outcome of :func:`import_frus`: per volume counts and every change."""

    path: Path
    created: bool
    """The catalogue file did not exist before."""
    written: bool = False
    volumes: list[VolumeReport] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def import_frus(
    sources: Sequence[str | Path],
    into: str | Path,
    *,
    update: bool = False,
    dry_run: bool = False,
    offline: bool = False,
    progress: ProgressFor | None = None,
) -> ImportReport:
    """Import FRUS volumes (files, or volume ids fetched into the cache) into ``into``.

    ``into`` is created when absent, with the bundled catalogue's people and
    events as its name authority.  ``update`` replaces documents (and
    volumes) already there; ``dry_run`` writes nothing.  Raises
    CatalogueError for an unreadable volume or an invalid catalogue, before
    anything is written.
    """
    from armisticecli.files import check_target, write_text

    check_target(into, field="into")
    target = Path(into)
    merge = _Merge.open(target, update)
    report = ImportReport(target, created=merge.created)
    for source in sources:
        path = _source_path(source, offline, progress)
        report.volumes.append(merge.add_volume(path, str(source)))
    report.changes = merge.changes
    merge.check()
    if not dry_run:
        write_text(target, merge.text())
        report.written = True
    return report


def _source_path(source: str | Path, offline: bool, progress: ProgressFor | None) -> Path:
    """A SOURCE's file: the path itself, or a volume id's file in the cache (downloaded)."""
    path = Path(source)
    text = str(source)
    if isinstance(source, Path) or path.exists():
        return path
    from armisticecli.download import fetch_volume, is_volume_id

    if not is_volume_id(text):
        return path  # read_volume says the file cannot be read
    return fetch_volume(text, offline=offline, progress=progress(text) if progress else None)


# -- the catalogue being merged into ------------------------------------------------------


class _Merge:
    """The target catalogue as plain JSON values (written back as they are), with the
    lookups an import needs: document ids, people, identifiers, publications."""

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
        """Documents imported in this run: a volume given twice is read once."""
        self.fresh: list[Document] = []
        """The documents added or replaced: checked before the file is written."""

    @classmethod
    def open(cls, target: Path, update: bool) -> _Merge:
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

    def add_volume(self, path: Path, source: str) -> VolumeReport:
        from armisticecli.frus import read_volume

        volume = read_volume(path)
        report = VolumeReport(volume.id, source)
        self._publication(publication_of(volume))
        linker = _Linker(self.known, volume, taken={p["id"] for p in self.people})
        for doc in volume.documents():
            report.documents += 1
            if doc.date is None:
                continue  # counted by the reader: volume.undated
            converted = document_of(doc, linker)
            if converted is None:
                report.unreadable += 1
                continue
            self._document(converted, report)
        report.undated = volume.undated
        for person in linker.added:
            self.people.append(_compact(person))
            self.known.append(person)
            self.changes.append(Change("add", "person", person.id, "", person.name))
        report.people_added = len(linker.added)
        return report

    def _document(self, doc: Document, report: VolumeReport) -> None:
        if doc.id in self.seen:
            return  # the same volume given twice in one run
        self.seen.add(doc.id)
        record = _compact(doc)
        at = self.where.get(doc.id)
        label = doc.title
        if at is None:
            self.where[doc.id] = len(self.documents)
            self.documents.append(record)
            self.fresh.append(doc)
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
            self.fresh.append(doc)
            report.updated += 1
            report.notes += len(doc.footnotes)
            self.changes.append(Change("update", "document", doc.id, doc.date, label))

    def _publication(self, publication: Publication) -> None:
        listed: list[Any] = self.data.setdefault("publications", [])
        record = _compact(publication)
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

    def check(self) -> None:
        """Raise CatalogueError unless what the import adds passes the checks of `korea
        validate` (the rest of the file passed them when it was opened).

        The records are made by :func:`document_of` and :class:`_Linker`, which
        check what the format's types require (ids, dates, times, names, titles);
        the checks of :func:`armisticecli.validate.problems_of` run here.
        """

        from armisticecli.validate import problems_of

        found = problems_of(
            list(enumerate(self.fresh)),
            list(enumerate(self.known)),
            [],
            list(enumerate(self.publications.values())),
        )
        if found:  # a bug here, or a volume whose words no catalogue can hold
            raise CatalogueError(
                f"the import would make an invalid catalogue ({found[0]}); "
                f"{self.target} was left as it was"
            )

    def text(self) -> str:
        """The merged catalogue as JSON (its records as they were, new ones appended)."""
        import msgspec

        if not self.data.get("publications"):
            self.data.pop("publications", None)
        encoded = msgspec.json.format(msgspec.json.encode(self.data), indent=2) + b"\n"
        return encoded.decode("utf-8")


EMPTY: tuple[object, ...] = (None, "", (), [], False)
KEPT = frozenset({"id", "date", "type", "title"})
"""Fields written even when empty: the required ones (a document's type may be "")."""
NESTED = ("from", "to", "source")
"""A document's fields that hold records with optional fields of their own (footnotes
and page breaks have none left empty: a note's offset is null on purpose)."""


def _compact(record: Any) -> Any:
    """A record as JSON values, without the fields left empty (as a person writes them).

    msgspec makes the plain values (lists are tuples still, which encode alike); only
    the fields that may be empty are then looked at, not the notes and pages.
    """
    import msgspec

    value = msgspec.to_builtins(record)
    out = {key: item for key, item in value.items() if key in KEPT or item not in EMPTY}
    for key in NESTED:
        nested = out.get(key)
        if isinstance(nested, tuple):
            out[key] = [_dropped(item) for item in nested]
        elif isinstance(nested, dict):
            out[key] = _dropped(nested)
    return out


def _dropped(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {key: item for key, item in value.items() if item not in EMPTY}


# -- one volume's records -----------------------------------------------------------------


def publication_of(volume: frus.Volume) -> Publication:
    """The volume as a catalogue publication: only what its teiHeader states."""
    if not _ID.match(volume.id):
        raise CatalogueError(f"{volume.path}: {volume.id!r} cannot be a volume's id")
    return Publication(
        id=volume.id,
        title=volume.title,
        series=volume.series or None,
        year=volume.sub_series or None,
        volume=volume.volume_number or None,
        volume_title=volume.volume_title or None,
        editors=volume.editors,
        general_editors=tuple(volume.general_editors),
        publisher=volume.publisher,
        place=volume.pub_place,
        published=volume.pub_year,
        url=VOLUME_URL.format(volume=volume.id),
    )


def document_of(doc: frus.FrusDocument, linker: _Linker) -> Document | None:
    """A FRUS document as a catalogue document, or None when its date or title cannot be
    one (a date that is not on the calendar, an empty head)."""
    day = doc.day
    if day is None or not _real_date(day) or not doc.title.strip() or not _ID.match(doc.id):
        return None
    date_end = None
    if doc.date_max is not None and doc.date_max[:10] != day:
        date_end = doc.date_max[:10]
        if not _real_date(date_end) or date_end < day:
            return None
    # A time is the document's own only when it is no period's start.
    when = doc.date if doc.date and len(doc.date) > 10 and doc.date_max is None else None
    if when is not None and not _TIME.match(when):
        when = None
    pages = doc.pages
    page_breaks = [PageBreak(ref.n, ref.offset) for ref in doc.page_refs]
    if pages and (not page_breaks or page_breaks[0].n != pages[0]):
        page_breaks.insert(0, PageBreak(pages[0], 0))
    return Document(
        id=doc.id,
        date=day,
        datetime=when,
        date_end=date_end,
        type=doc.type or "",
        title=doc.title,
        from_=tuple(linker.party(party, day) for party in doc.senders),
        to=tuple(linker.party(party, day) for party in doc.recipients),
        places=(doc.place,) if doc.place else (),
        source=Source(
            reference=doc.source_note,
            url=doc.url,
            publication=doc.volume,
            number=doc.number,
            pages=_page_range(pages),
        ),
        text=doc.text,
        footnotes=tuple(_footnotes(doc.notes)),
        page_breaks=tuple(page_breaks),
    )


def _footnotes(notes: Iterable[frus.Note]) -> Iterator[Footnote]:
    for note in notes:
        if not note.text.strip():
            continue  # an empty note says nothing (and a footnote has text)
        # A note on the heading is read before the text, so it stands at 0 (None: outside it).
        offset = note.offset or None
        yield Footnote(note.n, note.text, offset)


def _page_range(pages: Sequence[str]) -> str | None:
    if not pages:
        return None
    return pages[0] if len(pages) == 1 or pages[0] == pages[-1] else f"{pages[0]}–{pages[-1]}"


def _real_date(text: str) -> bool:
    from armisticecli.dates import parse_iso

    if not _DATE.match(text):
        return False
    try:
        parse_iso(text)
    except ValueError:
        return False
    return True


# -- names --------------------------------------------------------------------------------


class _Linker:
    """Senders and recipients of one volume, linked to the catalogue's people.

    Each distinct (name, kind, link, date) is resolved once.  People added
    from the volume's list are indexed apart (a small index, rebuilt when one
    is added), so that a later "Acheson" finds the Dean Acheson added earlier.
    """

    def __init__(self, people: Sequence[Person], volume: frus.Volume, taken: set[str]) -> None:
        from armisticecli.names import AuthorityIndex

        self.index = AuthorityIndex(people)
        self.volume = volume
        self.taken = set(taken) | {person.id for person in people}
        self.by_identifier = {
            ident.value: person.id
            for person in people
            for ident in person.identifiers
            if ident.scheme == SCHEME
        }
        self.added: list[Person] = []
        self._added_index: AuthorityIndex | None = None
        self._cache: dict[tuple[str, str, str | None, str], Party] = {}

    def party(self, party: frus.Party, day: str) -> Party:
        key = (party.name, party.kind, party.person_id, day)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._link(party, day)
        return found

    def _link(self, party: frus.Party, day: str) -> Party:
        if party.person_id is not None:
            listed = self._listed(party.person_id, day)
            if listed is not None:
                return Party(person=listed, name=party.name)
        match = self._confident(party.name, day, GLOSS_STEPS if party.kind == "gloss" else None)
        if match is None:
            return Party(name=party.name)
        basis = _basis(match, party.name, day)
        return Party(person=match.person_id, name=party.name, inferred=bool(basis), basis=basis)

    def _listed(self, person_id: str, day: str) -> str | None:
        """The catalogue person of an entry of the volume's list of persons: the one with
        its identifier, else the one its full name names, else a new one."""
        value = f"{self.volume.id}#{person_id}"
        known = self.by_identifier.get(value)
        if known is not None:
            return known
        entry = self.volume.persons.get(person_id)
        if entry is None or not entry.name.strip() or len(entry.name) > MAX_NAME_FORM:
            return None
        name = display_name(entry.name)
        for form in dict.fromkeys((name, entry.name)):
            match = self._confident(form, day, frozenset({"alias", "bracket"}))
            if match is not None and not match.inferred:
                self.by_identifier[value] = match.person_id
                return match.person_id
        person = Person(
            id=self._new_id(name),
            name=name,
            note=entry.identification or None,
            sources=(PERSONS_URL.format(volume=self.volume.id),),
            identifiers=(Identifier(SCHEME, value),),
            imported=self.volume.id,
        )
        self.added.append(person)
        self.taken.add(person.id)
        self.by_identifier[value] = person.id
        self._added_index = None
        self._cache.clear()  # a name that found no one may find the new person
        return person.id

    def _new_id(self, name: str) -> str:
        from armisticecli.text import words

        base = "-".join(words(name)) or "person"
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _confident(self, text: str, day: str, steps: frozenset[str] | None) -> Match | None:
        """The one person ``text`` names on ``day``, by a step in ``steps``, who was alive."""
        from armisticecli.names import AuthorityIndex

        allowed = LINKED_STEPS if steps is None else steps
        if self.added and self._added_index is None:
            self._added_index = AuthorityIndex(self.added)
        best: list[Match] = []
        for index in (self.index, self._added_index):
            found = index.resolve(text, on=day) if index is not None else None
            if found is None or not found.matches or found.matches[0].step not in allowed:
                continue
            if found.best is None:
                return None  # several people, equally good
            best.append(found.best)
        people = {match.person_id for match in best}
        if len(people) != 1 or not _alive(best[0].person, day):
            return None
        return best[0]


def _basis(match: Match, name: str, day: str) -> str | None:
    """Why a link the document does not state is believed; None when it states it."""
    if match.step == "role":
        return f"held the title {match.form} on {day}"
    if match.step == "part":
        return f"the one {name} among the catalogue's people"
    if match.inferred:
        return f"{match.form!r} is an inferred form of {match.person.name}'s name"
    return None


def _alive(person: Person, day: str) -> bool:
    """A sender or recipient lives on the document's day, as far as the dates say."""
    if person.born is not None and first_date(person.born).ljust(10, "-") > day:
        return False
    return not (person.died is not None and last_date(person.died).ljust(10, "~") < day)


def display_name(listed: str) -> str:
    """A list of persons' name in reading order: "Acheson, Dean" -> "Dean Acheson".

    Only the plain "Surname, Given" form is turned; anything else ("Kim Il-sung",
    "Smith, John, Jr.") is kept as the list gives it.
    """
    found = INVERTED.match(listed.strip())
    if found is None:
        return listed.strip()
    return f"{found['given'].strip()} {found['surname']}"
