"""Full text in the on-disk index: korea's own postings against SQLite FTS5, measured.

    python benchmarks/fts5.py CATALOGUE [--count 20000]

Takes the first COUNT documents of a catalogue with texts (generate.py --text
3000) and times, in one process: filing the words of their texts as korea's
postings do (store.field_postings, every field), and the same token
streams written to an FTS5 table (tokenize='ascii' over words() joined by
spaces, so a word is korea's word; detail=full, which phrases need), then
the lookups search makes: a common word's documents, and a phrase.  The
phrase through korea's postings is the AND of the words' documents, then
their texts read again (search._phrase_fields).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from armisticecli.catalogue import Catalogue, load
from armisticecli.model import CatalogueFile, building_records
from armisticecli.search import SearchIndex
from armisticecli.store import MemoryStore, field_postings, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogue", type=Path)
    parser.add_argument("--count", type=int, default=20_000)
    args = parser.parse_args()
    with building_records():
        whole = load(args.catalogue)
        documents = whole.documents[: args.count]
    print(f"{len(documents)} documents, {sum(len(d.text) for d in documents) / 1e6:.0f} MB of text")

    started = time.perf_counter()
    for doc in documents:
        tokens(doc.text)
    words_time = time.perf_counter() - started
    print(f"words() of every text: {words_time:.1f} s (both designs pay it)")

    started = time.perf_counter()
    with building_records():
        filed = field_postings(documents, whole.person_name)
    print(f"korea's postings (every field): {time.perf_counter() - started:.1f} s")
    size = sum(len(numbers) * 4 for index in filed for numbers in index.values())
    print(f"  their size: {size / 1e6:.0f} MB (4 bytes a document, a list per field)")

    folder = Path(tempfile.mkdtemp())
    db = sqlite3.connect(folder / "fts.sqlite")
    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(words, content='', tokenize='ascii', detail=full)"
    )
    started = time.perf_counter()
    db.executemany(
        "INSERT INTO t (rowid, words) VALUES (?, ?)",
        ((n, " ".join(tokens(doc.text))) for n, doc in enumerate(documents)),
    )
    db.execute("INSERT INTO t (t) VALUES ('optimize')")
    db.commit()
    print(f"FTS5 (words() included): {time.perf_counter() - started:.1f} s")
    print(f"  its size: {os.path.getsize(folder / 'fts.sqlite') / 1e6:.0f} MB")

    catalogue = Catalogue(CatalogueFile(documents=documents, people=whole.people))
    index = SearchIndex(MemoryStore(catalogue))
    index.store.posting("the")  # build the memory postings first
    for query in ("government", '"of the"', '"united states"'):
        phrase = query.startswith('"')
        words = tokens(query)
        started = time.perf_counter()
        ours = index._phrase_fields(words) if phrase else index.store.posting(words[0])
        korea = time.perf_counter() - started
        started = time.perf_counter()
        rows = db.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall()
        fts = time.perf_counter() - started
        text_only = sum(1 for bits in ours.values() if bits & 64)
        print(
            f"{query}: korea {korea * 1000:.0f} ms ({len(ours)} documents, {text_only} in "
            f"the text), FTS5 {fts * 1000:.0f} ms ({len(rows)} documents)"
        )
    db.close()


if __name__ == "__main__":
    main()
