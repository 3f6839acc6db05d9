"""The bundled catalogue: the seed carried over verbatim, and only verified facts."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from armisticecli import schema
from armisticecli.catalogue import bundled_path, load

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = Path(__file__).resolve().parent / "fixtures" / "seed" / "000_c262d64977bfa921.txt"
"""A verbatim copy of ../shared/seeds, so that a clean clone (CI) checks the data against it."""


def seed_entries(path: Path = SEED) -> list[tuple[str, str, str]]:
    """(ISO date, title, summary) of each document in the seed search result."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    entries = []
    for i, line in enumerate(lines):
        if re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", line):
            day = datetime.strptime(line, "%B %d, %Y").date().isoformat()
            entries.append((day, lines[i + 1], lines[i + 2]))
    return entries


def test_seed_titles_dates_summaries_are_verbatim(bundled_data: dict[str, Any]) -> None:
    expected = seed_entries()
    assert len(expected) == 7
    have = {(d["date"], d["title"], d["summary"]) for d in bundled_data["documents"]}
    for entry in expected:
        assert entry in have, entry
    assert len(bundled_data["documents"]) == 7


def test_the_seed_copy_is_the_shared_seed() -> None:
    shared = sorted(SHARED_SEEDS.glob("*.txt"))
    if not shared:
        pytest.skip("../shared/seeds is not beside this checkout (a clean clone)")
    assert [path.name for path in shared] == [SEED.name]
    assert shared[0].read_bytes() == SEED.read_bytes()


def test_record_ids_are_only_the_verified_ones(bundled_data: dict[str, Any]) -> None:
    # ../shared/facts/documents.md verifies exactly two record ids.
    record_ids = {d["id"]: d.get("record_id") for d in bundled_data["documents"]}
    assert {k: v for k, v in record_ids.items() if v} == {
        "polish-note": "114957",
        "charge-telegram": "114956",
    }


def test_sources_only_where_verified(bundled_data: dict[str, Any]) -> None:
    sources = {d["id"]: d.get("source") for d in bundled_data["documents"] if d.get("source")}
    assert set(sources) == {"polish-note", "charge-telegram"}
    assert sources["charge-telegram"]["reference"] == "AP RF. F. 3. Op. 65. D. 830. pp. 136-147."
    assert sources["polish-note"]["translators"] == ["Maya Latynski"]


def test_ids_are_short_lowercase_slugs(bundled_data: dict[str, Any]) -> None:
    for doc in bundled_data["documents"]:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", doc["id"]), doc["id"]
        assert len(doc["id"]) <= 16


PEOPLE = [
    "stalin", "mao", "zhou", "peng", "kim-il-sung", "gao-gang", "chai", "krasovsky", "rhee",
    "clark", "malenkov", "nam-il", "harrison", "molotov", "wu-xiuquan", "roshchin",
    "pak-heon-yeong",
]  # fmt: skip


def test_the_seventeen_people_of_the_authority_file(bundled_data: dict[str, Any]) -> None:
    ids = {p["id"] for p in bundled_data["people"]}
    assert set(PEOPLE) <= ids


@pytest.mark.parametrize(
    ("person", "alias", "kind"),
    [
        ("stalin", "Filippov", "pseudonym"),
        ("stalin", "Feng Xi", "pseudonym"),
        ("zhou", "Chou En-lai", "transliteration"),
        ("kim-il-sung", "Ким Ир Сен", "native"),
        ("kim-il-sung", "Kim Ir Sen", "transliteration"),
        ("peng", "P'eng Te-huai", "transliteration"),
        ("kim-il-sung", "김일성", "native"),
    ],
)
def test_key_aliases(bundled_data: dict[str, Any], person: str, alias: str, kind: str) -> None:
    entry = next(p for p in bundled_data["people"] if p["id"] == person)
    kinds = {a["name"]: a["kind"] for a in entry.get("aliases", [])}
    assert kinds.get(alias) == kind


def test_chairman_of_council_of_ministers_changes_hands_in_march_1953(
    bundled_data: dict[str, Any],
) -> None:
    def role(person: str) -> dict[str, Any]:
        entry = next(p for p in bundled_data["people"] if p["id"] == person)
        return next(
            r for r in entry["roles"] if r["title"] == "Chairman of the USSR Council of Ministers"
        )

    assert role("stalin")["from"] == "1946-03-15"  # the Council of People's Commissars before
    assert role("stalin")["to"] == "1953-03-05"
    starts = [value["date"] for value in role("malenkov")["from"]["dates"]]
    assert starts[0] == "1953-03-06"  # announced and dated 6 Mar; one source gives 15 Mar


def test_events_from_the_facts_keep_partial_dates(bundled_data: dict[str, Any]) -> None:
    dates = {e["date"] for e in bundled_data["events"]}
    assert {"1950-06-25", "1951-10-25", "1952-05", "1953-03-05", "1953-07-27"} <= dates
    assert all(e["sources"] for e in bundled_data["events"])


def test_no_unverified_marker_in_data() -> None:
    text = bundled_path().read_text(encoding="utf-8")
    assert "UNVERIFIED" not in text
    assert "INFERRED" not in text


