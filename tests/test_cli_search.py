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


def test_search_tsv() -> None:
    result = korea("search", "Filippov")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split("\t")
    assert first[0] == "cipher-3410"  # tied with cipher-16293 at 100, and earlier
    assert first[3] == "100"
    assert first[4] == "Filippov → Joseph Stalin (pseudonym): sender, title"


def test_search_json_has_score_and_why() -> None:
    data = json.loads(korea("search", "Chou En-lai", "--json").stdout)
    assert data[0]["id"] == "zhou-telegram"
    assert 0 < data[0]["score"] <= 100
    assert data[0]["why"] == ["Chou En-lai → Zhou Enlai (transliteration, Wade-Giles): sender"]


def test_search_no_match_is_exit_1_and_empty_array() -> None:
    result = korea("search", "xyzzy", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--since", "1953"], ["charge-telegram"]),
        (["--person", "Krasovsky"], ["cipher-3410"]),
        (["--type", "ciphered telegram"], ["cipher-3410", "cipher-16293"]),
        (["--place", "beijing"], ["cipher-3410", "cipher-16293"]),
    ],
)
def test_search_filters(args: list[str], expected: list[str]) -> None:
    result = korea("search", "Chou En-lai OR Filippov OR Malenkov", *args, "--json")
    assert result.exit_code == 0, result.stderr
    assert sorted(d["id"] for d in json.loads(result.stdout)) == sorted(expected)


def test_search_limit_keeps_the_best() -> None:
    query = "Chou En-lai OR Filippov OR Malenkov"
    full = json.loads(korea("search", query, "--json").stdout)
    one = json.loads(korea("search", query, "-n", "1", "--json").stdout)
    assert one == full[:1]


def test_search_table_and_csv() -> None:
    assert "Why" in korea("search", "armistice", "--format", "table").stdout
    header = korea("search", "armistice", "--format", "csv").stdout.splitlines()[0]
    assert header.endswith(",score,why,snippet")


@pytest.mark.parametrize(
    "query", ["[bold]", '"unclosed', "\x1b]52;c;x\x07", "x" * 5000, "--", "'", "-1"]
)
def test_hostile_queries(query: str) -> None:
    result = korea("search", "--", query)
    assert result.exit_code in (0, 1, 2)  # 2: no words ("--", "'"), or only an exclusion ("-1")
    assert "Traceback" not in result.stderr
    assert result.exit_code == 0 or result.stderr.count("\n") == 1


def test_an_explicit_table_in_a_pipe_has_every_hit(tmp_path: Path) -> None:
    """The cap on hits is for a screen; a table asked for in a pipe is whole."""
    docs = [
        {"id": f"d{i:02}", "date": "1951", "type": "note", "title": "Armistice"} for i in range(40)
    ]
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"documents": docs}), encoding="utf-8")
    result = korea("search", "armistice", "--catalogue", str(path), "--format", "table")
    assert result.exit_code == 0
    assert sum(f"d{i:02}" in result.stdout for i in range(40)) == 40
    assert "more match" not in result.stdout


def test_query_words_need_no_quotes() -> None:
    quoted = korea("search", "Pheng Dehuai", "--json")
    words = korea("search", "Pheng", "Dehuai", "--json")
    assert words.exit_code == quoted.exit_code == 0
    assert words.stdout == quoted.stdout
    phrase = korea("search", '"joint headquarters"', "Pak", "--json")
    assert json.loads(phrase.stdout)[0]["id"] == "joint-hq"


def test_search_needs_a_query() -> None:
    result = korea("search")
    assert result.exit_code == 2
    assert result.stderr == "korea: QUERY: missing (see `korea search --help`)\n"


def _ids(*args: str) -> set[str]:
    result = korea("search", "--json", *args)  # options before a "--" in args
    assert result.exit_code in (0, 1), result.stderr
    return {d["id"] for d in json.loads(result.stdout)}


def test_or_and_not_from_the_command_line() -> None:
    assert _ids("stalin", "OR", "mao") == _ids("stalin") | _ids("mao")
    data = json.loads(korea("search", "stalin", "OR", "mao", "--json").stdout)
    assert all("OR" not in reason for d in data for reason in d["why"][1:])
    assert _ids("telegram", "NOT", "Filippov") == _ids("telegram") - _ids("Filippov")
    # a dash inside one quoted argument, or after --, needs no NOT
    assert _ids("telegram -Filippov") == _ids("telegram", "NOT", "Filippov")
    assert _ids("telegram", "--", "-Filippov") == _ids("telegram", "NOT", "Filippov")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([""], "korea: the query is empty: give words to search for\n"),
        (["  "], "korea: the query is empty: give words to search for\n"),
        (["--", "-stalin"], "korea: '-stalin' only excludes: add a word to search for, as in"),
        (["--", "-38"], "korea: '-38' only excludes"),
        (["stalin", "OR"], "korea: OR needs words on both sides, in 'stalin OR'\n"),
        (["!!!"], "korea: no words to search for in '!!!'\n"),
    ],
)
def test_a_query_that_asks_for_nothing_is_exit_2(args: list[str], message: str) -> None:
    result = korea("search", "--json", *args)
    assert result.exit_code == 2
    assert result.stdout == ""  # refused before any output: not even "[]"
    assert result.stderr.startswith(message)


