"""Every check of a catalogue, and :class:`Problem`, what a check finds.

Loading stops at the first problem (one clear line, exit 3); ``korea
validate`` goes on and lists them all.  Both ask this module, which checks:

- the bytes: an empty file, something that is not JSON, bad UTF-8, malformed
  or truncated JSON, nesting too deep (:func:`not_an_object`, :func:`decode_problem`);
- each record and each field against the format, the same types the shipped
  JSON Schema is generated from (:func:`validate_tree`);
- what a schema cannot express: unique ids, real calendar dates, known
  people, roles in order, non-empty titles (:func:`problems`).

msgspec's English error messages are read in one place, :func:`_read_msgspec`.
This module knows nothing of files or of :mod:`armisticecli.catalogue`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import msgspec

from armisticecli.dates import parse_iso
from armisticecli.model import (
    DATE_PATTERN,
    ID_PATTERN,
    MAX_NAME_FORM,
    VISIBLE_PATTERN,
    Alias,
    CatalogueFile,
    Disputed,
    Document,
    Event,
    Party,
    Person,
    Publication,
    Relation,
    Role,
    date_text,
    first_date,
    last_date,
)
from armisticecli.text import clean

BOM = b"\xef\xbb\xbf"
TOO_DEEP = "JSON nested too deeply to be a catalogue"


class Problem(NamedTuple):
    """One thing wrong with a catalogue: where, what, and the bad value."""

    path: str
    message: str
    value: object = None

    def __str__(self) -> str:
        shown = "" if self.value is None else f" (got {_short_repr(self.value)})"
        return f"{self.path}: {self.message}{shown}"


def path_order(problem: Problem) -> list[tuple[int, int, str]]:
    """Problems in file order: $.documents[2].date before $.documents[10].id."""
    parts = re.findall(r"\.([^.\[]+)|\[(\d+)\]", problem.path)
    sections = {"documents": 0, "people": 1, "events": 2}
    return [
        (0, int(index), "") if index else (1, sections.get(key, 3) if depth == 0 else 0, key)
        for depth, (key, index) in enumerate(parts)
    ]


def validate_bytes(raw: bytes) -> list[Problem]:
    """Every problem of a catalogue file's bytes, in file order (empty when valid).

    A file that is not JSON has one problem; one that is has all of them.
    May raise RecursionError for JSON nested nearly as deep as msgspec allows.
    """
    raw = raw.removeprefix(BOM)
    early = not_an_object(raw)
    if early:
        return [Problem("$", early)]
    try:
        tree = msgspec.json.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:
        return [decode_problem(exc, raw)]
    return validate_tree(tree)


# --- The bytes ---------------------------------------------------------------


def not_an_object(raw: bytes, more: bool = False) -> str | None:
    """Catch an empty file or one that is plainly not JSON before decoding all of it.

    Only the first 4096 bytes are looked at, so a caller may pass just those;
    ``more``: the file goes on after ``raw`` (so whitespace alone is not "empty").
    """
    head = raw[:4096].lstrip()
    if not head and len(raw) > 4096:  # more whitespace than that: look past it
        head = raw.lstrip()[:4096]
    if not head:
        if more:
            return None
        what = "holds only whitespace" if raw else "is empty"
        return f"the file {what}, expected a JSON object"
    if head[:1] not in (b"{", b"["):
        shown = head[:1].decode("latin-1")
        what = repr(shown) if shown.isprintable() else f"byte 0x{head[0]:02x}"
        offset = len(raw) - len(raw.lstrip())
        line, column = _line_column(raw, offset)
        return f"line {line}, column {column}: not JSON: expected a JSON object, found {what}"
    return None


def decode_problem(
    error: msgspec.DecodeError | UnicodeDecodeError | RecursionError, raw: bytes
) -> Problem:
    """What a failed ``msgspec.json.decode`` of ``raw`` (BOM removed) means for the user.

    A ValidationError (the JSON is fine, the catalogue is not) is placed at the
    JSON path msgspec names, with the bad value; anything else is at ``$`` and
    says where in the file, by line and column, the JSON goes wrong.
    """
    if isinstance(error, msgspec.ValidationError):
        said = _read_msgspec(error, whole_file=True)
        if said.text.startswith("number out of range"):
            return _out_of_range(raw)
        located = said.path != "$" and not said.text.startswith("missing required")
        return Problem(said.path, said.text, _value_at(raw, said.path) if located else None)
    if isinstance(error, UnicodeDecodeError):
        return Problem("$", _utf8_problem(raw))
    if isinstance(error, RecursionError):
        return Problem("$", TOO_DEEP)
    said = _read_msgspec(error, whole_file=True)
    if said.truncated or "surrogate" in said.text:
        lone = _lone_surrogate(raw)  # msgspec calls '"\\ud800"' truncated
        if lone is not None:
            line, column = _line_column(raw, lone)
            escape = raw[lone : lone + 6].decode("ascii")
            return Problem(
                "$",
                f"line {line}, column {column}: invalid JSON: {escape} is half of a"
                " surrogate pair, not a character",
            )
    if said.byte is not None:
        line, column = _line_column(raw, said.byte)
        what = said.text
        if raw.lstrip()[:1] not in (b"{", b"["):
            what = "not JSON (" + what + ")"
        return Problem("$", f"line {line}, column {column}: invalid JSON: {what}")
    if said.truncated:
        line, column = _line_column(raw, len(raw))
        return Problem("$", f"line {line}, column {column}: invalid JSON: {said.text}")
    return Problem("$", f"invalid JSON: {said.text}")


_STRING_OR_NUMBER = rb'"(?:[^"\\]|\\.)*"|(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)'
_ESCAPE = rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}"


def _out_of_range(raw: bytes) -> Problem:
    """A number too large for a float (1e400), placed by line and column."""
    for match in re.finditer(_STRING_OR_NUMBER, raw):
        number = match.group(1)
        if number is not None and math.isinf(float(number)):
            line, column = _line_column(raw, match.start())
            shown = number.decode("ascii")
            shown = shown if len(shown) <= 20 else shown[:17] + "..."
            return Problem("$", f"line {line}, column {column}: number out of range ({shown})")
    return Problem("$", "number out of range")


def _lone_surrogate(raw: bytes) -> int | None:
    """The offset of a \\uD800-\\uDFFF escape that is not half of a pair, if any.

    JSON allows the escape, but it stands for no character, and msgspec (rightly)
    refuses it: with the message "Input data was truncated", which would mislead.
    """
    pairs = re.compile(_ESCAPE + rb"(?:" + _ESCAPE + rb")?")
    for match in pairs.finditer(raw):
        before = match.start() - 1
        while before >= 0 and raw[before] == 0x5C:  # backslashes before this one
            before -= 1
        if (match.start() - 1 - before) % 2:  # "\\\\ud800": an escaped backslash, then text
            continue
        first, second = match.group()[2:4].lower(), match.group()[8:10].lower()
        high = first[1:2] in b"89ab"
        if not (high and second[:1] == b"d" and second[1:2] in b"cdef"):
            return match.start()
    return None


def _utf8_problem(raw: bytes) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw, exc.start)
        return f"line {line}, column {column}: not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
    return "not valid UTF-8"


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(raw)))
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return line, column


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


# --- msgspec's messages ------------------------------------------------------


class _Said(NamedTuple):
    """What a msgspec error says, in the user's terms."""

    text: str
    path: str = "$"
    """The JSON path msgspec names, relative to what was decoded; ``$`` when it names none."""
    byte: int | None = None
    """Malformed JSON: the offset msgspec names."""
    truncated: bool = False


