from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clihelp import korea
from conftest import CONTROLS, controls_catalogue, csv_rows, formula_catalogue, raw_controls


def test_people_lists_everyone() -> None:
    data = json.loads(korea("people", "--json").stdout)
    stalin = next(p for p in data if p["id"] == "stalin")
    assert {"name": "Filippov", "kind": "pseudonym"}.items() <= next(
        a for a in stalin["aliases"] if a["name"] == "Filippov"
    ).items()
    assert stalin["documents"] == ["mao-stalin-1951", "cipher-3410", "cipher-16293"]
    assert any(r["title"] == "Chairman of the USSR Council of Ministers" for r in stalin["roles"])
    assert len(data) >= 17


def test_people_tsv_one_line_each() -> None:
    lines = korea("people").stdout.splitlines()
    assert any(line.startswith("stalin\tJoseph Stalin\t3\t") for line in lines)


def test_people_table() -> None:
    out = korea("people", "--format", "table").stdout
    assert "Joseph Stalin" in out and "Filippov" in out


def test_people_filippov_is_stalin() -> None:
    data = json.loads(korea("people", "Filippov", "--json").stdout)
    assert data[0]["id"] == "stalin"
    assert data[0]["match"]["why"] == "Filippov → Joseph Stalin (pseudonym)"
    assert data[0]["match"]["step"] == "alias"


def test_people_view_shows_why_and_documents() -> None:
    out = korea("people", "Chou En-lai", "--format", "table").stdout
    assert "Zhou Enlai" in out
    assert "Wade-Giles" in out
    assert "zhou-telegram" in out


def test_people_ambiguous_gives_all_with_scores() -> None:
    data = json.loads(korea("people", "Pak", "--json").stdout)
    assert {d["id"] for d in data} == {"pak-heon-yeong", "pak-il-u"}
    assert all(d["match"]["score"] == 90 for d in data)


@pytest.mark.parametrize(
    ("on", "expected"),
    [("1953-07-03", "malenkov"), ("1951-06-05", "stalin"), ("5 March 1953", "stalin")],
)
def test_people_title_on_a_date(on: str, expected: str) -> None:
    data = json.loads(
        korea(
            "people", "the Chairman of the USSR Council of Ministers", "--on", on, "--json"
        ).stdout
    )
    assert [d["id"] for d in data] == [expected]


def test_people_title_in_a_decade_is_everyone_who_held_it_then() -> None:
    # Like a year, a decade is a period: every holder in it is an answer.
    data = json.loads(
        korea(
            "people", "the Chairman of the USSR Council of Ministers", "--on", "1950s", "--json"
        ).stdout
    )
    assert [d["id"] for d in data] == ["stalin", "malenkov"]
    assert "on 1950s, held" in data[0]["match"]["why"]


def test_people_unknown_suggests() -> None:
    result = korea("people", "Kim Jong Il")
    assert result.exit_code == 1
    assert "nearest: Kim Il Sung" in result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Filippov", ["mao-stalin-1951", "cipher-3410", "cipher-16293"]),
        ("Kim Ir Sen", ["zhou-telegram", "mao-stalin-1951", "charge-telegram", "polish-note"]),
        ("Chai Junwu", ["zhou-telegram"]),
        (
            "the Chairman of the USSR Council of Ministers",
            ["mao-stalin-1951", "cipher-3410", "cipher-16293", "charge-telegram"],
        ),
    ],
)
def test_list_person(name: str, expected: list[str]) -> None:
    result = korea("list", "--person", name)
    assert result.exit_code == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == expected


def test_list_two_people_means_both() -> None:
    out = korea("list", "--person", "Filippov", "--person", "Chou En-lai").stdout
    assert [line.split("\t")[0] for line in out.splitlines()] == ["cipher-3410"]


