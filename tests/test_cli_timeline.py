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


def test_piped_plain_lines_in_date_order() -> None:
    result = korea("timeline", "--no-embedded")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert [line.split("\t")[2] for line in lines] == [
        "zhou-telegram", "joint-hq", "mao-stalin-1951", "cipher-3410", "cipher-16293",
        "charge-telegram", "polish-note",
    ]  # fmt: skip
    assert all(line.split("\t")[1] == "document" for line in lines)


def test_embedded_documents_stand_at_their_own_dates_marked_with_their_carrier() -> None:
    result = korea("timeline", "--since", "1951-01", "--until", "1951-02")
    assert [line.split("\t") for line in result.stdout.splitlines()] == [
        ["1951-01-19", "embedded", "peng-mao-1951-01-19", "",
         "Telegram from Peng Dehuai to Mao Zedong", "Peng Dehuai → Mao Zedong",
         "mao-stalin-1951"],
        ["1951-01-27", "document", "mao-stalin-1951", "telegram",
         "Telegram from Mao Zedong to I.V. Stalin, Conveying the 19 January 1951 Telegram "
         "from Peng Dehuai to Mao Zedong regarding Meetings with Kim Il Sung",
         "Mao Zedong → I.V. Stalin", ""],
    ]  # fmt: skip
    # filtered by their own dates: the carrier of 8 Feb 1952 is outside January
    january = korea("timeline", "--since", "1952-01", "--until", "1952-01", "--json")
    (entry,) = json.loads(january.stdout)
    assert (entry["kind"], entry["id"], entry["carrier"]) == (
        "embedded", "peng-mao-1952-01-22", "cipher-16293",
    )  # fmt: skip
    # and by their own people: Gao Gang had a copy
    gao = korea("timeline", "--person", "Gao Gang", "--since", "1951", "--until", "1951")
    assert "peng-mao-1951-01-19" in gao.stdout


def test_events_are_added_only_when_asked() -> None:
    kinds = [line.split("\t")[1] for line in korea("timeline", "--events").stdout.splitlines()]
    assert kinds.count("event") == 11
    assert kinds.count("document") == 7


def test_json_entries_have_kind_and_date_order() -> None:
    data = json.loads(korea("timeline", "--events", "--json").stdout)
    assert data[0] == {
        "kind": "event",
        "id": "war-begins",
        "date": "1950-06-25",
        "title": "North Korean forces cross the 38th parallel; the war begins",
        "sources": data[0]["sources"],
        "other_dates": [],
    }
    documents = [d for d in data if d["kind"] == "document"]
    assert documents[0]["id"] == "zhou-telegram" and "summary" in documents[0]
    partial = next(d for d in data if d["date"] == "1952-05")
    assert partial["kind"] == "event"
    seoul = next(d for d in data if d["id"] == "seoul-retaken")
    assert [other["date"] for other in seoul["other_dates"]] == ["1951-03-15"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--since", "1953"], ["kim-peng-clark-draft-1953", "charge-telegram", "polish-note"]),
        (["--person", "Filippov"], ["mao-stalin-1951", "cipher-3410", "cipher-16293"]),
        (["--type", "note"], ["polish-note"]),
    ],
)
def test_filters(args: list[str], expected: list[str]) -> None:
    lines = korea("timeline", *args).stdout.splitlines()
    assert [line.split("\t")[2] for line in lines] == expected


def test_date_filters_apply_to_events() -> None:
    data = json.loads(korea("timeline", "--events", "--since", "1953", "--json").stdout)
    assert [d["id"] for d in data if d["kind"] == "event"] == ["stalin-dies", "armistice-signed"]


def test_table_shows_groups_gaps_and_partial_dates() -> None:
    out = korea("timeline", "--events", "--by", "month", "--format", "table").stdout
    assert "October 1951" in out
    assert "Oct 1951" in out
    assert "8 months" in out or "months" in out
    assert "◆" in out and "●" in out


def test_mermaid() -> None:
    out = korea("timeline", "--format", "mermaid").stdout
    assert out.startswith("timeline\n")
    assert "section 1951" in out


@pytest.mark.parametrize("args", [["--by", "week"], ["--format", "svg"], ["--since", "x"]])
def test_bad_options_exit_2(args: list[str]) -> None:
    assert korea("timeline", *args).exit_code == 2


def test_nothing_matches_exit_1() -> None:
    result = korea("timeline", "--since", "1990", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("raw", [False, True])
def test_csv_shows_formulas_instead_of_running_them(
    raw: bool, write_catalogue: Callable[[Any], Path]
) -> None:
    path = str(write_catalogue(formula_catalogue()))
    args = ("timeline", "--events", "--format", "csv", "--catalogue", path)
    result = korea(*args, *(["--csv-raw"] * raw))
    assert result.exit_code == 0
    quote = "" if raw else "'"
    titles = {row["id"]: row["title"] for row in csv_rows(result.stdout)}
    assert titles == {"d1": quote + FORMULA, "e1": quote + "=1+1 happened"}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "tsv"])
def test_no_c1_or_bidi_control_is_written_raw(
    fmt: str, write_catalogue: Callable[[Any], Path]
) -> None:
    path = str(write_catalogue(controls_catalogue()))
    out = korea("timeline", "--events", "--format", fmt, "--catalogue", path).stdout
    assert raw_controls(out) == set()
    if fmt == "json":
        assert {e["title"] for e in json.loads(out)} == {f"Title {CONTROLS}", f"Event {CONTROLS}"}


def test_a_sender_alone_is_labelled_without_colour() -> None:
    """Without colour a sender line read as one more line of the title (joint-hq)."""
    out = korea("timeline", "--format", "table", "--until", "1950").stdout  # no colour here
    lines = [line.strip() for line in out.splitlines()]
    assert "From: Party Central Committee" in lines
    assert "Zhou Enlai → Chai Junwu (Chai Chengwen), Peng Dehuai, Gao Gang" in lines