# Patterns, not compiled: only a catalogue with a problem needs them.
_AT = r" - at `(\$[^`]*)`$"
_BYTE = r" \(byte (\d+)\)$"
_FRIENDLY = (
    (
        f"expected `str` matching regex {DATE_PATTERN!r}",
        "invalid date: not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    (
        f"expected `str` matching regex {ID_PATTERN!r}",
        "an id must have no spaces, control or invisible characters",
    ),
    (
        f"expected `str` matching regex {VISIBLE_PATTERN!r}",
        "must have no control or invisible characters",
    ),
    (
        f"expected `str` of length <= {MAX_NAME_FORM}",
        f"a name form must be at most {MAX_NAME_FORM} characters",
    ),
    ("expected `str` of length >= 1", "must not be empty"),
)


def _read_msgspec(error: msgspec.MsgspecError, *, whole_file: bool) -> _Said:
    """The one place that reads msgspec's English (tests/test_validate.py pins each shape).

    ``whole_file``: the error is from decoding a whole catalogue, so a bare
    "got `array`" is the top level and a record's fields are named plainly
    ("unknown field `x`"); otherwise it is from converting one field's value,
    and msgspec's "object contains unknown field `x`" says the object is nested.
    """
    message = str(error)
    if not isinstance(error, msgspec.ValidationError):
        # "JSON is malformed: trailing comma in object (byte 18)", "Input data was truncated"
        byte = re.search(_BYTE, message)
        if byte:
            text = message[: byte.start()].removeprefix("JSON is malformed: ")
            return _Said(text, byte=int(byte.group(1)))
        if "truncated" in message:
            return _Said("the file ends too soon (truncated?)", truncated=True)
        return _Said(message)
    # "Expected `str`, got `int` - at `$.documents[0].title`"
    at = re.search(_AT, message)
    path = at.group(1) if at else "$"
    text = message[: at.start()] if at else message
    if whole_file:
        text = text.replace("Object contains unknown field", "unknown field")
        text = text.replace("Object missing required field", "missing required field")
        if path == "$" and "got `array`" in text:
            text = 'expected a JSON object with a "documents" array, got an array'
    text = text[:1].lower() + text[1:]
    for technical, plain in _FRIENDLY:
        text = text.replace(technical, plain)
    return _Said(text, path)


