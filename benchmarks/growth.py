"""How work grows with the size of a hostile input: a small and a 100 times larger one.

    python benchmarks/growth.py            # 1,000 and 100,000
    python benchmarks/growth.py --small 500 --factor 40

Each case times one call on inputs of ``small``, ``10 * small`` and ``small *
factor`` units (characters, people, words) in this process, best of three, and
prints the time per unit.  Linear work keeps it about level (a larger input
leaves the CPU caches, which costs a few times more per unit); quadratic work
multiplies it by the factor (the 60,000 "(" of issue 14 took 44 s).  The unit tests
count steps instead: timing belongs here, where a slow machine does not fail a build.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from armisticecli.catalogue import involved
from armisticecli.model import Alias, Document, Party, Person
from armisticecli.names import AuthorityIndex, bracket_spans, normalise
from armisticecli.query import parse

Case = Callable[[int], Callable[[], object]]
"""Given a size, the call to time."""


def brackets(unit: str) -> Case:
    return lambda n: (
        lambda: (bracket_spans(unit * (n // len(unit))), normalise(unit * (n // len(unit))))
    )


def kims(n: int) -> Callable[[], object]:
    people = [
        Person(id=f"kim-{i}", name=f"Kim Chol-su {i}", aliases=(Alias(f"김철수 {i}", "native"),))
        for i in range(n)
    ]
    return lambda: AuthorityIndex(people).resolve("Kim")


def crowd(n: int) -> Callable[[], object]:
    doc = Document(
        id="d",
        date="1951",
        type="note",
        title="t",
        from_=(Party("stalin"),),
        people=tuple(f"kim-{i}" for i in range(n)),
    )
    return lambda: involved(doc)


def phrases(n: int) -> Callable[[], object]:
    text = '"telegram" ' * n
    return lambda: parse(text)


CASES: dict[str, Case] = {
    'bracket scan: "(" x n': brackets("("),
    'bracket scan: "[" x n': brackets("["),
    'bracket scan: "((((a" repeated': brackets("((((a"),
    'bracket scan: "( " repeated': brackets("( "),
    'bracket scan: "[ ( ] ) " repeated': brackets("[ ( ] ) "),
    'bracket scan: "(a)" repeated': brackets("(a)"),
    "authority file: n people named Kim, then `Kim`": kims,
    "involved(): one document naming n people": crowd,
    'query: n copies of "telegram"': phrases,
}


def best_of(call: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--factor", type=int, default=100)
    args = parser.parse_args()
    sizes = [args.small, args.small * 10, args.small * args.factor]
    head = " | ".join(f"n = {size:,}" for size in sizes)
    print(f"| case | {head} (time per unit) | ratio of totals, largest / smallest |")
    print("| --- | " + "--- | " * len(sizes) + "--- |")
    for label, case in CASES.items():
        times = [best_of(case(size)) for size in sizes]
        per_unit = " | ".join(f"{t / n * 1e6:.2f} µs" for t, n in zip(times, sizes, strict=True))
        ratio = times[-1] / times[0]
        print(
            f"| {label} | {per_unit} | {ratio:,.0f} (linear {args.factor}, quadratic "
            f"{args.factor**2:,}) |",
            flush=True,
        )


if __name__ == "__main__":
    main()
