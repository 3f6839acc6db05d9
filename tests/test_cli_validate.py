"""The corpus of broken catalogues, each with its message and exit code; validate; schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clihelp import korea
from conftest import CONTROLS, minimal, raw_controls

BAD = Path(__file__).parent / "fixtures" / "bad"
EXPECTED: dict[str, dict[str, Any]] = json.loads((BAD / "expected.json").read_text("utf-8"))


def test_every_fixture_has_an_expectation() -> None:
    files = {p.name for p in BAD.glob("*.json")} - {"expected.json"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loading_a_broken_catalogue_is_one_clear_line(name: str) -> None:
    result = korea("list", "--catalogue", str(BAD / name))
    assert result.exit_code == EXPECTED[name]["code"]
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"korea: {BAD / name}: ")
    assert EXPECTED[name]["message"] in lines[0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_reports_and_exits_3(name: str) -> None:
    result = korea("validate", str(BAD / name))
    assert result.exit_code == 3
    assert result.stdout.strip(), "validate lists the problems on stdout"
    assert "problem" in result.stderr


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(
        b"\xef\xbb\xbf" + b'{"documents": [{"id": "a", "date": "1951", "type": "t", "title": "x"}]}'
    )
    assert korea("list", "--catalogue", str(path)).exit_code == 0
    assert korea("validate", str(path)).exit_code == 0


def test_missing_file_and_folder(tmp_path: Path) -> None:
    for path, message in ((tmp_path / "nope.json", "no such file"), (tmp_path, "is a folder")):
        result = korea("list", "--catalogue", str(path))
        assert result.exit_code == 3
        assert message in result.stderr
        assert korea("validate", str(path)).exit_code == 3


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "locked.json"
    path.write_text("{}")
    path.chmod(0)
    assert "permission denied" in korea("list", "--catalogue", str(path)).stderr


def test_a_gigabyte_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(1024**3)  # sparse: a gigabyte of zero bytes
    result = korea("list", "--catalogue", str(path))
    assert result.exit_code == 3
    assert "not JSON" in result.stderr


def test_size_limit_refuses_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"documents": []}' + " " * 5000)
    monkeypatch.setenv("KOREA_MAX_BYTES", "1000")
    result = korea("list", "--catalogue", str(path))
    assert result.exit_code == 3
    assert "larger than the 1,000-byte limit" in result.stderr


def test_validate_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(
        json.dumps(
            {
                "documents": [
                    {"id": "a", "date": "1951-02-30", "type": "t", "title": ""},
                    {"id": "a", "date": "x", "title": 5, "colour": 1, "people": ["ghost"]},
                ],
                "people": [
                    {
                        "id": "p",
                        "name": "P",
                        "roles": [{"title": "T", "from": "1953", "to": "1950"}],
                    }
                ],
                "extra": 1,
            }
        )
    )
    result = korea("validate", str(path), "--json")
    assert result.exit_code == 3
    found = {(p["path"], p["message"].split(":")[0]) for p in json.loads(result.stdout)}
    assert found == {
        ("$.documents[0].date", "invalid date"),
        ("$.documents[0].title", "must not be empty"),
        ("$.documents[1]", "missing required field `type`"),
        ("$.documents[1].colour", "unknown field"),
        ("$.documents[1].date", "invalid date"),
        ("$.documents[1].id", "duplicate id"),
        ("$.documents[1].title", "expected `str`, got `int`"),
        ("$.documents[1].people[0]", "unknown person"),
        ("$.people[0].roles[0]", "role ends (1950) before it begins (1953)"),
        ("$.extra", "unknown field"),
    }
    values = {p["path"]: p["value"] for p in json.loads(result.stdout)}
    assert values["$.documents[1].title"] == 5
    assert values["$.documents[0].date"] == "1951-02-30"


def test_validate_the_bundled_catalogue() -> None:
    result = korea("validate")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "valid" in result.stderr


def test_validate_uses_catalogue_option_and_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bad.json"
    path.write_text("[]")
    assert korea("validate", "--catalogue", str(path)).exit_code == 3
    monkeypatch.setenv("KOREA_CATALOGUE", str(path))
    assert korea("validate").exit_code == 3


def test_schema_command_prints_the_shipped_schema() -> None:
    from armisticecli.schema import shipped

    result = korea("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert result.stdout == shipped()
    assert schema["$schema"].startswith("https://json-schema.org/")
    document = schema["$defs"]["Document"]
    assert document["properties"]["date"]["pattern"].startswith("^[0-9]{4}")
    assert set(document["required"]) == {"id", "date", "type", "title"}


def test_much_whitespace_before_a_catalogue_is_fine(tmp_path: Path) -> None:
    """json and jq read it; the quick look at the first 4096 bytes must not say "empty"."""
    path = tmp_path / "spaced.json"
    bundled = Path(__file__).parents[1] / "data" / "documents.json"
    path.write_bytes(b" \n" * 5000 + bundled.read_bytes())
    result = korea("list", "--catalogue", str(path), "--format", "tsv")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 7


def test_json_escapes_c1_and_bidi_controls(write_catalogue: Callable[[Any], Path]) -> None:
    path = str(write_catalogue(minimal(date=f"1951-02-30{CONTROLS}")))
    result = korea("validate", "--json", path)
    assert result.exit_code == 3
    assert raw_controls(result.stdout) == set()
    assert json.loads(result.stdout)[0]["value"] == f"1951-02-30{CONTROLS}"