# -- --events: the timeline's events among the hits -------------------------------------


def test_a_search_that_finds_only_events_says_so() -> None:
    result = korea("search", "Inchon")
    assert result.exit_code == 1
    assert result.stderr == "korea: no documents match 'Inchon'; 1 event matches, add --events\n"
    several = korea("search", "negotiations")
    assert several.stderr.endswith("; 2 events match, add --events\n")
    nothing = korea("search", "xyzzy", "--events")
    assert (nothing.exit_code, nothing.stderr) == (
        1,
        "korea: no documents or events match 'xyzzy'\n",
    )


def test_events_are_hits_marked_as_events() -> None:
    data = json.loads(korea("search", "Inchon", "--events", "--json").stdout)
    assert [(d["kind"], d["id"], d["why"]) for d in data] == [
        ("event", "inchon", ["title: 'inchon'"])
    ]
    assert data[0]["title"] == "UN landing at Inchon (Operation Chromite)"
    tsv = korea("search", "Inchon", "--events").stdout.split("\t")
    assert tsv[:3] == ["inchon", "1950-09-15", "◆ UN landing at Inchon (Operation Chromite)"]
    csv = korea("search", "Inchon", "--events", "--format", "csv").stdout.splitlines()
    assert csv[1].startswith("inchon,,1950-09-15,event,UN landing at Inchon")
    table = korea("search", "Inchon", "--events", "--format", "table").stdout
    assert "◆ UN landing at Inchon" in table


def test_events_and_documents_rank_together() -> None:
    data = json.loads(korea("search", "Seoul", "--events", "--json").stdout)
    assert {d["kind"] for d in data} == {"document", "event"}
    keys = [(-d["score"], d["date"]) for d in data]
    assert keys == sorted(keys)
    documents = json.loads(korea("search", "Seoul", "--json").stdout)
    assert [d for d in data if d["kind"] == "document"] == documents
    assert all(d["kind"] == "document" for d in documents)


def test_only_the_dates_filter_events() -> None:
    assert _ids("Seoul", "--events", "--since", "1951-02") == {"seoul-retaken"}
    # as in the timeline, --person and --type say nothing about events
    assert "seoul-falls" in _ids("Seoul", "--events", "--person", "Krasovsky")


def test_events_and_a_limit() -> None:
    data = json.loads(korea("search", "Seoul", "--events", "-n", "2", "--json").stdout)
    whole = json.loads(korea("search", "Seoul", "--events", "--json").stdout)
    assert data == whole[:2]


@pytest.mark.parametrize("raw", [False, True])
def test_csv_shows_formulas_instead_of_running_them(
    raw: bool, write_catalogue: Callable[[Any], Path]
) -> None:
    path = str(write_catalogue(formula_catalogue()))
    args = ("search", "happened", "OR", "hyperlink", "--events", "--format", "csv")
    result = korea(*args, "--catalogue", path, *(["--csv-raw"] * raw))
    assert result.exit_code == 0
    titles = {row["id"]: row["title"] for row in csv_rows(result.stdout)}
    quote = "" if raw else "'"
    assert titles == {"d1": quote + FORMULA, "e1": quote + "=1+1 happened"}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "tsv"])
def test_no_c1_or_bidi_control_is_written_raw(
    fmt: str, write_catalogue: Callable[[Any], Path]
) -> None:
    path = str(write_catalogue(controls_catalogue()))
    args = ("search", "title", "OR", "event", "--events", "--format", fmt, "--catalogue", path)
    out = korea(*args).stdout
    assert raw_controls(out) == set()
    if fmt == "json":
        hits = json.loads(out)
        assert {hit["title"] for hit in hits} == {f"Title {CONTROLS}", f"Event {CONTROLS}"}


def test_a_query_over_the_word_limit_says_the_limit() -> None:
    result = korea("search", " ".join(f'"w{n}"' for n in range(70)))
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith('korea: \'"w0" "w1"')  # the query, shown as typed
    assert line.endswith(
        "has 70 words to search for; the limit is 64"
        " (words in quotes count, a repeated word or phrase counts once)"
    )


def test_a_phrase_repeated_is_searched_once() -> None:
    once = korea("search", '"ciphered telegram"', "--json")
    assert korea("search", *['"ciphered telegram"'] * 50, "--json").stdout == once.stdout
