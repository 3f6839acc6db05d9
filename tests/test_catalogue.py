from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from armisticecli.catalogue import bundled_path, involved, load
from armisticecli.errors import CatalogueError
from armisticecli.model import Document, Party
from armisticecli.validate import problems
from conftest import minimal
from counting import CountedId


def test_bundled_catalogue_loads() -> None:
    catalogue = load(bundled_path())
    assert len(catalogue.documents) == 7
    assert len(catalogue.people) >= 17
    assert catalogue.events


def test_env_var_selects_catalogue(
    monkeypatch: pytest.MonkeyPatch, write_catalogue: Callable[[Any], Path]
) -> None:
    path = write_catalogue(minimal())
    monkeypatch.setenv("KOREA_CATALOGUE", str(path))
    assert [d.id for d in load().documents] == ["d1"]


def test_explicit_path_beats_env(
    monkeypatch: pytest.MonkeyPatch, write_catalogue: Callable[[Any], Path]
) -> None:
    monkeypatch.setenv("KOREA_CATALOGUE", "/does/not/exist.json")
    assert load(write_catalogue(minimal())).documents[0].id == "d1"


def test_utf8_bom_is_accepted(write_catalogue: Callable[[Any], Path]) -> None:
    path = write_catalogue(b"\xef\xbb\xbf" + b'{"documents": []}')
    assert load(path).documents == ()


def _error(path: Path) -> str:
    with pytest.raises(CatalogueError) as info:
        load(path)
    assert info.value.exit_code == 3
    message = info.value.message
    assert "\n" not in message
    return message


def test_bad_json_names_line_and_column(write_catalogue: Callable[[Any], Path]) -> None:
    path = write_catalogue('{\n  "documents": [\n    {"id": "x",, }\n  ]\n}')
    message = _error(path)
    assert str(path) in message
    assert "line 3, column 16" in message


def test_truncated_json(write_catalogue: Callable[[Any], Path]) -> None:
    assert "truncated" in _error(write_catalogue('{"documents": [{"id": "x"'))


def test_bad_field_names_json_path_and_value(write_catalogue: Callable[[Any], Path]) -> None:
    message = _error(write_catalogue(minimal(date=1951)))
    assert "$.documents[0].date" in message
    assert "1951" in message


def test_impossible_calendar_date(write_catalogue: Callable[[Any], Path]) -> None:
    message = _error(write_catalogue(minimal(date="1951-02-30")))
    assert "$.documents[0].date" in message
    assert "no day 30 in February 1951" in message


def test_duplicate_ids(write_catalogue: Callable[[Any], Path]) -> None:
    data = minimal()
    data["documents"].append(dict(data["documents"][0]))
    message = _error(write_catalogue(data))
    assert "$.documents[1].id: duplicate id" in message


def test_unknown_person(write_catalogue: Callable[[Any], Path]) -> None:
    message = _error(write_catalogue(minimal(people=["nobody"], **{"from": [{"person": "ghost"}]})))
    assert "unknown person" in message
    assert "'ghost'" in message
    assert "and 1 more" in message


def test_top_level_array(write_catalogue: Callable[[Any], Path]) -> None:
    assert "got an array" in _error(write_catalogue("[]"))


def test_unknown_field(write_catalogue: Callable[[Any], Path]) -> None:
    message = _error(write_catalogue(minimal(colour="red")))
    assert "$.documents[0].colour: unknown field" in message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "missing.json")
    assert "is a folder" in _error(tmp_path)


def test_invalid_utf8(write_catalogue: Callable[[Any], Path]) -> None:
    message = _error(write_catalogue(b'{"documents": [{"id": "\xff"}]}'))
    assert "UTF-8" in message
    assert "line 1" in message


def test_size_limit(
    monkeypatch: pytest.MonkeyPatch, write_catalogue: Callable[[Any], Path]
) -> None:
    monkeypatch.setenv("KOREA_MAX_BYTES", "10")
    assert "larger than" in _error(write_catalogue(minimal()))


def test_problems_lists_all() -> None:
    import msgspec

    from armisticecli.model import CatalogueFile

    raw = {
        "documents": [
            {"id": "a", "date": "1951-02-30", "type": "t", "title": " ", "people": ["x"]},
            {"id": "a", "date": "1951", "type": "t", "title": "ok"},
        ],
        "people": [
            {"id": "p", "name": "P", "roles": [{"title": "T", "from": "1953", "to": "1950"}]}
        ],
    }
    found = [str(p) for p in problems(msgspec.convert(raw, CatalogueFile))]
    assert any("$.documents[1].id: duplicate id" in p for p in found)
    assert any("$.documents[0].date: invalid date" in p for p in found)
    assert any("$.documents[0].title: empty title" in p for p in found)
    assert any("$.documents[0].people[0]: unknown person" in p for p in found)
    assert any("$.people[0].roles[0]: role ends (1950) before it begins (1953)" in p for p in found)


def test_everyone_a_document_involves_is_found_in_linear_work() -> None:
    """A document naming 40,000 people: each was compared with all before it (23 s)."""
    named = [CountedId(f"kim-{n}") for n in range(3000)]
    sender = CountedId("stalin")
    doc = Document(
        id="d", date="1951", type="note", title="t", from_=(Party(sender),), people=(*named, sender)
    )
    CountedId.compared = 0
    assert involved(doc) == ["stalin", *named]
    assert CountedId.compared <= 2 * len(named)
