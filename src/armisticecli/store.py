"""What search reads: postings, dates, people's documents, and documents.

Two stores give the same answers from the same code: :class:`MemoryStore`
builds them from a loaded catalogue; :class:`armisticecli.cache.SqliteStore`
reads them from the derived on-disk index.  Both build their postings with
:func:`field_postings` and merge a term's fields with :func:`merge_fields`, so
results are identical with and without the cache; :func:`document_terms` says
the same of one document, as the definition the tests hold them to.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from armisticecli.catalogue import Catalogue, Directory, involved
from armisticecli.dates import date_key
from armisticecli.model import Document, building_records
from armisticecli.text import folded_lines, words, words_each

if TYPE_CHECKING:
    from array import array
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
holds it, in order.  A term's fields in a document are found by merging them
(:func:`merge_fields`): in memory when the term is asked for, in the on-disk index
once, as it is written (few terms are in more than one field)."""

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

    # Everyone the document involves (involved(), without removing repeats: a word
    # is in the field or not), by the names they go by.
    people: list[str] = []
    for doc in documents:
        parties = doc.from_ + doc.to
        names = [party.name for party in parties if party.name]
        names.extend([person_name(party.person) for party in parties if party.person])
        names.extend(map(person_name, doc.people))
        people.append(" ".join(names))
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


def _file(
    index: defaultdict[str, list[int]], word_lists: Sequence[Iterable[str]], first: int
) -> None:
    """Add each document's words (or people: once each) to ``index``, the documents
    numbered from ``first``: one ``map`` over every word of the batch, in C."""
    from itertools import chain, repeat

    distinct = list(map(set, word_lists))
    counts = map(len, distinct)
    numbers = chain.from_iterable(map(repeat, range(first, first + len(distinct)), counts))
    holders = map(index.__getitem__, chain.from_iterable(distinct))
    _exhaust(map(list.append, holders, numbers))


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


def people_links(
    documents: Sequence[Document], start: int = 0
) -> dict[str, tuple[list[int], list[bool]]]:
    """Person id -> the documents (numbered from ``start``) that involve them, in order,
    and whether as sender or recipient in each: :func:`person_links` of every
    document, gathered by person.  Only senders and recipients are read one by one;
    the people named are filed in C, as :func:`field_postings` files words."""
    from collections import defaultdict
    from itertools import chain
    from operator import attrgetter

    parties: defaultdict[str, list[int]] = defaultdict(list)
    for number, doc in enumerate(documents, start):
        for party in doc.from_ + doc.to:
            if party.person:
                parties[party.person].append(number)
    named: defaultdict[str, list[int]] = defaultdict(list)
    _file(named, list(map(attrgetter("people"), documents)), start)
    links: dict[str, tuple[list[int], list[bool]]] = {}
    for person_id in dict.fromkeys(chain(parties, named)):
        sent = dict.fromkeys(parties.get(person_id, ()), True)
        found = dict.fromkeys(named.get(person_id, ()), False)
        mixed = bool(sent and found)
        found.update(sent)  # a sender or recipient who is also named is a party
        ordered = sorted(found) if mixed else list(found)
        links[person_id] = (ordered, [found[n] for n in ordered])
    return links


def _exhaust(iterator: Iterable[object]) -> None:
    """Run an iterator to its end, in C (``deque`` with no room keeps nothing)."""
    from collections import deque

    deque(iterator, maxlen=0)


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
        return {
            person_id: list(zip(numbers, parties, strict=True))
            for person_id, (numbers, parties) in people_links(self._documents).items()
        }

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


class ScanStore(MemoryStore):
    """The store of a search without the index: only the query's words are looked up.

    Building postings for every word of a large catalogue costs several times
    reading it (most of a first search), and a one-off search needs a few
    words' documents.  Here each field of each batch of documents is kept as
    one string, a line per document of its words as :func:`words` reads them
    (:func:`~armisticecli.text.folded_lines`, translated in C), and a word's
    documents are found by ``str.find`` of the word between spaces, in C.  The
    answers are the postings' (tests hold every read to :class:`MemoryStore`'s).
    """

    @cached_property
    def _fields(self) -> list[list[tuple[int, str, array[int]]]]:
        """Per field: for each batch of documents, (its first number, its lines joined,
        where each line starts).  Each line is `` words `` (a space each side), the
        lines joined by newlines.  The starts are packed: a million documents' seven
        fields would otherwise hold 7 million int objects."""
        from array import array
        from itertools import accumulate

        fields: list[list[tuple[int, str, array[int]]]] = [[] for _ in FIELDS]
        name = self.catalogue.person_name
        for begin in range(0, self.count, BATCH):
            part = self._documents[begin : begin + BATCH]
            for batches, texts in zip(fields, _field_texts(part, name), strict=True):
                lines = folded_lines(texts)
                joined = " " + " \n ".join(lines) + " "
                # A line starts 3 characters (" \n ") after the one before it ends.
                starts = array("q", accumulate(map((3).__add__, map(len, lines[:-1])), initial=0))
                batches.append((begin, joined, starts))
        return fields

    def _holding(self, field: int, term: str) -> list[int]:
        """The documents whose ``field`` holds ``term``, in order."""
        from bisect import bisect_right

        needle = f" {term} "
        numbers: list[int] = []
        for first, joined, starts in self._fields[field]:
            found = joined.find(needle)
            last = len(starts) - 1
            while found != -1:
                line = bisect_right(starts, found) - 1
                numbers.append(first + line)
                if line == last:
                    break
                found = joined.find(needle, starts[line + 1])  # the next document on
        return numbers

    @cached_property
    def _postings(self) -> dict[str, dict[int, int]]:
        return {}

    def posting(self, term: str) -> dict[int, int]:
        found = self._postings.get(term)
        if found is None:
            if term.split() != [term]:
                return {}  # not one word: the lines hold none
            parts = ((1 << field, self._holding(field, term)) for field in range(len(FIELDS)))
            found = self._postings[term] = merge_fields(p for p in parts if p[1])
        return dict(found)

    def has_term(self, term: str) -> bool:
        return bool(self.posting(term))

    def terms_starting(self, prefix: str, limit: int | None = None) -> list[str]:
        import re

        if not prefix:
            return self.vocabulary[:limit]
        if prefix.split() != [prefix]:
            return []  # not the start of one word
        pattern = re.compile(" (" + re.escape(prefix) + "[^ \n]*)")
        terms: set[str] = set()
        for batches in self._fields:
            for _, joined, _ in batches:
                terms.update(pattern.findall(joined))
        found = sorted(terms)
        return found if limit is None else found[:limit]

    @cached_property
    def vocabulary(self) -> list[str]:
        terms: set[str] = set()
        for batches in self._fields:
            for _, joined, _ in batches:
                terms.update(joined.split())
        return sorted(terms)
