"""Build a synthetic catalogue of N documents from the bundled one.

    python benchmarks/generate.py 100000 > /tmp/korea-100k.json
    python benchmarks/generate.py 100000 --people 100000 > /tmp/korea-100k-kim.json

Dates are spread over 1950-1953 (one in ten is a month, one in fifty a year);
titles, summaries, senders, recipients and people are recombined from the
seven real documents and the authority file, so search and --person have
realistic work to do.  The output is deterministic for a given N and seed.

``--people P`` adds P people who all share the surname Kim (the worst case of
a real authority file of Korean names: one word held by everyone), with a
hyphenated given name from common syllables (so many share a whole name, as
many do), a McCune-Reischauer spelling and a name in Hangul; one document in
four names one of them.  ``--crowd C`` makes the first document name C of them
at once.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from typing import Any

import msgspec

from armisticecli.catalogue import bundled_path, load

SYLLABLES = (
    "chol su yong il song ho jin gyu dong min sang hyon kwang nam chun myong hui ok sun ja "
    "won bok chang tae han gun hak pyong ryong sok"
).split()
HANGUL = dict(
    zip(SYLLABLES, "철수영일성호진규동민상현광남춘명희옥순자원복창태한군학평룡석", strict=True)
)


def kim(number: int, rng: random.Random) -> dict[str, Any]:
    """The ``number``-th person surnamed Kim: "Kim Chol-su", "Kim Ch'ŏl-su", "김철수"."""
    first, second = rng.choice(SYLLABLES), rng.choice(SYLLABLES)
    given = f"{first.capitalize()}-{second}"
    return {
        "id": f"kim-{number}",
        "name": f"Kim {given}",
        "aliases": [
            {"name": f"Kim {given.replace('-', ' ')}", "kind": "spelling"},
            {"name": f"김{HANGUL[first]}{HANGUL[second]}", "kind": "native", "system": "ko-Hang"},
        ],
    }


def generate(count: int, seed: int = 1950, people: int = 0, crowd: int = 0) -> dict[str, object]:
    base = load(bundled_path())
    rng = random.Random(seed)
    known = [p.id for p in base.people]
    kims = [kim(number, rng) for number in range(people)]
    titles = [d.title.split() for d in base.documents]
    summaries = [d.summary.split(". ") for d in base.documents]
    types = sorted({d.type for d in base.documents})
    places = sorted({p for d in base.documents for p in d.places})
    start = date(1950, 6, 25)
    span = (date(1953, 7, 27) - start).days
    documents = []
    for number in range(count):
        day = start + timedelta(days=rng.randrange(span))
        roll = rng.random()
        when = (
            day.isoformat()
            if roll > 0.12
            else (day.isoformat()[:7] if roll > 0.02 else str(day.year))
        )
        words = rng.choice(titles)[:]
        cut = rng.randrange(3, len(words))
        title = " ".join(words[:cut] + rng.choice(titles)[cut:]) + f" No. {number}"
        summary = ". ".join(rng.sample(rng.choice(summaries), k=1) + rng.choice(summaries)[:1])
        sender, recipient = rng.sample(known, 2)
        type_ = rng.choice(types)  # drawn in the order of the first version: same output
        named = rng.sample(known, k=rng.randrange(0, 4))
        chosen_places = rng.sample(places, k=rng.randrange(0, 3))
        if kims and rng.random() < 0.25:
            named.append(rng.choice(kims)["id"])
        if number == 0 and crowd:
            named = list(dict.fromkeys([*named, *(k["id"] for k in kims[:crowd])]))
        documents.append(
            {
                "id": f"doc-{number}",
                "date": when,
                "type": type_,
                "title": title,
                "summary": summary,
                "from": [{"person": sender}],
                "to": [{"person": recipient}],
                "people": named,
                "places": chosen_places,
            }
        )
    return {
        "title": f"Synthetic catalogue of {count} documents",
        "documents": documents,
        "people": [*msgspec.to_builtins(base.people), *kims],
        "events": msgspec.to_builtins(base.events),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1950)
    parser.add_argument("--people", type=int, default=0, help="add this many people named Kim")
    parser.add_argument("--crowd", type=int, default=0, help="the first document names this many")
    args = parser.parse_args()
    if args.crowd > args.people:
        parser.error("--crowd cannot exceed --people")
    catalogue = generate(args.count, args.seed, args.people, args.crowd)
    sys.stdout.buffer.write(msgspec.json.encode(catalogue))


if __name__ == "__main__":
    main()