def test_list_person_unknown_is_exit_1_with_suggestions() -> None:
    result = korea("list", "--person", "Stalinn Josef")
    assert result.exit_code in (0, 1)
    result = korea("list", "--person", "Eisenhower")
    assert result.exit_code == 1
    assert result.stderr.startswith("korea: --person: no person matches 'Eisenhower'")


def test_list_person_ambiguous_is_exit_1() -> None:
    result = korea("list", "--person", "Pak")
    assert result.exit_code == 1
    assert "pak-heon-yeong" in result.stderr and "pak-il-u" in result.stderr


@pytest.mark.parametrize("raw", [False, True])
def test_csv_shows_formulas_instead_of_running_them(
    raw: bool, write_catalogue: Callable[[Any], Path]
) -> None:
    path = str(write_catalogue(formula_catalogue()))
    result = korea("people", "--format", "csv", "--catalogue", path, *(["--csv-raw"] * raw))
    assert result.exit_code == 0
    (row,) = csv_rows(result.stdout)
    assert row["name"] == ("" if raw else "'") + "@SUM(1+1)"
    assert row["documents"] == "1"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "tsv"])
def test_no_c1_or_bidi_control_is_written_raw(
    fmt: str, write_catalogue: Callable[[Any], Path]
) -> None:
    path = str(write_catalogue(controls_catalogue()))
    out = korea("people", "--format", fmt, "--catalogue", path).stdout
    assert raw_controls(out) == set()
    if fmt == "json":
        assert json.loads(out)[0]["name"] == f"Person {CONTROLS}"


def test_a_name_shared_by_many_lists_twenty_and_the_count(
    write_catalogue: Callable[[Any], Path],
) -> None:
    people = [{"id": f"kim-{n}", "name": f"Kim Chol-su {n}"} for n in range(1200)]
    doc = {"id": "d1", "date": "1951-06-05", "type": "note", "title": "A note"}
    path = write_catalogue({"documents": [doc], "people": people})
    result = korea("list", "--person", "Kim", "--catalogue", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "'Kim' could be 1,200 people" in lines[0]
    assert len(lines) == 1 + 20 + 2
    assert lines[21] == "  … and 1,180 more"
    assert lines[22].startswith("korea: give more of the name")


@pytest.mark.parametrize(
    ("word", "offered"),
    [
        ("Premier", ["Premier Zhou (Zhou Enlai)", '"Premier of the PRC" --on DATE']),
        ("President", ["President Rhee (Syngman Rhee)"]),
        ("Chairman", ["Chairman Mao (Mao Zedong)"]),
    ],
)
def test_a_title_alone_offers_the_names_and_titles_that_hold_it(
    word: str, offered: list[str]
) -> None:
    """'no name is near it' was false: aliases such as "Premier Zhou" hold the word."""
    result = korea("people", word)
    assert result.exit_code == 1
    assert f"no person matches {word!r} alone, a title or rank" in result.stderr
    assert "no name of the" not in result.stderr
    for text in offered:
        assert text in result.stderr


def test_a_person_imported_from_a_list_of_persons_says_so(
    write_catalogue: Callable[[Any], Path],
) -> None:
    from conftest import minimal

    data = minimal()
    data["people"].append(
        {"id": "muccio", "name": "John J. Muccio", "note": "Ambassador in Korea",
         "identifiers": [{"scheme": "frus", "value": "frus1950v07#p_MJJ1"}],
         "imported": "frus1950v07"}
    )  # fmt: skip
    path = str(write_catalogue(data))
    table = korea("people", "--catalogue", path, "--format", "table").stdout
    assert "John J. Muccio (imported)" in table
    view = korea("people", "--catalogue", path, "Muccio", "--format", "table").stdout
    assert "frus: frus1950v07#p_MJJ1" in view
    assert "from frus1950v07's own list of persons" in view
    record = json.loads(korea("people", "--catalogue", path, "Muccio", "--json").stdout)
    assert record[0]["imported"] == "frus1950v07"
