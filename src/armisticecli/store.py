"""What search reads: postings, lengths, dates, people's documents, and documents.

Two stores give the same answers from the same code: :class:`MemoryStore`
builds them from a loaded catalogue; :class:`armisticecli.cache.SqliteStore`
reads them from the derived on-disk index.  Both get a document's words from
:func:`document_terms`, so results are identical with and without the cache.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from armisticecli.catalogue import Catalogue, involved
from armisticecli.dates import date_key
from armisticecli.model import Document, building_records
from armisticecli.text import fold

FIELD_WEIGHTS = {
    "title": 3.0,
    "people": 3.0,
    "type": 2.0,
    "places": 2.0,
    "organizations": 2.0,
    "summary": 1.0,
}
"""How much one occurrence of a word counts, by field."""

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"['’‘ʼ`]")


def tokens(text: str) -> list[str]:
    """Folded words: case, accents and apostrophes ignored ("P'eng" -> "peng")."""
    return _WORD.findall(_APOSTROPHES.sub("", fold(text)))


def document_fields(doc: Document, person_name: Callable[[str], str]) -> Iterable[tuple[str, str]]:
    """The searchable text of a document, field by field."""
    yield "title", doc.title
    yield "summary", doc.summary
    yield "type", doc.type
    for place in doc.places:
        yield "places", place
    for organization in doc.organizations:
        yield "organizations", organization
    for party in (*doc.from_, *doc.to):
        if party.name:
            yield "people", party.name
    for person_id in involved(doc):
        yield "people", person_name(person_id)


def document_terms(
    doc: Document, person_name: Callable[[str], str]
) -> tuple[dict[str, float], float]:
    """A document's words with their field-weighted counts, and its weighted length."""
    terms: dict[str, float] = {}
    length = 0.0
    for name, text in document_fields(doc, person_name):
        weight = FIELD_WEIGHTS[name]
        words = tokens(text)
        for word in words:
            terms[word] = terms.get(word, 0.0) + weight
        length += weight * len(words)
    return terms, length


def person_links(doc: Document) -> list[tuple[str, bool]]:
    """(person id, is a sender or recipient) for everyone a document involves."""
    parties = {p.person for p in (*doc.from_, *doc.to) if p.person}
    return [(person_id, person_id in parties) for person_id in involved(doc)]


class Store(Protocol):
    """The reads search needs, whatever holds the index."""

    catalogue: Catalogue
    count: int
    vocabulary: list[str]
    average_length: float

    @property
    def lengths(self) -> Sequence[float]:
        """Each document's field-weighted length, by document number."""

    @property
    def date_keys(self) -> Sequence[int]:
        """Each document's :func:`~armisticecli.dates.date_key`, by document number."""

    def has_term(self, term: str) -> bool: ...

    def terms_starting(self, prefix: str, limit: int | None = None) -> list[str]:
        """Vocabulary terms that start with ``prefix``, in order (the first ``limit``)."""

    def posting(self, term: str) -> dict[int, float]: ...

    def date(self, number: int) -> str: ...

    def person_documents(self, person_id: str) -> list[tuple[int, bool]]: ...

    def documents(self, numbers: Sequence[int]) -> list[Document]: ...


class MemoryStore:
    """The index built in memory from a loaded catalogue: right for small catalogues."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._documents = catalogue.documents
        self.count = len(self._documents)
        self._postings: dict[str, dict[int, float]] = {}
        self.lengths: list[float] = []
        self._people: dict[str, list[tuple[int, bool]]] = {}
        name = catalogue.person_name
        with building_records():  # millions of small dicts and tuples, none in a cycle
            for number, doc in enumerate(self._documents):
                terms, length = document_terms(doc, name)
                for term, weight in terms.items():
                    self._postings.setdefault(term, {})[number] = weight
                self.lengths.append(length)
                for person_id, party in person_links(doc):
                    self._people.setdefault(person_id, []).append((number, party))
        self.average_length = (sum(self.lengths) / self.count) if self.count else 1.0
        self.vocabulary = sorted(self._postings)
        self.date_keys = [date_key(doc.date) for doc in self._documents]

    def has_term(self, term: str) -> bool:
        return term in self._postings

    def terms_starting(self, prefix: str, limit: int | None = None) -> list[str]:
        start = bisect.bisect_left(self.vocabulary, prefix)
        end = bisect.bisect_left(self.vocabulary, prefix + "\U0010ffff", start)
        if limit is not None:
            end = min(end, start + limit)
        return self.vocabulary[start:end]

    def posting(self, term: str) -> dict[int, float]:
        return self._postings.get(term, {})

    def date(self, number: int) -> str:
        return self._documents[number].date

    def person_documents(self, person_id: str) -> list[tuple[int, bool]]:
        return self._people.get(person_id, [])

    def documents(self, numbers: Sequence[int]) -> list[Document]:
        return [self._documents[n] for n in numbers]
