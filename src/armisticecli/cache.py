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

The index is derived data, so it is never trusted further than it is checked.
On open, its tables must be exactly those korea writes, with the row counts
its meta records, and the meta must decode to what it holds; every read
checks what it reads (a document decodes, a posting stays inside the
catalogue).  Anything else means the file was damaged or edited: it is
discarded, with one line of warning, and built again from the catalogue,
and the read that found it is answered from the new index (:class:`IndexDamaged`).
An index or cache folder that another user could have written is not read at
all (:func:`untrusted`): a forged index in a shared folder must not put
forged documents on the screen.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import sqlite3
import stat as stat_
import sys
import tempfile
import threading
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from armisticecli.catalogue import Catalogue, Directory, load, parse, read_bytes
from armisticecli.errors import CatalogueError
from armisticecli.files import host, sweep_leftovers
from armisticecli.model import Document, Event, Link, Person, Publication, building_records
from armisticecli.store import (
    FIELDS,
    count_types,
    date_keys,
    field_postings,
    merge_fields,
    people_links,
)
from armisticecli.text import clean

if TYPE_CHECKING:
    from armisticecli.store import Store

SCHEMA_VERSION = "10"
"""6: postings hold the fields a word is in (one byte per document), not weighted
counts; meta holds the count of each document type.  7: meta holds the row count of
every table ("rows"), checked on open with the tables' own definitions.  8: meta holds
the publications (FRUS volumes) that citations need.  9: a document's full text is
indexed, as a seventh field bit ("text").  10: meta holds the documents' relations
("links"), which ``related``, the timeline and the network read without the documents."""
CHUNK = 65536
"""Documents per postings chunk: bounds memory while building."""
Progress = Callable[[int, int], None]
Warn = Callable[[str], None]
"""Receives a one-line warning: an index that was discarded and is built again."""

TABLES = {
    "meta": "CREATE TABLE meta (key TEXT PRIMARY KEY, value)",
    "postings": "CREATE TABLE postings (term TEXT, chunk INTEGER, docs BLOB, fields BLOB)",
    "people": "CREATE TABLE people (person TEXT, chunk INTEGER, docs BLOB, parties BLOB)",
    "docs": "CREATE TABLE docs (n INTEGER PRIMARY KEY, id TEXT, record_id TEXT, body BLOB)",
    "terms": "CREATE TABLE terms (term TEXT PRIMARY KEY) WITHOUT ROWID",
}
INDEXES = {
    "postings_term": "CREATE INDEX postings_term ON postings (term, chunk)",
    "people_person": "CREATE INDEX people_person ON people (person, chunk)",
    "docs_id": "CREATE INDEX docs_id ON docs (id)",
    "docs_record_id": (
        "CREATE INDEX docs_record_id ON docs (record_id) WHERE record_id IS NOT NULL"
    ),
}
"""The index's schema, as written and as it must read back (``sqlite_master``)."""
META_KEYS = frozenset(
    {"version", "source", "size", "signature", "hash", "count", "rows", "date_keys",
     "dates", "types", "people", "events", "repository", "title", "publications", "links"}
)  # fmt: skip
FIELD_BYTES = bytes(range(1, 1 << len(FIELDS)))
"""The values a posting's byte of field bits can take: at least one field, no other bit."""
_R = TypeVar("_R")


class IndexDamaged(Exception):
    """The index file does not hold what korea wrote: it is discarded and built again.

    Raised by the checks of :class:`SqliteStore`; the store itself catches it
    (and SQLite's and msgspec's errors), so a caller sees a warning and the
    right answer, never this.
    """


class IndexUnwritable(Exception):
    """The index cannot be written (a read-only or full cache folder): search without it.

    ``catalogue`` is the catalogue, when it was loaded before the write failed,
    so that the search without the index need not read it again.
    """

    def __init__(self, message: str, catalogue: Catalogue | None = None) -> None:
        super().__init__(message)
        self.catalogue = catalogue


class IndexUntrusted(IndexUnwritable):
    """The cache folder could have been written by another user: no index is read or
    written there (searching without it is slower, never wrong)."""


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


DAMAGE = (IndexDamaged, sqlite3.DatabaseError, msgspec.DecodeError)
"""What reading a damaged index raises (sqlite3.ProgrammingError, a misuse, excepted)."""


