"""The stores search reads: a search without the index (ScanStore) looks up only its own
words, and must find exactly what the postings of every word (MemoryStore) hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from armisticecli import store
from armisticecli.catalogue import Catalogue
from armisticecli.model import CatalogueFile, Document, Party
from armisticecli.store import MemoryStore, ScanStore, people_links, person_links

WORDS = st.sampled_from(
    [
        "the",
        "then",
        "parallel",
        "38th",
        "Kaesong",
        "don't",
        "Kim’s",
        "Ŏ",
        "é",
        "ß",
        "ﬁ",
        "TM™",
        "a_b",
    ]
)
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\n\n", ", ", ". ", "—", "'", "\t", "\x1c"])


@st.composite
def texts(draw: st.DrawFn, most: int = 30) -> str:
    parts = draw(st.lists(st.tuples(WORDS, SEPARATORS), max_size=most))
    return "".join(word + separator for word, separator in parts)


@st.composite
def documents(draw: st.DrawFn) -> list[Document]:
    count = draw(st.integers(min_value=1, max_value=14))
    return [
        Document(
            id=f"d{n}",
            date="1951",
            type=draw(st.sampled_from(["note", "telegram", "Draft note"])),
            title=draw(texts(8)),
            summary=draw(texts(12)),
            text=draw(texts()),
            places=tuple(draw(st.lists(texts(3), max_size=2))),
            from_=(Party(name=draw(texts(3))),),
        )
        for n in range(count)
    ]


def _stores(docs: list[Document]) -> tuple[MemoryStore, ScanStore]:
    catalogue = Catalogue(CatalogueFile(documents=docs))
    return MemoryStore(catalogue), ScanStore(catalogue)


@settings(deadline=None, max_examples=200)
@given(documents(), st.lists(st.text(alphabet="tha ékŏ3'\n", max_size=4), max_size=4))
def test_a_search_without_postings_reads_what_the_postings_hold(
    docs: list[Document], others: list[str]
) -> None:
    old = store.BATCH
    store.BATCH = 3  # several batches: their documents' numbers are tested too
    try:
        memory, scan = _stores(docs)
        assert scan.vocabulary == memory.vocabulary
        for term in [*memory.vocabulary, *others]:
            assert scan.posting(term) == memory.posting(term)
            assert scan.has_term(term) == memory.has_term(term)
            for prefix in {term[:1], term[:2], term, *others}:
                assert scan.terms_starting(prefix) == memory.terms_starting(prefix)
                assert scan.terms_starting(prefix, 2) == memory.terms_starting(prefix, 2)
    finally:
        store.BATCH = old


def test_a_posting_found_once_is_not_looked_for_again() -> None:
    docs = [Document(id="a", date="1951", type="note", title="The parallel")]
    _, scan = _stores(docs)
    assert scan.posting("parallel") == {0: store.FIELD_BITS["title"]}
    scan.posting("parallel").clear()  # a copy: the store's own is not changed
    assert scan.posting("parallel") == {0: store.FIELD_BITS["title"]}
    assert "parallel" in scan._postings


PEOPLE = st.sampled_from(["stalin", "mao", "kim", "peng"])


@given(
    st.lists(
        st.tuples(
            st.lists(st.one_of(PEOPLE, st.none()), max_size=2),
            st.lists(st.one_of(PEOPLE, st.none()), max_size=2),
            st.lists(PEOPLE, max_size=3, unique=True),
        ),
        max_size=8,
    ),
    st.integers(min_value=0, max_value=5),
)
def test_people_links_gather_each_documents_links(
    parts: list[tuple[list[str | None], list[str | None], list[str]]], start: int
) -> None:
    docs = [
        Document(
            id=f"d{n}", date="1951", type="note", title="t",
            from_=tuple(Party(person=p, name=None if p else "Embassy") for p in senders),
            to=tuple(Party(person=p, name=None if p else "Embassy") for p in recipients),
            people=tuple(named),
        )
        for n, (senders, recipients, named) in enumerate(parts)
    ]  # fmt: skip
    expected: dict[str, list[tuple[int, bool]]] = {}
    for number, doc in enumerate(docs, start):
        for person_id, party in person_links(doc):
            expected.setdefault(person_id, []).append((number, party))
    found = people_links(docs, start)
    assert {p: list(zip(*links, strict=True)) for p, links in found.items()} == expected
