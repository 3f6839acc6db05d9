"""Archive, the front door: the same answers from memory and from the on-disk index."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pytest

from armisticecli import Archive, Filter
from armisticecli.errors import AmbiguousError, CatalogueError, NotFoundError, UsageError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate


@pytest.fixture(autouse=True)
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KOREA_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gen") / "generated.json"
    path.write_text(json.dumps(generate(2000, seed=11)), encoding="utf-8")
    return path


@pytest.fixture
def both(generated: Path) -> tuple[Archive, Archive]:
    """The generated catalogue in memory, and through its on-disk index (built here)."""
    memory = Archive.open(generated, index="never")
    indexed = Archive.open(generated, index="always")
    list(indexed.search("Filippov", limit=1))  # a search builds the index
    assert indexed.uses_index and not memory.uses_index
    return memory, indexed


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("cipher-3410", "cipher-3410"),
        ("CIPHER-3410", "cipher-3410"),
        ("114956", "charge-telegram"),
        ("ciphered telegram 3410", "cipher-3410"),
        ("Ciphered Telegram No. 16293", "cipher-16293"),
        ("polish embassy", "polish-note"),
        ("joint headquarters", "joint-hq"),
    ],
)
def test_get(ref: str, expected: str) -> None:
    assert Archive.open().get(ref).id == expected


def test_get_ambiguous_lists_candidates() -> None:
    with pytest.raises(AmbiguousError) as info:
        Archive.open().get("ciphered telegram")
    assert len(info.value.candidates) == 2
    assert info.value.exit_code == 1


def test_get_none_suggests() -> None:
    with pytest.raises(NotFoundError) as info:
        Archive.open().get("polish-nte")
    assert "did you mean polish-note" in info.value.message


def test_the_readme_example() -> None:
    ids = [hit.document.id for hit in Archive.open().search("Filippov")]
    assert ids[:2] == ["cipher-3410", "cipher-16293"]


def test_open_a_missing_file_is_a_catalogue_error(tmp_path: Path) -> None:
    for index in ("never", "always", "auto"):
        with pytest.raises(CatalogueError, match="no such file"):
            Archive.open(tmp_path / "nope.json", index=index)  # type: ignore[arg-type]


def test_library_errors_name_the_field_not_the_option() -> None:
    with pytest.raises(UsageError) as info:
        Filter.of(since="Jnue 1951")
    assert info.value.field == "since"
    assert "--" not in str(info.value)
    assert str(info.value).startswith("since: ")
    with pytest.raises(UsageError) as empty:
        Archive.open().documents(Filter.of(people=[" "]))
    assert empty.value.field == "person"


def test_filters_resolve_names() -> None:
    archive = Archive.open()
    stalin = archive.documents(Filter.of(people=["Filippov"]))
    assert {d.id for d in stalin} == {"mao-stalin-1951", "cipher-3410", "cipher-16293"}
    # A title without a date: whoever held it on each document's date (Stalin, then Malenkov).
    held = archive.documents(Filter.of(people=["Chairman of the USSR Council of Ministers"]))
    assert [d.id for d in held] == [
        "mao-stalin-1951",
        "cipher-3410",
        "cipher-16293",
        "charge-telegram",
    ]


def test_same_documents_from_memory_and_index(both: tuple[Archive, Archive]) -> None:
    memory, indexed = both
    filters = [
        None,
        Filter.of(since="1951-06", until="1952"),
        Filter.of(people=["Filippov"]),
        Filter.of(people=["Chairman of the USSR Council of Ministers"], since="1953"),
        Filter.of(people=["Mao Zedong", "Peng Dehuai"], types=["telegram"]),
        Filter.of(until="1950"),
    ]
    for where in filters:
        for sort in ("date", "title"):
            a = [d.id for d in memory.documents(where, sort=sort)]  # type: ignore[arg-type]
            b = [d.id for d in indexed.documents(where, sort=sort)]  # type: ignore[arg-type]
            assert a == b, where


def test_same_people_timeline_export_and_lookups(both: tuple[Archive, Archive]) -> None:
    memory, indexed = both
    for name in (None, "Filippov", "Chairman of the USSR Council of Ministers", "Pak"):
        a = [(e.person.id, e.count, e.document_ids[:50]) for e in memory.people(name)]
        b = [(e.person.id, e.count, e.document_ids[:50]) for e in indexed.people(name)]
        assert a == b, name
    where = Filter.of(people=["Peng Dehuai"], since="1951")
    assert [e.id for e in memory.timeline(where, events=True)] == [
        e.id for e in indexed.timeline(where, events=True)
    ]
    for query in ("", "Filippov armistice", '"joint headquarters"'):
        a = [d.id for d in memory.export(where, query)]
        b = [d.id for d in indexed.export(where, query)]
        assert a == b, query
    some = memory.documents(limit=30)[-1]
    for ref in (some.id, some.id.upper(), some.title):
        assert indexed.get(ref).id == memory.get(ref).id


def test_export_with_a_query_is_the_search_hits_in_date_order(
    both: tuple[Archive, Archive],
) -> None:
    memory, _ = both
    from armisticecli.filters import sort_documents

    hits = {hit.document.id for hit in memory.search("Filippov")}
    exported = memory.export(None, "Filippov")
    assert len(exported) > 100
    assert {d.id for d in exported} == hits
    assert exported == sort_documents(exported)


def test_an_unwritable_cache_warns_and_answers_from_memory(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("KOREA_CACHE_DIR", str(blocker / "cache"))
    archive = Archive.open(generated, index="always")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        hits = list(archive.search("Filippov", limit=3))
    assert len(hits) == 3
    assert not archive.uses_index
    assert any("cannot write the search index" in str(w.message) for w in caught)


def test_the_index_store_has_no_fake_catalogue(both: tuple[Archive, Archive]) -> None:
    _, indexed = both
    store = indexed._reader()
    assert not hasattr(store, "catalogue")
    assert len(indexed) == 2000


def test_questions_that_need_the_index_build_it_without_reading_the_file_twice(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build reads the catalogue once; the archive must not read it again for names."""

    def read_again(*_: object) -> None:
        raise AssertionError("the catalogue was read outside the index build")

    monkeypatch.setattr("armisticecli.archive.load", read_again)
    calls = [
        lambda a: a.documents(Filter.of(people=["Filippov"])),
        lambda a: list(a.search("armistice", Filter.of(people=["Mao Zedong"]), limit=5)),
        lambda a: a.export(Filter.of(people=["Peng Dehuai"]), "telegram"),
        lambda a: a.people("Filippov"),
        lambda a: a.timeline(Filter.of(people=["Kim Il Sung"]), events=True),
    ]
    for index, call in enumerate(calls):
        monkeypatch.setenv("KOREA_CACHE_DIR", str(generated.parent / f"cache-{index}"))
        archive = Archive.open(generated, index="always")
        assert call(archive), index
        assert archive.uses_index


def test_a_path_that_cannot_exist_is_a_catalogue_error() -> None:
    for index in ("never", "always", "auto"):
        with pytest.raises(CatalogueError, match="not a usable path"):
            Archive.open("bad\x00name.json", index=index)  # type: ignore[arg-type]
