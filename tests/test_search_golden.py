"""The ranking, pinned: top 20 ids and scores of 30 queries on a generated catalogue.

A guard for work on search speed (issue 19): the index build, the search
without the index and the warm search must keep every score. The memory store,
the search without postings (``--no-cache``) and the on-disk index are held to
the same file.

Regenerate with ``python tests/test_search_golden.py`` only when a change of
ranking is meant, and say why in the commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate

from armisticecli import cache
from armisticecli.catalogue import load
from armisticecli.search import search_documents
from armisticecli.store import ScanStore

GOLDEN = Path(__file__).parent / "golden" / "search-top20.json"
QUERIES = [
    "Filippov", "Chou En-lai", '"joint headquarters"', "armistic",
    "Chairman of the USSR Council of Ministers", "Pak", "telegram Mao coast", "Pheng Dehuai",
    "No 17", "xyzzy", "Filippov OR Zhou", "telegram -Filippov", "Mao NOT coast",
    '"joint headquarters" OR armistic', "stalin OR mao OR Kim Ir Sen",
    "telegram AND NOT Stalyn", 'Pak -"joint headquarters" OR Chou En-lai coast', "the of",
    "Kim Il Sung", "Peng Dehuai Gao Gang", "Krasovsky", "Malenkov", "Syngman Rhee",
    "Panmunjeom truce", "Polish Embassy", "ciphered telegram", "Mao Tse-tung",
    "Kim Ir Sen", "volunteers", '"the war"',
]  # fmt: skip


def catalogue(folder: Path) -> Path:
    path = folder / "generated.json"
    path.write_text(json.dumps(generate(2000, seed=19, text=600)), encoding="utf-8")
    return path


def top20(source: object) -> dict[str, list[list[object]]]:
    return {
        query: [[hit.id, round(hit.score, 6)] for hit in search_documents(source, query)[:20]]  # type: ignore[arg-type]
        for query in QUERIES
    }


@pytest.mark.slow
def test_rankings_are_unchanged_in_memory_and_from_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOREA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KOREA_CACHE_MIN_BYTES", "0")
    path = catalogue(tmp_path)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert json.loads(json.dumps(top20(load(path)))) == golden
    assert json.loads(json.dumps(top20(ScanStore(load(path))))) == golden  # --no-cache
    assert json.loads(json.dumps(top20(cache.open_store(path)))) == golden


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        found = top20(load(catalogue(Path(folder))))
    GOLDEN.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
