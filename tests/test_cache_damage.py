"""A damaged index is discarded and built again: never a crash, never a wrong answer.

The index is derived data.  Whatever happened to the file (an edit, a
truncation, a table dropped by a curious user), the next search answers as if
nothing had: one warning line, the same hits, exit 0, and the search after it
says nothing at all.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from armisticecli import Archive, cache
from clihelp import korea

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate

PEOPLE_QUERY = "Filippov OR armistic"
"""A person (their documents from the people table), a prefix (the terms) and words."""
ROLE_QUERY = "Chairman of the USSR Council of Ministers"
"""A title held on a date: reads the documents' dates."""


@pytest.fixture(autouse=True)
def cache_folder(isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KOREA_CACHE_DIR", str(folder))
    monkeypatch.setenv("KOREA_CACHE_MIN_BYTES", "0")
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gen") / "generated.json"
    path.write_text(json.dumps(generate(120, seed=21)), encoding="utf-8")
    return path


def _sql(statement: str) -> Callable[[Path, int], None]:
    """A damage done through SQLite; ``{hit}`` is the number of the best hit."""

    def damage(index: Path, hit: int) -> None:
        with sqlite3.connect(index) as db:
            db.execute(statement.format(hit=hit, other=(hit + 1) % 120))
        db.close()

    return damage


def _bytes(change: Callable[[bytes], bytes]) -> Callable[[Path, int], None]:
    def damage(index: Path, hit: int) -> None:
        index.write_bytes(change(index.read_bytes()))

    return damage


DAMAGE = {
    # documents: decoded only when a hit is shown
    "a document is not JSON": _sql("UPDATE docs SET body = x'7b7b' WHERE n = {hit}"),
    "a document of the wrong type": _sql(
        """UPDATE docs SET body = CAST('{{"id": 5}}' AS BLOB) WHERE n = {hit}"""
    ),
    "a document is a number": _sql("UPDATE docs SET body = 42 WHERE n = {hit}"),
    "a document is another's": _sql(
        "UPDATE docs SET body = (SELECT body FROM docs WHERE n = {other}) WHERE n = {hit}"
    ),
    "a document renumbered": _sql("UPDATE docs SET n = -1 - n WHERE n = {hit}"),
    "a document deleted": _sql("DELETE FROM docs WHERE n = {hit}"),
    # meta: checked on open
    "count 0": _sql("UPDATE meta SET value = '0' WHERE key = 'count'"),
    "count not a number": _sql("UPDATE meta SET value = 'many' WHERE key = 'count'"),
    "count a float": _sql("UPDATE meta SET value = 120.0 WHERE key = 'count'"),
    "people missing": _sql("DELETE FROM meta WHERE key = 'people'"),
    "people of the wrong type": _sql(
        """UPDATE meta SET value = '[{{"id": 1}}]' WHERE key = 'people'"""
    ),
    "types not JSON": _sql("UPDATE meta SET value = '{{' WHERE key = 'types'"),
    "types not adding up": _sql("""UPDATE meta SET value = '{{"x": 1}}' WHERE key = 'types'"""),
    "repository a number": _sql("UPDATE meta SET value = 5 WHERE key = 'repository'"),
    "version missing": _sql("DELETE FROM meta WHERE key = 'version'"),
    "date keys empty": _sql("UPDATE meta SET value = x'' WHERE key = 'date_keys'"),
    "date keys of odd length": _sql(
        "UPDATE meta SET value = substr(value, 2) WHERE key = 'date_keys'"
    ),
    "date keys text": _sql("UPDATE meta SET value = 'x' WHERE key = 'date_keys'"),
    "dates short": _sql("UPDATE meta SET value = CAST('1950' AS BLOB) WHERE key = 'dates'"),
    "dates text": _sql("UPDATE meta SET value = 1950 WHERE key = 'dates'"),
    # postings and people's documents: checked as they are read
    "a posting of odd length": _sql(
        "UPDATE postings SET docs = substr(docs, 2) WHERE term = 'armistice'"
    ),
    "a posting empty": _sql("UPDATE postings SET docs = x'' WHERE term = 'armistice'"),
    "a posting out of range": _sql(
        "UPDATE postings SET docs = x'ffffff7f' || substr(docs, 5) WHERE term = 'armistice'"
    ),
    "a posting negative": _sql(
        "UPDATE postings SET docs = x'ffffffff' || substr(docs, 5) WHERE term = 'armistice'"
    ),
    "a posting in no field": _sql(
        "UPDATE postings SET fields = zeroblob(length(fields)) WHERE term = 'armistice'"
    ),
    "a posting text": _sql("UPDATE postings SET docs = 'abcd' WHERE term = 'armistice'"),
    "a person's documents out of range": _sql(
        "UPDATE people SET docs = x'ffffff7f' || substr(docs, 5)"
    ),
    "a person's parties of another length": _sql("UPDATE people SET parties = x'01'"),
    # tables and rows: checked on open
    "terms deleted": _sql("DELETE FROM terms WHERE term LIKE 'armisti%'"),
    "terms dropped": _sql("DROP TABLE terms"),
    "postings deleted": _sql("DELETE FROM postings WHERE term = 'armistice'"),
    "postings dropped": _sql("DROP TABLE postings"),
    "people dropped": _sql("DROP TABLE people"),
    "a column renamed": _sql("ALTER TABLE docs RENAME COLUMN body TO text"),
    "an index dropped": _sql("DROP INDEX docs_id"),
    "a table added": _sql("CREATE TABLE extra (x)"),
    # the file itself
    "not a database": _bytes(lambda _: b"not a database"),
    "empty": _bytes(lambda _: b""),
    "cut in half": _bytes(lambda data: data[: len(data) // 2]),
    "a header of garbage": _bytes(lambda data: b"\xff" * 100 + data[100:]),
}


def _search(path: Path, query: str) -> tuple[int, str, str]:
    result = korea("search", query, "--catalogue", str(path), "--json")
    return result.exit_code, result.stdout, result.stderr


QUICK = {
    "a document is not JSON", "a document of the wrong type", "a document deleted", "count 0",
    "people of the wrong type", "date keys of odd length", "dates short",
    "a posting of odd length", "a posting out of range", "a person's documents out of range",
    "terms deleted", "terms dropped", "a column renamed", "not a database", "cut in half",
}  # fmt: skip
"""One of each kind in the quick loop; the rest with the slow tests."""


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=() if n in QUICK else pytest.mark.slow) for n in DAMAGE]
)
def test_a_damaged_index_is_rebuilt_and_answers_the_same(
    generated: Path, tmp_path: Path, name: str
) -> None:
    damage = DAMAGE[name]
    query = ROLE_QUERY if name.startswith("dates") else PEOPLE_QUERY
    path = tmp_path / "catalogue.json"
    shutil.copy(generated, path)
    code, expected, stderr = _search(path, query)  # builds the index
    assert (code, stderr) == (0, "")
    index = cache.index_path(path)
    best = json.loads(expected)[0]["id"]
    with sqlite3.connect(index) as db:
        (hit,) = db.execute("SELECT n FROM docs WHERE id = ?", (best,)).fetchone()
    db.close()
    damage(index, hit)

    code, found, stderr = _search(path, query)
    assert code == 0
    assert found == expected
    assert stderr.startswith(f"korea: discarded the search index {index} (")
    assert stderr.endswith("; it is built again\n")
    assert len(stderr.splitlines()) == 1
    assert _search(path, query) == (0, expected, "")  # built again, and sound


