"""The on-disk search index: same results as without it, rebuilt when the catalogue changes."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from armisticecli import cache
from armisticecli.catalogue import load
from armisticecli.errors import CatalogueError
from armisticecli.filters import DocumentFilter
from armisticecli.search import search_documents
from clihelp import korea

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate

QUERIES = [
    "Filippov",
    "Chou En-lai",
    '"joint headquarters"',
    "armistic",
    "Chairman of the USSR Council of Ministers",
    "Pak",
    "telegram Mao coast",
    "Pheng Dehuai",
    "No 17",
    "xyzzy",
    # the query syntax: OR, AND, NOT, -word, phrases excluded, names beside operators
    "Filippov OR Zhou",
    "telegram -Filippov",
    "Mao NOT coast",
    '"joint headquarters" OR armistic',
    "stalin OR mao OR Kim Ir Sen",
    "telegram AND NOT Stalyn",
    'Pak -"joint headquarters" OR Chou En-lai coast',
    "the of",
]


@pytest.fixture(autouse=True)
def cache_folder(isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # After isolated_env (named, not left to autouse order), which sets its own folder.
    folder = tmp_path / "cache"
    monkeypatch.setenv("KOREA_CACHE_DIR", str(folder))
    monkeypatch.setenv("KOREA_CACHE_MIN_BYTES", "0")
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gen") / "generated.json"
    path.write_text(json.dumps(generate(3000, seed=7)), encoding="utf-8")
    return path


def _signature(hits: list) -> list[tuple[str, float, list[str]]]:  # type: ignore[type-arg]
    return [(h.document.id, h.score, h.why) for h in hits]


def test_every_test_caches_inside_a_temporary_folder(
    isolated_env: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """conftest points the cache, and HOME and XDG for the platform default, into tmp."""
    assert cache.cache_dir() == cache_folder
    monkeypatch.delenv("KOREA_CACHE_DIR")
    assert cache.cache_dir().is_relative_to(isolated_env)


@pytest.mark.slow
@pytest.mark.parametrize("query", QUERIES)
def test_identical_results_with_and_without_the_index(generated: Path, query: str) -> None:
    in_memory = search_documents(load(generated), query)
    on_disk = search_documents(cache.open_store(generated), query)
    assert _signature(on_disk) == _signature(in_memory)


@pytest.mark.slow
def test_identical_with_filters_and_limit(generated: Path) -> None:
    catalogue = load(generated)
    keep = DocumentFilter(types=["telegram"]).predicate()
    for limit in (None, 1, 7):
        a = search_documents(catalogue, "Filippov armistice", keep, limit)
        b = search_documents(cache.open_store(generated), "Filippov armistice", keep, limit)
        assert _signature(a) == _signature(b)


@pytest.mark.slow
def test_cli_output_identical_with_and_without_cache(generated: Path) -> None:
    queries = [*QUERIES[:5], "Filippov OR Zhou", "telegram -Filippov"]
    for query, *extra in [*([q] for q in queries), ["Seoul OR armistic", "--events"]]:
        args = ["search", query, "--catalogue", str(generated), "--json", *extra]
        with_index = korea(*args)
        without = korea(*args, "--no-cache")
        assert with_index.stdout == without.stdout
        assert with_index.exit_code == without.exit_code


@pytest.mark.slow
def test_built_once_then_reused(generated: Path, cache_folder: Path) -> None:
    cache.open_store(generated)
    index = cache.index_path(generated)
    first = index.stat().st_ino  # a rebuild writes a new file and renames it into place
    cache.open_store(generated)
    assert index.stat().st_ino == first


def test_rebuilt_when_the_catalogue_changes(tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(generate(50, seed=1)))
    assert search_documents(cache.open_store(path), "zzzuniqueword") == []
    data = generate(50, seed=1)
    data["documents"][0]["title"] = "zzzuniqueword"  # type: ignore[index]
    path.write_text(json.dumps(data))
    hits = search_documents(cache.open_store(path), "zzzuniqueword")
    assert [h.document.id for h in hits] == ["doc-0"]


def test_touched_but_unchanged_keeps_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "touched.json"
    path.write_text(json.dumps(generate(30, seed=2)))
    cache.open_store(path)

    def no_rebuild(*_: object) -> None:
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr(cache, "build", no_rebuild)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    cache.open_store(path)  # hashed once, found unchanged, signature recorded
    monkeypatch.setattr(cache, "content_hash", no_rebuild)
    cache.open_store(path)  # and not hashed again


def test_a_corrupt_index_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(generate(30, seed=3)))
    cache.open_store(path)
    cache.index_path(path).write_bytes(b"not a database")
    with pytest.warns(RuntimeWarning, match=r"discarded the search index .*not a database"):
        store = cache.open_store(path)
    assert len(search_documents(store, "telegram")) > 0


def test_a_killed_build_leaves_no_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "k.json"
    path.write_text(json.dumps(generate(30, seed=4)))

    def killed(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache, "_write", killed)
    with pytest.raises(KeyboardInterrupt):
        cache.open_store(path)
    folder = cache.index_path(path).parent
    assert not cache.index_path(path).exists()
    assert not list(folder.glob(".building-*"))


@pytest.mark.slow
def test_an_unwritable_cache_folder_searches_without_the_index(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KOREA_CACHE_DIR", str(blocker / "cache"))
    result = korea("search", "Filippov", "--catalogue", str(generated), "--json")
    assert result.exit_code == 0
    assert result.stderr.startswith("korea: cannot write the search index (")
    assert "searching without it" in result.stderr
    without = korea("search", "Filippov", "--catalogue", str(generated), "--json", "--no-cache")
    assert result.stdout == without.stdout


def test_a_failed_write_is_reported_as_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.json"
    path.write_text(json.dumps(generate(30, seed=5)))

    def full(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cache, "_write", full)
    with pytest.raises(cache.IndexUnwritable, match="disk is full"):
        cache.open_store(path)
    assert not list(cache.index_path(path).parent.glob(".building-*"))


def test_an_invalid_catalogue_is_exit_3_with_or_without_cache(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"documents": [{"id": "a", "date": "1951-02-30", "type": "t", "title": "x"}]}')
    for extra in ([], ["--no-cache"]):
        result = korea("search", "x", "--catalogue", str(path), *extra)
        assert result.exit_code == 3
        assert "no day 30 in February 1951" in result.stderr


def test_small_catalogues_skip_the_index(
    generated: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOREA_CACHE_MIN_BYTES", str(10**9))
    assert korea("search", "Filippov", "--catalogue", str(generated)).exit_code == 0
    assert not cache_folder.exists() or not list(cache_folder.glob("index-*"))


@pytest.mark.slow
def test_no_cache_writes_nothing(generated: Path, cache_folder: Path) -> None:
    assert korea("search", "Filippov", "--catalogue", str(generated), "--no-cache").exit_code == 0
    assert not cache_folder.exists() or not list(cache_folder.glob("index-*"))


@pytest.mark.slow
def test_person_filter_works_from_the_index(generated: Path) -> None:
    args = ["search", "telegram", "--catalogue", str(generated), "--person", "Filippov", "--json"]
    with_index = json.loads(korea(*args).stdout)
    without = json.loads(korea(*args, "--no-cache").stdout)
    assert with_index == without
    assert with_index


def test_a_same_size_edit_with_the_mtime_restored_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "sneaky.json"
    data = generate(40, seed=5)
    data["documents"][0]["title"] = "Zzyzx"  # type: ignore[index]
    path.write_text(json.dumps(data))
    assert [h.document.id for h in search_documents(cache.open_store(path), "Zzyzx")] == ["doc-0"]
    before = path.stat()
    path.write_text(json.dumps(data).replace("Zzyzx", "Qqwwx"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert search_documents(cache.open_store(path), "Zzyzx") == []
    assert [h.document.id for h in search_documents(cache.open_store(path), "Qqwwx")] == ["doc-0"]


def test_a_failed_write_searches_the_catalogue_already_loaded(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    def read_again(_: object) -> None:
        raise AssertionError("the catalogue was read a second time")

    monkeypatch.setattr(cache, "_write", full)
    monkeypatch.setattr("armisticecli.archive.load", read_again)
    result = korea("search", "Filippov", "--catalogue", str(generated), "-n", "3")
    assert result.exit_code == 0
    assert "disk is full); searching without it" in result.stderr
    assert len(result.stdout.splitlines()) == 3


def test_a_bug_while_writing_is_not_mistaken_for_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps(generate(30, seed=6)))

    def bug(*_: object) -> None:
        raise sqlite3.ProgrammingError("a bug")

    monkeypatch.setattr(cache, "_write", bug)
    with pytest.raises(sqlite3.ProgrammingError):
        cache.open_store(path)
    assert not list(cache.index_path(path).parent.glob(".building-*"))


def test_an_unwritable_folder_is_found_before_the_catalogue_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("KOREA_CACHE_DIR", str(blocker / "cache"))

    def no_reading(*_: object) -> None:
        raise AssertionError("read before the folder was tried")

    monkeypatch.setattr(cache, "load", no_reading)
    monkeypatch.setattr(cache, "content_hash", no_reading)
    path = tmp_path / "c.json"
    path.write_text(json.dumps(generate(10, seed=2)))
    with pytest.raises(cache.IndexUnwritable) as caught:
        cache.open_store(path)
    assert caught.value.catalogue is None


def test_each_use_is_recorded_and_unused_or_orphaned_indexes_are_pruned(
    tmp_path: Path, cache_folder: Path
) -> None:
    import time

    kept, old, orphan = (tmp_path / f"{name}.json" for name in ("kept", "old", "orphan"))
    for path in (kept, old, orphan):
        path.write_text(json.dumps(generate(20, seed=3)))
        cache.open_store(path)
    month_ago = time.time() - (cache.UNUSED_DAYS + 1) * 86400
    os.utime(cache.index_path(old), (month_ago, month_ago))
    os.utime(cache.index_path(kept), (month_ago, month_ago))
    orphan_index = cache.index_path(orphan)
    orphan.unlink()
    cache.open_store(kept)  # a use: its index is marked used again
    assert cache.index_path(kept).stat().st_mtime > month_ago + 86400
    removed = cache.prune()
    assert set(removed) == {cache.index_path(old), orphan_index}
    assert sorted(p.name for p in cache_folder.iterdir()) == [cache.index_path(kept).name]


def test_building_an_index_prunes_the_others(tmp_path: Path, cache_folder: Path) -> None:
    gone = tmp_path / "gone.json"
    gone.write_text(json.dumps(generate(20, seed=3)))
    cache.open_store(gone)
    gone.unlink()
    fresh = tmp_path / "fresh.json"
    fresh.write_text(json.dumps(generate(20, seed=4)))
    cache.open_store(fresh)
    assert [p.name for p in cache_folder.iterdir()] == [cache.index_path(fresh).name]


@pytest.mark.parametrize("folder", ["C#sharp", "why?mode=rw", "100%", "%41%2F", "a b", "x?y#z%"])
@pytest.mark.parametrize("variable", ["KOREA_CACHE_DIR", "XDG_CACHE_HOME", "HOME"])
def test_a_cache_path_with_uri_characters_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, variable: str
) -> None:
    """`#`, `?` and `%` are URI syntax: the index is opened by its real name, not rebuilt."""
    if variable != "KOREA_CACHE_DIR":
        monkeypatch.delenv("KOREA_CACHE_DIR")
    if variable == "HOME":
        if sys.platform != "linux":
            pytest.skip("the cache folder is under HOME only where XDG says so")
        monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv(variable, str(tmp_path / folder))
    path = tmp_path / "u.json"
    path.write_text(json.dumps(generate(20, seed=8)))
    index = cache.index_path(path)
    assert folder in str(index)
    first = cache.open_store(path)
    assert first.count == 20
    built = index.stat().st_ino
    assert cache.open_current(path) is not None  # found, not rebuilt
    assert index.stat().st_ino == built
    result = korea("search", "telegram", "--catalogue", str(path), "-n", "1")
    assert (result.exit_code, result.stderr) == (0, "")
    assert index.stat().st_ino == built


def test_a_same_size_edit_during_the_build_is_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first build indexes the old bytes; the index is built again from the new."""
    path = tmp_path / "edited.json"
    data = generate(40, seed=9)
    data["documents"][0]["title"] = "Zzyzx"  # type: ignore[index]
    path.write_text(json.dumps(data))
    real_parse = cache.parse
    calls = []

    def parse_then_edit(raw: bytes, where: Path) -> object:
        calls.append(where)
        if len(calls) == 1:  # an editor saves the file while korea reads it
            path.write_text(json.dumps(data).replace("Zzyzx", "Qqwwx"))
        return real_parse(raw, where)

    monkeypatch.setattr(cache, "parse", parse_then_edit)
    store = cache.open_store(path)
    assert len(calls) == 2
    assert search_documents(store, "Zzyzx") == []
    assert [h.document.id for h in search_documents(store, "Qqwwx")] == ["doc-0"]


