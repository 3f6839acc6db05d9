"""Time korea against its baselines in one run and print the ratios.

    python benchmarks/run.py              # startup, and 100k documents
    python benchmarks/run.py --million    # also 1M documents (about 0.7 GB, several minutes)
    python benchmarks/run.py --names      # only names at scale: 100k people named Kim
    python benchmarks/run.py --text       # only full text: 100k documents of 3 KB each
    python benchmarks/run.py --network    # only the correspondence network on 100k documents
    python benchmarks/run.py --sqlite     # only the SQLite export against sqlite-utils insert
    python benchmarks/run.py --first      # only a never-seen catalogue's first search (issue 19)
    python benchmarks/run.py --first --text --million  # also with full text, and on 1M
    python benchmarks/run.py --first --against OTHER/.venv/bin/korea  # 100k, against another

Each pair of commands runs interleaved, many times, so a slow moment of the
machine hits both; the figure is the median wall time, with peak memory
(max RSS, as `/usr/bin/time -v` reports it) from os.wait4.  Bytecode is
compiled first, as `pip install` does, so start-up is measured as users get it.
Results go to stdout as a Markdown table.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
KOREA = shutil.which("korea", path=str(BIN)) or "korea"
PYTHON = sys.executable


def run_once(
    command: str, stdin_devnull: bool = True, codes: tuple[int, ...] = (0, 1)
) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one shell command, output discarded;
    an exit code outside ``codes`` stops the benchmark."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL if stdin_devnull else None,
        env=env,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in codes:
        raise SystemExit(f"failed: {command}")
    return elapsed, usage.ru_maxrss


def compare(
    label: str,
    subject: str,
    baseline: str,
    runs: int,
    target: str,
    *,
    warm: bool = True,
    codes: tuple[int, ...] = (0, 1),
) -> list[str]:
    """Run both commands interleaved; return a table row."""
    times: dict[str, list[float]] = {subject: [], baseline: []}
    memory: dict[str, int] = {subject: 0, baseline: 0}
    if warm:  # warm the page cache (and the search index)
        run_once(subject, codes=codes), run_once(baseline, codes=codes)
    for _ in range(runs):
        for command in (subject, baseline):
            seconds, rss = run_once(command, codes=codes)
            times[command].append(seconds)
            memory[command] = max(memory[command], rss)
    a, b = statistics.median(times[subject]), statistics.median(times[baseline])
    row = [
        label,
        f"{a * 1000:.0f} ms",
        f"{b * 1000:.0f} ms",
        f"{a / b:.2f}x",
        f"{memory[subject] / 1024:.0f} / {memory[baseline] / 1024:.0f} MB "
        f"({memory[subject] / memory[baseline]:.2f}x)",
        target,
    ]
    print("| " + " | ".join(row) + " |", flush=True)
    return row


def single(label: str, command: str, runs: int, warm: bool = True) -> None:
    if warm:
        run_once(command)
    samples = [run_once(command) for _ in range(runs)]
    seconds = statistics.median(s for s, _ in samples)
    peak = max(m for _, m in samples)
    print(f"| {label} | {seconds * 1000:.0f} ms | | | {peak / 1024:.0f} MB | |", flush=True)


def build_index(catalogue: Path, folder: Path, runs: int) -> None:
    """The first search of a catalogue: the index is built into an empty cache folder."""
    fresh = folder / "korea-bench-fresh-cache"
    command = (
        f"sh -c 'rm -rf {fresh} && KOREA_CACHE_DIR={fresh} "
        f"{KOREA} search Filippov -n 1 --catalogue {catalogue}'"
    )
    single(f"building the index of {catalogue.name} (first search)", command, runs, warm=False)
    shutil.rmtree(fresh, ignore_errors=True)


def generated(count: int, folder: Path, people: int = 0, crowd: int = 0, text: int = 0) -> Path:
    extra = [f"--people={people}"] * bool(people) + [f"--crowd={crowd}"] * bool(crowd)
    extra += [f"--text={text}"] * bool(text)
    path = folder / f"korea-{count}{''.join(extra).replace('--', '-')}.json"
    if not path.exists():
        with path.open("wb") as handle:
            subprocess.run(
                [PYTHON, str(HERE / "generate.py"), str(count), *extra], stdout=handle, check=True
            )
    return path


def broken(count: int, folder: Path) -> Path:
    """A catalogue of ``count`` records each broken twice: a title of the wrong type (found
    by the field checks) and an unknown person (found by the checks a schema cannot say)."""
    path = folder / f"korea-broken-{count}.json"
    if not path.exists():
        records = ",".join(
            f'{{"id":"d{n}","date":"1951","type":"t","title":5,"people":["x"]}}'
            for n in range(count)
        )
        path.write_text(f'{{"documents":[{records}]}}', encoding="utf-8")
    return path


def names_at_scale(folder: Path) -> None:
    """An authority file of 100,000 people all surnamed Kim (issue 14): name lookups
    must stay near-linear, so a person costs no more than listing the catalogue."""
    kims = generated(100_000, folder, people=100_000)
    run_once(f"{KOREA} search Filippov -n 1 --catalogue {kims}")  # build its index
    compare(
        "100k documents, 100k people named Kim: `korea people Stalin` vs `korea list --json`"
        " (index built)",
        f"{KOREA} people Stalin --catalogue {kims}",
        f"{KOREA} list --json --catalogue {kims}",
        5,
        "<= 1.5x",
    )
    compare(
        "the same: `korea search Kim -n 20` vs `korea list --json` (index built)",
        f"{KOREA} search Kim -n 20 --catalogue {kims}",
        f"{KOREA} list --json --catalogue {kims}",
        5,
        "(was 40 s at 40k people)",
    )
    crowd = generated(20_000, folder, people=40_000, crowd=40_000)
    run_once(f"{KOREA} search Filippov -n 1 --catalogue {crowd}")
    compare(
        "20k documents, one naming 40k people: `korea search Kim` vs `korea list --json`"
        " (index built)",
        f"{KOREA} search Kim --catalogue {crowd}",
        f"{KOREA} list --json --catalogue {crowd}",
        3,
        "(was 23 s)",
    )


def full_text(folder: Path, runs: int) -> None:
    """Issue 15: 100,000 documents with about 3 KB of text each (376 MB), index built.
    A rare word within 0.3 s, a common word's 20 best within 0.5 s, and `show --text`
    within 1.2x `show`."""
    sys.path.insert(0, str(HERE))
    from generate import rare_word

    texts = generated(100_000, folder, text=3000)
    build_index(texts, folder, 1)
    run_once(f"{KOREA} search Filippov -n 1 --catalogue {texts}")  # the index in the cache
    for label, query, target in (
        ("a rare word (one document)", rare_word(4242), "<= 0.3 s"),
        ("a common word, `-n 20` (70,000 documents match)", "government -n 20", "<= 0.5 s"),
        ("the commonest word, `-n 20` (every document)", "the -n 20", ""),
        ("two common words, `-n 20`", "military forces -n 20", ""),
        ("a phrase of common words, `-n 20`", "'\"united states\"' -n 20", "(reads texts)"),
    ):
        single(
            f"100k x 3 KB: `korea search {query}` ({label}; index built) {target}",
            f"{KOREA} search {query} --catalogue {texts}",
            runs,
        )
    compare(
        "100k x 3 KB: `korea show doc-4242 --text` vs `korea show doc-4242` (in a pipe)",
        f"{KOREA} show doc-4242 --text --catalogue {texts}",
        f"{KOREA} show doc-4242 --catalogue {texts}",
        runs,
        "<= 1.2x",
    )


def first_search(folder: Path, runs: int, text: bool = False, million: bool = False) -> None:
    """Issue 19: a never-seen catalogue's first search, the index build alone, and a
    search without the index, each against listing the same file; 100k documents, then
    100k with 3 KB of text each (``text``), and 1M documents (``million``)."""
    fresh = folder / "korea-bench-first"
    sizes = [("100k", generated(100_000, folder), runs)]
    if text:
        sizes.append(("100k x 3 KB", generated(100_000, folder, text=3000), max(1, runs // 2)))
    if million:
        sizes.append(("1M", generated(1_000_000, folder), 1))
    for label, catalogue, count in sizes:
        in_fresh = f"rm -rf {fresh} && KOREA_CACHE_DIR={fresh}"
        listing = f"{KOREA} list --json --catalogue {catalogue}"
        for measure, subject, target in (
            (
                "first search `korea search Filippov --json` (the index built on the way)",
                f"sh -c '{in_fresh} {KOREA} search Filippov --json --catalogue {catalogue}'",
                "<= 2x",
            ),
            (
                "building the index (`korea search Filippov -n 1`, a fresh cache)",
                f"sh -c '{in_fresh} {KOREA} search Filippov -n 1 --catalogue {catalogue}'",
                "<= 1.5x",
            ),
            (
                "`korea search Filippov --json --no-cache`",
                f"{KOREA} search Filippov --json --no-cache --catalogue {catalogue}",
                "<= 3x, memory <= 1.5x",
            ),
        ):
            compare(f"{label}: {measure} vs `korea list --json`", subject, listing, count, target)
        run_once(f"{KOREA} search Filippov -n 1 --catalogue {catalogue}")  # the index, kept
        compare(
            f"{label}: `korea search Filippov --json` (index built) vs `korea list --json`",
            f"{KOREA} search Filippov --json --catalogue {catalogue}",
            listing,
            count,
            "(as before or better)",
        )
    shutil.rmtree(fresh, ignore_errors=True)


def against(other: str, folder: Path, runs: int) -> None:
    """The measures of :func:`first_search` on 100k, this korea against ``other`` (the
    ``korea`` of another checkout), each with a cache folder of its own."""
    catalogue = generated(100_000, folder)
    for measure, args, fresh in (
        ("first search `search Filippov --json` (a fresh cache)", "search Filippov --json", True),
        ("`search Filippov --json --no-cache`", "search Filippov --json --no-cache", False),
        ("`search Filippov --json` (index built)", "search Filippov --json", False),
    ):

        def command(korea: str, cache: Path, args: str = args, fresh: bool = fresh) -> str:
            empty = f"rm -rf {cache} && " if fresh else ""
            return (
                f"sh -c '{empty}env KOREA_CACHE_DIR={cache} {korea} {args} --catalogue {catalogue}'"
            )

        compare(
            f"100k: {measure}, this korea vs {other}",
            command(KOREA, folder / "korea-bench-this"),
            command(other, folder / "korea-bench-other"),
            runs,
            "",
        )


def network(folder: Path, runs: int) -> None:
    """Who wrote to whom (issue 17), against listing the same documents as JSON."""
    hundred = generated(100_000, folder)
    for fmt, target in (("json", "<= 1.5x"), ("graphml", "(none set)")):
        compare(
            f"100k: `korea network --format {fmt}` vs `korea list --json`",
            f"{KOREA} network --format {fmt} --catalogue {hundred}",
            f"{KOREA} list --json --catalogue {hundred}",
            runs,
            target,
        )


def sqlite(folder: Path, runs: int) -> None:
    """`korea export --format sqlite` (issue 18) against `sqlite-utils insert` of the same
    document rows from JSONL, each into a new file every run."""
    hundred = generated(100_000, folder)
    rows = folder / "korea-100000-rows.jsonl"
    if not rows.exists():
        subprocess.run([PYTHON, "-c", ROWS, str(hundred), str(rows)], check=True)
    utils = shutil.which("sqlite-utils", path=str(BIN)) or "sqlite-utils"
    ours, theirs = folder / "korea-bench.db", folder / "korea-bench-utils.db"
    compare(
        "100k: `korea export --format sqlite` vs `sqlite-utils insert` of its document rows"
        " (JSONL)",
        f"sh -c 'rm -f {ours} && {KOREA} export --format sqlite -o {ours} --catalogue {hundred}'",
        f"sh -c 'rm -f {theirs} && {utils} insert {theirs} documents {rows} --nl'",
        runs,
        "<= 1.5x",
    )


ROWS = """
import json, sys
from armisticecli.catalogue import load
from armisticecli.sqlite_export import DOCUMENT_COLUMNS, _document_row
catalogue = load(sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for doc in catalogue.documents:
        row = dict(zip(DOCUMENT_COLUMNS, _document_row(catalogue, doc, None)))
        out.write(json.dumps(row, ensure_ascii=False) + "\\n")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--million", action="store_true", help="also measure 1M documents")
    parser.add_argument("--runs", type=int, default=21, help="runs per start-up command")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument(
        "--broken",
        type=int,
        default=10_000,
        help="broken records for `korea validate` against the code before issue 14 "
        "(the old code takes minutes for 10,000; 0 skips it)",
    )
    parser.add_argument(
        "--names", action="store_true", help="only the names at scale (100k people named Kim)"
    )
    parser.add_argument(
        "--text", action="store_true", help="only full text (100k documents of 3 KB)"
    )
    parser.add_argument(
        "--network", action="store_true", help="only the correspondence network (100k)"
    )
    parser.add_argument("--sqlite", action="store_true", help="only the SQLite export (100k)")
    parser.add_argument(
        "--first", action="store_true", help="only first searches, index builds and --no-cache"
    )
    parser.add_argument(
        "--against", metavar="KOREA", help="with --first: compare with another checkout's korea"
    )
    args = parser.parse_args()
    import armisticecli

    compileall.compile_dir(Path(armisticecli.__file__).parent, quiet=1)
    os.environ.setdefault("KOREA_CACHE_DIR", str(args.folder / "korea-bench-cache"))
    print(f"machine: {os.uname().machine}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print()
    print("| measure | korea | baseline | ratio | peak memory korea / baseline | target |")
    print("| --- | --- | --- | --- | --- | --- |")
    if args.first and args.against:
        against(args.against, args.folder, 3)
        return
    if args.first:
        first_search(args.folder, 3, args.text, args.million)
        return
    if args.names:
        names_at_scale(args.folder)
        return
    if args.text:
        full_text(args.folder, 11)
        return
    if args.network:
        network(args.folder, 7)
        return
    if args.sqlite:
        sqlite(args.folder, 5)
        return
    compare(
        "`korea list --json` vs `python -c 'import typer'`",
        f"{KOREA} list --json",
        f"{PYTHON} -c 'import typer'",
        args.runs,
        "<= 1.25x",
    )
    compare(
        "`korea list` at a terminal vs `import typer, rich.console, rich.table`"
        " (both under `script`)",
        f"script -qec '{KOREA} list' /dev/null",
        f"script -qec \"{PYTHON} -c 'import typer, rich.console, rich.table'\" /dev/null",
        args.runs,
        "<= 1.25x",
    )
    if args.broken:
        bad = broken(args.broken, args.folder)
        size = bad.stat().st_size // 1024
        compare(
            f"{args.broken:,} broken records ({size:,} KB): `korea validate` vs the same"
            " before issue 14 (benchmarks/validate_before.py: every problem compared with"
            " every place reported)",
            f"{KOREA} validate {bad}",
            f"{PYTHON} {HERE / 'validate_before.py'} {bad}",
            1,
            "the first error in seconds, not minutes",
            warm=False,
            codes=(3,),
        )
        double = broken(2 * args.broken, args.folder)
        compare(
            f"`korea validate` of {2 * args.broken:,} broken records vs {args.broken:,}",
            f"{KOREA} validate {double}",
            f"{KOREA} validate {bad}",
            3,
            "about 2x (linear)",
            codes=(3,),
        )
    jq = shutil.which("jq")
    hundred = generated(100_000, args.folder)
    if jq:
        compare(
            "100k: `korea list --since 1951 --json` vs `jq` doing the same selection",
            f"{KOREA} list --catalogue {hundred} --since 1951 --json",
            f"{jq} -c '.documents | map(select(.date >= \"1951\"))' {hundred}",
            5,
            "time <= 1.0x, memory <= 1.5x",
        )
    compare(
        "100k: `korea search Filippov` vs `korea list --json` (index built)",
        f"{KOREA} search Filippov --catalogue {hundred}",
        f"{KOREA} list --catalogue {hundred} --json",
        5,
        "<= 1.3x",
    )
    forty = generated(40_000, args.folder)
    run_once(f"{KOREA} search Filippov -n 1 --catalogue {forty}")  # build its index
    compare(
        "40k: `korea export Filippov --format ris` vs `korea search Filippov --format jsonl`"
        " (index built)",
        f"{KOREA} export Filippov --format ris --catalogue {forty}",
        f"{KOREA} search Filippov --format jsonl --catalogue {forty}",
        5,
        "<= 1.5x",
    )
    compare(
        "100k: `korea list --person Filippov --json` vs `korea list --json` (index built)",
        f"{KOREA} list --person Filippov --json --catalogue {hundred}",
        f"{KOREA} list --json --catalogue {hundred}",
        5,
        "(the index finds a person's documents)",
    )
    names_at_scale(args.folder)
    build_index(hundred, args.folder, 3)
    compare(
        "100k: `korea search Filippov --no-cache` vs `korea list --json`",
        f"{KOREA} search Filippov --catalogue {hundred} --no-cache",
        f"{KOREA} list --catalogue {hundred} --json",
        3,
        "(no index)",
    )
    if args.million:
        million = generated(1_000_000, args.folder)
        if jq:
            compare(
                "1M: `korea list --since 1951 --json` vs `jq`",
                f"{KOREA} list --catalogue {million} --since 1951 --json",
                f"{jq} -c '.documents | map(select(.date >= \"1951\"))' {million}",
                1,
                "",
            )
        for query, extra in (("Filippov", "-n 20"), ("123456", ""), ("Filippov", "")):
            single(
                f"1M: `korea search {query} {extra}` (index built; repeated)",
                f"{KOREA} search {query} {extra} --catalogue {million}",
                3,
            )
        single(
            "1M: `korea search Filippov | head -20` (hits are written as they are found)",
            f"sh -c '{KOREA} search Filippov --catalogue {million} | head -20'",
            3,
        )
        build_index(million, args.folder, 1)


if __name__ == "__main__":
    main()
