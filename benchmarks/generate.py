"""Build a synthetic catalogue of N documents from the bundled one.

    python benchmarks/generate.py 100000 > /tmp/korea-100k.json

Dates are spread over 1950-1953 (one in ten is a month, one in fifty a year);
titles, summaries, senders, recipients and people are recombined from the
seven real documents and the authority file, so search and --person have
realistic work to do.  The output is deterministic for a given N and seed.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta

import msgspec

from armisticecli.catalogue import bundled_path, load


def generate(count: int, seed: int = 1950) -> dict[str, object]:
    base = load(bundled_path())
    rng = random.Random(seed)
    people = [p.id for p in base.people]
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
        sender, recipient = rng.sample(people, 2)
        documents.append(
            {
                "id": f"doc-{number}",
                "date": when,
                "type": rng.choice(types),
                "title": title,
                "summary": summary,
                "from": [{"person": sender}],
                "to": [{"person": recipient}],
                "people": rng.sample(people, k=rng.randrange(0, 4)),
                "places": rng.sample(places, k=rng.randrange(0, 3)),
            }
        )
    return {
        "title": f"Synthetic catalogue of {count} documents",
        "documents": documents,
        "people": msgspec.to_builtins(base.people),
        "events": msgspec.to_builtins(base.events),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1950)
    args = parser.parse_args()
    sys.stdout.buffer.write(msgspec.json.encode(generate(args.count, args.seed)))


if __name__ == "__main__":
    main()
