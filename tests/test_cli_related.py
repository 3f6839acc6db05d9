"""korea related, and relations in show and JSON."""

from __future__ import annotations

import json

from clihelp import korea


def test_related_shows_the_conveyed_telegram() -> None:
    result = korea("related", "mao-stalin-1951")
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    cells = line.split("\t")
    assert cells[:7] == [
        "1", "mao-stalin-1951", "conveys", "peng-mao-1951-01-19", "1951-01-19",
        "Telegram from Peng Dehuai to Mao Zedong", "mao-stalin-1951",
    ]  # fmt: skip
    assert cells[7].startswith('Title: "Conveying the 19 January 1951 Telegram')


def test_related_both_ways_and_deeper() -> None:
    back = korea("related", "peng-mao-1951-01-19")
    assert [line.split("\t")[2:4] for line in back.stdout.splitlines()] == [
        ["conveyed in", "mao-stalin-1951"]
    ]
    deep = json.loads(korea("related", "cipher-16293", "--depth", "2", "--json").stdout)
    assert [(r["depth"], r["start"], r["type"], r["id"]) for r in deep] == [
        (1, "cipher-16293", "conveys", "peng-mao-1952-01-22"),
        (1, "cipher-16293", "conveys", "mao-peng-1952-02-04"),
        (2, "peng-mao-1952-01-22", "replied to by", "mao-peng-1952-02-04"),
        (2, "mao-peng-1952-02-04", "replies-to", "peng-mao-1952-01-22"),
    ]
    assert deep[0]["embedded"] is True and deep[0]["carrier"] == "cipher-16293"


def test_a_relay_and_an_outside_reference() -> None:
    via = korea("related", "cipher-3410").stdout.split("\t")
    assert via[2:6] == ["via", "", "", "Krasovsky"]
    draft, clark = (
        line.split("\t") for line in korea("related", "charge-telegram").stdout.splitlines()
    )
    assert draft[2:5] == ["conveys", "kim-peng-clark-draft-1953", "1953"]  # only its year known
    assert clark[2] == "refers-to" and clark[5].startswith("Mark W. Clark's letter of 29 June")
    shown = json.loads(korea("related", "charge-telegram", "--json").stdout)
    assert shown[0]["inferred"] is True and "Molotov" in shown[0]["basis"]


def test_a_document_without_relations_is_exit_1() -> None:
    result = korea("related", "zhou-telegram")
    assert result.exit_code == 1
    assert result.stderr == "korea: zhou-telegram has no relations in this catalogue\n"


def test_show_lists_relations_both_ways_and_json_carries_them() -> None:
    shown = korea("show", "peng-mao-1951-01-19")
    assert shown.exit_code == 0
    assert "relation\tconveyed in mao-stalin-1951 (1951-01-27): Telegram from Mao Zedong" in (
        shown.stdout
    )
    record = json.loads(korea("show", "mao-stalin-1951", "--json").stdout)
    assert record["relations"][0]["embedded"]["id"] == "peng-mao-1951-01-19"
    assert record["related"][0]["type"] == "conveys"
    plain = json.loads(korea("show", "zhou-telegram", "--json").stdout)
    assert "related" not in plain


def test_depth_must_be_positive() -> None:
    assert korea("related", "cipher-16293", "--depth", "0").exit_code == 2