def test_damage_found_while_reading_is_answered_from_the_new_index(
    generated: Path, tmp_path: Path
) -> None:
    """An archive open on the index finds a broken document midway: the read is answered
    from the index built again, with one warning, and reads after it need no more."""
    path = tmp_path / "catalogue.json"
    shutil.copy(generated, path)
    warnings: list[str] = []
    with Archive.open(path, index="always", warn=warnings.append) as archive:
        expected = [(h.id, h.score, h.why) for h in archive.search("armistice")]
        listed = [d.id for d in archive.documents(limit=3)]
    _sql("UPDATE docs SET body = x'00'")(cache.index_path(path), 0)
    again = Archive.open(path, index="always", warn=warnings.append)
    assert [(h.id, h.score, h.why) for h in again.search("armistice")] == expected
    assert len(warnings) == 1 and "does not decode" in warnings[0]
    assert [d.id for d in again.documents(limit=3)] == listed
    third = Archive.open(path, index="always", warn=warnings.append)
    assert [(h.id, h.score, h.why) for h in third.search("armistice")] == expected
    assert len(warnings) == 1  # the index on disk is sound again


def test_an_index_damaged_again_as_soon_as_built_is_one_clear_error(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "catalogue.json"
    shutil.copy(generated, path)

    def documents(*_: object) -> list[object]:
        raise cache.IndexDamaged("the disk returns garbage")

    monkeypatch.setattr(cache.SqliteStore, "documents", cache._recovering(documents))
    result = korea("search", "armistice", "--catalogue", str(path))
    assert result.exit_code == 3
    assert "damaged again as soon as it was built (the disk returns garbage)" in result.stderr
    assert "Traceback" not in result.stderr


def test_damage_found_when_the_index_cannot_be_built_again_is_answered_from_memory(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "catalogue.json"
    shutil.copy(generated, path)
    warnings: list[str] = []
    archive = Archive.open(path, index="always", warn=warnings.append)
    expected = [(h.id, h.score, h.why) for h in archive.search("armistice")]
    vocabulary = archive._reader().vocabulary
    _sql("UPDATE terms SET term = x'00' WHERE term = 'armistice'")(cache.index_path(path), 0)

    def full(*_: object) -> None:
        raise cache.IndexUnwritable("no space left on device")

    monkeypatch.setattr(cache, "build", full)
    again = Archive.open(path, index="always", warn=warnings.append)
    assert again._reader().vocabulary == vocabulary
    assert [(h.id, h.score, h.why) for h in again.search("armistice")] == expected
    assert len(warnings) == 2
    assert warnings[0].startswith("discarded the search index")
    assert "no space left on device); searching without it" in warnings[1]
