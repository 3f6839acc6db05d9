"""A catalogue as one SQLite file, shaped for Datasette (and sqlite-utils).

:func:`write` makes the file and :func:`metadata` the Datasette metadata beside
it.  The schema (documented in the README, and in the metadata's column
descriptions, which Datasette shows):

- ``documents``: one row a document (and one a document embedded in another,
  with ``carried_in``), its date split into ``year``, ``month`` and ``day`` so
  that a partial date facets honestly ("1951" has no month), its full text,
  ``people`` (a JSON array of person ids, for Datasette's array facet) and
  ``names`` (every form of every linked person's name: the full-text index finds
  "Filippov" in a document that says "Stalin").
- ``people``, ``aliases`` (person, form, kind, script or system), ``roles``
  (person, title, from, to).
- ``document_people``: document, person (null for an office or body named
  alone), role (sender, recipient, relay, copy, named) and the name form the
  document uses.
- ``events``; ``relations`` (conveys, replies-to, refers-to, via).
- ``documents_fts``: an FTS5 index over title, summary, text and names, built as
  sqlite-utils' ``enable_fts`` builds one (``content=documents``), so Datasette's
  search box uses it.

Foreign keys are declared, so Datasette links rows.  The file is written beside
its target and moved into place, so a failure leaves an old file as it was.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from armisticecli.catalogue import Directory
from armisticecli.model import Document, Party

SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    record_id TEXT,
    date TEXT NOT NULL,
    year INTEGER,
    month INTEGER,
    day INTEGER,
    datetime TEXT,
    date_end TEXT,
    type TEXT,
    title TEXT NOT NULL,
    summary TEXT,
    archive TEXT,
    reference TEXT,
    credit TEXT,
    translators TEXT,
    url TEXT,
    publication TEXT,
    number TEXT,
    pages TEXT,
    language TEXT,
    places TEXT,
    organizations TEXT,
    notes TEXT,
    people TEXT,
    names TEXT,
    carried_in TEXT REFERENCES documents(id),
    text TEXT
);
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    born TEXT,
    died TEXT,
    note TEXT,
    imported TEXT
);
CREATE TABLE aliases (
    person_id TEXT NOT NULL REFERENCES people(id),
    form TEXT NOT NULL,
    kind TEXT,
    system TEXT,
    note TEXT,
    inferred INTEGER
);
CREATE TABLE roles (
    person_id TEXT NOT NULL REFERENCES people(id),
    title TEXT NOT NULL,
    "from" TEXT,
    "to" TEXT,
    inferred INTEGER
);
CREATE TABLE document_people (
    document_id TEXT NOT NULL REFERENCES documents(id),
    person_id TEXT REFERENCES people(id),
    role TEXT NOT NULL,
    name_form TEXT,
    inferred INTEGER
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    year INTEGER,
    title TEXT NOT NULL
);
CREATE TABLE relations (
    document_id TEXT NOT NULL REFERENCES documents(id),
    type TEXT NOT NULL,
    target_id TEXT REFERENCES documents(id),
    person_id TEXT REFERENCES people(id),
    name TEXT,
    url TEXT,
    label TEXT,
    source TEXT,
    inferred INTEGER,
    basis TEXT
);
"""
INDEXES = """
CREATE INDEX document_people_document ON document_people (document_id);
CREATE INDEX document_people_person ON document_people (person_id);
CREATE INDEX aliases_person ON aliases (person_id);
CREATE INDEX roles_person ON roles (person_id);
CREATE INDEX relations_document ON relations (document_id);
CREATE INDEX documents_year ON documents (year);
CREATE INDEX documents_type ON documents (type);
"""
FTS = """
CREATE VIRTUAL TABLE documents_fts USING FTS5 (
    title, summary, text, names, content=[documents]
);
INSERT INTO documents_fts (rowid, title, summary, text, names)
    SELECT rowid, title, summary, text, names FROM documents;
"""
"""sqlite-utils' ``enable_fts(["title", "summary", "text", "names"], fts_version="FTS5")``."""
DOCUMENT_COLUMNS = (
    "id", "record_id", "date", "year", "month", "day", "datetime", "date_end", "type",
    "title", "summary", "archive", "reference", "credit", "translators", "url",
    "publication", "number", "pages", "language", "places", "organizations", "notes",
    "people", "names", "carried_in", "text",
)  # fmt: skip


@dataclass(frozen=True)
class Written:
    path: Path
    metadata: Path | None
    documents: int
    people: int


