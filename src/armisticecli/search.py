"""Ranked search: a query -> documents with a 0-100 score and the reasons why.

An inverted index maps each word of a document's title, summary, type,
places, organisations and people to the documents that hold it.  A query is
cut into *concepts*: quoted phrases, person names (resolved through the
authority file, so "Filippov", "Chou En-lai" or "the Chairman of the USSR
Council of Ministers" find the person, whatever name a document uses), and
single words.  A word matches the index's vocabulary exactly, by prefix and
fuzzily (rapidfuzz), so the cost of matching grows with the vocabulary, not
with the number of documents.

Scores are BM25 over field-weighted term counts, each concept weighted by
its rarity (idf), normalised so that a document whose title holds every
concept scores 100.  Ties break by date.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import msgspec

from armisticecli.catalogue import Catalogue, involved
from armisticecli.model import Document
from armisticecli.names import AuthorityIndex, Match, Resolution
from armisticecli.store import FIELD_WEIGHTS, MemoryStore, Store, document_fields, tokens
from armisticecli.text import clean

PREFIX_QUALITY = 0.85
FUZZY_QUALITY = 0.7
FUZZY_WORD_CUTOFF = 85.0
"""A near spelling of a word: "Panmunjeom" for "Panmunjom" (95), not "Peking" for "Peng" (80)."""
MAX_EXPANSIONS = 50
FETCH_BATCH = 512
"""Documents fetched at a time while walking the ranked hits."""
MAX_QUERY_WORDS = 64
"""Longer queries are cut: past this, more words add cost but no precision."""
K1 = 1.2
B = 0.75
REFERENCE_TF = 6.0
"""A concept found in a title (weight 3) and as a sender or recipient (3) scores 1.0
at average length; a title alone about 0.86, a summary alone about 0.55."""
PARTY_WEIGHT = 3.0
NAMED_WEIGHT = 1.5
"""A person counts more as a document's sender or recipient than as a name in it."""
_DATE_BITS = 40
"""A :func:`~armisticecli.dates.date_key` fits: day numbers up to 9999 take 22 bits, spans 16."""
_NUMBER_BITS = 32
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
    def expansions(self) -> list[tuple[float, str, str]]:
        """(quality, vocabulary term, query word) for every term of :attr:`terms`."""
        return [
            (quality, term, word)
            for word, terms in self.terms.items()
            for term, quality in terms.items()
        ]


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

    def concepts(self, query: str) -> list[Concept]:
        """Cut a query into phrases, people and words, each matched to the vocabulary."""
        found: list[Concept] = []
        for phrase in re.findall(r'"([^"]*)"', query):
            words = [w for w in tokens(phrase)]
            if words:
                found.append(Concept(phrase.strip(), words, phrase=True))
        rest = re.sub(r'"[^"]*"?', " ", query)
        raw = rest.split()[:MAX_QUERY_WORDS]
        found.extend(self._people_and_words(raw))
        for concept in found:
            if not concept.phrase:
                concept.terms = self._expand(concept.words)
        return [c for c in found if c.people or c.terms or c.phrase]

    def _people_and_words(self, raw: Sequence[str]) -> list[Concept]:
        """Longest runs of words that name a person become person concepts; the rest, words."""
        result: list[Concept] = []
        start = 0
        while start < len(raw):
            taken = 0
            for size in range(min(len(raw) - start, 8), 0, -1):
                text = " ".join(raw[start : start + size])
                resolution = self._person(text)
                if resolution is not None:
                    words = tokens(text)
                    result.append(Concept(clean(text), words, people=resolution.tied))
                    taken = size
                    break
            if taken:
                start += taken
                continue
            words = [w for w in tokens(raw[start]) if w not in STOPWORDS]
            for word in words:
                result.append(Concept(word, [word]))
            start += 1
        return result

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

        ``explain=False`` leaves :attr:`Hit.why` empty, for callers that want the
        documents alone (export): explaining costs more than fetching.
        """
        if limit is not None and limit < 1:
            return
        concepts = self.concepts(query)
        if not concepts:
            return
        ranked, found = self._rank(concepts, keep, limit)
        wanted = len(ranked) if limit is None else limit
        start = 0
        while start < len(ranked) and wanted > 0:
            # Without a filter every fetched document is a hit: fetch no more than are wanted.
            size = FETCH_BATCH if keep is not None else min(FETCH_BATCH, wanted)
            batch = ranked[start : start + size]
            start += size
            hits = self._hits(batch, found, keep, explain)
            yield from hits[:wanted]
            wanted -= len(hits)

    def _rank(
        self,
        concepts: Sequence[Concept],
        keep: Callable[[Document], bool] | None,
        limit: int | None,
    ) -> tuple[list[int], list[tuple[Concept, dict[int, float]]]]:
        """Every match as a packed (1000 - score, date key, document number), best
        first; and the concepts that matched anything, with their documents."""
        total = self.store.count
        scores: dict[int, float] = {}
        weight_sum = 0.0
        found: list[tuple[Concept, dict[int, float]]] = []
        lengths = self.store.lengths
        # BM25 saturation, inlined: this loop runs once per matching document.
        reference = REFERENCE_TF * (K1 + 1) / (REFERENCE_TF + K1)
        fixed = K1 * (1 - B)
        scaled = K1 * B / self.store.average_length
        for concept in concepts:
            tf, partial = self._concept_tf(concept)
            idf = self._idf(len(tf), total)
            weight_sum += idf
            if not tf:
                continue
            found.append((concept, tf))
            factor = idf * (K1 + 1) / reference
            get = scores.get
            for number, value in tf.items():
                part = factor * value / (value + fixed + scaled * lengths[number])
                cap = idf * partial.get(number, 1.0)
                scores[number] = get(number, 0.0) + (part if part < cap else cap)
        date_key = self.store.date_keys
        scale = 1000.0 / weight_sum if weight_sum else 0.0
        top_few = limit if keep is None else None
        if top_few is not None and len(scores) > top_few:
            # Only documents scored (as shown) at least as high as the limit-th best can
            # be among the best: finding that cut first skips packing most of the keys.
            shown = min(1000, int(heapq.nlargest(top_few, scores.values())[-1] * scale + 0.5))
            scores = {n: raw for n, raw in scores.items() if raw * scale >= shown - 0.5}
        # Scores are compared as shown (one decimal), so that ties break by date.  Each
        # (score, date, number) is packed into one int: ints sort several times faster
        # than tuples, and a million of them are no work for the cycle collector.
        keys = (
            ((1000 - min(1000, int(raw * scale + 0.5))) << _DATE_BITS | date_key[n]) << _NUMBER_BITS
            | n
            for n, raw in scores.items()
        )
        if top_few is not None:  # the top few, without sorting them all
            return heapq.nsmallest(top_few, keys), found
        return sorted(keys), found

    def _hits(
        self,
        batch: Sequence[int],
        found: Sequence[tuple[Concept, dict[int, float]]],
        keep: Callable[[Document], bool] | None,
        explain: bool = True,
    ) -> list[Hit]:
        """The hits of one batch of ranked documents that pass ``keep``, in rank order."""
        hits: list[Hit] = []
        numbers = [key & _NUMBER_MASK for key in batch]
        for key, number, doc in zip(batch, numbers, self.store.documents(numbers), strict=True):
            if keep is not None and not keep(doc):
                continue
            score = 1000 - (key >> (_DATE_BITS + _NUMBER_BITS))
            if not explain:
                hits.append(Hit(doc, score / 10))
                continue
            matched = [concept for concept, tf in found if number in tf]
            hits.append(Hit(doc, score / 10, self.explain(doc, matched)))
        return hits

    def _idf(self, frequency: int, total: int) -> float:
        return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))

    def _concept_tf(self, concept: Concept) -> tuple[dict[int, float], dict[int, float]]:
        """Per document: the weighted frequency of the concept, and how well it matched.

        The second dict holds only the documents matched below full quality (by
        prefix or near spelling): their share of the score is capped by it, so a
        near spelling never scores like an exact match.  Absent means 1.0.
        """
        partial: dict[int, float] = {}
        if concept.phrase or (concept.people and len(concept.words) > 1):
            # A phrase, or a person's full name in the text: the words in sequence, not one by one
            # ("Kim Il Sung" must not match the "Il" of "Pak Il-u").
            tf = self._phrase_tf(concept.words)
        else:
            # Words: the mean over the concept's words of each word's best term.
            words = [self._word_tf(word, terms) for word, terms in concept.terms.items()]
            if len(words) == 1:
                tf, partial = words[0]
            else:
                tf = {}
                quality: dict[int, float] = {}
                count = len(words)
                for best, lower in words:
                    for number, value in best.items():
                        tf[number] = tf.get(number, 0.0) + value / count
                        share = lower.get(number, 1.0) / count
                        quality[number] = quality.get(number, 0.0) + share
                partial = {number: q for number, q in quality.items() if q < 1.0}
        # People: added on top, more for a sender or recipient than for a name in the text.
        get = tf.get
        for match in concept.people:
            match_quality = match.score / 100
            exact = match_quality >= 1.0
            for number, party in self._person_documents(match):
                before = get(number)
                weight = PARTY_WEIGHT if party else NAMED_WEIGHT
                tf[number] = (before or 0.0) + match_quality * weight
                if exact:
                    if partial:
                        partial.pop(number, None)
                elif partial.get(number, 0.0 if before is None else 1.0) < match_quality:
                    partial[number] = match_quality
        return tf, partial

    def _word_tf(
        self, word: str, terms: dict[str, float]
    ) -> tuple[dict[int, float], dict[int, float]]:
        """One query word: each document's best term (quality times count), and the
        documents whose best match is below full quality (prefix or near spelling)."""
        exact = terms.get(word) == 1.0
        best = dict(self.store.posting(word)) if exact else {}
        lower: dict[int, float] = {}
        for term, term_quality in terms.items():
            if exact and term == word:
                continue
            for number, value in self.store.posting(term).items():
                scaled = term_quality * value
                current = best.get(number)
                if current is None:
                    best[number] = scaled
                    lower[number] = term_quality
                    continue
                if scaled > current:
                    best[number] = scaled
                if number in lower and term_quality > lower[number]:
                    lower[number] = term_quality
        return best, lower

    def _person_documents(self, match: Match) -> list[tuple[int, bool]]:
        """(document number, as sender or recipient) for a person, or a title's holder."""
        links = self.store.person_documents(match.person_id)
        if match.step != "role":
            return links
        # A title: only the documents dated in the holder's term of office.
        return [(n, party) for n, party in links if match.held_on(self.store.date(n))]

    def _phrase_tf(self, words: Sequence[str]) -> dict[int, float]:
        if not all(self.store.has_term(w) for w in words):
            return {}
        candidates = set(self.store.posting(words[0]))
        for word in words[1:]:
            candidates &= set(self.store.posting(word))
        numbers = sorted(candidates)
        tf: dict[int, float] = {}
        for number, doc in zip(numbers, self.store.documents(numbers), strict=True):
            value = 0.0
            for name, text in self.fields(doc):
                value += FIELD_WEIGHTS[name] * _count_run(tokens(text), words)
            if value:
                tf[number] = value
        return tf

    def explain(self, doc: Document, concepts: Sequence[Concept]) -> list[str]:
        """Short reasons a document matched: people first, then fields and words."""
        reasons: list[str] = []
        ids = set(involved(doc)) if any(concept.people for concept in concepts) else set()
        for concept in concepts:
            for match in concept.people:
                if match.person_id in ids and match.step != "role":
                    reasons.append(match.why)
                    break
                if match.person_id in ids and match.held_on(doc.date):
                    reasons.append(
                        f"{match.form} -> {match.person.name} (on {doc.date}, {match.detail})"
                    )
                    break
            else:
                reason = self._field_reason(doc, concept)
                if reason:
                    reasons.append(reason)
        return list(dict.fromkeys(reasons))

    def _field_reason(self, doc: Document, concept: Concept) -> str | None:
        for name, text in self.fields(doc):
            words = tokens(text)
            if concept.phrase:
                if _count_run(words, concept.words):
                    return f"{name}: {' '.join(concept.words)!r}"
                continue
            present = set(words)
            found = [match for match in concept.expansions if match[1] in present]
            if found:
                quality, term, word = max(found)
                how = ""
                if quality < 1.0:
                    how = " (prefix)" if term.startswith(word) else " (near spelling)"
                return f"{name}: {term!r}{how}"
        return None


def _count_run(words: Sequence[str], run: Sequence[str]) -> int:
    size = len(run)
    return sum(1 for i in range(len(words) - size + 1) if list(words[i : i + size]) == list(run))


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
