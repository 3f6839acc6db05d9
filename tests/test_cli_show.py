from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clihelp import korea
from conftest import (
    CONTROLS,
    FORMULA,
    controls_catalogue,
    csv_rows,
    formula_catalogue,
    raw_controls,
)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("cipher-3410", "cipher-3410"),
        ("114957", "polish-note"),
        ("ciphered telegram 3410", "cipher-3410"),
    ],
)
def test_show_json_is_one_object(ref: str, expected: str) -> None:
    result = korea("show", ref, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert data["id"] == expected


def test_show_table_has_every_field() -> None:
    out = korea("show", "charge-telegram", "--format", "table").stdout
    for text in [
        "Telegram of the Soviet Chargé to the PRC",
        "3 Jul 1953",  # the date style of every table (ISO in a pipe)
        "114956",
        "Chairman of the USSR Council of Ministers → Georgy Malenkov, inferred: held the title",
        "AP RF. F. 3. Op. 65. D. 830. pp. 136-147.",
        "Translated for NKIDP by Gary Goldberg.",
        "https://digitalarchive.wilsoncenter.org/document/114956",
        "Syngman Rhee",
    ]:
        assert text in out, text


def test_show_piped_is_the_whole_document_as_field_lines() -> None:
    lines = korea("show", "charge-telegram").stdout.splitlines()
    fields = dict(line.split("\t", 1) for line in lines if not line.startswith("note\t"))
    assert fields["id"] == "charge-telegram"
    assert fields["date"] == "1953-07-03"
    assert fields["reference"] == "AP RF. F. 3. Op. 65. D. 830. pp. 136-147."
    assert fields["summary"].startswith("After acknowledging Syngman Rhee")
    assert fields["to"] == (
        "Chairman of the USSR Council of Ministers → Georgy Malenkov, inferred: "
        "held the title on 1953-07-03: Malenkov from 6 Mar 1953, after Stalin's death"
    )
    assert sum(line.startswith("note\t") for line in lines) == 3
    assert "not_verified" not in fields  # it has a record id, a source line, a translator


def test_show_says_plainly_what_is_not_verified() -> None:
    fields = dict(
        line.split("\t", 1)
        for line in korea("show", "cipher-3410").stdout.splitlines()
        if not line.startswith("note\t")
    )
    assert fields["not_verified"] == "source line, record id, translator"
    table = korea("show", "cipher-3410", "--format", "table").stdout
    assert "Not verified" in table and "source line, record id, translator" in table


def test_ambiguous_lists_candidates_exit_1() -> None:
    result = korea("show", "ciphered telegram")
    assert result.exit_code == 1
    assert "matches 2 documents" in result.stderr
    assert "cipher-3410" in result.stderr and "cipher-16293" in result.stderr
    assert result.stdout == ""


def test_not_found_suggests_exit_1() -> None:
    result = korea("show", "cipher-341O")
    assert result.exit_code == 1
    assert "did you mean cipher-3410" in result.stderr


@pytest.mark.parametrize("ref", ["", " ", "\x1b[2J", "--", "x" * 100_000, "[bold]"])
def test_hostile_refs(ref: str) -> None:
    result = korea("show", ref)
    assert result.exit_code in (1, 2)
    assert "\x1b" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_reference_may_be_words_without_quotes() -> None:
    quoted = korea("show", "ciphered telegram 3410", "--format", "tsv")
    words = korea("show", "ciphered", "telegram", "3410", "--format", "tsv")
    assert (words.exit_code, words.stdout) == (0, quoted.stdout)
    assert "cipher-3410" in words.stdout


@pytest.mark.parametrize("raw", [False, True])
def test_csv_shows_formulas_instead_of_running_them(
    raw: bool, write_catalogue: Callable[[Any], Path]
) -> None:
    path = str(write_catalogue(formula_catalogue()))
    result = korea("show", "d1", "--format", "csv", "--catalogue", path, *(["--csv-raw"] * raw))
    assert result.exit_code == 0
    assert csv_rows(result.stdout)[0]["title"] == ("" if raw else "'") + FORMULA


@pytest.mark.parametrize("fmt", ["json", "jsonl", "tsv", "csv"])
def test_no_c1_or_bidi_control_is_written_raw(
    fmt: str, write_catalogue: Callable[[Any], Path]
) -> None:
    path = str(write_catalogue(controls_catalogue()))
    out = korea("show", "d1", "--format", fmt, "--catalogue", path).stdout
    assert raw_controls(out) == set()
    if fmt == "json":
        assert json.loads(out)["summary"] == f"Summary {CONTROLS}"


def test_many_candidates_show_twenty_and_the_count(
    write_catalogue: Callable[[Any], Path],
) -> None:
    """A loose title printed 23,731 candidates (issue 14)."""
    documents = [
        {"id": f"t{n}", "date": "1951-06-05", "type": "telegram", "title": f"Telegram {n}"}
        for n in range(1234)
    ]
    path = write_catalogue({"documents": documents, "people": []})
    result = korea("show", *["telegram"] * 1000, "--catalogue", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith("matches 1,234 documents; give an id or more of the title")
    assert [line.split("\t")[0] for line in lines[1:21]] == [f"t{n}" for n in range(20)]
    assert lines[21] == "  … and 1,214 more"
    assert len(lines) == 22


def test_a_reference_over_the_word_limit_is_a_usage_error() -> None:
    result = korea("show", *(f"w{n}" for n in range(100)))
    assert result.exit_code == 2
    assert "has 100 different words; the limit is 64" in result.stderr


def _frus_catalogue() -> dict[str, Any]:
    """One FRUS-like document with a time, a publication, a number and pages."""
    from conftest import minimal

    data = minimal(
        id="frus1952-54v12p2-d2",
        date="1952-01-15",
        datetime="1952-01-15T18:44:00-05:00",
        title="The Secretary of State to the Embassy in Burma",
        source={"reference": "793.00/1–1052: Telegram", "publication": "frus1952-54v12p2",
                "number": "2", "pages": "3–4"},
    )  # fmt: skip
    data["publications"] = [
        {"id": "frus1952-54v12p2", "title": "Foreign Relations of the United States, 1952–1954, "
         "East Asia and the Pacific, Volume XII, Part 2"}
    ]  # fmt: skip
    return data


def test_show_gives_the_sources_time_and_publication(
    write_catalogue: Callable[[Any], Path],
) -> None:
    path = str(write_catalogue(_frus_catalogue()))
    table = korea("show", "--catalogue", path, "frus1952-54v12p2-d2", "--format", "table")
    assert "18:44 (UTC−05:00)" in table.stdout
    assert "East Asia and the Pacific" in table.stdout and "3–4" in table.stdout
    piped = korea("show", "--catalogue", path, "frus1952-54v12p2-d2").stdout.splitlines()
    assert "time\t1952-01-15T18:44:00-05:00" in piped
    assert "number\t2" in piped and "pages\t3–4" in piped
