"""The front door: one object that opens a catalogue and answers every question about it.

The command line and a Python user call the same methods and get the same
speed::

    >>> from armisticecli import Archive
    >>> archive = Archive.open()                      # the bundled catalogue
    >>> [hit.document.id for hit in archive.search("Filippov")][:2]
    ['cipher-3410', 'cipher-16293']
    >>> archive.get("114956").id                       # an archive record id
    'charge-telegram'
    >>> archive.get("ciphered telegram 3410").date     # words of a title
    '1951-06-05'

:meth:`Archive.open` chooses where documents are read from: memory for a
small catalogue, the on-disk SQLite index (:mod:`armisticecli.cache`) for a
large one, falling back to memory with a warning when the cache folder
cannot be written.  Names are resolved through the catalogue's authority
file wherever a method takes one (``Filter(people=...)``, :meth:`people`,
:meth:`search`), so "Filippov", "Chou En-lai" or a title held on a date
find the right person.  Errors are :class:`~armisticecli.errors.KoreaError`
subclasses that name the field and value at fault.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from armisticecli.catalogue import Catalogue, Directory, active_path, load
from armisticecli.choices import SortKey
from armisticecli.errors import AmbiguousError, KoreaError, NotFoundError, UsageError
from armisticecli.filters import DocumentFilter, Filter, date_range, read_date
from armisticecli.model import Document, Event, Person
from armisticecli.query import MAX_WORDS
from armisticecli.text import clean, fold, words

if TYPE_CHECKING:
    from armisticecli.dates import PartialDate
    from armisticecli.names import AuthorityIndex, Match
    from armisticecli.network import Network
    from armisticecli.relations import Related
    from armisticecli.search import EventHit, Hit, SearchIndex
    from armisticecli.sqlite_export import Written
    from armisticecli.store import Store
    from armisticecli.timeline import Entry

IndexMode = Literal["auto", "always", "never"]
"""Where documents are read from: ``auto`` uses the on-disk index for a catalogue of
``KOREA_CACHE_MIN_BYTES`` (4 MB) or more; ``always`` and ``never`` force the choice."""
Progress = Callable[[int, int], None]
"""Called with (documents indexed, total) while the on-disk index is built."""
FETCH_BATCH = 1024
"""Documents read from the index at a time while filtering."""
DID_YOU_MEAN_LIMIT = 100_000
"""Above this many documents, a missing id gets no "did you mean" (it would cost seconds)."""


MIN_BYTES_ENV = "KOREA_CACHE_MIN_BYTES"
DEFAULT_MIN_BYTES = 4 * 1024**2
"""Smaller catalogues are read into memory: faster than opening a database."""


def wants_index(path: Path) -> bool:
    """Whether a catalogue is big enough for the on-disk index to pay off."""
    text = os.environ.get(MIN_BYTES_ENV, "")
    threshold = int(text) if text.isdigit() else DEFAULT_MIN_BYTES
    try:
        return path.stat().st_size >= threshold
    except (OSError, ValueError):  # missing, unreadable, a NUL in the path: load says which
        return False


def _begins_words(title: Sequence[str], wanted: Sequence[str]) -> bool:
    """Whether every word of ``wanted`` begins a word of ``title``."""
    return all(any(word.startswith(prefix) for word in title) for prefix in wanted)


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise UsageError(f"must be at least 1, got {limit}", field="limit")


@dataclass(frozen=True)
class Listing:
    """Documents as listed, and how many there were before a limit cut the list."""

    documents: list[Document]
    total: int


class PersonEntry:
    """A person of the authority file and their documents in this catalogue.

    ``match`` says how a name given to :meth:`Archive.people` found them.
    The documents are read on first use, most relevant first: those the
    person sent or received, then those naming them, each by date.
    """

    def __init__(
        self, person: Person, match: Match | None, numbers: Sequence[int], store: Store
    ) -> None:
        self.person = person
        self.match = match
        self._numbers = numbers
        self._store = store

    @property
    def count(self) -> int:
        """How many documents involve the person."""
        return len(self._numbers)

    @cached_property
    def documents(self) -> list[Document]:
        return self._store.documents(self._numbers)

    @cached_property
    def document_ids(self) -> list[str]:
        return self._store.ids(self._numbers)

    def __repr__(self) -> str:
        return f"PersonEntry({self.person.id!r}, count={self.count})"


class Archive:
    """A catalogue, opened: documents, search, names, people, events and the timeline."""

    def __init__(
        self,
        catalogue: Catalogue | None = None,
        *,
        path: Path | None = None,
        index: IndexMode = "never",
        progress: Progress | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        """Prefer :meth:`open`; ``Archive(catalogue)`` wraps a catalogue already loaded."""
        if catalogue is None and path is None:
            raise ValueError("an Archive needs a catalogue or a path")
        self._catalogue = catalogue
        self.path = path if path is not None else (catalogue.path if catalogue else None)
        self._index = index
        self._progress = progress
        self._warn = warn
        self._store: Store | None = None

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        index: IndexMode = "auto",
        progress: Progress | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> Archive:
        """Open a catalogue: ``path``, else ``$KOREA_CATALOGUE``, else the bundled one.

        A small catalogue is read and checked at once (a bad one raises
        :class:`~armisticecli.errors.CatalogueError`).  A large one is read
        through its on-disk index: a current index is opened at once; a
        missing or stale one is built (``progress`` reports) when a question
        needs it, such as a search or a person's documents, while a plain
        listing reads the file.  ``warn`` receives a one-line message when
        the index cannot be written and memory is used instead (default:
        :func:`warnings.warn`).
        """
        file = active_path(path)
        if index not in ("auto", "always", "never"):
            raise KoreaError(f"choose auto, always or never, not {index!r}", field="index")
        if index == "auto":
            index = "always" if wants_index(file) else "never"
        if index == "never":
            return cls(load(file), path=file)
        archive = cls(path=file, index=index, progress=progress, warn=warn)
        from armisticecli.cache import open_current

        store = open_current(file, archive._say)  # a missing file raises the loader's error
        if store is not None:
            store.rebuild = archive._build_index  # if a read finds the index damaged
        archive._store = store
        return archive

    def close(self) -> None:
        """Close the on-disk index, if one is open (also on leaving a ``with`` block)."""
        close = getattr(self._store, "close", None)
        if close is not None:
            close()  # reading from it after raises sqlite3.ProgrammingError

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the archive holds ------------------------------------------

    @property
    def uses_index(self) -> bool:
        """Whether documents are read from the on-disk index."""
        from armisticecli.store import MemoryStore

        return self._store is not None and not isinstance(self._store, MemoryStore)

    @property
    def catalogue(self) -> Catalogue:
        """The whole catalogue in memory (read from the file on first use)."""
        if self._catalogue is None:
            self._catalogue = load(self.path)
        return self._catalogue

    @property
    def directory(self) -> Directory:
        """People, events and repository: what names, reasons and citations need."""
        if self._catalogue is not None:
            return self._catalogue
        return self._reader().directory

    def __len__(self) -> int:
        return self._reader().count

    def _reader(self, needs_index: bool = False) -> Store:
        """Where to read documents: the index when it is open, or when a question needs it
        and the archive uses one (it is built then); else the catalogue in memory."""
        if self._store is not None:
            return self._store
        if needs_index and self._index == "always":
            self._store = self._build_index()
            return self._store
        return self._memory

    @cached_property
    def _memory(self) -> Store:
        # Without the index, a search looks up its own words only (ScanStore): building
        # postings for every word would cost several times reading the catalogue.
        from armisticecli.store import ScanStore

        return ScanStore(self.catalogue)

    def _build_index(self) -> Store:
        """The index built (again), or memory when the cache folder cannot hold it."""
        from armisticecli.cache import IndexUntrusted, IndexUnwritable, open_store

        assert self.path is not None
        try:
            # open() has just looked for a current index: do not hash the file again.
            store = open_store(self.path, self._progress, known_stale=True, warn=self._say)
            store.rebuild = self._build_index  # if a read finds it damaged after all
            return store
        except IndexUnwritable as exc:
            # Slower, not wrong: a read-only, full or shared cache folder must not stop a search.
            trouble = (
                f"cannot trust the cache folder {clean(str(exc))}"
                if isinstance(exc, IndexUntrusted)
                else f"cannot write the search index ({clean(str(exc))})"
            )
            self._say(f"{trouble}; searching without it (KOREA_CACHE_DIR sets another folder)")
            if exc.catalogue is not None and self._catalogue is None:
                self._catalogue = exc.catalogue
            return self._memory

    def _say(self, message: str) -> None:
        if self._warn is not None:
            self._warn(message)
        else:
            import warnings

            warnings.warn(message, RuntimeWarning, stacklevel=3)

    @cached_property
    def names(self) -> AuthorityIndex:
        """The name authority: every form of every person's name."""
        from armisticecli.names import AuthorityIndex

        return AuthorityIndex(self.directory.people)

    # -- documents ----------------------------------------------------------

    def resolve(self, where: Filter | None) -> DocumentFilter:
        """A filter with its names resolved to people (NotFoundError / AmbiguousError)."""
        if where is None or where.is_empty():
            return DocumentFilter()
        if where.types:
            self._check_types(where.types)
        people: list[list[Match]] = []
        if where.people:
            from armisticecli.names import resolve_person

            people = [resolve_person(self.names, name) for name in where.people]
        return DocumentFilter(
            since=where.since,
            until=where.until,
            types=where.types,
            people=people,
            places=where.places,
        )

    def types(self) -> dict[str, int]:
        """The catalogue's document types with their counts, commonest first."""
        return self._reader().types

    def _check_types(self, wanted: Sequence[str]) -> None:
        """A type no document has is an error that lists the types there are."""
        from armisticecli.filters import type_matches

        known = self.types()
        for name in wanted:
            key = fold(" ".join(name.split()))
            if not any(type_matches(have, [key]) for have in known):
                listing = ", ".join(known) or "none (the catalogue is empty)"
                raise NotFoundError(
                    f"no document is of type {clean(name)[:80]!r}; the types are: {listing}",
                    field="type",
                )

    def documents(
        self,
        where: Filter | None = None,
        *,
        sort: SortKey = "date",
        reverse: bool = False,
        limit: int | None = None,
    ) -> list[Document]:
        """The documents that pass ``where``, sorted by date (partial dates at the start
        of their period) or title; the first ``limit``."""
        return self.listing(where, sort=sort, reverse=reverse, limit=limit).documents

    def listing(
        self,
        where: Filter | None = None,
        *,
        sort: SortKey = "date",
        reverse: bool = False,
        limit: int | None = None,
    ) -> Listing:
        """:meth:`documents`, with how many passed ``where`` before ``limit`` cut them
        (so a reader can be told "7 of 23")."""
        from armisticecli.filters import sort_documents

        _check_limit(limit)
        kept = sort_documents(self._select(where), sort, reverse)
        return Listing(kept if limit is None else kept[:limit], len(kept))

    def _select(self, where: Filter | None) -> list[Document]:
        """The documents that pass ``where``, in catalogue order."""
        # The store first: resolving names needs the people, which the index also holds.
        store = self._reader(needs_index=where is not None and bool(where.people))
        resolved = self.resolve(where)
        from armisticecli.store import MemoryStore

        if isinstance(store, MemoryStore):
            return resolved.apply(store.catalogue.documents)
        numbers = self._candidates(store, resolved)
        keep = resolved.predicate()
        kept: list[Document] = []
        for start in range(0, len(numbers), FETCH_BATCH):
            batch = store.documents(numbers[start : start + FETCH_BATCH])
            kept.extend(doc for doc in batch if keep(doc))
        return kept

    @staticmethod
    def _candidates(store: Store, where: DocumentFilter) -> Sequence[int]:
        """Document numbers that may pass: the people's documents, within the date range.

        Read from the index without decoding a document; the full filter runs after.
        """
        numbers: Sequence[int] = range(store.count)
        for matches in where.people:
            found: set[int] = set()
            for match in matches:
                links = store.person_documents(match.person_id)
                if match.step == "role":
                    found.update(n for n, _ in links if match.held_on(store.date(n)))
                else:
                    found.update(n for n, _ in links)
            numbers = sorted(found.intersection(numbers))
        if where.since is not None or where.until is not None:
            first = where.since.first_day().toordinal() if where.since else 0
            last = where.until.last_day().toordinal() if where.until else 1 << 30
            keys = store.date_keys
            # A date key packs (first day << 16 | length of the period in days).
            numbers = [
                n
                for n in numbers
                if keys[n] >> 16 <= last and (keys[n] >> 16) + (keys[n] & 0xFFFF) >= first
            ]
        return numbers

    def get(self, ref: str) -> Document:
        """A document by id, archive record id, or loose title ("ciphered telegram 3410").

        Every word of a loose title must begin a word of the title.  Raises
        NotFoundError (with a "did you mean") or AmbiguousError (with candidates).
        """
        key = ref.strip()
        if not key:
            raise UsageError(
                "an empty document reference: give an id, a record id or words of a title",
                field="ref",
            )
        store = self._reader()
        for number in (store.number_of(key), store.number_of(key.lower())):
            if number is not None:
                return store.documents([number])[0]
        number = store.number_of_record(key)
        if number is not None:
            return store.documents([number])[0]
        carried = self.directory.embedded.get(key)
        if carried is not None:  # a document that exists only inside another
            from armisticecli.relations import embedded_document

            return embedded_document(carried[0])
        shown = repr(clean(key)[:80])
        # Each word once (a repeat asks nothing more), the longest first: it rules out
        # the most titles, and a title is dropped at its first word that fails.
        wanted = sorted(dict.fromkeys(words(key)), key=len, reverse=True)
        if not wanted:
            raise NotFoundError(f"no document matches {shown}")
        if len(wanted) > MAX_WORDS:
            raise UsageError(
                f"{shown} has {len(wanted)} different words; the limit is {MAX_WORDS}: "
                "give an id, a record id or fewer words of the title",
                field="ref",
            )
        matches = [
            doc
            for doc in self._title_candidates(store, wanted)
            if _begins_words(words(doc.title), wanted)
        ]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousError(
                f"{shown} matches {len(matches):,} documents; give an id or more of the title",
                [(d.id, d.date, d.title) for d in matches],
                hint=self._name_hint(key),
                date_column=1,
            )
        hint = self._name_hint(key)
        near = f"; {hint}" if hint else self._did_you_mean(store, key)
        raise NotFoundError(f"no document matches {shown}{near}")

    def _name_hint(self, ref: str) -> str | None:
        """When a reference is a person's name, the command that was probably meant."""
        import shlex

        from armisticecli.names import MIN_FUZZY_LENGTH

        if len(ref) < MIN_FUZZY_LENGTH:
            return None
        resolution = self.names.resolve(ref)
        if not resolution.matches or resolution.matches[0].step == "role":
            return None
        return f"did you mean `korea people {shlex.quote(clean(ref))}`?"

    def get_many(self, refs: Iterable[str]) -> list[Document]:
        """:meth:`get` for each reference, in order."""
        return [self.get(ref) for ref in refs]

    @staticmethod
    def _title_candidates(store: Store, wanted: Sequence[str]) -> list[Document]:
        from armisticecli.store import FIELD_BITS, MemoryStore

        if isinstance(store, MemoryStore):
            return list(store.catalogue.documents)
        # Every title word is indexed: only documents holding a word that begins with
        # each query word can match (a superset; the title test above decides).
        title = FIELD_BITS["title"]
        numbers: set[int] | None = None
        for word in wanted:
            holding: set[int] = set()
            for term in store.terms_starting(word):  # in a title, not only in a text
                holding.update(n for n, bits in store.posting(term).items() if bits & title)
            numbers = holding if numbers is None else numbers & holding
            if not numbers:
                return []
        return store.documents(sorted(numbers or ()))

    @staticmethod
    def _did_you_mean(store: Store, key: str) -> str:
        if store.count > DID_YOU_MEAN_LIMIT:
            return "; try `korea search`"
        import difflib

        ids = store.ids(range(store.count))
        near = difflib.get_close_matches(key.lower(), ids, n=3, cutoff=0.6)
        return f"; did you mean {', '.join(near)}?" if near else "; try `korea search`"

    # -- search ---------------------------------------------------------------

    @cached_property
    def _search_index(self) -> SearchIndex:
        from armisticecli.search import SearchIndex

        return SearchIndex(self._reader(needs_index=True), self.names)

    @overload
    def search(
        self,
        query: str,
        where: Filter | None = None,
        limit: int | None = None,
        *,
        events: Literal[False] = False,
    ) -> Iterator[Hit]: ...
    @overload
    def search(
        self, query: str, where: Filter | None = None, limit: int | None = None, *, events: bool
    ) -> Iterator[Hit | EventHit]: ...

    def search(
        self,
        query: str,
        where: Filter | None = None,
        limit: int | None = None,
        *,
        events: bool = False,
    ) -> Iterator[Hit] | Iterator[Hit | EventHit]:
        """Documents matching ``query``, best first, each with a 0-100 score and why;
        with ``events``, the timeline's events whose titles match among them
        (:class:`EventHit`, ``kind == "event"``, scored alike; as in :meth:`events`,
        only the dates of ``where`` apply to them).

        The query syntax is :mod:`armisticecli.query`'s: words (all must
        match), "phrases", OR, AND, NOT and -word.  A query that asks for
        nothing raises :class:`UsageError` (field ``query``) here, before any
        hit is read.  Hits are produced as they are read: a caller that stops
        early pays for the ranking and the hits it read, not for every match.
        """
        _check_limit(limit)
        index = self._search_index  # the store first, then the names it holds
        resolved = self.resolve(where)
        keep = None if resolved.is_empty() else resolved.predicate()
        found = index.iter_hits(query, keep, limit)
        if not events:
            return found
        import heapq
        from itertools import islice

        from armisticecli.dates import date_key

        documents: Iterator[Hit | EventHit] = found
        matched: list[Hit | EventHit] = [*self.search_events(query, where, limit)]

        def rank(hit: Hit | EventHit) -> tuple[float, int]:
            return -hit.score, date_key(hit.date)

        # Both come best first, ties by date: merged, they still are.
        return islice(heapq.merge(documents, matched, key=rank), limit)

    def search_events(
        self, query: str, where: Filter | None = None, limit: int | None = None
    ) -> list[EventHit]:
        """The events whose titles match ``query``, best first (only the dates of
        ``where`` apply, as in :meth:`events`)."""
        from armisticecli.search import search_events

        _check_limit(limit)
        return search_events(self.events(where), query, self.names, limit)

    def export(self, where: Filter | None = None, query: str | None = None) -> list[Document]:
        """The documents to export, in date order: those passing ``where`` and, when
        ``query`` has words, matching it (through the index, as :meth:`search`)."""
        if query is None or not query.strip():
            return self.documents(where)
        index = self._search_index
        resolved = self.resolve(where)
        keep = None if resolved.is_empty() else resolved.predicate()
        from armisticecli.filters import sort_documents

        hits = index.iter_hits(query, keep, explain=False)
        return sort_documents(hit.document for hit in hits)

    # -- events and the timeline -------------------------------------------

    def export_sqlite(
        self,
        path: str | os.PathLike[str],
        where: Filter | None = None,
        query: str | None = None,
        metadata: str | os.PathLike[str] | None = None,
    ) -> Written:
        """The documents :meth:`export` would give (with those they carry), the people
        and events, as one SQLite file for Datasette; ``metadata``: its metadata file."""
        from armisticecli.sqlite_export import write

        documents = self.export(where, query)
        return write(self.directory, documents, path, self.embedded(where), metadata)

    def events(self, where: Filter | None = None) -> list[Event]:
        """The catalogue's context events, in date order; only ``where``'s dates apply."""
        from armisticecli.dates import bounds

        events: Iterable[Event] = self.directory.events
        if where is not None and (where.since or where.until):
            in_range = date_range(where.since, where.until)
            events = [event for event in events if in_range(event.date)]
        return sorted(events, key=lambda event: (bounds(event.date), event.id))

    def timeline(
        self, where: Filter | None = None, events: bool = False, embedded: bool = True
    ) -> list[Entry]:
        """Documents (and, with ``events``, context events) as timeline entries in date order;
        with ``embedded``, the documents carried inside others, at their own dates."""
        from armisticecli import timeline

        documents = self._select(where)
        carried = self.embedded(where) if embedded else []
        return timeline.build(documents, self.events(where) if events else (), carried)

    def embedded(self, where: Filter | None = None) -> list[tuple[Document, str]]:
        """The documents that exist only inside others, as documents, with their carriers'
        ids; ``where`` filters them by their own dates, types and people."""
        from armisticecli.relations import embedded_document

        directory = self.directory
        if not directory.embedded:
            return []
        keep = self.resolve(where).predicate()
        carried = [
            (embedded_document(inner), link.document) for inner, link in directory.embedded.values()
        ]
        return [(doc, carrier) for doc, carrier in carried if keep(doc)]

    def network(self, where: Filter | None = None, embedded: bool = True) -> Network:
        """Who wrote to whom in the documents that pass ``where`` (and, with ``embedded``,
        in the documents carried inside others, filtered by their own dates and people)."""
        from armisticecli.network import build

        carried = self.embedded(where) if embedded else []
        return build(self.directory, self._select(where), carried)

    def related(self, ref: str, depth: int = 1) -> tuple[Document, list[Related]]:
        """The document ``ref`` names (an embedded one too) and its relations both ways,
        then theirs, to ``depth`` steps."""
        from armisticecli.relations import walk

        if depth < 1:
            raise UsageError(f"must be 1 or more, not {depth}", field="depth")
        doc = self.get(ref)
        return doc, walk(self.directory, self._lookup, doc.id, depth)

    def _lookup(self, doc_id: str) -> Document | None:
        try:
            return self.get(doc_id)
        except KoreaError:
            return None

    # -- people -------------------------------------------------------------

    def people(
        self, name: str | None = None, on: str | PartialDate | None = None
    ) -> list[PersonEntry]:
        """Everyone in the authority file, or the people ``name`` may be (best first).

        ``name`` is any form: a pseudonym, transliteration, native script,
        a typo, or a title, resolved as held ``on`` a date when one is given.
        Without a date, a title's holders come with only the documents dated
        in their term.  Raises NotFoundError with the nearest names.
        """
        when = read_date(on, "on")
        if name is None and when is not None:
            raise UsageError(
                "needs a NAME: it resolves a title held on DATE "
                '(korea people "Soviet Premier" --on 1953-07-03)',
                field="on",
            )
        if name is not None and not name.strip():
            raise UsageError("an empty name: give a name, or none to list everyone", field="name")
        # Listing everyone reads what is at hand (memory, or an index already built):
        # building an index would cost more than counting once.  A name gets the index.
        store = self._reader(needs_index=name is not None)
        if name is None:
            return [
                PersonEntry(p, None, self._ranked(store, p.id), store)
                for p in self.directory.people
            ]
        resolution = self.names.resolve(name, when)
        if not resolution.matches:
            raise self.names.not_found(name, "name")
        entries = []
        for match in resolution.matches:
            numbers = self._ranked(store, match.person_id)
            if match.step == "role" and when is None:
                numbers = [n for n in numbers if match.held_on(store.date(n))]
            entries.append(PersonEntry(match.person, match, numbers, store))
        return entries

    @staticmethod
    def _ranked(store: Store, person_id: str) -> list[int]:
        """A person's documents: as sender or recipient first, then named; each by date."""
        links = store.person_documents(person_id)
        keys = store.date_keys
        return [n for n, _ in sorted(links, key=lambda link: (not link[1], keys[link[0]]))]

    def person(self, name: str) -> list[Match]:
        """The one person ``name`` means (or a title's holders): NotFoundError / AmbiguousError."""
        from armisticecli.names import resolve_person

        return resolve_person(self.names, name, field="name")

    # -- completion -----------------------------------------------------------

    def complete_ids(self, prefix: str, limit: int = 200) -> list[tuple[str, str]]:
        """Document ids that start with ``prefix``, with their titles, for shell completion."""
        store = self._reader()
        documents = store.documents(store.ids_starting(prefix, limit))
        return [(doc.id, clean(doc.title)[:60]) for doc in documents]

    def complete_types(self, prefix: str) -> list[tuple[str, str]]:
        """Document types that start with ``prefix`` (case ignored), with their counts."""
        folded = prefix.casefold()
        return [
            (name, f"{count} document{'s' * (count != 1)}")
            for name, count in self.types().items()
            if name.casefold().startswith(folded)
        ]

    def complete_names(self, prefix: str, limit: int = 200) -> list[tuple[str, str]]:
        """Person names, aliases and ids that start with ``prefix`` (case ignored)."""
        folded = prefix.casefold()
        found = []
        for person in self.directory.people:
            forms = (person.name, *(a.name for a in person.aliases), person.id)
            exact = [f for f in forms if f.startswith(prefix)]
            loose = [f for f in forms if f.casefold().startswith(folded)]
            if exact or loose:
                found.append(((exact or loose)[0], clean(person.name)))
        return found[:limit]
