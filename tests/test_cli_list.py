from __future__ import annotations

import csv
import io
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
    minimal,
    raw_controls,
)

ALL_IDS = [
    "zhou-telegram", "joint-hq", "mao-stalin-1951", "cipher-3410", "cipher-16293",
    "charge-telegram", "polish-note",
]  # fmt: skip


def ids(output: str) -> list[str]:
    return [line.split("\t")[0] for line in output.splitlines()]


def test_default_is_tsv_by_date_when_piped() -> None:
    result = korea("list")
    assert result.exit_code == 0
    assert ids(result.stdout) == ALL_IDS
    first = result.stdout.splitlines()[0].split("\t")
    assert first[:4] == [
        "zhou-telegram",
        "1950-11-08",
        "Telegram from Zhou Enlai to Chai Junwu, Peng Dehuai, and Gao Gang",
        "telegram",
    ]
    assert "\x1b" not in result.stdout


def test_tsv_lines_are_never_wrapped() -> None:
    long_title = next(line for line in korea("list").stdout.splitlines() if "mao-stalin" in line)
    assert "regarding Meetings with Kim Il Sung" in long_title
    assert len(long_title) > 100


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--until", "1950"], ["zhou-telegram", "joint-hq"]),
        (["--since", "1953"], ["charge-telegram", "polish-note"]),
        (["--since", "1951-06", "--until", "1952"], ["cipher-3410", "cipher-16293"]),
        (["--since", "June 1951", "--until", "June 1951"], ["cipher-3410"]),
        (["--since", "5 June 1951", "--until", "8 Feb 1952"], ["cipher-3410", "cipher-16293"]),
        (["--since", "1951-06-06", "--until", "8 Feb 1952"], ["cipher-16293"]),
        (["--type", "note"], ["polish-note"]),
        (["--type", "Ciphered Telegram"], ["cipher-3410", "cipher-16293"]),
        (["--type", "note", "--type", "draft agreement"], ["joint-hq", "polish-note"]),
        (["--limit", "2"], ["zhou-telegram", "joint-hq"]),
        (["--reverse", "-n", "1"], ["polish-note"]),
        (["--sort", "title", "-n", "2"], ["cipher-16293", "cipher-3410"]),
    ],
)
def test_filters_and_order(args: list[str], expected: list[str]) -> None:
    result = korea("list", *args)
    assert result.exit_code == 0, result.stderr
    assert ids(result.stdout) == expected


def test_telegram_type_includes_ciphered_telegrams() -> None:
    assert len(ids(korea("list", "--type", "telegram").stdout)) == 5


def test_partial_document_date_overlaps_range(write_catalogue: Callable[[Any], Path]) -> None:
    path = write_catalogue(minimal(date="1951-10"))
    assert ids(korea("list", "--catalogue", str(path), "--since", "1951-10-31").stdout) == ["d1"]
    assert ids(korea("list", "--catalogue", str(path), "--until", "1951-10-01").stdout) == ["d1"]
    assert korea("list", "--catalogue", str(path), "--until", "1951-09-30").exit_code == 1
    assert korea("list", "--catalogue", str(path), "--since", "1951-11").exit_code == 1


def test_a_decade_reaches_from_its_first_day_to_its_last(
    write_catalogue: Callable[[Any], Path],
) -> None:
    path = write_catalogue(minimal(date="1959-12-31"))
    assert ids(korea("list", "--catalogue", str(path), "--until", "1950s").stdout) == ["d1"]
    assert ids(korea("list", "--catalogue", str(path), "--since", "the 1950s").stdout) == ["d1"]
    assert korea("list", "--catalogue", str(path), "--since", "1960s").exit_code == 1
    assert korea("list", "--catalogue", str(path), "--until", "1940s").exit_code == 1


def test_json_is_an_array_of_document_objects() -> None:
    result = korea("list", "--json")
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == ALL_IDS
    assert list(data[0]) == [
        "id", "record_id", "date", "datetime", "date_end", "type", "title", "summary",
        "from", "to", "people", "places", "organizations", "source", "collections",
        "language", "notes", "text", "footnotes", "page_breaks", "relations",
    ]  # fmt: skip
    assert korea("list", "--format", "json").stdout == result.stdout


def test_json_ignores_force_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b" not in korea("list", "--json").stdout