def test_a_file_that_keeps_changing_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "busy.json"
    path.write_text(json.dumps(generate(20, seed=9)))
    real_parse = cache.parse
    words = iter(["Aaaaa", "Bbbbb", "Ccccc"])

    def parse_then_edit(raw: bytes, where: Path) -> object:
        data = generate(20, seed=9)
        data["documents"][0]["title"] = next(words)  # type: ignore[index]
        path.write_text(json.dumps(data))
        return real_parse(raw, where)

    monkeypatch.setattr(cache, "parse", parse_then_edit)
    with pytest.raises(CatalogueError, match="changed while it was read"):
        cache.open_store(path)


# -- whose cache: an index that another user could have written is never read --------

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
STRANGER = 54321
"""A uid that owns nothing on the test machine."""
needs_root = pytest.mark.skipif(not ROOT, reason="only root can give a file to another user")


def _stat(mode: int, uid: int, gid: int = 0) -> os.stat_result:
    return os.stat_result((mode, 1, 1, 1, uid, gid, 0, 0, 0, 0))


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="modes and owners are POSIX")
@pytest.mark.parametrize(
    ("mode", "owner", "refused"),
    [
        (0o40700, "me", None),
        (0o40755, "me", None),
        (0o40755, "root", None),  # root could write anything anyway: a shared system cache
        (0o40777, "me", "every user can write it (mode 0777)"),
        (0o41777, "me", "every user can write it (mode 1777)"),  # /tmp: others create first
        (0o40700, "stranger", f"it belongs to another user (uid {STRANGER})"),
        (0o100600, "stranger", f"it belongs to another user (uid {STRANGER})"),
        (0o100666, "me", "every user can write it (mode 0666)"),
        (0o40775, "me", "its group can write it (gid 99999, mode 0775)"),
    ],
)
def test_what_is_trusted(mode: int, owner: str, refused: str | None) -> None:
    uid = {"me": os.geteuid(), "root": 0, "stranger": STRANGER}[owner]
    assert cache.untrusted(_stat(mode, uid, gid=99999)) == refused


