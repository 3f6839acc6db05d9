"""Where the time of building the search index goes, phase by phase, in one process.

    python benchmarks/index_floor.py CATALOGUE

Issue 19 asks for the index of 100,000 documents within 1.5x `korea list --json`.
This prints what each step of the build costs on CATALOGUE, against loading it
(what `korea list --json` must do too), and what the same words cost when SQLite's
FTS5 tokenises and inverts them in C instead (contentless, detail=none, one
table per field, the ASCII tokenizer over the texts as words() reads them, and
the postings read out with group_concat): the floor of either route.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import time
from pathlib import Path

from armisticecli import store
from armisticecli.catalogue import load
from armisticecli.text import words_each


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogue", type=Path)
    args = parser.parse_args()
    gc.disable()  # as the build runs (model.building_records)

    started = time.perf_counter()
    catalogue = load(args.catalogue)
    documents = catalogue.documents
    loaded = time.perf_counter() - started
    print(f"{len(documents):,} documents; loading and checking them: {loaded:.2f} s")

    def phase(label: str, seconds: float, words: int | None = None) -> None:
        each = f", {seconds / words * 1e9:.0f} ns a word" if words else ""
        print(f"  {label}: {seconds:.2f} s ({seconds / loaded:.2f}x loading{each})")

    started = time.perf_counter()
    fields: list[list[str]] = [[] for _ in store.FIELDS]
    for begin in range(0, len(documents), store.BATCH):
        part = documents[begin : begin + store.BATCH]
        for texts, batch in zip(
            fields, store._field_texts(part, catalogue.person_name), strict=True
        ):
            texts.extend(batch)
    phase("each field's text of each document", time.perf_counter() - started)

    started = time.perf_counter()
    count = 0
    for texts in fields:
        for begin in range(0, len(texts), store.BATCH):
            count += sum(map(len, words_each(texts[begin : begin + store.BATCH])))
    phase("folding and splitting them into words (words_each)", time.perf_counter() - started)
    print(f"  {count:,} words in all")

    started = time.perf_counter()
    store.field_postings(documents, catalogue.person_name)
    phase(
        "korea's postings, all of it (store.field_postings)", time.perf_counter() - started, count
    )

    db = sqlite3.connect(":memory:")
    started = time.perf_counter()
    for number, texts in enumerate(fields):
        db.execute(
            f"CREATE VIRTUAL TABLE f{number} USING fts5(x, content='', detail=none, "
            "columnsize=0, tokenize='ascii')"
        )
        db.execute(f"INSERT INTO f{number} (f{number}, rank) VALUES ('hashsize', 67108864)")
        read = [" ".join(w) for b in range(0, len(texts), store.BATCH)
                for w in words_each(texts[b : b + store.BATCH])]  # fmt: skip
        db.executemany(f"INSERT INTO f{number} (rowid, x) VALUES (?, ?)", enumerate(read))
    inserted = time.perf_counter() - started
    phase("FTS5: the same words (words_each included), tokenised in C", inserted, count)
    started = time.perf_counter()
    for number in range(len(fields)):
        db.execute(f"CREATE VIRTUAL TABLE v{number} USING fts5vocab(f{number}, instance)")
        db.execute(f"SELECT term, group_concat(doc) FROM v{number} GROUP BY term").fetchall()
    phase("FTS5: its postings read out (group_concat)", time.perf_counter() - started, count)


if __name__ == "__main__":
    main()