# --- Records and fields ------------------------------------------------------

_SECTIONS: dict[str, type[msgspec.Struct]] = {
    "documents": Document,
    "people": Person,
    "events": Event,
    "publications": Publication,
}


def validate_tree(tree: Any) -> list[Problem]:
    """Problems of a decoded JSON value, record by record and field by field, in file order."""
    if not isinstance(tree, dict):
        kind = json_type(tree)
        return [Problem("$", f'expected a JSON object with a "documents" array, got {kind}')]
    found: list[Problem] = []
    top_fields = set(_fields(CatalogueFile))
    for key in tree:
        if key not in top_fields:
            found.append(Problem(f"$.{key}", "unknown field"))
    if "documents" not in tree:
        found.append(Problem("$", "missing required field `documents`"))
    for key in ("title", "description", "repository", "format"):
        if key in tree:
            found.extend(_field_problems(CatalogueFile, key, tree[key], "$"))
    records: dict[str, list[tuple[int, Any]]] = {}
    for section, struct in _SECTIONS.items():
        value = tree.get(section, [])
        if not isinstance(value, list):
            found.append(Problem(f"$.{section}", "expected an array", _scalar(value)))
            continue
        good: list[tuple[int, Any]] = []
        for index, item in enumerate(value):
            where = f"$.{section}[{index}]"
            item_problems = _record_problems(struct, item, where)
            found.extend(item_problems)
            repaired = _repair(struct, item, where, item_problems)
            if repaired is not None:
                good.append((index, repaired))
        records[section] = good
    # Field-level places already reported (or filled with a placeholder) are not checked twice.
    seen = {p.path for p in found if not p.message.startswith("missing required field")}
    seen |= {
        f"{p.path}.{p.message.split('`')[1]}"
        for p in found
        if p.message.startswith("missing required field")
    }
    found.extend(
        p
        for p in problems_of(
            records.get("documents", []),
            records.get("people", []),
            records.get("events", []),
            records.get("publications", []),
        )
        if not _under(p.path, seen)
    )
    return sorted(found, key=path_order)


_PLACEHOLDERS = {"id": "\x00", "date": "0001", "title": "?", "type": "?", "name": "?"}


def _repair(struct: type[msgspec.Struct], item: Any, where: str, found: list[Problem]) -> Any:
    """The record with its bad fields dropped and placeholders for missing ones.

    The semantic checks then still run on the rest of a broken record (a
    duplicate id or an unknown person beside a bad date); problems at the
    repaired places are not reported twice.
    """
    if not isinstance(item, dict):
        return None
    fields = _fields(struct)
    bad = {p.path[len(where) + 1 :].split(".")[0].split("[")[0] for p in found if p.path != where}
    kept = {k: v for k, v in item.items() if k in fields and k not in bad}
    for name, info in fields.items():
        if info.required and name not in kept:
            if name not in _PLACEHOLDERS:
                return None
            kept[name] = _PLACEHOLDERS[name]
            bad.add(name)
    try:
        return msgspec.convert(kept, struct)
    except msgspec.ValidationError:
        return None


