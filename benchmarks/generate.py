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

``--text BYTES`` gives each document a full text of about that many bytes
(3000: a page of a printed volume): paragraphs of sentences whose words are
drawn Zipf-like (the n-th commonest word about 1/n as often as the commonest)
from a vocabulary of common English and diplomatic words, the words of the
bundled catalogue and made-up words to 30,000 in all; each text also holds one
word no other document has (``rare_word(number)``: search it to find one
document), a page break halfway and a footnote.  Texts come from a random
stream of their own, so the rest of the catalogue is the same with or without.
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


COMMON = (
    "the of and to in a that is was for it on by with as be this which not at from his "
    "have are or had an they he would its their been has will all there were but we our "
    "government other any this may also these such into them more than only should after "
    "united states soviet chinese korean forces military political situation question "
    "position view following time now further conference negotiations agreement prisoners "
    "war armistice truce line parallel command army general minister foreign secretary "
    "ambassador embassy department embassy telegram message reply proposal proposals "
    "communists enemy front delegation meeting talks informed stated believe regard "
    "present possible necessary important whether however therefore against between "
    "under without before because while during since until upon through"
).split()
ONSETS = "b c d f g h j k l m n p r s t v w z br ch dr gr kr pl sh st th tr".split()
VOWELS = "a e i o u ai ea io ou".split()


def made_up(number: int) -> str:
    """A pronounceable word for a number, the same for the same number: 0 "ba", 1 "ca"..."""
    syllables = []
    while True:
        number, onset = divmod(number, len(ONSETS))
        number, vowel = divmod(number, len(VOWELS))
        syllables.append(ONSETS[onset] + VOWELS[vowel])
        if not number:
            return "".join(syllables)
        number -= 1


def rare_word(number: int) -> str:
    """The word only document ``number`` holds (with --text): a made-up word of four
    syllables or more, starting with any onset, as a rare name or place would."""
    return made_up(1_000_000 + number)


def vocabulary(base: list[str]) -> list[str]:
    """Common words first, then the catalogue's, then made-up words to 30,000."""
    words = list(dict.fromkeys([*COMMON, *base]))
    known = set(words)
    number = 0
    while len(words) < 30_000:
        word = made_up(number + 2000)  # longer than two syllables: not a common word
        number += 1
        if word not in known:
            known.add(word)
            words.append(word)
    return words


def full_text(
    number: int, size: int, words: list[str], weights: list[float], rng: random.Random
) -> dict[str, Any]:
    """About ``size`` bytes of paragraphs, with a rare word, a page break and a footnote."""
    drawn = rng.choices(words, cum_weights=weights, k=max(size * 2 // 11, 8))
    drawn[rng.randrange(len(drawn))] = rare_word(number)
    paragraphs: list[str] = []
    sentences: list[str] = []
    start = 0
    while start < len(drawn):
        length = rng.randrange(8, 26)
        sentence = " ".join(drawn[start : start + length])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        start += length
        if len(sentences) >= rng.randrange(3, 7) or start >= len(drawn):
            paragraphs.append(" ".join(sentences))
            sentences = []
    text = "\n\n".join(paragraphs)
    middle = text.find(" ", len(text) // 2)
    mark = text.find(".", len(text) // 4) + 1
    return {
        "text": text,
        "footnotes": [{"n": "1", "text": "Printed from a telegram.", "offset": mark}],
        "page_breaks": [
            {"n": str(100 + number), "offset": 0},
            {"n": str(101 + number), "offset": middle + 1},
        ],
    }


def generate(
    count: int, seed: int = 1950, people: int = 0, crowd: int = 0, text: int = 0
) -> dict[str, object]:
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
    vocab: list[str] = []
    weights: list[float] = []
    if text:
        base_words = [w for d in base.documents for w in f"{d.title} {d.summary}".lower().split()]
        vocab = vocabulary([w.strip(".,;:()[]\"'") for w in base_words if w.isalpha()])
        total = 0.0
        for rank in range(1, len(vocab) + 1):
            total += 1 / rank
            weights.append(total)
    writer = random.Random(seed + 1)  # texts: a stream of their own
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
        if text:
            documents[-1].update(full_text(number, text, vocab, weights, writer))
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
    parser.add_argument("--text", type=int, default=0, help="bytes of full text per document")
    args = parser.parse_args()
    if args.crowd > args.people:
        parser.error("--crowd cannot exceed --people")
    catalogue = generate(args.count, args.seed, args.people, args.crowd, args.text)
    sys.stdout.buffer.write(msgspec.json.encode(catalogue))


if __name__ == "__main__":
    main()