def write(
    directory: Directory,
    documents: Sequence[Document],
    path: str | os.PathLike[str],
    embedded: Iterable[tuple[Document, str]] = (),
    metadata_path: str | os.PathLike[str] | None = None,
) -> Written:
    """Write ``documents`` (and ``embedded`` ones, with their carriers' ids) and the
    catalogue's people and events to a new SQLite file at ``path``, atomically; and,
    with ``metadata_path``, Datasette's metadata for it."""
    import sqlite3
    import tempfile

    target = Path(path)
    carried = list(embedded)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    os.close(handle)
    try:
        db = sqlite3.connect(temporary)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(SCHEMA)
            kept = {doc.id for doc in documents}
            rows = [_document_row(directory, doc, None) for doc in documents]
            rows += [
                _document_row(directory, doc, carrier)
                for doc, carrier in carried
                if carrier in kept
            ]
            marks = ", ".join("?" * len(DOCUMENT_COLUMNS))
            db.executemany(f"INSERT INTO documents VALUES ({marks})", rows)
            ids = {row[0] for row in rows}
            db.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?)", _people(directory))
            db.executemany("INSERT INTO aliases VALUES (?, ?, ?, ?, ?, ?)", _aliases(directory))
            db.executemany("INSERT INTO roles VALUES (?, ?, ?, ?, ?)", _roles(directory))
            everyone = {person.id for person in directory.people}
            db.executemany(
                "INSERT INTO document_people VALUES (?, ?, ?, ?, ?)",
                _document_people(directory, documents, carried, ids, everyone),
            )
            db.executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?)",
                ((e.id, e.date, int(e.date[:4]), e.title) for e in directory.events),
            )
            db.executemany(
                "INSERT INTO relations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _relations(directory, ids, everyone),
            )
            db.executescript(INDEXES)
            db.executescript(FTS)
            db.commit()
        finally:
            db.close()
        mask = os.umask(0)
        os.umask(mask)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~mask
        os.chmod(temporary, mode)  # mkstemp's 0600 would hide the file from a web server
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    meta = None
    if metadata_path is not None:
        from armisticecli.files import write_text

        meta = Path(metadata_path)
        text = json.dumps(metadata(directory, target.stem), ensure_ascii=False, indent=2)
        write_text(meta, text + "\n")
    return Written(target, meta, len(rows), len(directory.people))


def metadata_beside(database: str | os.PathLike[str]) -> str:
    """Where Datasette's metadata goes by default: korea.db -> korea.metadata.json."""
    path = Path(database)
    return str(path.with_name(f"{path.stem}.metadata.json"))


def _json(values: Sequence[str]) -> str | None:
    return json.dumps(list(values), ensure_ascii=False) if values else None


def _document_row(directory: Directory, doc: Document, carrier: str | None) -> tuple[Any, ...]:
    from armisticecli.dates import parse_iso

    when = parse_iso(doc.date)
    source = doc.source
    people = list(
        dict.fromkeys([p.person for p in (*doc.from_, *doc.to) if p.person] + list(doc.people))
    )
    names: list[str] = []
    for person_id in people:
        person = directory.person_by_id.get(person_id)
        if person is not None:
            names.append(person.name)
            names.extend(alias.name for alias in person.aliases)
    return (
        doc.id,
        doc.record_id,
        doc.date,
        when.year,
        when.month,
        when.day,
        doc.datetime,
        doc.date_end,
        doc.type or None,
        doc.title,
        doc.summary or None,
        source.archive if source else None,
        source.reference if source else None,
        source.credit if source else None,
        _json(source.translators) if source else None,
        source.url if source else None,
        source.publication if source else None,
        source.number if source else None,
        source.pages if source else None,
        doc.language,
        _json(doc.places),
        _json(doc.organizations),
        "\n".join(doc.notes) or None,
        _json(people),
        " ".join(dict.fromkeys(names)) or None,
        carrier,
        doc.text or None,
    )


def _people(directory: Directory) -> Iterator[tuple[Any, ...]]:
    for person in directory.people:
        born = person.born if isinstance(person.born, str) else None
        died = person.died if isinstance(person.died, str) else None
        yield person.id, person.name, born, died, person.note, person.imported


def _aliases(directory: Directory) -> Iterator[tuple[Any, ...]]:
    for person in directory.people:
        for alias in person.aliases:
            yield person.id, alias.name, alias.kind, alias.system, alias.note, alias.inferred


def _roles(directory: Directory) -> Iterator[tuple[Any, ...]]:
    for person in directory.people:
        for role in person.roles:
            start = role.from_ if isinstance(role.from_, str) else None
            end = role.to if isinstance(role.to, str) else None
            yield person.id, role.title, start, end, role.inferred


