"""Ranked search: a query -> documents with a 0-100 score and the reasons why.

An inverted index maps each word of a document's title, summary, type,
places, organisations, people and full text to the documents that hold it,
and says in which of those fields.  A query is read by :mod:`armisticecli.query`
(alternatives joined by OR, each with words that must all match and words
that must not), and each alternative is cut into *concepts*: quoted phrases,
person names (resolved through the authority file, so "Filippov", "Chou
En-lai" or "the Chairman of the USSR Council of Ministers" find the person,
whatever name a document uses), and single words.  A word matches the
index's vocabulary exactly, by prefix and fuzzily (rapidfuzz), so the cost of
matching grows with the vocabulary, not with the number of documents.

A concept's score in a document depends only on what its reasons say:

- the quality of its best match sets the base, 85 points out of 100: an
  exact word, phrase or name 1 (85), a prefix 0.85 (72), a near spelling
  0.7 x its similarity (at most 60);
- the fields it is found in add up to 15 more, each by its weight times the
  quality of its match there: title, sender or recipient 3 (7.5 points),
  type, places, organisations 2 (5), a person named in the document 1.5,
  summary 1 (2.5), the full text 0.5 (1.25); a title and a sender (6) give
  the full 15.

So an exact match always outranks a near spelling of it (85 or more against
75 at most), and two documents with the same reasons have the same score:
neither length nor the number of repetitions counts.  The concepts of an
alternative are combined by a mean weighted by rarity (idf); with N
alternatives, a document matching m of them scores (m - 1 + the mean of
their scores) / N, so matching more of them always ranks higher.  Ties break
by date.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, Literal

import msgspec

from armisticecli.catalogue import Catalogue
from armisticecli.model import CatalogueFile, Document, Event
from armisticecli.names import AuthorityIndex, Match, Resolution
from armisticecli.query import Part, Phrase, Query, parse
from armisticecli.snippet import Snippet, make_snippet
from armisticecli.store import (
    FIELD_BITS,
    FIELDS,
    MemoryStore,
    Store,
    document_fields,
    tokens,
)
from armisticecli.text import clean, holds_run

PREFIX_QUALITY = 0.85
FUZZY_QUALITY = 0.7
FUZZY_WORD_CUTOFF = 85.0
"""A near spelling of a word: "Panmunjeom" for "Panmunjom" (95), not "Peking" for "Peng" (80)."""
MAX_EXPANSIONS = 50
FETCH_BATCH = 512
"""Documents fetched at a time while walking the ranked hits."""
BASE = 0.85
"""The share of a concept's score set by the quality of its best match: an exact match
scores at least 0.85, more than a prefix (at most 0.8725) or a near spelling (0.745)."""
FIELD_WEIGHTS = {
    "title": 3.0,
    "summary": 1.0,
    "type": 2.0,
    "places": 2.0,
    "organizations": 2.0,
    "people": 3.0,
    "party": 3.0,
    "named": 1.5,
    "text": 0.5,
}
"""What finding a concept in a field adds; "party": a person's document as sender or
recipient, "named": a person the document names (more than a name in a summary)."""
FULL_WEIGHT = 6.0
"""Fields worth this much (a title and a sender) give a concept its full score."""
PARTY_BIT = 1 << len(FIELDS)
NAMED_BIT = PARTY_BIT << 1
PEOPLE_BIT = FIELD_BITS["people"]
TEXT_BIT = FIELD_BITS["text"]
_BIT_NAMES = (*FIELDS, "party", "named")
_WEIGHT_OF = [
    sum(FIELD_WEIGHTS[name] for bit, name in enumerate(_BIT_NAMES) if mask >> bit & 1)
    for mask in range(1 << len(_BIT_NAMES))
]
"""The summed weight of the fields in a mask, for every mask."""
_EXACT_SCORE = [BASE + min(1.0 - BASE, (1.0 - BASE) / FULL_WEIGHT * w) for w in _WEIGHT_OF]
"""A concept's score where every field matched exactly, for every mask of fields."""
_TEXT_BITS = PARTY_BIT - 1
_DATE_BITS = 40
"""A :func:`~armisticecli.dates.date_key` fits: day numbers up to 9999 take 22 bits, spans 16."""
_NUMBER_BITS = 32
_HALF = 0.5 + 1e-9
"""Scores round half up to one decimal: 88.75 is 88.8 however the float fell."""
_NUMBER_MASK = (1 << _NUMBER_BITS) - 1
STOPWORDS = frozenset(
    "a an and the of to for in on at by with from about as is was its it or no".split()
)