@functools.cache
def _fields(struct: type[msgspec.Struct]) -> dict[str, msgspec.structs.FieldInfo]:
    """A record type's fields by their JSON name.

    Asked once per type: msgspec works them out from the annotations on every
    call, which cost 2 ms per broken record (40 s for 20,000).
    """
    return {f.encode_name: f for f in msgspec.structs.fields(struct)}


def _under(path: str, places: set[str]) -> bool:
    """Whether a problem sits at (or inside) a place already reported.

    The places that contain ``path`` are its prefixes ending where a key or an
    index begins ("$.documents[3]" of "$.documents[3].people[0]"): a few set
    lookups per problem, however many places were reported.  (Comparing each
    problem with every place took 47 s for 10,000 bad records.)
    """
    if path in places:
        return True
    return any(path[:end] in places for end, char in enumerate(path) if char in ".[")


def _record_problems(struct: type[msgspec.Struct], item: Any, where: str) -> list[Problem]:
    if not isinstance(item, dict):
        return [Problem(where, "expected an object", _scalar(item))]
    fields = _fields(struct)
    found = [Problem(f"{where}.{key}", "unknown field") for key in item if key not in fields]
    for name, info in fields.items():
        if name not in item:
            if info.required:
                found.append(Problem(where, f"missing required field `{name}`"))
            continue
        found.extend(_field_problems(struct, name, item[name], where))
    return found


def _field_problems(
    struct: type[msgspec.Struct], name: str, value: Any, where: str
) -> list[Problem]:
    info = _fields(struct)[name]
    try:
        msgspec.convert(value, info.type)
    except msgspec.ValidationError as exc:
        said = _read_msgspec(exc, whole_file=False)
        return [Problem(f"{where}.{name}{said.path[1:]}", said.text, _scalar_at(value, said.path))]
    return []


