"""The derived on-disk search index: SQLite, built on first use, rebuilt on change.

A large catalogue takes seconds to decode and index; its index is kept in
the user's cache directory (platformdirs; ``KOREA_CACHE_DIR`` overrides) in
a file named after the catalogue's path.  The file records the catalogue's
size, inode, mtime and ctime, and its content hash (BLAKE2b).  When they all
match, the index is used; when the signature differs but the hash matches (a
touched or copied file) the index is kept; otherwise it is rebuilt.  It is written to a
temporary file and renamed into place, so a kill leaves no corrupt index.

Postings are stored per term and per chunk of documents as packed arrays,
so a query reads a few blobs instead of millions of rows.  Documents are
stored one row each (msgspec JSON) and fetched only for the hits shown.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tempfile
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from armisticecli.catalogue import Catalogue, Directory, load, parse, read_bytes
from armisticecli.dates import date_key
from armisticecli.errors import CatalogueError
from armisticecli.model import Document, Event, Person, building_records
from armisticecli.store import count_types, document_terms, person_links

SCHEMA_VERSION = "6"
"""6: postings hold the fields a word is in (one byte per document), not weighted
counts; meta holds the count of each document type."""
CHUNK = 65536
"""Documents per postings chunk: bounds memory while building."""
Progress = Callable[[int, int], None]


class IndexUnwritable(Exception):
    """The index cannot be written (a read-only or full cache folder): search without it.

    ``catalogue`` is the catalogue, when it was loaded before the write failed,
    so that the search without the index need not read it again.
    """

    def __init__(self, message: str, catalogue: Catalogue | None = None) -> None:
        super().__init__(message)
        self.catalogue = catalogue


def cache_dir() -> Path:
    """Where indexes live: $KOREA_CACHE_DIR, else the platform's user cache folder."""
    override = os.environ.get("KOREA_CACHE_DIR", "")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("korea", appauthor=False))


def index_path(catalogue_path: Path) -> Path:
    """The index file of a catalogue: named by a hash of its absolute path."""
    key = hashlib.blake2b(str(catalogue_path.resolve()).encode(), digest_size=12).hexdigest()
    return cache_dir() / f"index-{key}.sqlite"