class Hit(msgspec.Struct, gc=False):
    """A document that matched, its score (0-100) and why.

    Not tracked by the cycle collector (it cannot be part of a cycle): a search
    may make a million of them, and the collector would scan each.
    """

    document: Document
    score: float
    why: list[str] = msgspec.field(default_factory=list)
    snippet: Snippet | None = None
    """The passage of the full text where the query's words are, when they are in it."""
    kind: ClassVar[Literal["document"]] = "document"

    @property
    def id(self) -> str:
        """The document's id: ``[hit.id for hit in archive.search(...)]``."""
        return self.document.id

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def date(self) -> str:
        return self.document.date


class EventHit(msgspec.Struct, gc=False):
    """A timeline event whose title matched (``search --events``), its score and why."""

    event: Event
    score: float
    why: list[str] = msgspec.field(default_factory=list)
    kind: ClassVar[Literal["event"]] = "event"

    @property
    def snippet(self) -> Snippet | None:
        """An event has no text: never a snippet (as :attr:`Hit.snippet` for a title match)."""
        return None

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def title(self) -> str:
        return self.event.title

    @property
    def date(self) -> str:
        return self.event.date


@dataclass
class Concept:
    """One thing the query asks for: a phrase, a person, or a word."""

    text: str
    words: list[str]
    phrase: bool = False
    people: list[Match] = field(default_factory=list)
    terms: dict[str, dict[str, float]] = field(default_factory=dict)
    """Query word -> vocabulary term -> match quality (1 exact, less for prefix and fuzzy)."""

    @cached_property
    def people_by_quality(self) -> list[Match]:
        """The people the concept names, best match first (each says why it matched when
        asked: a name shared by 100,000 people explains only the hits read)."""
        return sorted(self.people, key=lambda match: -person_quality(match))

    @cached_property
    def places_of(self) -> dict[str, list[int]]:
        """Person id -> their places in :attr:`people_by_quality`: a document's people
        are looked up there, rather than every person the concept names scanned."""
        places: dict[str, list[int]] = {}
        for position, match in enumerate(self.people_by_quality):
            places.setdefault(match.person_id, []).append(position)
        return places

    @cached_property
    def expansions(self) -> list[tuple[float, str, str]]:
        """(quality, vocabulary term, query word) for every term of :attr:`terms`."""
        return [
            (quality, term, word)
            for word, terms in self.terms.items()
            for term, quality in terms.items()
        ]


@dataclass
class Found:
    """What one concept matched: each document's score (0-1) and the fields it is in
    (a mask of field bits, with :data:`PARTY_BIT` or :data:`NAMED_BIT` for a person)."""

    concept: Concept
    scores: dict[int, float]
    fields: dict[int, int]
    exact: Mapping[int, int] = field(default_factory=dict)
    """The posting of the query word itself, when it is in the vocabulary: the fields
    where the word matched exactly need not be read again to explain the match."""


@dataclass
class Side:
    """One alternative of a query, analysed: concepts that must all match, and groups of
    concepts (one excluded word or phrase each) of which none may match in full."""

    include: list[Concept]
    exclude: list[list[Concept]]


@dataclass
class Plan:
    """A query read and analysed: its alternatives (any one of which a document may match)."""

    query: Query
    sides: list[Side]

    @cached_property
    def concepts(self) -> list[Concept]:
        """Every concept of every alternative, once each."""
        unique = {id(concept): concept for side in self.sides for concept in side.include}
        for side in self.sides:
            for group in side.exclude:
                unique.update((id(concept), concept) for concept in group)
        return list(unique.values())


