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
from armisticecli.model import Document, Party, building_records
from armisticecli.text import words, words_each

if TYPE_CHECKING:
    from collections import defaultdict

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


FieldPostings = list[dict[str, list[int]]]
"""Per field (in :data:`FIELDS` order): term -> the numbers of the documents whose field
holds it, in order.  A term's fields in a document are found by merging
(:func:`merge_fields`) when the term is asked for, not for every term when indexing."""

BATCH = 4096
"""Documents read together when indexing: their fields are folded and split in one pass."""
TEXT_GROUP = 1 << 18
"""Characters of long texts (full texts) read together: a few dozen pages."""


def field_postings(
    documents: Sequence[Document],
    person_name: Callable[[str], str],
    start: int = 0,
    progress: Callable[[int], None] | None = None,
) -> FieldPostings:
    """Every term of ``documents`` (numbered from ``start``), field by field: what
    :func:`document_terms` says, gathered by field and term.

    Both stores build their postings here, and this is most of the cost of a
    first search, so it runs in C wherever it can: a field of a batch of
    documents is folded and split in one pass (:func:`words_each`), and its
    words are filed by ``map`` of ``list.append`` over all of them at once, so
    the Python-level work is a few calls per field per batch, not per word.
    ``progress`` receives the number of documents read after each batch.
    """
    from collections import defaultdict

    lists: list[defaultdict[str, list[int]]] = [defaultdict(list) for _ in FIELDS]
    for begin in range(0, len(documents), BATCH):
        part = documents[begin : begin + BATCH]
        for index, texts in zip(lists, _field_texts(part, person_name), strict=True):
            # Long texts in small groups: a batch of pages held as words at once is
            # hundreds of megabytes, and filing them runs at a third of the speed.
            size = sum(map(len, texts))
            step = len(texts) if size <= TEXT_GROUP else len(texts) * TEXT_GROUP // size + 1
            for first in range(0, len(texts), step):
                _file(index, words_each(texts[first : first + step]), start + begin + first)
        if progress is not None:
            progress(begin + len(part))
    return [dict(index) for index in lists]


def _field_texts(
    documents: Sequence[Document], person_name: Callable[[str], str]
) -> tuple[list[str], ...]:
    """Each field's text of each document, field by field (:func:`document_fields` joined
    by spaces, which never joins two words into one)."""
    from operator import attrgetter

    def joined(name: str) -> list[str]:
        return list(map(" ".join, map(attrgetter(name), documents)))

    # Correspondents recur (a ministry writes to an embassy a thousand times): a
    # document's people are read once per set of parties and people, not once each.
    people: list[str] = []
    read: dict[tuple[tuple[Party, ...], tuple[Party, ...], tuple[str, ...]], str] = {}
    for doc in documents:
        key = (doc.from_, doc.to, doc.people)
        names = read.get(key)
        if names is None:
            parties = (*doc.from_, *doc.to)
            found = [party.name for party in parties if party.name]
            found.extend(map(person_name, involved(doc)))
            names = read[key] = " ".join(found)
        people.append(names)
    texts = [doc.text or "" for doc in documents]
    return (
        list(map(attrgetter("title"), documents)),
        list(map(attrgetter("summary"), documents)),
        list(map(attrgetter("type"), documents)),
        joined("places"),
        joined("organizations"),
        people,
        texts,
    )


def _file(index: defaultdict[str, list[int]], word_lists: list[list[str]], first: int) -> None:
    """Add each document's words (once each) to ``index``, the documents numbered from
    ``first``: one ``map`` over every word of the batch, in C."""
    from collections import deque
    from itertools import chain, repeat

    distinct = list(map(set, word_lists))
    counts = map(len, distinct)
    numbers = chain.from_iterable(map(repeat, range(first, first + len(distinct)), counts))
    holders = map(index.__getitem__, chain.from_iterable(distinct))
    deque(map(list.append, holders, numbers), maxlen=0)


def merge_fields(parts: Iterable[tuple[int, Sequence[int]]]) -> dict[int, int]:
    """Document number -> the fields that hold a term (a mask of :data:`FIELD_BITS`),
    from (field bit, document numbers) of each field that holds it, as both stores
    keep them.  The biggest field is taken whole, the others merged into it."""
    ordered = sorted(parts, key=lambda part: -len(part[1]))
    if not ordered:
        return {}
    bit, numbers = ordered[0]
    merged = dict.fromkeys(numbers, bit)
    get = merged.get
    for bit, numbers in ordered[1:]:
        for number in numbers:
            merged[number] = get(number, 0) | bit
    return merged


def date_keys(documents: Sequence[Document]) -> list[int]:
    """Each document's :func:`~armisticecli.dates.date_key`, each distinct date read once
    (a catalogue of a million documents has a few thousand dates)."""
    from operator import attrgetter

    dates = list(map(attrgetter("date"), documents))
    keys = {date: date_key(date) for date in set(dates)}
    return list(map(keys.__getitem__, dates))


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
    def _index(self) -> FieldPostings:
        with building_records():  # many small lists and dicts, none in a cycle
            return field_postings(self._documents, self.catalogue.person_name)

    @cached_property
    def vocabulary(self) -> list[str]:
        return sorted(set().union(*self._index))

    @cached_property
    def date_keys(self) -> list[int]:
        return date_keys(self._documents)

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
        return any(term in field for field in self._index)

    def terms_starting(self, prefix: str, limit: int | None = None) -> list[str]:
        start = bisect.bisect_left(self.vocabulary, prefix)
        end = bisect.bisect_left(self.vocabulary, prefix + "\U0010ffff", start)
        if limit is not None:
            end = min(end, start + limit)
        return self.vocabulary[start:end]

    def posting(self, term: str) -> dict[int, int]:
        return merge_fields(
            (1 << field, index[term]) for field, index in enumerate(self._index) if term in index
        )

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