def _document_people(
    directory: Directory,
    documents: Sequence[Document],
    carried: Sequence[tuple[Document, str]],
    ids: set[str],
    everyone: set[str],
) -> Iterator[tuple[Any, ...]]:
    """Each document's people and their part in it: sender, recipient, relay (a ``via``
    relation), copy (an embedded document's copies), or named."""

    def party(doc_id: str, who: Party, role: str) -> tuple[Any, ...]:
        person = who.person if who.person in everyone else None
        return doc_id, person, role, who.name, who.inferred

    relays: dict[str, list[Party]] = {}
    for link in directory.links:
        if link.relation.type == "via":
            who = Party(person=link.relation.person, name=link.relation.name)
            relays.setdefault(link.document, []).append(who)
    for doc in (*documents, *(doc for doc, _ in carried)):
        if doc.id not in ids:
            continue
        for who in doc.from_:
            yield party(doc.id, who, "sender")
        relayed = {who.person for who in relays.get(doc.id, ()) if who.person}
        for who in doc.to:
            yield party(doc.id, who, "relay" if who.person in relayed else "recipient")
        listed = {p.person for p in doc.to}
        for who in relays.get(doc.id, ()):
            if who.person not in listed:
                yield party(doc.id, who, "relay")
        copies = directory.embedded[doc.id][0].copies if doc.id in directory.embedded else ()
        for who in copies:
            yield party(doc.id, who, "copy")
        linked = {p.person for p in (*doc.from_, *doc.to, *copies)}
        for person_id in doc.people:
            if person_id not in linked and person_id in everyone:
                yield doc.id, person_id, "named", None, False


def _relations(
    directory: Directory, ids: set[str], everyone: set[str]
) -> Iterator[tuple[Any, ...]]:
    for link in directory.links:
        if link.document not in ids:
            continue
        rel = link.relation
        target = rel.embedded.id if rel.embedded is not None else rel.document
        target = target if target in ids else None
        person = rel.person if rel.person in everyone else None
        yield (
            link.document, rel.type, target, person, rel.name, rel.url, rel.label,
            rel.source, rel.inferred, rel.basis,
        )  # fmt: skip


# -- Datasette -----------------------------------------------------------------------------

COLUMNS = {
    "documents": {
        "month": "empty when the source gives only a year",
        "day": "empty when the source gives only a month or a year",
        "people": "ids of the people it names or links (a JSON array)",
        "names": "every form of those people's names, for the full-text search",
        "carried_in": "for a document that exists only inside another: that document",
    },
    "document_people": {
        "role": "sender, recipient, relay (the one it went via), copy, or named in it",
        "name_form": "the name as this document writes it (Filippov, not Stalin)",
    },
    "aliases": {"kind": "pseudonym, transliteration, spelling, native script..."},
    "relations": {"type": "conveys, replies-to, refers-to or via"},
}
PERSON_QUERY = """select documents.id, documents.date, documents.title, document_people.role,
  document_people.name_form
from document_people join documents on documents.id = document_people.document_id
where document_people.person_id in (
  select id from people where name like '%' || :name || '%'
  union select person_id from aliases where form like '%' || :name || '%'
)
order by documents.date"""
PAIRS_QUERY = """select senders.person_id as sender, recipients.person_id as recipient,
  count(*) as documents, min(documents.date) as first, max(documents.date) as last
from document_people senders
join document_people recipients on recipients.document_id = senders.document_id
  and recipients.role = 'recipient'
join documents on documents.id = senders.document_id
where senders.role = 'sender'
group by sender, recipient
order by documents desc"""


def metadata(directory: Directory, database: str) -> dict[str, Any]:
    """Datasette's metadata: the catalogue's title and source, default facets, column
    descriptions, and canned queries ("documents of a person by any name", "who wrote
    to whom")."""
    title = directory.title or "korea catalogue"
    tables: dict[str, Any] = {name: {"columns": columns} for name, columns in COLUMNS.items()}
    tables["documents"].update(
        {
            "facets": ["type", "year", {"array": "people"}],
            "sort_desc": "date",
            "label_column": "title",
            "fts_table": "documents_fts",
        }
    )
    tables["people"] = {"label_column": "name"}
    return {
        "title": title,
        "description": "Made by korea (armisticecli): korea export --format sqlite.",
        "source": directory.repository or title,
        "databases": {
            database: {
                "tables": tables,
                "queries": {
                    "documents_of_a_person": {
                        "title": "Documents of a person, by any form of the name",
                        "sql": PERSON_QUERY,
                    },
                    "who_wrote_to_whom": {
                        "title": "Who wrote to whom",
                        "sql": PAIRS_QUERY,
                    },
                },
            }
        },
    }