def _forge(index: Path) -> None:
    """What an attacker's index holds: every document titled FORGED, all else as built."""
    with sqlite3.connect(index) as db:
        rows = db.execute("SELECT n, body FROM docs").fetchall()
        for n, body in rows:
            doc = json.loads(body)
            doc["title"] = "FORGED"
            db.execute("UPDATE docs SET body = ? WHERE n = ?", (json.dumps(doc).encode(), n))
    db.close()


def _search(path: Path, *extra: str) -> tuple[int, str, str]:
    result = korea("search", "telegram", "--catalogue", str(path), "--json", *extra)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="modes and owners are POSIX")
@pytest.mark.parametrize("mode", [0o777, 0o1777])
def test_a_folder_every_user_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    """A forged index under the expected name in a shared folder is never read."""
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(generate(30, seed=12)))
    shared = tmp_path / "shared-cache"
    monkeypatch.setenv("KOREA_CACHE_DIR", str(shared))
    _, expected, _ = _search(path, "--no-cache")
    assert _search(path)[0] == 0  # built while the folder was private
    _forge(cache.index_path(path))
    shared.chmod(mode)
    code, found, stderr = _search(path)
    assert (code, found) == (0, expected)
    assert "FORGED" not in found
    assert stderr == (
        f"korea: cannot trust the cache folder {shared}: every user can write it "
        f"(mode {mode:04o}); searching without it (KOREA_CACHE_DIR sets another folder)\n"
    )
    cache.index_path(path).unlink()
    assert _search(path) == (0, expected, stderr)  # and none is written there either
    assert not list(shared.iterdir())
    assert cache.prune(shared) == []