RESEARCH_MEMO_PHRASES = [
    "CONFLICT",
    "deliberately",
    "NOT an alias",
    "must not",
    "blog excerpt",
    "not researched",
    "research notes",
    "per the notes",
    "UNVERIFIED",
    "TODO",
]
"""Words of a research memo, not of a note for readers (issue 12)."""


def _texts(value: Any, path: str = "$") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in _texts(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [pair for i, item in enumerate(value) for pair in _texts(item, f"{path}[{i}]")]
    return [(path, value)] if isinstance(value, str) else []


def test_notes_are_written_for_readers(bundled_data: dict[str, Any]) -> None:
    for path, text in _texts({k: bundled_data[k] for k in ("description", "people", "events")}):
        for phrase in RESEARCH_MEMO_PHRASES:
            assert phrase.lower() not in text.lower(), (path, phrase, text[:120])


def test_every_person_and_event_has_a_source(bundled_data: dict[str, Any]) -> None:
    assert all(person["sources"] for person in bundled_data["people"])
    assert all(event["sources"] for event in bundled_data["events"])


def test_inferences_are_marked_with_their_basis(bundled_data: dict[str, Any]) -> None:
    """The recipient of the 3 July 1953 telegram is stated as a title; Malenkov is inferred."""
    charge = next(d for d in bundled_data["documents"] if d["id"] == "charge-telegram")
    recipient = charge["to"][0]
    assert recipient["name"] == "Chairman of the USSR Council of Ministers"
    assert recipient["person"] == "malenkov" and recipient["inferred"] is True
    assert "1953-07-03" in recipient["basis"]
    krasovsky = next(p for p in bundled_data["people"] if p["id"] == "krasovsky")
    assert krasovsky["name"] == "Krasovsky"  # as the documents name him
    stepan = [a for a in krasovsky["aliases"] if "Stepan" in a["name"]]
    assert stepan and all(a["inferred"] and a["basis"] for a in stepan)


def test_conflicting_dates_are_data_with_a_source_each(bundled_data: dict[str, Any]) -> None:
    malenkov = next(p for p in bundled_data["people"] if p["id"] == "malenkov")
    assert [d["date"] for d in malenkov["born"]["dates"]] == ["1902-01-08", "1902-01-13"]
    assert all(d["source"] for d in malenkov["born"]["dates"])
    seoul = next(e for e in bundled_data["events"] if e["id"] == "seoul-retaken")
    assert seoul["date"] == "1951-03-14"
    assert [d["date"] for d in seoul["other_dates"]] == ["1951-03-15"]


def test_the_corrected_events(bundled_data: dict[str, Any]) -> None:
    events = {e["id"]: e for e in bundled_data["events"]}
    armistice = events["armistice-signed"]
    assert "Munsan-ni" in armistice["title"] and "Tokyo" not in armistice["title"]
    assert "10:12" in armistice["title"]
    assert any("frus1952-54v15p2/d720" in s for s in armistice["sources"])
    assert events["panmunjom-talks"]["date"] == "1951-10-25"
    polish = next(d for d in bundled_data["documents"] if d["id"] == "polish-note")
    assert "Tokyo" in polish["places"]  # the note says Tokyo; it stays as the note says it


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Harry Truman", "truman"),
        ("Harry S. Truman", "truman"),
        ("Lavrentiy Beria", "beria"),
        ("Берия", "beria"),
        ("Nikolai Bulganin", "bulganin"),
        ("Stepan Krasovsky", "krasovsky"),
        ("Kim Ir Sen", "kim-il-sung"),
        ("Peng Laozong", "peng"),
        ("彭总", "peng"),
    ],
)
def test_people_named_by_surname_resolve_by_their_full_names(name: str, person: str) -> None:
    from armisticecli import Archive

    (entry,) = Archive.open().people(name)
    assert entry.person.id == person


def test_bundled_catalogue_is_valid() -> None:
    load(bundled_path())


def test_shipped_schema_is_current() -> None:
    assert json.loads(schema.shipped()) == schema.generate()


SCHEMA_LEVEL = [
    "wrong-type-title.json",
    "wrong-type-people.json",
    "not-a-date.json",
    "empty-title.json",
    "id-with-space.json",
    "unknown-field.json",
    "top-level-array.json",
    "missing-documents.json",
    "bad-alias-kind.json",
    "id-with-zero-width-space.json",
    "id-with-trailing-newline.json",
    "person-id-with-osc-52.json",
    "event-id-with-bidi-override.json",
    "record-id-with-c1-control.json",
    "alias-with-word-joiner.json",
    "alias-too-long.json",
]


def test_shipped_schema_accepts_the_bundled_catalogue(bundled_data: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator(json.loads(schema.shipped())).validate(bundled_data)


@pytest.mark.parametrize("name", SCHEMA_LEVEL)
def test_shipped_schema_rejects_what_the_loader_rejects(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(schema.shipped()))
    bad = Path(__file__).parent / "fixtures" / "bad" / name
    assert not validator.is_valid(json.loads(bad.read_text(encoding="utf-8")))
