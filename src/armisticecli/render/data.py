"""Machine-readable output: JSON, JSON Lines, CSV and TSV.

JSON keeps the catalogue's data exact (the encoder escapes it, and
:func:`escape_controls` the C1 and BiDi controls it would let through); TSV and
the text columns of CSV go through :func:`armisticecli.text.clean`, so that one
record stays one line and no control character reaches a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import IO, TYPE_CHECKING, Any

import msgspec

from armisticecli.catalogue import Directory
from armisticecli.model import Document, Party, date_text
from armisticecli.text import JSON_ESCAPED, clean

if TYPE_CHECKING:
    from armisticecli.archive import PersonEntry
    from armisticecli.relations import Related
    from armisticecli.search import EventHit, Hit
    from armisticecli.timeline import Entry

CSV_FIELDS = (
    "id",
    "record_id",
    "date",
    "type",
    "title",
    "summary",
    "from",
    "to",
    "people",
    "places",
    "organizations",
    "archive",
    "reference",
    "credit",
    "translators",
    "url",
)
TSV_FIELDS = ("id", "date", "title", "type", "from", "to")
EVENT_MARK = "◆"
"""Marks a timeline event wherever it is shown beside documents (timeline, search hits)."""

_encoder = msgspec.json.Encoder()


def _utf8_pattern(chars: str) -> re.Pattern[bytes]:
    """A pattern for the UTF-8 bytes of ``chars``: one byte class per shared lead."""
    tails: dict[bytes, bytes] = {}
    for char in chars:
        encoded = char.encode("utf-8")
        tails[encoded[:-1]] = tails.get(encoded[:-1], b"") + re.escape(encoded[-1:])
    return re.compile(
        b"|".join(re.escape(lead) + b"[" + tail + b"]" for lead, tail in tails.items())
    )


_RAW_CONTROLS = _utf8_pattern(JSON_ESCAPED)
_ASCII = bytes(range(128))


def _escaped(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match[0].decode("utf-8"))


def escape_controls(data: bytes | bytearray) -> bytes:
    """JSON text with each C1 or BiDi control, and each Unicode line or paragraph
    separator, written as a ``\\u`` escape (:data:`~armisticecli.text.JSON_ESCAPED`).

    JSON allows them raw, and a terminal then acts on them (U+009D sets the window
    title, U+202E reverses a line) when the output is read there; a raw U+2028 cuts a
    JSON Lines record in two for a reader that splits on every line break.  They can only be
    inside strings, where the escape means the same character: ``json.loads`` gives
    back exactly the same text.  Every JSON writer goes through this.
    """
    # Searched in the non-ASCII bytes alone (whole characters, in order): a tenth of the
    # cost of searching everything, and ASCII-only output costs next to nothing.
    if _RAW_CONTROLS.search(data.translate(None, _ASCII)) is None:
        return bytes(data)
    return _RAW_CONTROLS.sub(_escaped, data)


def write_json(out: IO[bytes], items: Any, pretty: bool = False) -> None:
    """One JSON value (an array of records, or one record), then a newline."""
    data = _encoder.encode(items)
    if pretty:
        data = msgspec.json.format(data, indent=2)
    out.write(escape_controls(data) + b"\n")


def write_json_array(out: IO[bytes], items: Iterable[Any]) -> int:
    """A compact JSON array written as the items come, so a million records are
    never one string in memory; the bytes are those of :func:`write_json`.
    Returns how many items were written."""
    count = 0
    out.write(b"[")
    for chunk in chunks(items):
        if count:
            out.write(b",")
        # the chunk's array, without its brackets
        out.write(escape_controls(_encoder.encode(chunk)[1:-1]))
        count += len(chunk)
    out.write(b"]\n")
    return count


def chunks(items: Iterable[Any], size: int = 1024) -> Iterator[list[Any]]:
    """Lists of up to ``size`` items: per-chunk work keeps a long stream cheap."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def json_text(items: Any) -> str:
    """A JSON value as indented text (for files)."""
    text = escape_controls(msgspec.json.format(_encoder.encode(items), indent=2))
    return text.decode("utf-8") + "\n"