@needs_root
def test_a_folder_of_another_user_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """root does not read an index from a folder that another user owns."""
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(generate(30, seed=13)))
    theirs = tmp_path / "their-cache"
    monkeypatch.setenv("KOREA_CACHE_DIR", str(theirs))
    _, expected, _ = _search(path, "--no-cache")
    _search(path)
    _forge(cache.index_path(path))
    os.chown(theirs, STRANGER, STRANGER)
    os.chown(cache.index_path(path), STRANGER, STRANGER)
    code, found, stderr = _search(path)
    assert (code, found) == (0, expected)
    assert stderr.startswith(f"korea: cannot trust the cache folder {theirs}: it belongs to ")
    assert len(stderr.splitlines()) == 1


@needs_root
def test_a_folder_a_shared_group_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "group.json"
    path.write_text(json.dumps(generate(30, seed=13)))
    folder = tmp_path / "group-cache"
    monkeypatch.setenv("KOREA_CACHE_DIR", str(folder))
    _, expected, _ = _search(path, "--no-cache")
    _search(path)
    _forge(cache.index_path(path))
    os.chown(folder, 0, STRANGER)  # a group of its own, not root's private group
    folder.chmod(0o770)
    code, found, stderr = _search(path)
    assert (code, found) == (0, expected)
    assert f"its group can write it (gid {STRANGER}, mode 0770)" in stderr
    assert len(stderr.splitlines()) == 1


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="modes and owners are POSIX")
def test_a_folder_only_my_private_group_can_write_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not cache._private_group(os.getegid()):
        pytest.skip("this user has no private group")
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(generate(30, seed=13)))
    folder = tmp_path / "my-cache"
    monkeypatch.setenv("KOREA_CACHE_DIR", str(folder))
    _search(path)
    folder.chmod(0o770)  # umask 002, as Debian gives users with their own group
    built = cache.index_path(path).stat().st_ino
    assert _search(path)[::2] == (0, "")
    assert cache.index_path(path).stat().st_ino == built