def _recovering(method: Callable[..., _R]) -> Callable[..., _R]:
    """A read of :class:`SqliteStore` that, when it finds the index damaged, discards it
    and answers from the index built again (document numbers are the catalogue's, so
    the answer is the same)."""
    name = method.__name__

    @functools.wraps(method)
    def read(self: SqliteStore, *args: Any) -> _R:
        if self._replacement is None:
            try:
                return method(self, *args)
            except sqlite3.ProgrammingError:
                raise  # a closed store, or a bug: not the file's fault
            except DAMAGE as exc:
                self._replace(exc)
        result: _R = getattr(self._replacement, name)(*args)
        return result

    return read


class SqliteStore:
    """A :class:`~armisticecli.store.Store` read from an index file.

    Opening checks the file's shape (:func:`check_shape`); each read checks
    what it reads.  When a read finds damage, the file is discarded with one
    warning, ``rebuild`` (default: build the index again) gives the store
    that answers from then on, and the read is answered from it.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path | None = None,
        source: Path | None = None,
        warn: Warn | None = None,
    ) -> None:
        self._db = connection
        self.path = path
        self._source = source
        self._warn = warn
        self._inode = _inode(path)
        self._replacement: Store | None = None
        self._final = False  # a store built to replace a damaged one: damage is an error
        self._lock = threading.Lock()
        self.rebuild: Callable[[], Store] | None = None
        """Gives the store that replaces a damaged one (the Archive falls back to memory)."""
        # Read the file through memory mapping: fetching 350,000 scattered documents
        # takes 0.9 s instead of 1.6 s of read() calls (SQLite caps the size itself).
        self._db.execute("PRAGMA mmap_size = 1099511627776")
        meta = check_shape(self._db)
        self.meta = meta
        people = msgspec.json.decode(meta["people"], type=tuple[Person, ...])
        events = msgspec.json.decode(meta["events"], type=tuple[Event, ...])
        publications = msgspec.json.decode(meta["publications"], type=tuple[Publication, ...])
        # People, events, repository and publications: for names, reasons and citations.
        self.directory = Directory(
            people,
            events,
            meta["repository"] or None,
            meta.get("title") or None,
            publications,
            links=self._links,
        )
        self.types = msgspec.json.decode(meta["types"], type=dict[str, int])
        self.count = int(meta["count"])
        if sum(self.types.values()) != self.count or min(self.types.values(), default=1) < 1:
            raise IndexDamaged("the type counts do not add up to the documents")
        self.date_keys = array("q")
        self.date_keys.frombytes(meta["date_keys"])
        self._dates: list[str] | None = None
        self._decoder = msgspec.json.Decoder(Document)

    # -- damage -------------------------------------------------------------------------

    def _replace(self, damage: Exception) -> None:
        """Discard the damaged index (one warning) and build the store that replaces it."""
        with self._lock:
            if self._replacement is not None:
                return
            if self._final:
                raise CatalogueError(
                    f"the search index {self.path} was damaged again as soon as it was "
                    f"built ({_reason(damage)}); KOREA_CACHE_DIR sets another folder"
                ) from None
            self._db.close()
            if self.path is not None:
                discard(self.path, _reason(damage), self._warn, self._inode)
            replacement = self.rebuild() if self.rebuild is not None else self._build_again()
            if isinstance(replacement, SqliteStore):
                replacement._final = True
            self._replacement = replacement

    def _build_again(self) -> Store:
        if self._source is None:
            raise CatalogueError("the search index is damaged; open the catalogue again")
        return open_store(self._source, known_stale=True, warn=self._warn)

    def _check_numbers(self, numbers: array[int], blob: bytes, chunk: object) -> None:
        """Document numbers of one chunk of postings: inside the chunk and the catalogue.

        A chunk's numbers share their upper 16 bits (the chunk), so two byte
        counts check them all at C speed; only the last, partial chunk needs a
        maximum (``min`` and ``max`` of a 65,536-number array cost milliseconds).
        """
        if not isinstance(chunk, int) or not 0 <= chunk * CHUNK < max(self.count, 1):
            raise IndexDamaged(f"a chunk number is {chunk!r}")
        if not numbers:
            return
        if numbers.itemsize == 4 and CHUNK == 1 << 16:
            low, high = (2, 3) if sys.byteorder == "little" else (1, 0)
            inside = (
                blob[low::4].count(chunk & 0xFF) == len(numbers) == blob[high::4].count(chunk >> 8)
            )
        else:
            inside = min(numbers) >= chunk * CHUNK and max(numbers) < (chunk + 1) * CHUNK
        if not inside or ((chunk + 1) * CHUNK > self.count and max(numbers) >= self.count):
            raise IndexDamaged(f"a posting of chunk {chunk} points outside it")

    # -- reads --------------------------------------------------------------------------

    @property
    def vocabulary(self) -> list[str]:
        if self._replacement is None:
            try:
                return self._vocabulary()
            except sqlite3.ProgrammingError:
                raise
            except DAMAGE as exc:
                self._replace(exc)
        assert self._replacement is not None
        return self._replacement.vocabulary

    def _vocabulary(self) -> list[str]:
        terms = [term for (term,) in self._db.execute("SELECT term FROM terms ORDER BY term")]
        if not all(isinstance(term, str) for term in terms):
            raise IndexDamaged("a term is not text")
        return terms

    def close(self) -> None:
        """Close the index file; the store cannot be read after."""
        self._db.close()
        close = getattr(self._replacement, "close", None)
        if close is not None:
            close()

    @_recovering
    def ids_starting(self, prefix: str, limit: int) -> list[int]:
        rows = self._db.execute(
            "SELECT n FROM docs WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [self._number(n) for (n,) in rows]

    @_recovering
    def has_term(self, term: str) -> bool:
        row = self._db.execute("SELECT 1 FROM terms WHERE term = ?", (term,)).fetchone()
        return row is not None

    @_recovering
    def terms_starting(self, prefix: str, limit: int | None = None) -> list[str]:
        rows = self._db.execute(
            "SELECT term FROM terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
            (prefix, prefix + "\U0010ffff", -1 if limit is None else limit),
        )
        terms = [term for (term,) in rows]
        if not all(isinstance(term, str) for term in terms):
            raise IndexDamaged("a term is not text")
        return terms

    @_recovering
    def posting(self, term: str) -> dict[int, int]:
        result: dict[int, int] = {}
        for chunk, docs, fields in self._db.execute(
            "SELECT chunk, docs, fields FROM postings WHERE term = ? ORDER BY chunk", (term,)
        ):
            numbers = _packed("i", docs)
            self._check_numbers(numbers, docs, chunk)
            if not isinstance(fields, bytes) or len(fields) != len(numbers):
                raise IndexDamaged(f"the postings of {term!r} have fields of another length")
            if fields.translate(None, FIELD_BYTES):
                raise IndexDamaged(f"the postings of {term!r} name fields that do not exist")
            result.update(zip(numbers, fields, strict=True))  # one byte of field bits each
        return result

    def _links(self) -> tuple[Link, ...]:
        """Every relation, read from the index when first asked for; a damaged copy is
        discarded as any damage is, and the relations come from the store that replaces
        it (a store's directory has them)."""
        if self._replacement is None:
            try:
                row = self._db.execute("SELECT value FROM meta WHERE key = 'links'").fetchone()
                return msgspec.json.decode(row[0], type=tuple[Link, ...])
            except sqlite3.ProgrammingError:
                raise
            except (*DAMAGE, msgspec.DecodeError, msgspec.ValidationError, TypeError) as exc:
                self._replace(IndexDamaged(f"the relations cannot be read ({exc})"))
        assert self._replacement is not None
        return self._replacement.directory.links

    @_recovering
    def date(self, number: int) -> str:
        if self._dates is None:  # read only for titles held on a date
            (blob,) = self._db.execute("SELECT value FROM meta WHERE key = 'dates'").fetchone()
            if not isinstance(blob, bytes):
                raise IndexDamaged("the dates are not a blob")
            dates = blob.decode("ascii", "replace").split("\n")
            if len(dates) != self.count:
                raise IndexDamaged(f"{len(dates)} dates for {self.count} documents")
            self._dates = dates
        return self._dates[number]

    @_recovering
    def person_documents(self, person_id: str) -> list[tuple[int, bool]]:
        links: list[tuple[int, bool]] = []
        for chunk, docs, parties in self._db.execute(
            "SELECT chunk, docs, parties FROM people WHERE person = ? ORDER BY chunk",
            (person_id,),
        ):
            numbers = _packed("i", docs)
            self._check_numbers(numbers, docs, chunk)
            if not isinstance(parties, bytes) or len(parties) != len(numbers):
                raise IndexDamaged(f"the links of {person_id!r} have parties of another length")
            if parties.translate(None, b"\x00\x01"):
                raise IndexDamaged(
                    f"the documents of {person_id!r} have a party that is not 0 or 1"
                )
            links.extend(zip(numbers, (bool(b) for b in parties), strict=True))
        return links

    @_recovering
    def documents(self, numbers: Sequence[int]) -> list[Document]:
        found: dict[int, Document] = {}
        for start in range(0, len(numbers), 900):  # SQLite's bound-parameter limit
            part = numbers[start : start + 900]
            marks = ",".join("?" * len(part))
            for number, doc_id, body in self._db.execute(
                f"SELECT n, id, body FROM docs WHERE n IN ({marks})", tuple(part)
            ):
                if not isinstance(body, bytes):
                    raise IndexDamaged(f"document {number} is not a blob")
                doc = self._decoder.decode(body)
                if doc.id != doc_id:
                    raise IndexDamaged(f"document {number} is {doc.id!r}, filed as {doc_id!r}")
                found[number] = doc
        missing = [n for n in numbers if n not in found]
        if missing:
            raise IndexDamaged(f"document {missing[0]} is missing")
        return [found[n] for n in numbers]

    @_recovering
    def ids(self, numbers: Sequence[int]) -> list[str]:
        found: dict[int, str] = {}
        for start in range(0, len(numbers), 900):
            part = numbers[start : start + 900]
            marks = ",".join("?" * len(part))
            found.update(
                self._db.execute(f"SELECT n, id FROM docs WHERE n IN ({marks})", tuple(part))
            )
        missing = [n for n in numbers if not isinstance(found.get(n), str)]
        if missing:
            raise IndexDamaged(f"the id of document {missing[0]} is missing")
        return [found[n] for n in numbers]

    @_recovering
    def number_of(self, doc_id: str) -> int | None:
        row = self._db.execute("SELECT n FROM docs WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else self._number(row[0])

    @_recovering
    def number_of_record(self, record_id: str) -> int | None:
        row = self._db.execute(
            "SELECT n FROM docs WHERE record_id = ? ORDER BY n LIMIT 1", (record_id,)
        ).fetchone()
        return None if row is None else self._number(row[0])

    def _number(self, number: object) -> int:
        if not isinstance(number, int) or not 0 <= number < self.count:
            raise IndexDamaged(f"a document number is {number!r}")
        return number


def _packed(typecode: str, blob: object) -> array[int]:
    """An array stored as bytes, or IndexDamaged."""
    if not isinstance(blob, bytes):
        raise IndexDamaged(f"a packed array is {type(blob).__name__}, not bytes")
    numbers = array(typecode)
    if len(blob) % numbers.itemsize:
        raise IndexDamaged(f"a packed array of {len(blob)} bytes")
    numbers.frombytes(blob)
    return numbers


def check_shape(db: sqlite3.Connection) -> dict[str, Any]:
    """The meta of an index whose shape is what korea writes, else IndexDamaged.

    Checked: the schema (tables and indexes, as created), the meta keys and
    their types, each table's row count against the count recorded when it was
    written, and the per-document arrays against the number of documents.  A
    few milliseconds for a million documents (SQLite counts rows from its
    smallest b-tree).
    """
    schema = {
        name: sql
        for name, sql in db.execute("SELECT name, sql FROM sqlite_master")
        if sql is not None  # the automatic index of a primary key
    }
    expected = {**TABLES, **INDEXES}
    if schema != expected:
        extra = sorted(set(schema) - set(expected))
        lost = sorted(name for name in expected if schema.get(name) != expected[name])
        what = f"table or index {lost[0]} is missing or altered" if lost else f"{extra[0]} is extra"
        raise IndexDamaged(what)
    meta = dict(db.execute("SELECT key, value FROM meta WHERE key NOT IN ('dates', 'links')"))
    meta["dates"] = None  # read when a title held on a date is resolved (SqliteStore.date)
    # Relations are read when asked for (related, the timeline, the network): a volume of
    # cross-references would otherwise be decoded by every search.
    kind = db.execute("SELECT typeof(value) FROM meta WHERE key = 'links'").fetchone()
    if kind is not None:
        if kind[0] not in ("text", "blob"):
            raise IndexDamaged(f"meta 'links' is {kind[0]}")
        meta["links"] = None
    missing = sorted(META_KEYS - set(meta))
    if missing:
        raise IndexDamaged(f"meta has no {missing[0]!r}")
    text = ("version", "source", "size", "signature", "hash", "count", "repository", "title")
    for key in (*text, "rows", "types", "people", "events", "publications"):
        if not isinstance(meta[key], str if key in text else (str, bytes)):
            raise IndexDamaged(f"meta {key!r} is {type(meta[key]).__name__}")
    if not isinstance(meta["date_keys"], bytes):
        raise IndexDamaged("meta 'date_keys' is not a blob")
    count = meta["count"]
    if not (count.isascii() and count.isdigit()):
        raise IndexDamaged(f"meta 'count' is {count[:20]!r}")
    rows = msgspec.json.decode(meta["rows"], type=dict[str, int])
    rows["docs"] = int(count)
    for table in ("docs", "postings", "people", "terms"):
        (found,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
        if found != rows.get(table):
            raise IndexDamaged(f"{table} holds {found} rows, not {rows.get(table)}")
    if int(count) and db.execute("SELECT max(n) FROM docs").fetchone()[0] != int(count) - 1:
        raise IndexDamaged("the documents are not numbered from 0")
    if len(meta["date_keys"]) != 8 * int(count):
        raise IndexDamaged(f"{len(meta['date_keys'])} bytes of date keys for {count} documents")
    return meta


def open_current(catalogue_path: Path, warn: Warn | None = None) -> SqliteStore | None:
    """The index of a catalogue if one is built and current, else None (nothing is built).

    An index that is damaged, or that another user could have written, is
    discarded (``warn`` gets one line) and None returned; in a folder that
    another user could write, nothing is read at all (:func:`build` says why).
    """
    try:
        stat = catalogue_path.stat()
        target = index_path(catalogue_path)
    except (OSError, ValueError):
        load(catalogue_path)  # raises the loader's own clear error
        raise
    store = _open_if_current(target, catalogue_path, stat, warn)
    if store is not None:
        _mark_used(target)
    return store


def open_store(
    catalogue_path: Path,
    progress: Progress | None = None,
    *,
    known_stale: bool = False,
    warn: Warn | None = None,
) -> SqliteStore:
    """The index of a catalogue, built or rebuilt first if it is missing or stale.

    ``known_stale``: the caller has just found no current index
    (:func:`open_current`), so it is not looked for (and the file hashed) again.
    ``warn`` receives one line when a damaged index is discarded (default:
    :func:`warnings.warn`).  Raises :class:`IndexUnwritable` (or
    :class:`IndexUntrusted`) when the index cannot be kept in the cache folder.
    """
    if not known_stale:
        store = open_current(catalogue_path, warn)
        if store is not None:
            return store
    target = index_path(catalogue_path)
    for _ in range(2):
        build(catalogue_path, target, progress)
        store = _open_if_current(target, catalogue_path, catalogue_path.stat(), warn)
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


def _open_if_current(
    target: Path, source: Path, stat: os.stat_result, warn: Warn | None = None
) -> SqliteStore | None:
    try:
        if untrusted(target.parent.stat()) is not None:
            return None  # not read at all: build() refuses the folder, with the reason
        status = target.stat()
    except OSError:
        return None
    if not stat_.S_ISREG(status.st_mode):
        return None
    problem = untrusted(status)
    if problem is not None:
        discard(target, problem, warn, status.st_ino)
        return None
    try:
        # Read-only and serialised by SQLite: an Archive may be used from another thread.
        connection = _connect_read_only(target, check_same_thread=False)
    except sqlite3.Error as exc:
        discard(target, _reason(exc), warn, status.st_ino)
        return None
    try:
        rows = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchall()
        if rows != [(SCHEMA_VERSION,)]:
            connection.close()  # another version of korea wrote it: rebuilt, no warning
            if not rows:
                raise IndexDamaged("meta has no 'version'")
            return None
        store = SqliteStore(connection, target, source, warn)
    except DAMAGE as exc:
        connection.close()
        discard(target, _reason(exc), warn, status.st_ino)
        return None
    if store.meta["signature"] != _signature(stat):
        # Moved, copied or touched: the same bytes keep the index; anything else rebuilds it.
        if store.meta["size"] != str(stat.st_size) or store.meta["hash"] != content_hash(source):
            store.close()
            return None
        _record_signature(target, stat)
    return store


def _inode(path: Path | None) -> int | None:
    if path is None:
        return None
    try:
        return path.stat().st_ino
    except OSError:
        return None


def _reason(exc: BaseException) -> str:
    """What was wrong with an index, in a few words."""
    if isinstance(exc, msgspec.DecodeError):
        return f"a record does not decode: {exc}"
    return str(exc) or type(exc).__name__


def discard(path: Path, reason: str, warn: Warn | None, inode: int | None = None) -> None:
    """Remove an index that cannot be used, and say so in one line.

    ``inode``: the file that was found wanting; if another process has renamed
    a new index into place since, that one is kept.
    """
    _say(warn, f"discarded the search index {path} ({reason}); it is built again")
    with contextlib.suppress(OSError):
        if inode is None or path.stat().st_ino == inode:
            path.unlink()


def _say(warn: Warn | None, message: str) -> None:
    if warn is not None:
        warn(clean(message))
    else:
        import warnings

        warnings.warn(clean(message), RuntimeWarning, stacklevel=4)


def untrusted(status: os.stat_result) -> str | None:
    """Why a file or folder that another user could have written is not trusted, else None.

    As ssh does for its keys and git for ``safe.directory``: it must belong to
    you (or to root, who could write anything anyway) and be writable by
    nobody else.  A folder writable by its group is accepted when the group is
    your own private group (one named after you, with no other members, as
    Debian and Fedora give each user).  A sticky world-writable folder (/tmp)
    is refused too: others cannot replace your files there, but they can
    create the file before you.  Not checked on Windows, where a profile's
    folders are private and modes do not say who may write.
    """
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return None
    if status.st_uid not in (geteuid(), 0):
        return f"it belongs to another user (uid {status.st_uid})"
    mode = stat_.S_IMODE(status.st_mode)
    if mode & 0o002:
        return f"every user can write it (mode {mode:04o})"
    if mode & 0o020 and not _private_group(status.st_gid):
        return f"its group can write it (gid {status.st_gid}, mode {mode:04o})"
    return None


def _private_group(gid: int) -> bool:
    """Whether ``gid`` is the current user's own group, with nobody else in it."""
    try:
        import grp
        import pwd

        user = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(gid)
    except (ImportError, KeyError):
        return False
    return (
        gid == user.pw_gid
        and group.gr_name == user.pw_name
        and all(member == user.pw_name for member in group.gr_mem)
    )


def _record_signature(target: Path, stat: os.stat_result) -> None:
    """Remember a new signature for unchanged content, so it is not hashed again."""
    with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(target)) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'signature'", (_signature(stat),))
        db.commit()


def build(catalogue_path: Path, target: Path, progress: Progress | None = None) -> None:
    """Load and validate the catalogue, then write its index atomically to ``target``."""
    # The folder is tried first: an unwritable one is found before the catalogue is read.
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # private when korea makes it
        problem = untrusted(folder.stat())
    except OSError as exc:
        raise IndexUnwritable(f"{folder}: {exc.strerror or exc}") from None
    if problem is not None:
        raise IndexUntrusted(f"{folder}: {problem}")
    try:
        prune(folder, keep=target)
        # Named by its writer, so the next build removes it if that process was killed.
        prefix = f".building-{os.getpid()}@{host()}."
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".sqlite")
        os.close(handle)
    except OSError as exc:
        raise IndexUnwritable(f"{folder}: {exc.strerror or exc}") from None
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
    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
    for table in TABLES.values():
        db.execute(table)
    rows = {"postings": 0, "people": 0}
    documents = catalogue.documents
    total = len(documents)
    encoder = msgspec.json.Encoder()
    name = catalogue.person_name
    vocabulary: set[str] = set()
    for chunk, start in enumerate(range(0, total, CHUNK)):
        part = documents[start : start + CHUNK]
        fields = field_postings(
            part, name, start, None if progress is None else _offset(progress, start, total)
        )
        terms = _merged(fields)
        db.executemany(
            "INSERT INTO postings VALUES (?, ?, ?, ?)",
            ((term, chunk, docs, bits) for term, (docs, bits) in terms.items()),
        )
        rows["postings"] += len(terms)
        vocabulary.update(terms)
        people = people_links(part, start)
        db.executemany(
            "INSERT INTO people VALUES (?, ?, ?, ?)",
            ((p, chunk, array("i", d).tobytes(), bytes(f)) for p, (d, f) in people.items()),
        )
        rows["people"] += len(people)
        db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?)",
            ((n, doc.id, doc.record_id, encoder.encode(doc)) for n, doc in enumerate(part, start)),
        )
    db.executemany("INSERT INTO terms VALUES (?)", ((term,) for term in sorted(vocabulary)))
    for index in INDEXES.values():
        db.execute(index)
    rows["terms"] = len(vocabulary)
    meta: dict[str, object] = {
        "version": SCHEMA_VERSION,
        "source": str(catalogue.path.resolve()) if catalogue.path else "",
        "size": str(stat.st_size),
        "signature": _signature(stat),
        "hash": digest,
        "count": str(total),
        "rows": encoder.encode(rows),  # the docs are "count"
        "date_keys": array("q", date_keys(documents)).tobytes(),
        "dates": "\n".join(doc.date for doc in documents).encode("ascii"),
        "types": encoder.encode(count_types(documents)),
        "people": encoder.encode(catalogue.people),
        "events": encoder.encode(catalogue.events),
        "publications": encoder.encode(catalogue.publications),
        "links": encoder.encode(catalogue.links),
        "repository": catalogue.repository or "",
        "title": catalogue.title or "",
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.commit()
    db.close()


def _merged(fields: list[dict[str, list[int]]]) -> dict[str, tuple[bytes, bytes]]:
    """Each term of a chunk's postings, field by field, with the documents that hold it
    (packed) and the fields each holds it in (a byte each), as a search reads them.

    Merged here, once, for the few terms in more than one field (a name in titles,
    summaries and people): merging them at every search made a common word's
    documents take two to three times as long to read.
    """
    merged: dict[str, tuple[bytes, bytes]] = {}
    owners: dict[str, list[int]] = {}
    for field, terms in enumerate(fields):
        for term in terms:
            owners.setdefault(term, []).append(field)
    for term, held in owners.items():
        if len(held) == 1:
            numbers = fields[held[0]][term]
            merged[term] = (array("i", numbers).tobytes(), bytes((1 << held[0],)) * len(numbers))
            continue
        found = merge_fields((1 << field, fields[field][term]) for field in held)
        ordered = sorted(found)
        merged[term] = (array("i", ordered).tobytes(), bytes(map(found.__getitem__, ordered)))
    return merged


def _offset(progress: Progress, start: int, total: int) -> Callable[[int], None]:
    """``progress`` told of the documents read of a chunk that starts at ``start``."""
    return lambda done: progress(start + done, total)


BUILDING = re.compile(r"\.building-(?P<pid>[0-9]+)@(?P<host>[A-Za-z0-9-]*)\.[A-Za-z0-9_]+\.sqlite")
"""The temporary file of a build: it names the process that writes it."""
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
    :data:`UNUSED_DAYS` days, goes, and so does the temporary file of a build
    that was killed (its name holds the builder's pid and host: at once when
    that process is gone, after a day when it ran on another machine).
    """
    import time

    folder = directory if directory is not None else cache_dir()
    try:
        if untrusted(folder.stat()) is not None:
            return []  # not korea's to tidy: another user could have put anything there
    except OSError:
        return []
    now = time.time()
    removed = sweep_leftovers(folder, BUILDING)  # of builds killed outright (SIGKILL)
    for leftover in folder.glob(".building-*.sqlite"):  # another machine's, or older names
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
    return row is None or not isinstance(row[0], str) or not row[0] or Path(row[0]).exists()
