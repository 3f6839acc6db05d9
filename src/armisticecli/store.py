"""What search reads: postings, dates, people's documents, and documents.

Two stores give the same answers from the same code: :class:`MemoryStore`
builds them from a loaded catalogue; :class:`armisticecli.cache.SqliteStore`
reads them from the derived on-disk index.  Both get a document's words from
:func:`document_terms`, so results are identical with and without the cache.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import Protocol

from armisticecli.catalogue import Catalogue, Directory, involved
from armisticecli.dates import date_key
from armisticecli.model import Document, building_records
from armisticecli.text import words

FIELDS = ("title", "summary", "type", "places", "organizations", "people")
"""The searchable fields of a document; a posting says in which of them a word is,
one bit each, in this order (title is bit 0)."""
FIELD_BITS = {name: 1 << number for number, name in enumerate(FIELDS)}


def tokens(text: str) -> list[str]:
    """The words search indexes: :func:`armisticecli.text.words`."""
    return words(text)


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


def document_terms(doc: Document, person_name: Callable[[str], str]) -> dict[str, int]:
    """A document's words, each with the fields it is in (a mask of :data:`FIELD_BITS`)."""
    terms: dict[str, int] = {}
    for name, text in document_fields(doc, person_name):
        bit = FIELD_BITS[name]
        for word in tokens(text):
            terms[word] = terms.get(word, 0) | bit
    return terms


def count_types(documents: Iterable[Document]) -> dict[str, int]:
    """Each document type and its count, commonest first (then by name)."""
    from collections import Counter

    counts = Counter(doc.type for doc in documents)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def person_links(doc: Document) -> list[tuple[str, bool]]:
    """(person id, is a sender or recipient) for everyone a document involves."""
    parties = {p.person for p in (*doc.from_, *doc.to) if p.person}
    return [(person_id, person_id in parties) for person_id in involved(doc)]


class Store(Protocol):
    """The reads search and the :class:`~armisticecli.archive.Archive` need, whatever holds them.

    Documents are addressed by number: their place in the catalogue file.
    """

    directory: Directory
    count: int

    @property
    def vocabulary(self) -> list[str]:
        """Every indexed word, in order."""

    @property
    def date_keys(self) -> Sequence[int]:
        """Each document's :func:`~armisticecli.dates.date_key`, by document number."""

    @property
    def types(self) -> dict[str, int]:
        """Each document type and how many documents have it, commonest first."""

    def has_term(self, term: str) -> bool: ...

    def terms_starting(self, prefix: str, limit: int | None = None) -> list[str]:
        """Vocabulary terms that start with ``prefix``, in order (the first ``limit``)."""

    def posting(self, term: str) -> dict[int, int]:
        """Document number -> the fields that hold ``term`` (a mask of :data:`FIELD_BITS`)."""

    def date(self, number: int) -> str: ...

    def person_documents(self, person_id: str) -> list[tuple[int, bool]]:
        """(document number, as sender or recipient) for every document involving a person."""

    def documents(self, numbers: Sequence[int]) -> list[Document]: ...

    def ids(self, numbers: Sequence[int]) -> list[str]:
        """The ids of documents, without decoding them."""

    def ids_starting(self, prefix: str, limit: int) -> list[int]:
        """The numbers of the first ``limit`` documents whose id starts with ``prefix``."""

    def number_of(self, doc_id: str) -> int | None:
        """The number of the document with this id, or None."""

    def number_of_record(self, record_id: str) -> int | None:
        """The number of the document with this archive record id, or None."""


class MemoryStore:
    """The index built in memory from a loaded catalogue: right for small catalogues.

    Lookups cost nothing to make; the postings are built on the first search.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.directory: Directory = catalogue
        self._documents = catalogue.documents
        self.count = len(self._documents)

    @cached_property
    def _index(self) -> dict[str, dict[int, int]]:
        postings: dict[str, dict[int, int]] = {}
        name = self.catalogue.person_name
        with building_records():  # millions of small dicts and tuples, none in a cycle
            for number, doc in enumerate(self._documents):
                for term, fields in document_terms(doc, name).items():
                    postings.setdefault(term, {})[number] = fields
        return postings

    @cached_property
    def vocabulary(self) -> list[str]:
        return sorted(self._index)

    @cached_property
    def date_keys(self) -> list[int]:
        return [date_key(doc.date) for doc in self._documents]

    @cached_property
    def types(self) -> dict[str, int]:
        return count_types(self._documents)

    @cached_property
    def _people(self) -> dict[str, list[tuple[int, bool]]]:
        people: dict[str, list[tuple[int, bool]]] = {}
        for number, doc in enumerate(self._documents):
            for person_id, party in person_links(doc):
                people.setdefault(person_id, []).append((number, party))
        return people

    @cached_property
    def _numbers(self) -> tuple[dict[str, int], dict[str, int]]:
        by_id: dict[str, int] = {}
        by_record: dict[str, int] = {}
        for number, doc in enumerate(self._documents):
            by_id.setdefault(doc.id, number)
            if doc.record_id:
                by_record.setdefault(doc.record_id, number)
        return by_id, by_record

    def has_term(self, term: str) -> bool:
        return term in self._index

    def terms_starting(self, prefix: str, limit: int | None = None) -> list[str]:
        start = bisect.bisect_left(self.vocabulary, prefix)
        end = bisect.bisect_left(self.vocabulary, prefix + "\U0010ffff", start)
        if limit is not None:
            end = min(end, start + limit)
        return self.vocabulary[start:end]

    def posting(self, term: str) -> dict[int, int]:
        return self._index.get(term, {})

    def date(self, number: int) -> str:
        return self._documents[number].date

    def person_documents(self, person_id: str) -> list[tuple[int, bool]]:
        return self._people.get(person_id, [])

    def documents(self, numbers: Sequence[int]) -> list[Document]:
        documents = self._documents
        return [documents[n] for n in numbers]

    def ids(self, numbers: Sequence[int]) -> list[str]:
        documents = self._documents
        return [documents[n].id for n in numbers]

    def ids_starting(self, prefix: str, limit: int) -> list[int]:
        found = sorted(
            (doc.id, n) for n, doc in enumerate(self._documents) if doc.id.startswith(prefix)
        )
        return [n for _, n in found[:limit]]

    def number_of(self, doc_id: str) -> int | None:
        return self._numbers[0].get(doc_id)

    def number_of_record(self, record_id: str) -> int | None:
        return self._numbers[1].get(record_id)