def _scalar_at(value: Any, path: str) -> object:
    """The value at a relative JSON path (``$[0].name`` of an alias list), if a scalar."""
    for key, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path[1:]):
        try:
            value = value[key] if key else value[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    return _scalar(value)


def json_type(value: Any) -> str:
    """A value's JSON type, with its article: "an array", "a string", "null"."""
    if value is None:
        return "null"
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names.update({list: "an array", dict: "an object"})
    return names.get(type(value), type(value).__name__)


def _scalar(value: Any) -> object:
    return None if isinstance(value, (dict, list)) else value


# --- What a schema cannot say ------------------------------------------------


def problems(data: CatalogueFile) -> list[Problem]:
    """Everything wrong with a decoded catalogue that its types cannot say, in file order."""
    found = problems_of(
        list(enumerate(data.documents)),
        list(enumerate(data.people)),
        list(enumerate(data.events)),
        list(enumerate(data.publications)),
    )
    return sorted(found, key=path_order)


def problems_of(
    documents: Sequence[tuple[int, Document]],
    people: Sequence[tuple[int, Person]],
    events: Sequence[tuple[int, Event]],
    publications: Sequence[tuple[int, Publication]] = (),
    other_ids: Iterable[str] = (),
) -> list[Problem]:
    """The checks of :func:`problems` over records that keep their place in the file;
    ``other_ids``: ids of the file's other documents, which relations may name."""
    found: list[Problem] = []
    found.extend(_duplicates("$.publications", ((i, pub.id) for i, pub in publications)))
    volumes = {pub.id for _, pub in publications}
    ids = [doc.id for _, doc in documents]
    if len(set(ids)) != len(ids):
        found.extend(_duplicates("$.documents", ((i, doc.id) for i, doc in documents)))
    found.extend(_duplicates("$.people", ((i, person.id) for i, person in people)))
    found.extend(_duplicates("$.events", ((i, event.id) for i, event in events)))
    known = {person.id for _, person in people}
    bad_dates = _bad_dates(doc.date for _, doc in documents)
    for i, doc in documents:
        # The ids' form (non-empty, nothing hidden) is checked by the decoder's pattern.
        if doc.date in bad_dates:
            found.extend(_date_problems(f"$.documents[{i}].date", doc.date))
        if not doc.title.strip():
            found.append(Problem(f"$.documents[{i}].title", "empty title", doc.title))
        # A million documents are checked on every load: paths are built only for a problem.
        if (doc.from_ or doc.to) and not _parties_fine(doc, known):
            found.extend(_party_problems(f"$.documents[{i}]", doc, known))
        for field, parties in (("from", doc.from_), ("to", doc.to)):
            for j, party in enumerate(parties):
                if party.inferred or party.basis is not None:
                    found.extend(_inference_problems(f"$.documents[{i}].{field}[{j}]", party))
        if doc.datetime or doc.date_end or doc.footnotes or doc.page_breaks or doc.source:
            found.extend(_full_problems(f"$.documents[{i}]", doc, volumes))
        if not known.issuperset(doc.people):
            for j, person_id in enumerate(doc.people):
                if person_id not in known:
                    found.append(
                        Problem(f"$.documents[{i}].people[{j}]", "unknown person", person_id)
                    )
    if any(doc.relations for _, doc in documents):
        found.extend(_relations_problems(documents, known, set(other_ids)))
    for i, person in people:
        where = f"$.people[{i}]"
        if not person.name.strip():
            found.append(Problem(f"{where}.name", "empty name", person.name))
        for field in ("born", "died"):
            value = getattr(person, field)
            if value is not None:
                found.extend(_value_problems(f"{where}.{field}", value))
        for j, alias in enumerate(person.aliases):
            if alias.inferred or alias.basis is not None:
                found.extend(_inference_problems(f"{where}.aliases[{j}]", alias))
        for j, role in enumerate(person.roles):
            found.extend(_role_problems(f"{where}.roles[{j}]", role.from_, role.to))
            if role.inferred or role.basis is not None:
                found.extend(_inference_problems(f"{where}.roles[{j}]", role))
    for i, event in events:
        where = f"$.events[{i}]"
        found.extend(_date_problems(f"{where}.date", event.date))
        for j, other in enumerate(event.other_dates):
            found.extend(_date_problems(f"{where}.other_dates[{j}].date", other.date))
        if not event.title.strip():
            found.append(Problem(f"{where}.title", "empty title", event.title))
    return found


def _full_problems(where: str, doc: Document, volumes: set[str]) -> Iterator[Problem]:
    """A document's time, period, notes, pages and publication agree with the rest of it."""
    if doc.datetime is not None:
        if doc.datetime[:10] != doc.date:
            yield Problem(
                f"{where}.datetime", f"is not on the document's date {doc.date}", doc.datetime
            )
        else:
            yield from _time_problems(f"{where}.datetime", doc.datetime)
    if doc.date_end is not None:
        bad = list(_date_problems(f"{where}.date_end", doc.date_end))
        yield from bad
        if not bad and last_date(doc.date_end).ljust(10, "~") < doc.date.ljust(10, "~"):
            yield Problem(f"{where}.date_end", f"ends before the date {doc.date}", doc.date_end)
    length = len(doc.text)
    for j, note in enumerate(doc.footnotes):
        if note.offset is not None and not 0 <= note.offset <= length:
            yield Problem(
                f"{where}.footnotes[{j}].offset", f"outside the text (0 to {length})", note.offset
            )
    previous = 0
    for j, page in enumerate(doc.page_breaks):
        if not 0 <= page.offset <= length:
            yield Problem(
                f"{where}.page_breaks[{j}].offset", f"outside the text (0 to {length})", page.offset
            )
        elif page.offset < previous:
            yield Problem(f"{where}.page_breaks[{j}].offset", "before the page above", page.offset)
        previous = max(previous, page.offset)
    publication = doc.source.publication if doc.source else None
    if publication is not None and publication not in volumes:
        yield Problem(f"{where}.source.publication", "unknown publication", publication)


def _relations_problems(
    documents: Sequence[tuple[int, Document]], known: set[str], other_ids: set[str]
) -> Iterator[Problem]:
    """Relations name documents and people that exist; embedded documents are whole."""
    embedded = [
        (i, j, rel.embedded)
        for i, doc in documents
        for j, rel in enumerate(doc.relations)
        if rel.embedded is not None
    ]
    ids = {doc.id for _, doc in documents} | other_ids
    seen: set[str] = set()
    for i, j, inner in embedded:
        where = f"$.documents[{i}].relations[{j}].embedded"
        if inner.id in ids or inner.id in seen:
            yield Problem(f"{where}.id", "duplicate id", inner.id)
        seen.add(inner.id)
        yield from _date_problems(f"{where}.date", inner.date)
        for field, parties in (("from", inner.from_), ("to", inner.to), ("copies", inner.copies)):
            for k, party in enumerate(parties):
                if party.person is None and not (party.name or "").strip():
                    yield Problem(f"{where}.{field}[{k}]", "needs a person or a name")
                elif party.person is not None and party.person not in known:
                    yield Problem(f"{where}.{field}[{k}].person", "unknown person", party.person)
                if party.inferred or party.basis is not None:
                    yield from _inference_problems(f"{where}.{field}[{k}]", party)
    targets = ids | seen
    for i, doc in documents:
        for j, rel in enumerate(doc.relations):
            yield from _relation_problems(
                f"$.documents[{i}].relations[{j}]", doc.id, rel, known, targets
            )
            carried = rel.embedded
            if carried is None:
                continue
            for k, own in enumerate(carried.relations):
                where = f"$.documents[{i}].relations[{j}].embedded.relations[{k}]"
                if own.embedded is not None:
                    yield Problem(f"{where}.embedded", "an embedded document embeds no other")
                yield from _relation_problems(where, carried.id, own, known, targets)


def _relation_problems(
    where: str, own_id: str, rel: Relation, known: set[str], targets: set[str]
) -> Iterator[Problem]:
    """One relation names what exists and says which words state it."""
    if rel.inferred and not (rel.basis or "").strip():
        yield Problem(where, "an inferred relation needs a basis (why it is believed)")
    elif not rel.inferred and rel.basis is not None:
        yield Problem(f"{where}.basis", 'a basis is given but not "inferred": true')
    if not rel.source.strip():
        yield Problem(f"{where}.source", "empty: say which words state the relation")
    if rel.type == "via":
        if rel.person is None and not (rel.name or "").strip():
            yield Problem(where, "a via relation needs the relay's person or name")
        elif rel.person is not None and rel.person not in known:
            yield Problem(f"{where}.person", "unknown person", rel.person)
        return
    if rel.embedded is not None and rel.type != "conveys":
        yield Problem(f"{where}.embedded", f"only a conveys relation embeds ({rel.type})")
    if rel.document is not None and rel.document not in targets:
        yield Problem(f"{where}.document", "unknown document", rel.document)
    if rel.document == own_id:
        yield Problem(f"{where}.document", "a document related to itself", rel.document)
    if rel.document is None and rel.embedded is None and not (rel.url or rel.label):
        yield Problem(where, "names no document: give document, embedded, url or label")


def _time_problems(where: str, value: str) -> Iterator[Problem]:
    from datetime import datetime

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        yield Problem(where, f"invalid time: {exc}", value)


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


def _value_problems(where: str, value: str | Disputed) -> Iterator[Problem]:
    """A date, or each date of a disputed one."""
    if isinstance(value, str):
        yield from _date_problems(where, value)
        return
    for j, attested in enumerate(value.dates):
        yield from _date_problems(f"{where}.dates[{j}].date", attested.date)


def _inference_problems(where: str, link: Party | Alias | Role) -> Iterator[Problem]:
    """An inferred link says why; a basis belongs only to a link marked inferred."""
    if link.inferred and not (link.basis or "").strip():
        yield Problem(where, "an inferred link needs a basis (why it is believed)")
    elif not link.inferred and link.basis is not None:
        yield Problem(f"{where}.basis", 'a basis is given but the link is not "inferred": true')


def _role_problems(
    where: str, start: str | Disputed | None, end: str | Disputed | None
) -> Iterator[Problem]:
    bad = False
    for field, value in (("from", start), ("to", end)):
        if value is not None:
            for problem in _value_problems(f"{where}.{field}", value):
                bad = True
                yield problem
    if (
        not bad
        and start is not None
        and end is not None
        and parse_iso(first_date(start)).first_day() > parse_iso(last_date(end)).last_day()
    ):
        shown_end, shown_start = date_text(end), date_text(start)
        yield Problem(where, f"role ends ({shown_end}) before it begins ({shown_start})")


def strict_problems(data: CatalogueFile) -> list[Problem]:
    """What ``validate --strict`` adds: every person and event has a source."""
    found = [
        Problem(f"$.people[{i}].sources", "no source for this person", person.id)
        for i, person in enumerate(data.people)
        if not person.sources
    ]
    found += [
        Problem(f"$.events[{i}].sources", "no source for this event", event.id)
        for i, event in enumerate(data.events)
        if not event.sources
    ]
    return found


def _short_repr(value: object) -> str:
    text = clean(repr(value))
    return text if len(text) <= 80 else text[:77] + "..."
