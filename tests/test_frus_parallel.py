"""A real FRUS document that names the 38th parallel (and Chou En-lai), read verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from armisticecli.frus import FrusDocument, read_volume

FIXTURES = Path(__file__).parent / "fixtures" / "frus"
PARALLEL = FIXTURES / "frus1951v07p2-parallel.xml"


@pytest.fixture(scope="module")
def docs() -> list[FrusDocument]:
    return list(read_volume(PARALLEL).documents())


def test_the_fixture_holds_d14_and_d15_of_the_same_day(docs: list[FrusDocument]) -> None:
    assert [(d.id, d.number, d.date) for d in docs] == [
        ("frus1951v07p2-d14", "14", "1951-01-30"),
        ("frus1951v07p2-d15", "15", "1951-01-30"),
    ]
    assert docs[0].title.startswith("Memorandum of Telephone Conversation, Prepared in")
    assert docs[1].title.startswith("Memorandum of Conversation, by Charles Burton Marshall")
    assert all(d.source_note == "S/P Files: Lot 64 D 563" for d in docs)


def test_d14_names_the_38th_parallel_and_the_chinese_leaders(docs: list[FrusDocument]) -> None:
    d14 = docs[0]
    assert (
        "to withdraw all of its forces north of the 38th parallel without giving appreciable"
        " battle to the UN forces."
    ) in d14.text
    assert "Chou En-lai’s reactions" in d14.text
    assert "Mao Tse-tung" in d14.text
    assert d14.pages == ("1530", "1531", "1532", "1533")


def test_d14_keeps_its_one_footnote_apart(docs: list[FrusDocument]) -> None:
    d14 = docs[0]
    assert [note.n for note in d14.notes] == ["1"]
    assert d14.notes[0].text.startswith("Sir Benegal Rau, the Indian Representative")
    assert d14.text[: d14.notes[0].offset].endswith("“present United Nations resolution”.")
    assert "Benegal Rau" not in d14.text


def test_only_d14_mentions_the_parallel(docs: list[FrusDocument]) -> None:
    assert [d.id for d in docs if "38th parallel" in d.text] == ["frus1951v07p2-d14"]
    assert "Chou En-lai as completely treacherous" in docs[1].text