@dataclass
class Ranking:
    """Every match, best first (packed keys, see :meth:`SearchIndex._ordered`), with what
    each concept matched and, for an OR query, the documents of each alternative."""

    keys: list[int]
    found: dict[int, Found]
    """Concept id -> its matches."""
    sides: list[tuple[Side, dict[int, float]]]


class SearchIndex:
    """Query analysis and scoring over a :class:`~armisticecli.store.Store`."""

    def __init__(self, source: Catalogue | Store, names: AuthorityIndex | None = None) -> None:
        self.store: Store = MemoryStore(source) if isinstance(source, Catalogue) else source
        self.directory = self.store.directory
        self.names = names or AuthorityIndex(self.directory.people)

    @property
    def vocabulary(self) -> list[str]:
        return self.store.vocabulary

    def fields(self, doc: Document) -> Iterable[tuple[str, str]]:
        """The searchable text of a document, field by field."""
        return document_fields(doc, self.directory.person_name)

    # -- query analysis -------------------------------------------------

    def analyse(self, query: str) -> Plan:
        """Read a query (:func:`armisticecli.query.parse`) and cut each alternative into
        phrases, people and words, each matched to the vocabulary.

        Common words ("the", "of") are left out beside others, and searched when
        they are all an alternative or an excluded word has.  Raises
        :class:`UsageError` (field ``query``) for a query that asks for nothing:
        empty, exclusions alone, or a misplaced operator.
        """
        parsed = parse(query)
        known: dict[tuple[Part, bool], list[Concept]] = {}

        def concepts_of(part: Part, common: bool = False) -> list[Concept]:
            if (part, common) not in known:
                known[part, common] = self._concepts(part, common)
            return known[part, common]

        sides: list[Side] = []
        for alternative in parsed.alternatives:
            include = [c for part in alternative.include for c in concepts_of(part)]
            if not include:
                include = [c for part in alternative.include for c in concepts_of(part, True)]
            include = _distinct(include)
            exclude = [concepts_of(part) or concepts_of(part, True) for part in alternative.exclude]
            sides.append(Side(include, exclude))
        return Plan(parsed, sides)

    def _concepts(self, part: Part, common: bool = False) -> list[Concept]:
        """A phrase, or words typed one after another (names found among them);
        ``common``: keep the common words (:data:`STOPWORDS`)."""
        if isinstance(part, Phrase):
            return [Concept(clean(part.text), tokens(part.text), phrase=True)]
        found = self._people_and_words(part.words, common)
        for concept in found:
            if not concept.people or len(concept.words) == 1:
                concept.terms = self._expand(concept.words)
        return found

    def _people_and_words(self, raw: Sequence[str], common: bool = False) -> list[Concept]:
        """Longest runs of words that name a person become person concepts; the rest, words."""
        result: list[Concept] = []
        start = 0
        while start < len(raw):
            taken = 0
            for size in range(min(len(raw) - start, 8), 0, -1):
                text = " ".join(raw[start : start + size])
                resolution = self._person(text)
                if (
                    resolution is not None
                    and size > 1
                    and self._padded(raw[start : start + size], resolution)
                ):
                    continue
                if resolution is not None:
                    words = tokens(text)
                    result.append(Concept(clean(text), words, people=resolution.tied))
                    taken = size
                    break
            if taken:
                start += taken
                continue
            words = [w for w in tokens(raw[start]) if common or w not in STOPWORDS]
            for word in words:
                result.append(Concept(word, [word]))
            start += 1
        return result

    def _padded(self, run: Sequence[str], resolution: Resolution) -> bool:
        """Whether a run of words names a person only fuzzily, and as well without its
        first or last word: "not Filippov" is the word "not" and Filippov (exactly),
        not a near spelling of "Filippov" (84%)."""
        top = resolution.matches[0]
        if top.step != "fuzzy":
            return False
        for shorter in (run[1:], run[:-1]):
            found = self._person(" ".join(shorter))
            if found is not None and found.matches[0].score >= top.score:
                return True
        return False

    def _person(self, text: str) -> Resolution | None:
        if not tokens(text):
            return None
        resolution = self.names.resolve(text)
        if not resolution.matches:
            return None
        top = resolution.matches[0]
        if top.step == "fuzzy" and len(tokens(text)) == 1 and self.store.has_term(tokens(text)[0]):
            return None  # a real word of the catalogue is not a typo of a name
        return resolution

    def _expand(self, words: Sequence[str]) -> dict[str, dict[str, float]]:
        """Vocabulary terms for each of a concept's words: exact, prefix and fuzzy."""
        expanded: dict[str, dict[str, float]] = {}
        for word in words:
            if word in STOPWORDS and len(words) > 1:
                continue
            terms = expanded.setdefault(word, {})
            if self.store.has_term(word):
                terms[word] = 1.0
            if len(word) >= 3:
                for term in self.store.terms_starting(word, MAX_EXPANSIONS):
                    terms.setdefault(term, PREFIX_QUALITY)
            if len(word) >= 5 and word.isalpha():
                # Near spellings among the words with the same first letter: typos rarely
                # change it, and it keeps the cost a fraction of the vocabulary's size.
                from rapidfuzz import fuzz, process

                for term, score, _ in process.extract(
                    word,
                    self.store.terms_starting(word[0]),
                    scorer=fuzz.ratio,
                    score_cutoff=FUZZY_WORD_CUTOFF,
                    limit=5,
                ):
                    terms.setdefault(term, FUZZY_QUALITY * score / 100)
        return {word: terms for word, terms in expanded.items() if terms}

    # -- scoring --------------------------------------------------------

    def search(
        self,
        query: str,
        keep: Callable[[Document], bool] | None = None,
        limit: int | None = None,
    ) -> list[Hit]:
        """Documents matching ``query`` (and ``keep``), best first; ties by date."""
        return list(self.iter_hits(query, keep, limit))

    def iter_hits(
        self,
        query: str,
        keep: Callable[[Document], bool] | None = None,
        limit: int | None = None,
        explain: bool = True,
    ) -> Iterator[Hit]:
        """Like :meth:`search`, one hit at a time: documents are fetched and explained
        in batches as the caller reads, so a reader that stops early (``| head``)
        pays for the ranking and the hits it read, not for every match.

        The query is read at once, so a :class:`UsageError` is raised by this
        call, before any hit is read.  ``explain=False`` leaves :attr:`Hit.why`
        empty, for callers that want the documents alone (export): explaining
        costs more than fetching.
        """
        plan = self.analyse(query)
        if limit is not None and limit < 1:
            return iter(())
        return self._walk(plan, keep, limit, explain)

    def _walk(
        self,
        plan: Plan,
        keep: Callable[[Document], bool] | None,
        limit: int | None,
        explain: bool,
    ) -> Iterator[Hit]:
        ranking = self._rank(plan, keep, limit)
        ranked = ranking.keys
        wanted = len(ranked) if limit is None else limit
        start = 0
        while start < len(ranked) and wanted > 0:
            # Without a filter every fetched document is a hit: fetch no more than are wanted.
            size = FETCH_BATCH if keep is not None else min(FETCH_BATCH, wanted)
            batch = ranked[start : start + size]
            start += size
            hits = self._hits(batch, ranking, keep, explain)
            yield from hits[:wanted]
            wanted -= len(hits)

    def _rank(
        self, plan: Plan, keep: Callable[[Document], bool] | None, limit: int | None
    ) -> Ranking:
        """Score every document that matches an alternative of the plan.

        In an alternative, each concept's score (0-1) counts by its rarity (idf)
        towards a weighted mean.  With N alternatives, a document that matches m
        of them scores (m - 1 + the mean of their scores) / N: more alternatives
        always rank higher, and how well they match orders the documents within.
        """
        total = self.store.count
        found: dict[int, Found] = {}

        def matches(concept: Concept) -> Found:
            if id(concept) not in found:
                found[id(concept)] = self.concept_scores(concept)
            return found[id(concept)]

        sides: list[tuple[Side, dict[int, float]]] = []
        for side in plan.sides:
            parts = sorted((matches(c).scores for c in side.include), key=len)
            if not parts[0]:
                sides.append((side, {}))
                continue
            if len(parts) == 1:
                combined = parts[0]
            else:
                weights = [self._idf(len(scores), total) for scores in parts]
                weight_sum = sum(weights)
                combined = {}
                for number in parts[0]:
                    value = 0.0
                    for weight, scores in zip(weights, parts, strict=True):
                        score = scores.get(number)
                        if score is None:
                            break
                        value += weight * score
                    else:
                        combined[number] = value / weight_sum
            for group in side.exclude:
                excluded = set(matches(group[0]).scores)
                for concept in group[1:]:
                    excluded.intersection_update(matches(concept).scores)
                if excluded:
                    combined = {n: v for n, v in combined.items() if n not in excluded}
            sides.append((side, combined))
        if len(sides) == 1:
            scores = sides[0][1]
        else:
            count: dict[int, int] = {}
            sums: dict[int, float] = {}
            for _, combined in sides:
                for number, value in combined.items():
                    count[number] = count.get(number, 0) + 1
                    sums[number] = sums.get(number, 0.0) + value
            n = len(sides)
            scores = {number: (m - 1 + sums[number] / m) / n for number, m in count.items()}
        keys = self._ordered(scores, 1000.0, limit if keep is None else None)
        return Ranking(keys, found, sides)

    def _ordered(self, scores: dict[int, float], scale: float, top_few: int | None) -> list[int]:
        """Documents ordered by score as shown (one decimal), then by date, then by number."""
        date_key = self.store.date_keys
        if top_few is not None and len(scores) > top_few:
            # Only documents scored (as shown) at least as high as the limit-th best can
            # be among the best: finding that cut first skips packing most of the keys.
            best = heapq.nlargest(top_few, scores.values())[-1]
            shown = min(1000, int(best * scale + _HALF))
            scores = {n: raw for n, raw in scores.items() if raw * scale + _HALF >= shown}
            if len(scores) > top_few:
                # Many tie at the cut (a common word found in the full text alone: 70,000
                # documents of 100,000 score alike): of those, the earliest by date, then
                # number, found by two sorts in C rather than a key packed for each.
                higher = {n: raw for n, raw in scores.items() if raw * scale + _HALF >= shown + 1}
                tied = sorted(
                    sorted(n for n in scores if n not in higher), key=date_key.__getitem__
                )
                scores = {**higher, **{n: scores[n] for n in tied[: top_few - len(higher)]}}
        # Scores are compared as shown (one decimal), so that ties break by date.  Each
        # (score, date, number) is packed into one int: ints sort several times faster
        # than tuples, and a million of them are no work for the cycle collector.
        keys = (
            ((1000 - min(1000, int(raw * scale + _HALF))) << _DATE_BITS | date_key[n])
            << _NUMBER_BITS
            | n
            for n, raw in scores.items()
        )
        if top_few is not None:  # the top few, without sorting them all
            return heapq.nsmallest(top_few, keys)
        return sorted(keys)

    def _hits(
        self,
        batch: Sequence[int],
        ranking: Ranking,
        keep: Callable[[Document], bool] | None,
        explain: bool = True,
    ) -> list[Hit]:
        """The hits of one batch of ranked documents that pass ``keep``, in rank order."""
        hits: list[Hit] = []
        numbers = [key & _NUMBER_MASK for key in batch]
        for key, number, doc in zip(batch, numbers, self.store.documents(numbers), strict=True):
            if keep is not None and not keep(doc):
                continue
            score = (1000 - (key >> (_DATE_BITS + _NUMBER_BITS))) / 10
            if not explain:
                hits.append(Hit(doc, score))
                continue
            matched = self._matched(number, ranking)
            reasons = self.explain(doc, matched)
            if len(ranking.sides) > 1:
                sides = sum(1 for _, scores in ranking.sides if number in scores)
                reasons.insert(0, f"matches {sides} of {len(ranking.sides)} alternatives")
            hits.append(Hit(doc, score, reasons, snippet(doc, matched)))
        return hits

    def _matched(self, number: int, ranking: Ranking) -> list[tuple[Concept, int, int]]:
        """The concepts a ranked document matched (those of the alternatives it matches),
        each with the fields it is in and those where the query word itself is."""
        sides = [side for side, scores in ranking.sides if number in scores]
        concepts = (
            sides[0].include
            if len(sides) == 1
            else {id(c): c for side in sides for c in side.include}.values()
        )
        matched: list[tuple[Concept, int, int]] = []
        for concept in concepts:
            found = ranking.found[id(concept)]
            matched.append((concept, found.fields[number], found.exact.get(number, 0)))
        return matched

    def _idf(self, frequency: int, total: int) -> float:
        return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))

    def concept_scores(self, concept: Concept) -> Found:
        """Each matching document's score for one concept, 0-1 (see the module's docstring).

        Evidence is gathered best match first, so that a field counts with the
        quality of its best match: a person's documents (as sender or recipient,
        or named) and the query's words in the text.  Exact evidence, by far the
        most common, is merged as plain masks and scored from a table.
        """
        # (quality, is text, document -> fields): exact evidence first, links before text.
        sources: list[tuple[float, bool, Iterable[tuple[int, int]]]] = []
        linked: set[int] = set()
        for match in concept.people:
            links = self._person_documents(match)
            pairs = [(n, PARTY_BIT if party else NAMED_BIT) for n, party in links]
            linked.update(n for n, _ in pairs)
            sources.append((person_quality(match), False, pairs))
        exact: Mapping[int, int] = {}
        if concept.phrase or (concept.people and len(concept.words) > 1):
            # A phrase, or a person's full name in the text: the words in sequence, not one by one
            # ("Kim Il Sung" must not match the "Il" of "Pak Il-u").
            sources.append((1.0, True, self._phrase_fields(concept.words).items()))
        else:
            for quality, term, word in sorted(concept.expansions, key=lambda e: (-e[0], e[1])):
                posting = self.store.posting(term)
                if term == word:
                    exact = posting
                sources.append((quality, True, posting.items()))
        sources.sort(key=lambda source: (-source[0], source[1]))
        # For a person's document, a name in its people field is the link itself: once.
        skip = ~PEOPLE_BIT if linked else -1
        fields: dict[int, int] = {}
        weight_of = _WEIGHT_OF
        extra: dict[int, float] = {}
        top: dict[int, float] = {}
        for quality, text, evidence in sources:
            if quality >= 1.0:
                if not fields and not (text and linked):
                    fields = dict(evidence)  # the common case: one exact term or one person
                    continue
                get = fields.get
                for number, bits in evidence:
                    if text and number in linked:
                        bits &= skip
                    if bits:
                        fields[number] = get(number, 0) | bits
                continue
            for number, bits in evidence:
                if text and number in linked:
                    bits &= skip
                before = fields.get(number, 0)
                new = bits & ~before
                if not new:
                    continue
                fields[number] = before | new
                if number in extra:
                    extra[number] += quality * weight_of[new]
                else:  # what was there before is exact evidence
                    extra[number] = weight_of[before] + quality * weight_of[new]
                    top[number] = 1.0 if before else quality
        table = _EXACT_SCORE
        scores = {number: table[bits] for number, bits in fields.items()}
        rest = (1.0 - BASE) / FULL_WEIGHT
        for number, weight in extra.items():
            scores[number] = BASE * top[number] + min(1.0 - BASE, rest * weight)
        return Found(concept, scores, fields, exact)

    def _person_documents(self, match: Match) -> list[tuple[int, bool]]:
        """(document number, as sender or recipient) for a person, or a title's holder."""
        links = self.store.person_documents(match.person_id)
        if match.step != "role":
            return links
        # A title: only the documents dated in the holder's term of office.
        return [(n, party) for n, party in links if match.held_on(self.store.date(n))]

    def _phrase_fields(self, words: Sequence[str]) -> dict[int, int]:
        """The documents holding the words in sequence, with the fields they are in."""
        if not all(self.store.has_term(w) for w in words):
            return {}
        if len(words) == 1:  # a word is its own phrase: the index says where it is
            return dict(self.store.posting(words[0]))
        # The candidates hold every word in one field at least (the postings' bits, ANDed):
        # only those fields of only those documents are read again for the sequence.
        candidates = dict(self.store.posting(words[0]))
        for word in words[1:]:
            posting = self.store.posting(word)
            candidates = {
                n: both
                for n, bits in candidates.items()
                if n in posting and (both := bits & posting[n])
            }
        numbers = sorted(candidates)
        found: dict[int, int] = {}
        for start in range(0, len(numbers), FETCH_BATCH):  # a batch of documents at a time
            batch = numbers[start : start + FETCH_BATCH]
            for number, doc in zip(batch, self.store.documents(batch), strict=True):
                possible = candidates[number]
                fields = 0
                for name, text in self.fields(doc):
                    bit = FIELD_BITS[name]
                    if possible & bit and not fields & bit and holds_run(text, words):
                        fields |= bit
                if fields:
                    found[number] = fields
        return found

    def explain(self, doc: Document, matched: Sequence[tuple[Concept, int, int]]) -> list[str]:
        """Short reasons a document matched, one per concept (with the fields it was found
        in, and those where the query word itself is): who a name is and where they are
        in the document, or the fields and words."""
        reasons: list[str] = []
        for concept, fields, exact in matched:
            linked = fields & (PARTY_BIT | NAMED_BIT)
            reason = (
                self._person_reason(doc, concept, fields, exact)
                if linked
                else self._field_reason(doc, concept, fields, exact)
            )
            if reason:
                reasons.append(reason)
        return list(dict.fromkeys(reasons))

    def _person_reason(self, doc: Document, concept: Concept, fields: int, exact: int) -> str:
        """A linked person: "Filippov → Joseph Stalin (pseudonym): sender, title"."""
        # The document's people, in the concept's order: a name shared by 40,000 people
        # ("Kim") costs each document the people it names, not everyone the name matches.
        places = concept.places_of
        senders = {party.person for party in doc.from_}
        recipients = {party.person for party in doc.to}
        involved = {*senders, *recipients, *doc.people}
        here = sorted(n for person in involved if person in places for n in places[person])
        for position in here:
            match = concept.people_by_quality[position]
            why = match.why
            person = match.person_id
            where = [
                role
                for role, parties in (("sender", senders), ("recipient", recipients))
                if person in parties
            ] or ["named"]
            if match.step == "role":
                if not match.held_on(doc.date):
                    continue
                why = f"{match.form} → {match.person.name} (on {doc.date}, {match.detail})"
            text = fields & ~PEOPLE_BIT & _TEXT_BITS
            if text:
                found = self._field_matches(doc, concept, text, exact)
                where += [f"{name}{how}" for name, (_, how) in found.items()]
            return f"{why}: {', '.join(where)}"
        return concept.text  # not reached: the fields say a person of the concept is involved

    def _field_matches(
        self, doc: Document, concept: Concept, fields: int, exact: int = 0
    ) -> dict[str, tuple[str, str]]:
        """Field -> (the best term of the concept found there, how it matched), for the
        fields in the mask ``fields``.  The index says which those are, and ``exact``
        where the query word itself is: only the other fields are read again."""
        found: dict[str, tuple[float, str, str]] = {}
        whole = concept.phrase or (concept.people and len(concept.words) > 1)
        if whole or len(concept.expansions) == 1:  # one term: the mask says it all
            term = " ".join(concept.words) if whole else concept.expansions[0][1]
            quality = 1.0 if whole else concept.expansions[0][0]
            how = _how(quality, term, concept.words[0])
            names = [name for bit, name in enumerate(FIELDS) if fields >> bit & 1]
            return {name: (term, how) for name in names}
        exact &= fields
        if exact:
            word = concept.words[0]
            for bit, name in enumerate(FIELDS):
                if exact >> bit & 1:
                    found[name] = (1.0, word, "")
        rest = fields & ~exact
        for name, text in self.fields(doc) if rest & _TEXT_BITS else ():
            if not rest & FIELD_BITS[name]:
                continue
            present = set(tokens(text))
            for quality, term, word in concept.expansions:
                if term in present and (name not in found or quality > found[name][0]):
                    found[name] = (quality, term, _how(quality, term, word))
        return {name: found[name][1:] for name in FIELDS if name in found}

    def _field_reason(self, doc: Document, concept: Concept, fields: int, exact: int) -> str | None:
        """Each term found, with the fields it is in: "title, summary: 'armistice'";
        "places: 'panmunjom', summary: 'panmunjeom' (near spelling)"."""
        terms: dict[tuple[str, str], list[str]] = {}
        for name, (term, how) in self._field_matches(doc, concept, fields, exact).items():
            terms.setdefault((term, how), []).append(name)
        parts = [f"{', '.join(names)}: {term!r}{how}" for (term, how), names in terms.items()]
        return ", ".join(parts) or None