def content_hash(path: Path) -> str:
    """The BLAKE2b digest of a file, read in blocks (as :func:`build` hashes its bytes)."""
    digest = hashlib.blake2b(digest_size=20)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class SqliteStore:
    """A :class:`~armisticecli.store.Store` read from an index file."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        # Read the file through memory mapping: fetching 350,000 scattered documents
        # takes 0.9 s instead of 1.6 s of read() calls (SQLite caps the size itself).
        self._db.execute("PRAGMA mmap_size = 1099511627776")
        meta = dict(self._db.execute("SELECT key, value FROM meta WHERE key != 'dates'"))
        people = msgspec.json.decode(meta["people"], type=tuple[Person, ...])
        events = msgspec.json.decode(meta["events"], type=tuple[Event, ...])
        # People, events and repository: for names, reasons and citations.
        self.directory = Directory(
            people, events, meta["repository"] or None, meta.get("title") or None
        )
        self.types = msgspec.json.decode(meta["types"], type=dict[str, int])
        self.count = int(meta["count"])
        self.date_keys = array("q")
        self.date_keys.frombytes(meta["date_keys"])
        self._dates: list[str] | None = None
        self._decoder = msgspec.json.Decoder(Document)

    @property
    def vocabulary(self) -> list[str]:
        return [term for (term,) in self._db.execute("SELECT term FROM terms ORDER BY term")]

    def close(self) -> None:
        """Close the index file; the store cannot be read after."""
        self._db.close()

    def ids_starting(self, prefix: str, limit: int) -> list[int]:
        rows = self._db.execute(
            "SELECT n FROM docs WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [n for (n,) in rows]

    def has_term(self, term: str) -> bool:
        row = self._db.execute("SELECT 1 FROM terms WHERE term = ?", (term,)).fetchone()
        return row is not None

    def terms_starting(self, prefix: str, limit: int | None = None) -> list[str]:
        rows = self._db.execute(
            "SELECT term FROM terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
            (prefix, prefix + "\U0010ffff", -1 if limit is None else limit),
        )
        return [term for (term,) in rows]

    def posting(self, term: str) -> dict[int, int]:
        result: dict[int, int] = {}
        for docs, fields in self._db.execute(
            "SELECT docs, fields FROM postings WHERE term = ? ORDER BY chunk", (term,)
        ):
            numbers = array("i")
            numbers.frombytes(docs)
            result.update(zip(numbers, fields, strict=True))  # one byte of field bits each
        return result

    def date(self, number: int) -> str:
        if self._dates is None:  # read only for titles held on a date
            (blob,) = self._db.execute("SELECT value FROM meta WHERE key = 'dates'").fetchone()
            self._dates = bytes(blob).decode("ascii").split("\n")
        return self._dates[number]

    def person_documents(self, person_id: str) -> list[tuple[int, bool]]:
        links: list[tuple[int, bool]] = []
        for docs, parties in self._db.execute(
            "SELECT docs, parties FROM people WHERE person = ? ORDER BY chunk", (person_id,)
        ):
            numbers = array("i")
            numbers.frombytes(docs)
            links.extend(zip(numbers, (bool(b) for b in parties), strict=True))
        return links

    def documents(self, numbers: Sequence[int]) -> list[Document]:
        found: dict[int, Document] = {}
        for start in range(0, len(numbers), 900):  # SQLite's bound-parameter limit
            part = numbers[start : start + 900]
            marks = ",".join("?" * len(part))
            for number, body in self._db.execute(
                f"SELECT n, body FROM docs WHERE n IN ({marks})", tuple(part)
            ):
                found[number] = self._decoder.decode(body)
        return [found[n] for n in numbers]

    def ids(self, numbers: Sequence[int]) -> list[str]:
        found: dict[int, str] = {}
        for start in range(0, len(numbers), 900):
            part = numbers[start : start + 900]
            marks = ",".join("?" * len(part))
            found.update(
                self._db.execute(f"SELECT n, id FROM docs WHERE n IN ({marks})", tuple(part))
            )
        return [found[n] for n in numbers]

    def number_of(self, doc_id: str) -> int | None:
        row = self._db.execute("SELECT n FROM docs WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else int(row[0])

    def number_of_record(self, record_id: str) -> int | None:
        row = self._db.execute(
            "SELECT n FROM docs WHERE record_id = ? ORDER BY n LIMIT 1", (record_id,)
        ).fetchone()
        return None if row is None else int(row[0])


def open_current(catalogue_path: Path) -> SqliteStore | None:
    """The index of a catalogue if one is built and current, else None (nothing is built)."""
    try:
        stat = catalogue_path.stat()
        target = index_path(catalogue_path)
    except (OSError, ValueError):
        load(catalogue_path)  # raises the loader's own clear error
        raise
    store = _open_if_current(target, catalogue_path, stat)
    if store is not None:
        _mark_used(target)
    return store


def open_store(
    catalogue_path: Path, progress: Progress | None = None, *, known_stale: bool = False
) -> SqliteStore:
    """The index of a catalogue, built or rebuilt first if it is missing or stale.

    ``known_stale``: the caller has just found no current index
    (:func:`open_current`), so it is not looked for (and the file hashed) again.
    """
    if not known_stale:
        store = open_current(catalogue_path)
        if store is not None:
            return store
    target = index_path(catalogue_path)
    for _ in range(2):
        build(catalogue_path, target, progress)
        store = _open_if_current(target, catalogue_path, catalogue_path.stat())
        if store is not None:
            return store
        # The catalogue changed while it was indexed (an editor saving it): the index
        # holds the old content.  Once more with the new content; a file that keeps
        # changing is reported rather than indexed for ever.
    raise CatalogueError(
        f"{catalogue_path}: the search index could not be built: the file changed while "
        "it was read, twice"
    )


def _connect_read_only(path: Path, check_same_thread: bool = True) -> sqlite3.Connection:
    """Open an index file read-only, whatever characters its path holds.

    A URI is the only way to ask SQLite for read-only, and in a URI ``#``,
    ``?`` and ``%`` are syntax: the path is percent-encoded (``as_uri``), or a
    cache folder named ``C#`` would open a file named ``C``.
    """
    uri = path.absolute().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, check_same_thread=check_same_thread)


def _signature(stat: os.stat_result) -> str:
    """What changes whenever a file's content may have: size, inode, mtime and ctime.

    ctime cannot be set back by a program (``cp -p`` or ``touch -d`` restore
    mtime, not ctime), so an edit that keeps size and mtime is still noticed.
    """
    return f"{stat.st_size}:{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_ctime_ns}"


def _open_if_current(target: Path, source: Path, stat: os.stat_result) -> SqliteStore | None:
    if not target.is_file():
        return None
    try:
        # Read-only and serialised by SQLite: an Archive may be used from another thread.
        connection = _connect_read_only(target, check_same_thread=False)
        meta = dict(
            connection.execute(
                "SELECT key, value FROM meta WHERE key IN ('version', 'size', 'signature', 'hash')"
            )
        )
    except sqlite3.Error:
        return None
    if meta.get("version") != SCHEMA_VERSION:
        connection.close()
        return None
    if meta.get("signature") != _signature(stat):
        # Moved, copied or touched: the same bytes keep the index; anything else rebuilds it.
        if meta.get("size") != str(stat.st_size) or meta.get("hash") != content_hash(source):
            connection.close()
            return None
        _record_signature(target, stat)
    try:
        return SqliteStore(connection)
    except (sqlite3.Error, KeyError, msgspec.DecodeError, msgspec.ValidationError):
        connection.close()
        return None


def _record_signature(target: Path, stat: os.stat_result) -> None:
    """Remember a new signature for unchanged content, so it is not hashed again."""
    with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(target)) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'signature'", (_signature(stat),))
        db.commit()


def build(catalogue_path: Path, target: Path, progress: Progress | None = None) -> None:
    """Load and validate the catalogue, then write its index atomically to ``target``."""
    # The folder is tried first: an unwritable one is found before the catalogue is read.
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        prune(target.parent, keep=target)
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=".building-", suffix=".sqlite"
        )
        os.close(handle)
    except OSError as exc:
        raise IndexUnwritable(f"{target.parent}: {exc.strerror or exc}") from None
    try:
        # The file is read once: hashed and decoded from the same bytes.  Its signature
        # is taken first, so an edit made while it is read is seen as a change next time.
        try:
            stat = catalogue_path.stat()
        except (OSError, ValueError):
            read_bytes(catalogue_path)  # raises the loader's own clear error
            raise
        raw = read_bytes(catalogue_path)  # a folder, unreadable, too large: CatalogueError
        digest = hashlib.blake2b(raw, digest_size=20).hexdigest()
        catalogue = parse(raw, catalogue_path)  # a bad catalogue is the loader's clear error
        del raw
        try:
            with building_records():  # postings for millions of documents; nothing cyclic
                _write(catalogue, Path(temporary), stat, digest, progress)
            os.replace(temporary, target)
        except (OSError, sqlite3.OperationalError) as exc:  # a full disk, an I/O error
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise IndexUnwritable(f"{target.parent}: {reason}", catalogue) from None
    except BaseException:  # whatever stopped the build, no temporary file is left behind
        Path(temporary).unlink(missing_ok=True)
        raise


def _write(
    catalogue: Catalogue,
    path: Path,
    stat: os.stat_result,
    digest: str,
    progress: Progress | None,
) -> None:
    db = sqlite3.connect(path)
    db.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value);
        CREATE TABLE postings (term TEXT, chunk INTEGER, docs BLOB, fields BLOB);
        CREATE TABLE people (person TEXT, chunk INTEGER, docs BLOB, parties BLOB);
        CREATE TABLE docs (n INTEGER PRIMARY KEY, id TEXT, record_id TEXT, body BLOB);
        CREATE TABLE terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
        """
    )
    documents = catalogue.documents
    total = len(documents)
    encoder = msgspec.json.Encoder()
    name = catalogue.person_name
    vocabulary: set[str] = set()
    for chunk, start in enumerate(range(0, total, CHUNK)):
        part = documents[start : start + CHUNK]
        postings: dict[str, tuple[array[int], bytearray]] = {}
        people: dict[str, tuple[array[int], bytearray]] = {}
        for number, doc in enumerate(part, start):
            for term, fields in document_terms(doc, name).items():
                entry = postings.get(term)
                if entry is None:
                    entry = postings[term] = (array("i"), bytearray())
                entry[0].append(number)
                entry[1].append(fields)
            for person_id, party in person_links(doc):
                link = people.get(person_id)
                if link is None:
                    link = people[person_id] = (array("i"), bytearray())
                link[0].append(number)
                link[1].append(1 if party else 0)
        db.executemany(
            "INSERT INTO postings VALUES (?, ?, ?, ?)",
            ((t, chunk, d.tobytes(), bytes(f)) for t, (d, f) in postings.items()),
        )
        db.executemany(
            "INSERT INTO people VALUES (?, ?, ?, ?)",
            ((p, chunk, d.tobytes(), bytes(f)) for p, (d, f) in people.items()),
        )
        db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?)",
            ((n, doc.id, doc.record_id, encoder.encode(doc)) for n, doc in enumerate(part, start)),
        )
        vocabulary.update(postings)
        if progress is not None:
            progress(min(start + CHUNK, total), total)
    db.executemany("INSERT INTO terms VALUES (?)", ((term,) for term in sorted(vocabulary)))
    db.execute("CREATE INDEX postings_term ON postings (term, chunk)")
    db.execute("CREATE INDEX people_person ON people (person, chunk)")
    db.execute("CREATE INDEX docs_id ON docs (id)")
    db.execute("CREATE INDEX docs_record_id ON docs (record_id) WHERE record_id IS NOT NULL")
    meta: dict[str, object] = {
        "version": SCHEMA_VERSION,
        "source": str(catalogue.path.resolve()) if catalogue.path else "",
        "size": str(stat.st_size),
        "signature": _signature(stat),
        "hash": digest,
        "count": str(total),
        "date_keys": array("q", (date_key(doc.date) for doc in documents)).tobytes(),
        "dates": "\n".join(doc.date for doc in documents).encode("ascii"),
        "types": encoder.encode(count_types(documents)),
        "people": encoder.encode(catalogue.people),
        "events": encoder.encode(catalogue.events),
        "repository": catalogue.repository or "",
        "title": catalogue.title or "",
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.commit()
    db.close()


UNUSED_DAYS = 30
"""An index not used for this long is removed when another index is built."""


def _mark_used(target: Path) -> None:
    """Record a use in the file's mtime: what :func:`prune` reads to find unused indexes."""
    with contextlib.suppress(OSError):
        os.utime(target)


def prune(directory: Path | None = None, keep: Path | None = None) -> list[Path]:
    """Remove the indexes that are no longer worth their space; return what was removed.

    Called whenever an index is built, so the cache stays bounded: an index
    whose catalogue no longer exists, or that was not used for
    :data:`UNUSED_DAYS` days, goes, and so does a temporary file left by a
    build that was killed a day or more ago.
    """
    import time

    folder = directory if directory is not None else cache_dir()
    now = time.time()
    removed: list[Path] = []
    for leftover in folder.glob(".building-*.sqlite"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < now - 86400:
                leftover.unlink()
                removed.append(leftover)
    for index in folder.glob("index-*.sqlite"):
        if keep is not None and index == keep:
            continue
        with contextlib.suppress(OSError):
            unused = index.stat().st_mtime < now - UNUSED_DAYS * 86400
            if unused or not _source_exists(index):
                index.unlink()
                removed.append(index)
    return removed


def _source_exists(index: Path) -> bool:
    """Whether the catalogue an index was built from is still there (True when unsure)."""
    try:
        with contextlib.closing(_connect_read_only(index)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
    except sqlite3.Error:
        return False  # not an index at all: a broken file is not worth keeping
    return row is None or not row[0] or Path(row[0]).exists()