@pytest.mark.parametrize(
    "change",
    [
        pytest.param("owner", marks=needs_root),
        pytest.param("mode", marks=pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX")),
    ],
)
def test_an_index_another_user_could_have_written_is_built_again(
    tmp_path: Path, cache_folder: Path, change: str
) -> None:
    """In a private folder, an index that is not the user's own is replaced, with one line."""
    path = tmp_path / "planted.json"
    path.write_text(json.dumps(generate(30, seed=14)))
    _, expected, _ = _search(path, "--no-cache")
    _search(path)
    index = cache.index_path(path)
    _forge(index)
    if change == "owner":
        os.chown(index, STRANGER, STRANGER)
        reason = f"it belongs to another user (uid {STRANGER})"
    else:
        index.chmod(0o666)
        reason = "every user can write it (mode 0666)"
    code, found, stderr = _search(path)
    assert (code, found) == (0, expected)
    assert stderr == f"korea: discarded the search index {index} ({reason}); it is built again\n"
    status = index.stat()
    assert (status.st_uid, status.st_mode & 0o777) == (os.geteuid(), 0o600)
    assert _search(path) == (0, expected, "")


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="modes and owners are POSIX")
def test_a_cache_folder_korea_makes_is_private(tmp_path: Path, cache_folder: Path) -> None:
    old = os.umask(0o002)
    try:
        path = tmp_path / "private.json"
        path.write_text(json.dumps(generate(10, seed=15)))
        cache.open_store(path)
    finally:
        os.umask(old)
    assert cache_folder.stat().st_mode & 0o777 == 0o700
    assert cache.index_path(path).stat().st_mode & 0o777 == 0o600


def test_a_killed_builds_temporary_file_is_removed_by_the_next_build(
    tmp_path: Path, cache_folder: Path
) -> None:
    """Named by pid and host: a dead builder's file goes at once, a live one's stays, and
    another machine's (or an older korea's) after a day."""
    import subprocess
    import time

    from armisticecli.files import host

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    cache_folder.mkdir(mode=0o700)
    dead = cache_folder / f".building-{gone.pid}@{host()}.x1y2z3ab.sqlite"
    live = cache_folder / f".building-{os.getpid()}@{host()}.x1y2z3ab.sqlite"
    remote = cache_folder / f".building-{gone.pid}@elsewhere.x1y2z3ab.sqlite"
    old_remote = cache_folder / f".building-{gone.pid}@elsewhere.q1y2z3ab.sqlite"
    older = cache_folder / ".building-k2j3h4g5.sqlite"  # an older korea's name, fresh
    for leftover in (dead, live, remote, old_remote, older):
        leftover.write_bytes(b"half an index")
    yesterday = time.time() - 86400 - 60
    os.utime(old_remote, (yesterday, yesterday))
    path = tmp_path / "next.json"
    path.write_text(json.dumps(generate(10, seed=16)))
    cache.open_store(path)
    assert sorted(p.name for p in cache_folder.iterdir()) == sorted(
        [live.name, remote.name, older.name, cache.index_path(path).name]
    )


def test_the_index_keeps_the_relations_and_reads_them_when_asked(tmp_path: Path) -> None:
    from armisticecli.catalogue import bundled_path

    path = tmp_path / "catalogue.json"
    path.write_bytes(bundled_path().read_bytes())
    store = cache.open_store(path)
    assert isinstance(store, cache.SqliteStore)
    assert store.meta["links"] is None  # not read on open: a search does not pay for it
    assert store.directory.links == load(path).links
    assert "peng-mao-1951-01-19" in store.directory.embedded


def test_damaged_relations_are_read_again_from_the_catalogue(tmp_path: Path) -> None:
    from armisticecli.catalogue import bundled_path

    path = tmp_path / "catalogue.json"
    path.write_bytes(bundled_path().read_bytes())
    cache.open_store(path)
    with sqlite3.connect(cache.index_path(path)) as db:
        db.execute("UPDATE meta SET value = 'not json' WHERE key = 'links'")
    db.close()
    warnings: list[str] = []
    store = cache.open_store(path, warn=warnings.append)
    assert store.directory.links == load(path).links
    assert warnings and "relations cannot be read" in warnings[0]