def snippet(doc: Document, matched: Sequence[tuple[Concept, int, int]]) -> Snippet | None:
    """The passage of the document's text showing the concepts found there (None when
    none was: a match in the title or summary alone is shown by those)."""
    groups: list[list[tuple[str, ...]]] = []
    for concept, fields, _ in matched:
        if not fields & TEXT_BIT:
            continue
        if concept.phrase or (concept.people and len(concept.words) > 1):
            groups.append([tuple(concept.words)])
        else:
            groups.append([(term,) for _, term, _ in concept.expansions])
    return make_snippet(doc.text, groups) if groups else None


def _distinct(concepts: Sequence[Concept]) -> list[Concept]:
    """The concepts without repeats ("telegram x telegram" asks for telegram once): a
    repeat adds no precision, only the cost of scoring and explaining it again."""
    unique: dict[tuple[object, ...], Concept] = {}
    for concept in concepts:
        key = (tuple(concept.words), concept.phrase, tuple(m.person_id for m in concept.people))
        unique.setdefault(key, concept)
    return list(unique.values())


def _how(quality: float, term: str, word: str) -> str:
    if quality >= 1.0:
        return ""
    return " (prefix)" if term.startswith(word) else " (near spelling)"


def person_quality(match: Match) -> float:
    """How well a name matched, as a word's match does: an exact form, a word of a name
    or a title 1, a near spelling :data:`FUZZY_QUALITY` times its similarity."""
    if match.step == "fuzzy":
        return FUZZY_QUALITY * match.score / 100
    return 1.0