def test_jsonl() -> None:
    lines = korea("list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ALL_IDS


def test_csv_has_header_and_quotes() -> None:
    rows = list(csv.DictReader(io.StringIO(korea("list", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == ALL_IDS
    assert rows[-1]["archive"] == "Polish Foreign Ministry Archive"
    assert rows[0]["to"] == "Chai Junwu; Peng Dehuai; Gao Gang"


def test_table_format_renders_rich_table() -> None:
    result = korea("list", "--format", "table", "--limit", "1")
    assert "zhou-telegram" in result.stdout
    assert "┃" in result.stdout or "|" in result.stdout


def test_a_table_cut_by_limit_says_how_many_of_how_many() -> None:
    table = korea("list", "--format", "table", "--limit", "2", "--since", "1951").stdout
    assert "2 of 5 documents" in table
    for whole in (["--limit", "5"], ["--limit", "9"], []):
        assert (
            "of 5 documents"
            not in korea("list", "--format", "table", "--since", "1951", *whole).stdout
        )
    # a pipe, JSON and CSV get the documents only, never the count
    assert ids(korea("list", "--limit", "2").stdout) == ALL_IDS[:2]
    assert len(json.loads(korea("list", "--limit", "2", "--json").stdout)) == 2
    assert "of 7" not in korea("list", "--limit", "2", "--format", "csv").stdout


def test_nothing_found_is_exit_1_and_json_empty_array() -> None:
    result = korea("list", "--since", "1960", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert result.stderr.strip() == "korea: no documents match"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--since", "5/6/1951"], "--since: cannot read date '5/6/1951': 5/6 could be"),
        (["--until", "1951-06-05T10:00"], "it gives a time of day (10:00)"),
        (["--since", "1950s", "--until", "1940s"], "--since: 1950s is after the until date 1940s"),
        (["--since", "Jnue 1951"], "'Jnue 1951'"),
        (["--until", "1951-02-30"], "no day 30 in February 1951"),
        (["--since", "0000-00-00"], "0000-00-00"),
        (["--since", "99999"], "99999"),
        (["--since", ""], "cannot read date '': it is empty"),
        (["--limit", "0"], "--limit"),
        (["--limit", "-5"], "--limit"),
        (["--limit", "many"], "--limit"),
        (["--format", "xml"], "--format"),
        (["--sort", "colour"], "--sort"),
        (["--since", "1952", "--until", "1951"], "--since: 1952 is after the until date 1951"),
        (["--bogus"], "--bogus"),
    ],
)
def test_bad_values_are_exit_2_with_one_line(args: list[str], needle: str) -> None:
    result = korea("list", *args)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("korea: ")


def test_huge_limit_is_fine() -> None:
    assert korea("list", "--limit", str(10**30)).exit_code == 0


@pytest.mark.parametrize("option", ["--catalogue", "--catalog"])
def test_catalogue_option(option: str, write_catalogue: Callable[[Any], Path]) -> None:
    result = korea("list", option, str(write_catalogue(minimal())))
    assert ids(result.stdout) == ["d1"]


def test_catalogue_env_var(
    monkeypatch: pytest.MonkeyPatch, write_catalogue: Callable[[Any], Path]
) -> None:
    monkeypatch.setenv("KOREA_CATALOGUE", str(write_catalogue(minimal())))
    assert ids(korea("list").stdout) == ["d1"]


def test_bad_catalogue_is_exit_3(write_catalogue: Callable[[Any], Path]) -> None:
    path = write_catalogue(minimal(date="1951-02-30"))
    result = korea("list", "--catalogue", str(path))
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert "$.documents[0].date" in result.stderr


def test_ctrl_c_is_exit_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("armisticecli.archive.load", interrupted)
    result = korea("list")
    assert result.exit_code == 130
    assert "Traceback" not in result.stderr
    assert "Aborted" not in result.stderr


def test_catalogue_text_is_sanitised_in_tsv(write_catalogue: Callable[[Any], Path]) -> None:
    path = write_catalogue(minimal(title="Evil\x1b]52;c;cHduZWQ=\x07 \u202etitle\ttab\nline"))
    out = korea("list", "--catalogue", str(path)).stdout
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert out.count("\n") == 1
    assert out.split("\t")[2] == "Evil]52;c;cHduZWQ= title tab line"


def test_json_keeps_catalogue_text_exact(write_catalogue: Callable[[Any], Path]) -> None:
    title = "Evil\x1b[31m [bold]x[/bold]"
    path = write_catalogue(minimal(title=title))
    assert json.loads(korea("list", "--catalogue", str(path), "--json").stdout)[0]["title"] == title


def test_markup_in_catalogue_is_printed_literally(write_catalogue: Callable[[Any], Path]) -> None:
    path = write_catalogue(minimal(title="[bold red]Loud[/] [link=http://x]y[/link]"))
    out = korea("list", "--catalogue", str(path), "--format", "table").stdout
    assert "[bold red]Loud[/]" in out
    assert "[link=http://x]y[/link]" in out


@pytest.mark.parametrize("place", ["Pyongyang", "P'yŏngyang", "PYONGYANG", "pyong-yang"])
def test_place_ignores_case_accents_and_punctuation(place: str) -> None:
    assert ids(korea("list", "--place", place).stdout) == ["polish-note"]


def test_empty_person_is_exit_2() -> None:
    result = korea("list", "--person", "")
    assert result.exit_code == 2
    assert "empty name" in result.stderr


@pytest.mark.parametrize("raw", [False, True])
def test_csv_shows_formulas_instead_of_running_them(
    raw: bool, write_catalogue: Callable[[Any], Path]
) -> None:
    path = str(write_catalogue(formula_catalogue()))
    result = korea("list", "--format", "csv", "--catalogue", path, *(["--csv-raw"] * raw))
    assert result.exit_code == 0
    (row,) = csv_rows(result.stdout)
    quote = "" if raw else "'"
    assert row["title"] == quote + FORMULA
    assert row["summary"] == quote + "+1+1 and more"
    assert row["places"] == quote + "-2+3"
    assert row["from"] == quote + "@SUM(1+1)"
    assert row["id"] == "d1" and row["date"] == "1951-06-05"  # other cells as they are


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_escapes_c1_and_bidi_controls(
    fmt: str, write_catalogue: Callable[[Any], Path]
) -> None:
    path = str(write_catalogue(controls_catalogue()))
    out = korea("list", "--format", fmt, "--catalogue", path).stdout
    assert raw_controls(out) == set()
    record = json.loads(out)[0] if fmt == "json" else json.loads(out.splitlines()[0])
    assert record["title"] == f"Title {CONTROLS}"  # still exact
    assert "\\u202e" in out and "\\u009b" in out


def test_tsv_neutralises_c1_and_bidi_controls(write_catalogue: Callable[[Any], Path]) -> None:
    path = str(write_catalogue(controls_catalogue()))
    out = korea("list", "--format", "tsv", "--catalogue", path).stdout
    assert raw_controls(out) == set()
    assert out.split("\t")[2] == "Title 2J0;ownedevilx "  # NEL, a line break, is a space
