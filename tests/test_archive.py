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


def test_a_reference_over_the_word_limit_says_the_limit() -> None:
    """A loose title of 1,000 words took 207 s (issue 14)."""
    with pytest.raises(UsageError) as info:
        Archive.open().get(" ".join(f"w{n}" for n in range(1000)))
    assert info.value.field == "ref"
    assert "has 1000 different words; the limit is 64" in info.value.message


def test_a_word_repeated_in_a_reference_counts_once() -> None:
    archive = Archive.open()
    assert archive.get("ciphered " * 500 + "telegram 3410").id == "cipher-3410"


def test_each_title_is_read_once_for_a_reference(
    both: tuple[Archive, Archive], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Titles were cut into words again for every word of the reference."""
    import armisticecli.archive

    calls = []
    real = armisticecli.archive.words

    def counted(text: str) -> list[str]:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(armisticecli.archive, "words", counted)
    for archive in both:
        calls.clear()
        with pytest.raises(AmbiguousError) as info:
            archive.get("Ciphered Telegram No. " * 20)
        assert len(calls) <= len(archive) + 1
        assert f"matches {len(info.value.candidates):,} documents" in info.value.message


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


def test_listing_counts_what_a_limit_cut(both: tuple[Archive, Archive]) -> None:
    where = Filter.of(since="1951")
    for archive in both:
        everything = archive.documents(where)
        listed = archive.listing(where, limit=7)
        assert listed.documents == everything[:7]
        assert listed.total == len(everything) > 7
        assert archive.listing(where).total == len(archive.listing(where).documents)


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


def test_the_module_examples_run() -> None:
    import doctest

    import armisticecli.archive

    result = doctest.testmod(armisticecli.archive)
    assert result.attempted >= 4
    assert result.failed == 0


def test_completing_ids_is_the_same_from_memory_and_index(both: tuple[Archive, Archive]) -> None:
    memory, indexed = both
    some = memory.documents(limit=1)[0].id
    for prefix in ("", some[:3], some, "zzz-no-such"):
        assert memory.complete_ids(prefix, limit=20) == indexed.complete_ids(prefix, limit=20)
    assert indexed.complete_ids(some)[0][0] == some


def test_a_stale_index_is_rebuilt_reading_the_file_once(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from armisticecli import cache

    copy = tmp_path / "copy.json"
    copy.write_bytes(generated.read_bytes())
    list(Archive.open(copy, index="always").search("Filippov", limit=1))
    copy.write_bytes(generated.read_bytes() + b"\n")  # new content: the index is stale
    reads: list[str] = []
    real_read, real_hash = cache.read_bytes, cache.content_hash
    monkeypatch.setattr(cache, "read_bytes", lambda p: reads.append("read") or real_read(p))
    monkeypatch.setattr(cache, "content_hash", lambda p: reads.append("hash") or real_hash(p))
    archive = Archive.open(copy, index="always")
    assert list(archive.search("Filippov", limit=1))
    assert archive.uses_index
    # open() finds it stale (by size here, else by one hash); the build reads it once.
    assert reads.count("read") == 1
    assert reads.count("hash") <= 1


def test_listing_people_does_not_build_an_index(generated: Path, cache_folder: Path) -> None:
    archive = Archive.open(generated, index="always")
    everyone = archive.people()
    assert sum(entry.count for entry in everyone) > 0
    assert not archive.uses_index
    assert not list(cache_folder.glob("index-*.sqlite"))
    archive.people("Filippov")  # a name is a question for the index
    assert archive.uses_index


def test_a_folder_given_as_catalogue_is_a_catalogue_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    for call in (
        lambda a: a.people(),
        lambda a: a.people("Filippov"),
        lambda a: list(a.search("x")),
    ):
        with pytest.raises(CatalogueError, match="is a folder"):
            call(Archive.open(folder, index="always"))


def test_bad_arguments_name_their_field() -> None:
    archive = Archive.open()
    for call, field in (
        (lambda: archive.documents(limit=0), "limit"),
        (lambda: list(archive.search("Filippov", limit=-1)), "limit"),
        (lambda: archive.people(" "), "name"),
    ):
        with pytest.raises(UsageError) as caught:
            call()
        assert caught.value.field == field
    with pytest.raises(NotFoundError) as missing:
        archive.people("Xyzzyq")
    assert missing.value.field == "name"
    with pytest.raises(NotFoundError) as filtered:
        archive.documents(Filter.of(people=["Xyzzyq"]))
    assert filtered.value.field == "person"


def test_an_archive_closes_its_index(generated: Path) -> None:
    import sqlite3

    with Archive.open(generated, index="always") as archive:
        assert list(archive.search("Filippov", limit=1))
        store = archive._reader()
    with pytest.raises(sqlite3.ProgrammingError):
        store.ids([0])


def test_an_indexed_archive_answers_from_another_thread(both: tuple[Archive, Archive]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    _, indexed = both
    with ThreadPoolExecutor(2) as pool:
        found = pool.submit(lambda: [h.document.id for h in indexed.search("Filippov", limit=5)])
        assert found.result() == [h.document.id for h in indexed.search("Filippov", limit=5)]


def test_search_with_events_merges_them_by_score_then_date() -> None:
    archive = Archive.open()
    hits = list(archive.search("Seoul OR Panmunjom", events=True))
    assert {hit.kind for hit in hits} == {"document", "event"}
    assert [(-h.score, h.date) for h in hits] == sorted((-h.score, h.date) for h in hits)
    documents = [(h.id, h.score, h.why) for h in archive.search("Seoul OR Panmunjom")]
    assert [(h.id, h.score, h.why) for h in hits if h.kind == "document"] == documents
    events = archive.search_events("Seoul OR Panmunjom")
    assert [h.id for h in hits if h.kind == "event"] == [h.id for h in events]
    seoul = [h.id for h in archive.search("Seoul", events=True)]
    assert [h.id for h in archive.search("Seoul", events=True, limit=2)] == seoul[:2]
