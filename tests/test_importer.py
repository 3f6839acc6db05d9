"""armisticecli.importer: FRUS volumes into a catalogue, checked by validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from armisticecli.catalogue import check, load
from armisticecli.errors import CatalogueError
from armisticecli.importers import frus as importer
from armisticecli.importers.frus import display_name, import_frus
from frusvolumes import FIXTURES, V07, V12, repeated, with_persons, with_undated


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _valid(path: Path) -> None:
    _, problems = check(path)
    assert problems == []


def _doc(path: Path, doc_id: str) -> dict[str, Any]:
    found = [doc for doc in _read(path)["documents"] if doc["id"] == doc_id]
    assert len(found) == 1, doc_id
    return found[0]


def test_a_new_catalogue_holds_the_documents_and_the_bundled_authority(tmp_path: Path) -> None:
    target = tmp_path / "it.json"
    report = import_frus([V07, V12], target)
    assert report.created and report.written
    assert [(v.volume, v.added, v.notes) for v in report.volumes] == [
        ("frus1951v07p2", 3, 5),
        ("frus1952-54v12p2", 2, 13),
    ]
    _valid(target)
    catalogue = load(target)
    assert [doc.id for doc in catalogue.documents] == [
        "frus1951v07p2-d1",
        "frus1951v07p2-d22",
        "frus1951v07p2-d23",
        "frus1952-54v12p2-d1",
        "frus1952-54v12p2-d2",
    ]
    bundled = load(None)
    assert catalogue.people == bundled.people  # the authority, nothing added
    assert catalogue.events == bundled.events
    assert [p.id for p in catalogue.publications] == ["frus1951v07p2", "frus1952-54v12p2"]


def test_a_document_holds_what_the_volume_states(tmp_path: Path) -> None:
    target = tmp_path / "it.json"
    import_frus([V07], target)
    d1 = load(target).by_id["frus1951v07p2-d1"]
    assert d1.title == (
        "Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)"
    )
    assert (d1.date, d1.datetime, d1.date_end, d1.type) == ("1951-01-02", None, None, "Memorandum")
    assert d1.places == ("Washington",)
    assert d1.source is not None
    assert (d1.source.publication, d1.source.number, d1.source.pages) == (
        "frus1951v07p2",
        "1",
        "1474–1476",
    )
    assert d1.source.reference == "794A.5/1–351"
    assert d1.source.url == "https://history.state.gov/historicaldocuments/frus1951v07p2/d1"
    assert d1.source.archive is None  # the volume does not say which archive holds it
    assert [(n.n, n.offset) for n in d1.footnotes] == [
        ("2", None),  # on the heading
        ("3", 142),
        ("4", 779),
        ("5", 892),
    ]
    assert [(p.n, p.offset) for p in d1.page_breaks] == [
        ("1474", 0),
        ("1475", 879),
        ("1476", 3319),
    ]
    assert d1.text.startswith("Top Secret") or d1.text


def test_a_time_is_kept_as_the_source_gives_it(tmp_path: Path) -> None:
    target = tmp_path / "it.json"
    import_frus([V07, V12], target)
    catalogue = load(target)
    d23 = catalogue.by_id["frus1951v07p2-d23"]
    assert (d23.date, d23.datetime) == ("1951-02-02", "1951-02-02T15:00:00")
    burma = catalogue.by_id["frus1952-54v12p2-d1"]
    assert (burma.date, burma.datetime) == ("1952-01-10", "1952-01-10T12:00:00+06:30")
    assert catalogue.by_id["frus1952-54v12p2-d2"].source.pages == "3"  # type: ignore[union-attr]


def test_names_link_to_the_authority_stated_or_inferred(tmp_path: Path) -> None:
    target = tmp_path / "it.json"
    import_frus([V07, V12], target)
    # d1: "(Marshall)" in the head is the document's own word for the recipient
    assert _doc(target, "frus1951v07p2-d1")["to"] == [{"person": "marshall", "name": "Marshall"}]
    # a body, named by a gloss, is no one
    assert _doc(target, "frus1951v07p2-d1")["from"] == [{"name": "Joint Chiefs of Staff"}]
    # "the Secretary of State" on 2 Feb 1951 is Acheson: our inference, with its basis
    assert _doc(target, "frus1951v07p2-d23")["to"] == [
        {
            "person": "acheson",
            "name": "Secretary of State",
            "inferred": True,
            "basis": "held the title Secretary of State on 1951-02-02",
        }
    ]
    # a name the authority does not know stays a name
    assert _doc(target, "frus1951v07p2-d23")["from"] == [{"name": "McConaughy"}]
    assert _doc(target, "frus1952-54v12p2-d1")["from"] == [{"name": "Day"}]


def test_each_name_is_resolved_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from armisticecli.names import AuthorityIndex

    calls: list[str] = []
    resolve = AuthorityIndex.resolve

    def counted(self: AuthorityIndex, query: str, on: Any = None) -> Any:
        calls.append(query)
        return resolve(self, query, on)

    monkeypatch.setattr(AuthorityIndex, "resolve", counted)
    big = repeated(tmp_path / "big.xml", V07, 300_000)
    report = import_frus([big], tmp_path / "it.json")
    assert report.volumes[0].added > 30
    # three parties on three days: the repeats cost no look-up
    assert sorted(calls) == [
        "Joint Chiefs of Staff",
        "Marshall",
        "McConaughy",
        "Secretary of State",
    ]


def test_a_reimport_gives_the_same_ids_and_the_same_file(tmp_path: Path) -> None:
    target = tmp_path / "it.json"
    import_frus([V07, V12], target)
    first = target.read_bytes()
    report = import_frus([V07, V12], target)
    assert [(v.added, v.existing, v.updated) for v in report.volumes] == [(0, 3, 0), (0, 2, 0)]
    assert {c.action for c in report.changes} == {"skip"}
    assert target.read_bytes() == first


def test_update_replaces_a_document_and_keeps_the_rest(tmp_path: Path) -> None:
    target = tmp_path / "it.json"
    import_frus([V07], target)
    data = _read(target)
    data["documents"][0]["title"] = "Edited by hand"
    data["documents"][1]["summary"] = "A note of my own"
    target.write_text(json.dumps(data), encoding="utf-8")
    kept = import_frus([V07], target)
    assert (kept.volumes[0].existing, kept.volumes[0].updated) == (3, 0)
    assert _doc(target, "frus1951v07p2-d1")["title"] == "Edited by hand"
    report = import_frus([V07], target, update=True)
    assert (report.volumes[0].updated, report.volumes[0].unchanged) == (2, 1)
    assert _doc(target, "frus1951v07p2-d1")["title"].startswith("Memorandum by the Joint")
    assert "summary" not in _doc(target, "frus1951v07p2-d22")
    assert [d["id"] for d in _read(target)["documents"]] == [
        "frus1951v07p2-d1",
        "frus1951v07p2-d22",
        "frus1951v07p2-d23",
    ]
    _valid(target)


def test_an_existing_catalogue_keeps_its_records_as_they_are(tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    mine = {
        "title": "Mine",
        "documents": [
            {"id": "a", "date": "1951", "type": "note", "title": "My note", "from": [{"name": "X"}]}
        ],
        "people": [{"id": "marshall", "name": "George C. Marshall"}],
    }
    target.write_text(json.dumps(mine), encoding="utf-8")
    import_frus([V07], target)
    data = _read(target)
    assert data["title"] == "Mine"
    assert data["documents"][0] == mine["documents"][0]  # nothing filled in
    assert data["people"] == mine["people"]  # no bundled people in a user's catalogue
    # a surname alone, known as no form of the name here: linked, as an inference
    assert _doc(target, "frus1951v07p2-d1")["to"] == [
        {
            "person": "marshall",
            "name": "Marshall",
            "inferred": True,
            "basis": "the one Marshall among the catalogue's people",
        }
    ]
    # no Secretary of State in this authority: the gloss stays a gloss
    assert _doc(target, "frus1951v07p2-d23")["to"] == [{"name": "Secretary of State"}]
    _valid(target)


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "it.json"
    report = import_frus([V07], target, dry_run=True)
    assert not report.written
    assert not target.exists()
    assert [c.action for c in report.changes] == ["add"] * 4
    import_frus([V07], target)
    before = target.stat().st_mtime_ns, target.read_bytes()
    report = import_frus([V07, V12], target, dry_run=True, update=True)
    assert (target.stat().st_mtime_ns, target.read_bytes()) == before
    assert [v.added for v in report.volumes] == [0, 2]
    assert list(tmp_path.iterdir()) == [target]


def test_a_failure_midway_leaves_the_catalogue_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "it.json"
    import_frus([V07], target)
    before = target.read_bytes()
    with pytest.raises(CatalogueError, match=r"truncated\.xml:\d+: not well-formed XML"):
        import_frus([V12, FIXTURES / "truncated.xml"], target, update=True)
    assert target.read_bytes() == before
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left


def test_a_failed_write_leaves_the_catalogue_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    target = tmp_path / "it.json"
    import_frus([V07], target)
    before = target.read_bytes()

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    monkeypatch.setattr(os, "rename", full_disk)
    with pytest.raises(Exception):  # noqa: B017 (how write_text reports it is its own test's)
        import_frus([V12], target)
    assert target.read_bytes() == before
    assert list(tmp_path.iterdir()) == [target]


def test_an_invalid_catalogue_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "bad.json"
    target.write_text('{"documents": [{"id": "a", "date": "1951-02-30"}]}', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"bad\.json"):
        import_frus([V07], target)
    assert target.read_text(encoding="utf-8").startswith('{"documents"')


def test_undated_documents_are_skipped_and_counted(tmp_path: Path) -> None:
    volume = with_undated(tmp_path / "undated.xml", "d22")
    target = tmp_path / "it.json"
    report = import_frus([volume], target)
    assert (report.volumes[0].documents, report.volumes[0].added) == (3, 2)
    assert report.volumes[0].undated == 1
    assert "frus1951v07p2-d22" not in load(target).by_id
    _valid(target)


PERSONS = {
    "p_MGC1": ("Marshall, George C.", "Secretary of Defense to September 12, 1951"),
    "p_MWP1": ("McConaughy, Walter P.", "Consul General at Hong Kong"),
    "p_JCS1": ("Joint Chiefs of Staff", "the Chiefs of the Army, Navy and Air Force"),
}


def test_a_listed_person_the_authority_lacks_is_added_in_the_lists_words(tmp_path: Path) -> None:
    volume = with_persons(tmp_path / "persons.xml", PERSONS, {"d1": "p_MGC1", "d23": "p_MWP1"})
    target = tmp_path / "it.json"
    report = import_frus([volume], target)
    assert report.volumes[0].people_added == 1
    people = {p["id"]: p for p in _read(target)["people"]}
    assert people["walter-p-mcconaughy"] == {
        "id": "walter-p-mcconaughy",
        "name": "Walter P. McConaughy",
        "note": "Consul General at Hong Kong",
        "sources": ["https://history.state.gov/historicaldocuments/frus1951v07p2/persons"],
        "identifiers": [{"scheme": "frus", "value": "frus1951v07p2#p_MWP1"}],
        "imported": "frus1951v07p2",
    }
    assert "roles" not in people["walter-p-mcconaughy"]  # no role is made from the note
    # the list's Marshall is the authority's: linked, not added
    assert _doc(target, "frus1951v07p2-d1")["to"] == [{"person": "marshall", "name": "Marshall"}]
    assert _doc(target, "frus1951v07p2-d23")["from"] == [
        {"person": "walter-p-mcconaughy", "name": "McConaughy"}
    ]
    _valid(target)
    # again: found by the identifier, not added twice, the same id
    again = import_frus([volume], target, update=True)
    assert again.volumes[0].people_added == 0
    assert [p["id"] for p in _read(target)["people"]].count("walter-p-mcconaughy") == 1


def test_a_new_persons_id_does_not_take_anothers(tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    mine = {"documents": [], "people": [{"id": "walter-p-mcconaughy", "name": "Someone Else"}]}
    target.write_text(json.dumps(mine), encoding="utf-8")
    volume = with_persons(tmp_path / "persons.xml", PERSONS, {"d23": "p_MWP1"})
    import_frus([volume], target)
    ids = [p["id"] for p in _read(target)["people"]]
    assert ids == ["walter-p-mcconaughy", "walter-p-mcconaughy-2"]
    _valid(target)


@pytest.mark.parametrize(
    ("listed", "shown"),
    [
        ("Acheson, Dean", "Dean Acheson"),
        ("Day, Henry B.", "Henry B. Day"),
        ("McConaughy, Walter P.", "Walter P. McConaughy"),
        ("Van Fleet, General James A.", "General James A. Van Fleet"),
        ("Kim Il-sung", "Kim Il-sung"),  # no comma: the list's order is the name's
        ("Smith, John, Jr.", "Smith, John, Jr."),  # not plainly Surname, Given
        ("Joint Chiefs of Staff", "Joint Chiefs of Staff"),
        ("Chou En-lai", "Chou En-lai"),
        ("1st Cavalry, Division", "1st Cavalry, Division"),
    ],
)
def test_display_name(listed: str, shown: str) -> None:
    assert display_name(listed) == shown


def test_a_volume_id_is_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, bool, object]] = []

    def fetch(volume_id: str, *, offline: bool, progress: object = None) -> Path:
        asked.append((volume_id, offline, progress))
        return V07

    monkeypatch.setattr("armisticecli.download.fetch_volume", fetch)
    monkeypatch.chdir(tmp_path)
    report = import_frus(["frus1951v07p2"], "it.json", offline=True, progress=lambda _: None)
    assert asked == [("frus1951v07p2", True, None)]
    assert report.volumes[0].added == 3
    # a file of that name is read as a file
    (tmp_path / "frus1952-54v12p2").write_bytes(V12.read_bytes())
    import_frus(["frus1952-54v12p2"], "it.json")
    assert len(asked) == 1


def test_only_footnotes_with_words_are_kept() -> None:
    from armisticecli.frus import Note

    notes = [Note("1", "", 3), Note("2", "Not printed.", 0), Note("3", "x", 5)]
    assert [(f.n, f.offset) for f in importer._footnotes(notes)] == [("2", None), ("3", 5)]


def test_a_date_not_on_the_calendar_is_skipped_and_counted(tmp_path: Path) -> None:
    text = V07.read_text(encoding="utf-8")
    assert 'when="1951-02-02T15:00:00"' in text
    volume = tmp_path / "bad-date.xml"
    volume.write_text(text.replace('when="1951-02-02T15:00:00"', 'when="1951-02-30T15:00:00"'))
    target = tmp_path / "it.json"
    report = import_frus([volume], target)
    assert (report.volumes[0].added, report.volumes[0].unreadable) == (2, 1)
    _valid(target)


def test_a_time_in_another_form_is_left_out_and_the_day_kept(tmp_path: Path) -> None:
    text = V07.read_text(encoding="utf-8")
    volume = tmp_path / "odd-time.xml"
    volume.write_text(text.replace('when="1951-02-02T15:00:00"', 'when="1951-02-02T15:00:00.5"'))
    target = tmp_path / "it.json"
    import_frus([volume], target)
    assert "datetime" not in _doc(target, "frus1951v07p2-d23")
    assert _doc(target, "frus1951v07p2-d23")["date"] == "1951-02-02"
    _valid(target)


def test_cross_references_become_relations(tmp_path: Path) -> None:
    """d14, edited to refer to d15 by its id and by a page d15 alone is printed on: one
    relation, the stated one; a page elsewhere stays a link to history.state.gov."""
    source = (FIXTURES / "frus1951v07p2-parallel.xml").read_text(encoding="utf-8")
    assert 'target="#pg_1545"' in source
    edited = source.replace('target="#pg_1545"', 'target="#pg_1534"', 1)
    edited = edited.replace(
        'target="frus1951v07p1#pg_115"', 'target="#d15"', 1
    )  # a document's own id, as later volumes write them
    path = tmp_path / "parallel.xml"
    path.write_text(edited, encoding="utf-8")
    target = tmp_path / "it.json"
    import_frus([path], target)
    d14 = {doc.id: doc for doc in load(target).documents}["frus1951v07p2-d14"]
    by_target = {(r.document or r.url): r for r in d14.relations}
    direct = by_target["frus1951v07p2-d15"]  # by id: stated, and it outweighs the page
    assert direct.type == "refers-to" and direct.source.endswith("(#d15)")
    assert direct.inferred is False
    assert len([r for r in d14.relations if r.document == "frus1951v07p2-d15"]) == 1
    outside = by_target["https://history.state.gov/historicaldocuments/frus1951v07p1/pg_148"]
    assert (outside.document, outside.label) == (None, "p. 148")
    assert check(target)[1] == []


def test_a_page_reference_is_an_inference_when_one_document_is_printed_there() -> None:
    from armisticecli.frus import CrossRef
    from armisticecli.importers.frus import _Pages, cross_references
    from armisticecli.importers.merge import Merge
    from armisticecli.model import Document, PageBreak, Source

    printed = Document(
        id="v-d2",
        date="1951",
        type="",
        title="T",
        source=Source(publication="v", pages="12–13"),
        page_breaks=(PageBreak("12", 0), PageBreak("13", 5)),
    )
    places = _Pages(Merge(Path("x.json"), {}, []), [printed])
    (relation,) = cross_references("v", "v-d1", [CrossRef("#pg_13", "p. 13")], places)
    assert (relation.document, relation.inferred) == ("v-d2", True)
    assert relation.basis is not None and "page 13 of v" in relation.basis
