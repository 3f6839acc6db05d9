"""Reading a FRUS volume against lxml's own parse of the same file (issue 15).

    python benchmarks/frus_read.py                   # a ~4 MB volume built from the fixtures
    python benchmarks/frus_read.py --size 8          # ~8 MB
    python benchmarks/frus_read.py volumes/frus1952-54v15p1.xml   # a real volume
    python benchmarks/frus_read.py --profile         # and where the reader's time goes

The synthetic volume keeps the real header of frus1951v07p2 and repeats the
real documents of every fixture in tests/fixtures/frus (d1, d22, d23 of
frus1951v07p2, d1, d2, d68 of frus1952-54v12p2, d462, d532 of frus1952-54v14p2)
with their page breaks, renumbering each copy (``xml:id`` d1..dN, ``n`` 1..N,
every other ``xml:id`` given a suffix) until the file reaches the size asked for.

Time: best of five, in this process, of ``lxml.etree.parse(path)`` and of
``read_volume(path)`` with every document read and every field touched.  The issue
asks for at most 2x.

Memory: the peak resident set (VmHWM, reset once lxml and the reader are imported) of a
fresh interpreter that reads the volume, less its resident set at that point, as
a multiple of the file size (and the same for ``etree.parse``, for scale); the
issue asks for at most 3x.  tracemalloc would miss libxml2's own allocations (it
sees only Python's allocator), so it is printed apart, for the Python objects alone.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree  # noqa: TID251 - the benchmark measures lxml itself

from armisticecli.frus import FrusDocument, read_volume

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "frus"
BASE = FIXTURES / "frus1951v07p2-sample.xml"
SOURCES = [
    BASE,
    FIXTURES / "frus1952-54v12p2-sample.xml",
    FIXTURES / "frus1952-54v12p2-editorial-note.xml",
    FIXTURES / "frus1952-54v14p2-sample.xml",
]
TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def synthetic_volume(target_bytes: int, out: Path) -> int:
    """Write a volume of about ``target_bytes`` to ``out``; return its number of documents."""
    units: list[etree._Element] = []  # documents and the page breaks between them
    for source in SOURCES:
        body = etree.parse(str(source)).find(f".//{{{TEI}}}body")
        assert body is not None
        for el in body.iter(f"{{{TEI}}}div", f"{{{TEI}}}pb"):
            parent = el.getparent()
            in_document = any(a.get("type") == "document" for a in el.iterancestors())
            if parent is not None and not in_document and el.get("type") in {"document", None}:
                units.append(el)
    tree = etree.parse(str(BASE))
    body = tree.find(f".//{{{TEI}}}body")
    assert body is not None
    for child in list(body):
        body.remove(child)
    chapter = etree.SubElement(body, f"{{{TEI}}}div", type="chapter")
    chapter.set(XML_ID, "ch1")
    size = len(etree.tostring(tree))
    unit_size = sum(len(etree.tostring(u)) for u in units)
    copies = max(1, round((target_bytes - size) / unit_size))
    n = 0
    for k in range(copies):
        for i, unit in enumerate(units):
            el = copy.deepcopy(unit)
            for sub in el.iter():
                if sub.get(XML_ID):
                    sub.set(XML_ID, f"{sub.get(XML_ID)}_{k}_{i}")
            if el.get("type") == "document":
                n += 1
                el.set(XML_ID, f"d{n}")
                el.set("n", str(n))
            chapter.append(el)
    tree.write(str(out), encoding="UTF-8", xml_declaration=True)
    return n


def consume(doc: FrusDocument) -> int:
    """Touch every field, as an importer would."""
    total = len(doc.id) + len(doc.title) + len(doc.text) + len(doc.url) + len(doc.pages)
    total += len(doc.type or "") + len(doc.date or "") + len(doc.date_max or "")
    total += len(doc.place or "") + len(doc.source_note or "") + len(doc.number or "")
    total += sum(len(p.name) + len(p.person_id or "") for p in doc.senders + doc.recipients)
    total += sum(len(note.text) + note.offset for note in doc.notes)
    total += sum(ref.offset for ref in doc.page_refs)
    return total


def read_all(path: Path) -> int:
    volume = read_volume(path)
    return sum(consume(doc) for doc in volume.documents()) + len(volume.persons)


def best_of(runs: int, call: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


PEAK = """
import sys
from armisticecli.frus import read_volume
from lxml import etree

def kib(key):
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith(key)).split()[1])

with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")  # reset the peak: the parent's is inherited across fork and exec
before = kib("VmRSS")
if sys.argv[1] == "read":
    for doc in read_volume(sys.argv[2]).documents():
        pass
elif sys.argv[1] == "parse":
    tree = etree.parse(sys.argv[2])
print(before, kib("VmHWM"))
"""


def peak_rss_kib(path: Path, mode: str) -> tuple[int, int] | None:
    """A fresh interpreter's resident set before ``mode`` and its peak after, in KiB.

    Linux only (/proc/self/status, and clear_refs to reset the peak: ``ru_maxrss`` would
    report the parent's, which a child inherits); None elsewhere.
    """
    result = subprocess.run(
        [sys.executable, "-c", PEAK, mode, str(path)], capture_output=True, text=True
    )
    if result.returncode != 0:
        return None
    before, after = result.stdout.split()
    return int(before), int(after)


def tracemalloc_peak(path: Path) -> int:
    import tracemalloc

    tracemalloc.start()
    read_all(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, help="a real volume (default: synthetic)")
    parser.add_argument("--size", type=float, default=4.0, help="MB of the synthetic volume")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print the reader's profile")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.path
        if path is None:
            path = Path(tmp) / "synthetic.xml"
            n = synthetic_volume(int(args.size * 1_000_000), path)
            print(f"synthetic volume: {n} documents")
        size = path.stat().st_size
        print(f"{path.name}: {size / 1e6:.2f} MB")
        parse = best_of(args.runs, lambda: etree.parse(str(path)))
        read = best_of(args.runs, lambda: read_all(path))
        print(f"lxml.etree.parse   {parse * 1000:8.1f} ms")
        print(f"read_volume, all   {read * 1000:8.1f} ms   {read / parse:.2f}x lxml parse")
        for mode in ("read", "parse"):
            measured = peak_rss_kib(path, mode)
            if measured is None:
                print("peak RSS: not measured (needs Linux /proc)")
                break
            before, after = measured
            grown = (after - before) * 1024
            print(
                f"peak RSS of a subprocess that does {mode!r}, over its RSS after imports "
                f"({before / 1024:.0f} MB): +{grown / 1e6:.1f} MB = {grown / size:.2f}x the file"
            )
        traced = tracemalloc_peak(path)
        print(
            f"tracemalloc peak (Python objects only): {traced / 1e6:.1f} MB = {traced / size:.2f}x"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(read_all, path)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(18)


if __name__ == "__main__":
    main()