def write_jsonl(out: IO[bytes], items: Iterable[Any]) -> int:
    """One compact JSON object per line; returns how many were written."""
    count = 0
    buffer = bytearray()
    for item in items:
        _encoder.encode_into(item, buffer, -1)
        buffer += b"\n"
        count += 1
        if len(buffer) > 1 << 16:
            out.write(escape_controls(buffer))
            buffer.clear()
    out.write(escape_controls(buffer))
    return count


def party_names(catalogue: Directory, parties: Sequence[Party]) -> list[str]:
    """How each sender or recipient is named: as the document has it, else the person's name."""
    return [p.name or catalogue.person_name(p.person or "") for p in parties]


def party_labels(
    catalogue: Directory, parties: Sequence[Party], detailed: bool = False
) -> list[str]:
    """Like :func:`party_names`, adding who is meant where the name hides it.

    "Chai Junwu (Chai Chengwen)"; "Filippov [Stalin]" already says who it is.
    A link that is our inference says so: "Chairman of the USSR Council of
    Ministers (Georgy Malenkov, inferred)", and ``detailed`` adds its basis.
    """
    labels = []
    for party in parties:
        person = catalogue.person_by_id.get(party.person or "")
        if party.inferred and person:
            why = f": {party.basis}" if detailed and party.basis else ""
            shown = party.name or "?"
            labels.append(
                f"{shown} → {person.name}, inferred{why}"
                if detailed
                else f"{shown} ({person.name}, inferred)"
            )
        elif party.name and person and person.name.split()[-1].lower() not in party.name.lower():
            labels.append(f"{party.name} ({person.name})")
        else:
            labels.append(party.name or (person.name if person else party.person or ""))
    return labels


def unverified(doc: Document) -> list[str]:
    """What a citation of the document lacks because no source showed it: the source
    line (archival reference or archive), the record id, the translator."""
    source = doc.source
    missing = []
    if source is None or not (source.reference or source.archive):
        missing.append("source line")
    if not doc.record_id:
        missing.append("record id")
    if source is None or not source.translators:
        missing.append("translator")
    return missing


DETAIL_LABELS = {
    "title": "Title", "date": "Date", "time": "Time", "date_end": "Until", "id": "ID",
    "record_id": "Record ID", "type": "Type",
    "from": "From", "to": "To", "people": "People", "places": "Places",
    "organizations": "Organizations", "summary": "Summary", "archive": "Archive",
    "reference": "Reference", "credit": "Credit", "publication": "Published in",
    "number": "Document", "pages": "Pages", "url": "URL", "collections": "Collections",
    "language": "Language", "note": "Notes", "relation": "Relations",
    "not_verified": "Not verified",
}  # fmt: skip


def document_details(
    catalogue: Directory, doc: Document, related: Sequence[Related] = ()
) -> list[tuple[str, str]]:
    """Every field a document has, in reading order, as (field, text); empty ones left out;
    ``related``: its relations both ways (:meth:`Archive.related`), one line each.

    ``korea show`` prints these as a labelled view at a terminal and as
    ``field<TAB>text`` lines in a pipe, so both show the document in full.
    """
    source = doc.source
    pairs = [
        ("title", doc.title),
        ("date", doc.date),
        ("time", doc.datetime or ""),
        ("date_end", doc.date_end or ""),
        ("id", doc.id),
        ("record_id", doc.record_id or ""),
        ("type", doc.type),
        ("from", "; ".join(party_labels(catalogue, doc.from_, detailed=True))),
        ("to", "; ".join(party_labels(catalogue, doc.to, detailed=True))),
        ("people", "; ".join(catalogue.person_name(p) for p in doc.people)),
        ("places", "; ".join(doc.places)),
        ("organizations", "; ".join(doc.organizations)),
        ("summary", doc.summary),
        ("archive", (source.archive or "") if source else ""),
        ("reference", (source.reference or "") if source else ""),
        ("credit", (source.credit or "") if source else ""),
        ("publication", _publication(catalogue, source.publication) if source else ""),
        ("number", (source.number or "") if source else ""),
        ("pages", (source.pages or "") if source else ""),
        ("url", (source.url or "") if source else ""),
        ("collections", "; ".join(doc.collections)),
        ("language", doc.language or ""),
        *(("note", note) for note in doc.notes),
        *(("relation", relation_line(item)) for item in related),
    ]
    from armisticecli.render.cite import incomplete  # a printed document lacks other parts

    pairs.append(("not_verified", ", ".join(incomplete(doc, catalogue))))
    return [(name, value) for name, value in pairs if value]


