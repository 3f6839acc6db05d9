"""``korea validate``: every problem in a catalogue file, not just the first.

Loading stops at the first problem (one clear line, exit 3).  Validation
goes on: it checks each record and each field against the format (the same
types the shipped JSON Schema is generated from), then runs the checks a
schema cannot express (unique ids, real calendar dates, known people, roles
in order, non-empty titles) on every record that decoded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from armisticecli.catalogue import (
    Problem,
    active_path,
    decode_error_problem,
    friendly,
    path_order,
    problems_of,
    read_bytes,
)
from armisticecli.errors import CatalogueError
from armisticecli.model import CatalogueFile, Document, Event, Person

_SECTIONS: dict[str, type[msgspec.Struct]] = {
    "documents": Document,
    "people": Person,
    "events": Event,
}


def validate_file(path: str | Path | None = None) -> tuple[Path, list[Problem]]:
    """The file checked and every problem found in it (empty when valid)."""
    file = active_path(path)
    try:
        raw = read_bytes(file)
    except CatalogueError as exc:
        return file, [Problem("$", exc.message.split(": ", 1)[-1])]
    syntax = decode_error_problem(raw)
    if syntax is not None:
        return file, [syntax]
    tree: Any = msgspec.json.decode(raw.removeprefix(b"\xef\xbb\xbf"))
    return file, validate_tree(tree)


def validate_tree(tree: Any) -> list[Problem]:
    """Problems of a decoded JSON value, record by record and field by field."""
    if not isinstance(tree, dict):
        kind = json_type(tree)
        return [Problem("$", f'expected a JSON object with a "documents" array, got {kind}')]
    found: list[Problem] = []
    top_fields = {f.encode_name for f in msgspec.structs.fields(CatalogueFile)}
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
            records.get("documents", []), records.get("people", []), records.get("events", [])
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
    fields = {f.encode_name: f for f in msgspec.structs.fields(struct)}
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


def _under(path: str, places: set[str]) -> bool:
    """Whether a problem sits at (or inside) a place already reported."""
    return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") for p in places)


def _record_problems(struct: type[msgspec.Struct], item: Any, where: str) -> list[Problem]:
    if not isinstance(item, dict):
        return [Problem(where, "expected an object", _scalar(item))]
    fields = {f.encode_name: f for f in msgspec.structs.fields(struct)}
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
    info = next(f for f in msgspec.structs.fields(struct) if f.encode_name == name)
    try:
        msgspec.convert(value, info.type)
    except msgspec.ValidationError as exc:
        message = str(exc)
        inner = ""
        if " - at `$" in message:
            message, _, rest = message.partition(" - at `$")
            inner = rest.rstrip("`")
        return [Problem(f"{where}.{name}{inner}", friendly(message), _scalar(value))]
    return []


def json_type(value: Any) -> str:
    """A value's JSON type, with its article: "an array", "a string", "null"."""
    if value is None:
        return "null"
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names.update({list: "an array", dict: "an object"})
    return names.get(type(value), type(value).__name__)


def _scalar(value: Any) -> object:
    return None if isinstance(value, (dict, list)) else value
