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
from typing import TYPE_CHECKING, Protocol

from armisticecli.catalogue import Catalogue, Directory, involved
from armisticecli.dates import date_key
from armisticecli.model import Document, building_records
from armisticecli.text import words

if TYPE_CHECKING:
    from array import array

FIELDS = ("title", "summary", "type", "places", "organizations", "people", "text")
"""The searchable fields of a document; a posting says in which of them a word is,
one bit each, in this order (title is bit 0; the full text, added last, bit 6)."""
FIELD_BITS = {name: 1 << number for number, name in enumerate(FIELDS)}
TEXT_BIT = FIELD_BITS["text"]


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
    if doc.text:
        yield "text", doc.text


def document_terms(doc: Document, person_name: Callable[[str], str]) -> dict[str, int]:
    """A document's words, each with the fields it is in (a mask of :data:`FIELD_BITS`)."""
    terms: dict[str, int] = {}
    for name, text in document_fields(doc, person_name):
        bit = FIELD_BITS[name]
        for word in set(tokens(text)) if bit == TEXT_BIT else tokens(text):
            terms[word] = terms.get(word, 0) | bit
    return terms


Posting = tuple["array[int]", bytes]
"""A term's documents (numbers, in order) and the fields it is in, one byte each."""


def postings(
    documents: Sequence[Document], person_name: Callable[[str], str], start: int = 0
) -> dict[str, Posting]:
    """Every term of ``documents`` (numbered from ``start``) with its :data:`Posting`:
    what :func:`document_terms` says, gathered by term.

    Both stores build their postings here.  A page of full text holds some 350
    distinct words, a hundred times the other fields' share: its words are
    filed by a loop that runs in C (``map`` of ``list.append``), and only the
    few words also in another field are merged one by one.
    """
    from array import array
    from collections import defaultdict, deque
    from itertools import repeat

    texts: defaultdict[str, list[int]] = defaultdict(list)
    holders = texts.__getitem__
    append = list.append
    others: dict[str, dict[int, int]] = {}
    for number, doc in enumerate(documents, start):
        if doc.text:
            deque(map(append, map(holders, set(tokens(doc.text))), repeat(number)), maxlen=0)
        for term, bits in _field_terms(doc, person_name).items():
            found = others.get(term)
            if found is None:
                found = others[term] = {}
            found[number] = bits
    result: dict[str, Posting] = {}
    for term, numbers in texts.items():
        found = others.pop(term, None)
        if found is None:
            result[term] = (array("i", numbers), bytes((TEXT_BIT,)) * len(numbers))
            continue
        merged = dict.fromkeys(numbers, TEXT_BIT)
        for number, bits in found.items():
            merged[number] = merged.get(number, 0) | bits
        ordered = sorted(merged)
        result[term] = (array("i", ordered), bytes(map(merged.__getitem__, ordered)))
    for term, found in others.items():
        result[term] = (array("i", found), bytes(found.values()))
    return result


def _field_terms(doc: Document, person_name: Callable[[str], str]) -> dict[str, int]:
    """:func:`document_terms` of every field but the full text."""
    terms: dict[str, int] = {}
    for name, text in document_fields(doc, person_name):
        bit = FIELD_BITS[name]
        if bit != TEXT_BIT:
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
    def _index(self) -> dict[str, Posting]:
        with building_records():  # many small lists and dicts, none in a cycle
            return postings(self._documents, self.catalogue.person_name)

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
        found = self._index.get(term)
        return {} if found is None else dict(zip(*found, strict=True))

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