def relation_line(item: Related) -> str:
    """ "conveys peng-mao-1951-01-19 (1951-01-19, embedded): Telegram from Peng Dehuai to
    Mao Zedong"; "via Krasovsky"; an inference says so, with its basis."""
    what = item.id or ""
    facts = [item.date] if item.date else []
    if item.embedded and item.carrier and item.way == "out":
        facts.append("embedded")
    elif item.embedded and item.carrier:
        facts.append(f"embedded in {item.carrier}")
    line = f"{item.type} {what}".rstrip()
    if facts:
        line += f" ({', '.join(facts)})"
    if item.title:
        line += f": {item.title}" if what else f" {item.title}"
    if item.url and item.url not in line:
        line += f" {item.url}"
    if item.inferred:
        line += f" [inferred: {item.basis}]"
    return line


def related_record(item: Related) -> dict[str, Any]:
    """One relation of ``korea show --json`` / ``korea related --json``."""
    import dataclasses

    return {key: value for key, value in dataclasses.asdict(item).items() if value is not None}


def _publication(catalogue: Directory, publication_id: str | None) -> str:
    """A publication's complete title (its id when the catalogue does not describe it)."""
    if publication_id is None:
        return ""
    publication = catalogue.publication_by_id.get(publication_id)
    return publication.title if publication else publication_id