def search_documents(
    source: Catalogue | Store,
    query: str,
    keep: Callable[[Document], bool] | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """Search a catalogue (or a cached index of one): best first, as a list."""
    return SearchIndex(source).search(query, keep, limit)


def iter_search(
    source: Catalogue | Store,
    query: str,
    keep: Callable[[Document], bool] | None = None,
    limit: int | None = None,
) -> Iterator[Hit]:
    """Search lazily, one hit at a time: the library behind ``korea search``."""
    return SearchIndex(source).iter_hits(query, keep, limit)


def search_events(
    events: Sequence[Event], query: str, names: AuthorityIndex, limit: int | None = None
) -> list[EventHit]:
    """Events whose title matches ``query``, best first, scored as a document with a
    title alone would be (so the scores of documents and events compare)."""
    # Each event stands in as a document with its id, date and title: the same matching,
    # scoring and reasons, and nothing else of a document to match.
    stand_ins = [Document(id=e.id, date=e.date, type="", title=e.title) for e in events]
    event_of = {id(doc): event for doc, event in zip(stand_ins, events, strict=True)}
    index = SearchIndex(Catalogue(CatalogueFile(documents=tuple(stand_ins))), names)
    return [
        EventHit(event_of[id(hit.document)], hit.score, hit.why)
        for hit in index.iter_hits(query, limit=limit)
    ]