def document_row(catalogue: Directory, doc: Document) -> dict[str, str]:
    """A flat row of text for CSV: lists joined with "; "."""
    source = doc.source
    return {
        "id": doc.id,
        "record_id": doc.record_id or "",
        "date": doc.date,
        "type": doc.type,
        "title": doc.title,
        "summary": doc.summary,
        "from": "; ".join(party_names(catalogue, doc.from_)),
        "to": "; ".join(party_names(catalogue, doc.to)),
        "people": "; ".join(catalogue.person_name(p) for p in doc.people),
        "places": "; ".join(doc.places),
        "organizations": "; ".join(doc.organizations),
        "archive": (source.archive or "") if source else "",
        "reference": (source.reference or "") if source else "",
        "credit": (source.credit or "") if source else "",
        "translators": "; ".join(source.translators) if source else "",
        "url": (source.url or "") if source else "",
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""


def csv_cell(value: str, raw: bool = False) -> str:
    """A CSV cell: cleaned of controls and, unless ``raw``, kept from being a formula.

    A cell that begins with ``=``, ``+``, ``-`` or ``@`` (after any spaces, which
    cleaning made of tabs and breaks) gets a ``'`` in front, as OWASP advises for
    CSV meant for spreadsheets: ``=HYPERLINK(...)`` in a title is shown, not run.
    """
    cell = clean(value)
    if not raw and cell.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_csv(
    out: IO[str],
    rows: Iterable[dict[str, str]],
    fields: Sequence[str] = CSV_FIELDS,
    raw: bool = False,
) -> int:
    """CSV with a header; cells as :func:`csv_cell` makes them, quoted where needed.

    Returns how many rows were written.
    """
    import csv

    writer = csv.DictWriter(
        out, fieldnames=list(fields), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({key: csv_cell(str(value), raw) for key, value in row.items()})
        count += 1
    return count


def tsv_line(cells: Iterable[str]) -> str:
    """One tab-separated line; cleaning turns tabs and breaks inside cells into spaces."""
    return "\t".join(clean(cell) for cell in cells) + "\n"


def write_tsv(out: IO[str], lines: Iterable[Iterable[str]]) -> int:
    """No header: one record per line, for grep, cut, awk and sort; returns the count."""
    count = 0
    for chunk in chunks(lines):
        out.writelines([tsv_line(cells) for cells in chunk])
        count += len(chunk)
    return count


def document_cells(catalogue: Directory, doc: Document) -> list[str]:
    """The TSV cells of a document: id, date, title, type, from, to."""
    return [
        doc.id,
        doc.date,
        doc.title,
        doc.type,
        "; ".join(party_names(catalogue, doc.from_)),
        "; ".join(party_names(catalogue, doc.to)),
    ]


def hit_record(hit: Hit | EventHit) -> dict[str, Any]:
    """A search hit as JSON: ``kind`` ("document" or "event"), the document (or event)
    object, then ``score``, ``why`` and ``snippet`` (the passage of the text where the
    query matched, or null)."""
    source = hit.document if hit.kind == "document" else hit.event
    record: dict[str, Any] = {"kind": hit.kind}
    record.update(msgspec.to_builtins(source))
    record["score"] = hit.score
    record["why"] = hit.why
    record["snippet"] = hit.snippet.text if hit.snippet is not None else None
    return record


def hit_row(catalogue: Directory, hit: Hit | EventHit) -> dict[str, str]:
    """A CSV row of a hit; an event fills id, date and title, with type "event"."""
    if hit.kind == "document":
        row = document_row(catalogue, hit.document)
    else:
        row = {"id": hit.id, "date": hit.date, "type": "event", "title": hit.title}
    row["score"] = score_text(hit.score)
    row["why"] = "; ".join(hit.why)
    row["snippet"] = hit.snippet.text if hit.snippet is not None else ""
    return row


HIT_FIELDS = (*CSV_FIELDS, "score", "why", "snippet")
"""The CSV columns of a search hit."""


def hit_cells(hit: Hit | EventHit) -> list[str]:
    """TSV cells of a hit: id, date, title, score, why, snippet (empty when the text did
    not match); an event's title starts with ◆."""
    title = hit.title if hit.kind == "document" else f"{EVENT_MARK} {hit.title}"
    snippet = hit.snippet.text if hit.snippet is not None else ""
    return [hit.id, hit.date, title, score_text(hit.score), "; ".join(hit.why), snippet]


def person_record(entry: PersonEntry) -> dict[str, Any]:
    """A person as JSON: the authority entry, the ids of their documents (most relevant
    first) and, when a name was looked up, how it matched."""
    record: dict[str, Any] = msgspec.to_builtins(entry.person)
    record["documents"] = entry.document_ids
    match = entry.match
    if match is not None:
        record["match"] = {
            "score": round(match.score, 1),
            "step": match.step,
            "form": match.form,
            "kind": match.kind,
            "why": match.why,
        }
    return record


PEOPLE_HEADER = ("id", "name", "documents", "aliases", "roles")
MATCH_HEADER = (*PEOPLE_HEADER, "score", "why")


def person_cells(entry: PersonEntry) -> list[str]:
    """TSV cells of a person: id, name, number of documents, aliases, roles (and, for a
    name looked up, score and why)."""
    person = entry.person
    roles = (
        f"{r.title} ({date_text(r.from_)} to {date_text(r.to)}{'; inferred' if r.inferred else ''})"
        for r in person.roles
    )
    cells = [
        person.id,
        person.name,
        str(entry.count),
        "; ".join(alias.name for alias in person.aliases),
        "; ".join(roles),
    ]
    if entry.match is not None:
        cells += [score_text(entry.match.score), entry.match.why]
    return cells


def score_text(score: float) -> str:
    """A score as shown everywhere: one decimal at most ("100", "92.3")."""
    return f"{round(score, 1):g}"


# -- timeline entries ----------------------------------------------------------

TIMELINE_HEADER = ("date", "kind", "id", "type", "title", "parties", "carrier")


def entry_record(entry: Entry) -> dict[str, Any]:
    """A timeline entry as JSON: ``kind`` first, then the document or event object."""
    source = entry.document if entry.document is not None else entry.event
    record: dict[str, Any] = {"kind": entry.kind}
    record.update(msgspec.to_builtins(source))
    if entry.carrier is not None:
        record["carrier"] = entry.carrier
    return record


def entry_parties(catalogue: Directory, entry: Entry) -> str:
    """ "sender → recipient" of a document entry; empty for an event."""
    doc = entry.document
    if doc is None:
        return ""
    senders = ", ".join(party_labels(catalogue, doc.from_))
    recipients = ", ".join(party_labels(catalogue, doc.to))
    if senders and recipients:
        return f"{senders} → {recipients}"
    return senders or (f"→ {recipients}" if recipients else "")


def entry_cells(catalogue: Directory, entry: Entry) -> list[str]:
    """Plain cells: date, kind, id, type, title, sender -> recipient, and the carrier of an
    embedded document."""
    doc_type = entry.document.type if entry.document else ""
    return [
        entry.date,
        entry.kind,
        entry.id,
        doc_type,
        entry.title,
        entry_parties(catalogue, entry),
        entry.carrier or "",
    ]
