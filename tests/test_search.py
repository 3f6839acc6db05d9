"""Search ranking on the bundled catalogue, and robustness on any query."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armisticecli.catalogue import Catalogue, bundled_path, load, parse
from armisticecli.errors import UsageError
from armisticecli.filters import DocumentFilter
from armisticecli.search import SearchIndex
from armisticecli.store import tokens
from counting import CountedId


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load(bundled_path()))


def ranked(index: SearchIndex, query: str) -> list[str]:
    return [hit.document.id for hit in index.search(query)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Filippov", {"cipher-3410", "cipher-16293"}),
        ("Chou En-lai", {"zhou-telegram"}),
        ('"joint headquarters"', {"joint-hq"}),
        ("joint headquarters", {"joint-hq"}),
        ("armistice", {"polish-note"}),
        ("armistic", {"polish-note"}),
        ("Chairman of the USSR Council of Ministers", {"charge-telegram"}),
        ("Polish embassy", {"polish-note"}),
        ("Syngman Rhee", {"charge-telegram"}),
        ("Krasovsky", {"cipher-3410"}),
        ("coast", {"mao-stalin-1951"}),
        ("Kim Ir Sen coast", {"mao-stalin-1951"}),
        ("draft agreement", {"joint-hq"}),
        ("Panmunjeom", {"polish-note"}),
        ("3410", {"cipher-3410"}),
    ],
)
def test_best_hit(index: SearchIndex, query: str, first: set[str]) -> None:
    hits = index.search(query)
    assert hits, query
    top = hits[0].score
    leaders = {h.document.id for h in hits if h.score == top}
    assert leaders <= first or first <= leaders, (query, [(h.document.id, h.score) for h in hits])


def test_pseudonym_finds_every_document_of_the_person(index: SearchIndex) -> None:
    assert set(ranked(index, "Filippov")) == {"mao-stalin-1951", "cipher-3410", "cipher-16293"}
    hit = index.search("Filippov")[0]
    assert hit.why == ["Filippov → Joseph Stalin (pseudonym): sender, title"]


def test_sender_outranks_a_person_named_in_passing(index: SearchIndex) -> None:
    order = ranked(index, "Chou En-lai")
    assert order[0] == "zhou-telegram"
    assert set(order) == {"zhou-telegram", "cipher-3410", "charge-telegram"}


def test_title_on_a_date_picks_the_holder_per_document(index: SearchIndex) -> None:
    hits = {h.document.id: h for h in index.search("Chairman of the USSR Council of Ministers")}
    assert "Georgy Malenkov" in hits["charge-telegram"].why[0]
    assert "on 1953-07-03" in hits["charge-telegram"].why[0]
    assert "Joseph Stalin" in hits["cipher-16293"].why[0]  # Malenkov is named there, in 1952
    assert "polish-note" not in hits


def test_typo_of_a_name(index: SearchIndex) -> None:
    hit = index.search("Pheng Dehuai")[0]
    assert "Peng Dehuai" in hit.why[0]
    assert "%" in hit.why[0]


def test_ambiguous_surname_finds_both(index: SearchIndex) -> None:
    assert {"joint-hq", "cipher-16293"} <= set(ranked(index, "Pak"))


def test_phrase_must_match_as_phrase(index: SearchIndex) -> None:
    assert ranked(index, '"headquarters joint"') == []
    assert ranked(index, '"joint headquarters"') == ["joint-hq"]
    assert index.search('"joint headquarters"')[0].why == ["title, summary: 'joint headquarters'"]


def test_why_names_the_field(index: SearchIndex) -> None:
    assert index.search("coast")[0].why == ["summary: 'coast'"]
    assert index.search("armistic")[0].why == ["title: 'armistice' (prefix)"]


def test_scores_are_0_to_100_and_ties_break_by_date(index: SearchIndex) -> None:
    hits = index.search("telegram")
    assert all(0 < h.score <= 100 for h in hits)
    for a, b in itertools.pairwise(hits):
        assert (a.score, b.document.date) >= (b.score, a.document.date)


def test_filters_apply(index: SearchIndex) -> None:
    keep = DocumentFilter(since=None, types=["note"]).predicate()
    assert [h.document.id for h in index.search("armistice", keep)] == ["polish-note"]


def test_limit(index: SearchIndex) -> None:
    assert len(index.search("telegram", limit=2)) == 2
    assert index.search("telegram", limit=0) == []
    assert list(index.iter_hits("telegram", limit=-1)) == []


@pytest.mark.parametrize("query", ["[bold]", "\x1b[31m", "xyzzy", "armistice xyzzy"])
def test_no_match_is_empty(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


@pytest.mark.parametrize("query", ["", "   ", '""', '"', "!!!", "\u202e", "🇰🇷", "-stalin"])
def test_a_query_that_asks_for_nothing_is_a_usage_error(index: SearchIndex, query: str) -> None:
    with pytest.raises(UsageError) as caught:
        index.iter_hits(query)  # at once, before any hit is read
    assert caught.value.field == "query"


def test_common_words_are_searched_when_they_are_all_there_is(index: SearchIndex) -> None:
    assert index.search("the of and")
    assert ranked(index, "the armistice") == ranked(index, "armistice")


def test_long_query_is_fine(index: SearchIndex) -> None:
    assert isinstance(index.search("Filippov " * 700), list)
    assert isinstance(index.search("x" * 5000), list)


def test_vocabulary_not_documents_drives_matching() -> None:
    """Matching touches the vocabulary: more documents with the same words add no terms."""
    base = load(bundled_path())
    bigger = Catalogue(base.data.__class__(documents=base.documents * 50, people=base.people))
    assert len(SearchIndex(bigger).vocabulary) == len(SearchIndex(base).vocabulary)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_query_gives_hits_or_nothing(query: str) -> None:
    try:
        hits = INDEX.search(query)
    except UsageError as exc:
        assert exc.field == "query"
        return
    for hit in hits:
        assert 0 <= hit.score <= 100
        assert all(isinstance(reason, str) for reason in hit.why)


@given(
    st.lists(
        st.sampled_from(
            [
                "Filippov",
                "Mao",
                '"',
                "[",
                "]",
                "-",
                "armistice",
                "Pak",
                "Chairman",
                "of",
                "the",
                "1951",
                "'",
                "Kim",
            ]
        ),
        max_size=12,
    )
)
@settings(max_examples=200, deadline=None)
def test_any_mix_of_real_words_and_punctuation(words: list[str]) -> None:
    try:
        hits = INDEX.search(" ".join(words))
    except UsageError as exc:
        assert exc.field == "query"
        return
    for hit in hits:
        assert 0 <= hit.score <= 100


def test_tokens() -> None:
    assert tokens("P'eng Te-huai, Ŏ") == ["peng", "te", "huai", "o"]


INDEX = SearchIndex(load(bundled_path()))


def test_a_near_spelling_never_scores_like_an_exact_match() -> None:
    assert INDEX.search("Peking") == []  # not "Peng": ratio 80 is below the cutoff
    near = INDEX.search("armistise")
    exact = INDEX.search("armistice")
    assert near and exact
    assert near[0].score < exact[0].score


def test_a_full_name_is_not_matched_word_by_word() -> None:
    ids = [hit.document.id for hit in INDEX.search("Kim Il Sung")]
    assert "joint-hq" not in ids  # Pak Il-u's "Il" is not Kim Il Sung


# -- the top few, and reading lazily --------------------------------------------------


@pytest.fixture(scope="module")
def generated_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate

    path = tmp_path_factory.mktemp("gen") / "generated.json"
    path.write_text(json.dumps(generate(2000, seed=3)), encoding="utf-8")
    return SearchIndex(load(path))


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    query=st.sampled_from(["Filippov", "telegram", "Mao coast", "armistic", "Zhou", "No 17"]),
    limit=st.integers(min_value=1, max_value=60),
)
def test_a_limit_gives_the_head_of_the_full_ranking(
    generated_index: SearchIndex, query: str, limit: int
) -> None:
    """--limit takes a shortcut (a score cut, then a partial sort); it must not change the order."""
    everything = generated_index.search(query)
    best = generated_index.search(query, limit=limit)
    assert [(h.document.id, h.score, h.why) for h in best] == [
        (h.document.id, h.score, h.why) for h in everything[:limit]
    ]


def test_ties_at_the_cut_break_by_date(generated_index: SearchIndex) -> None:
    everything = generated_index.search("Filippov")
    tied = [hit for hit in everything if hit.score == everything[0].score]
    assert len(tied) > 5  # the generated catalogue has many equal best scores
    best = generated_index.search("Filippov", limit=3)
    assert [h.document.id for h in best] == [h.document.id for h in tied[:3]]


class CountingStore:
    """A store that counts the documents fetched from it."""

    def __init__(self, index: SearchIndex) -> None:
        self.inner = index.store
        self.fetched = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def documents(self, numbers: list[int]) -> list[object]:
        self.fetched += len(numbers)
        return self.inner.documents(numbers)  # type: ignore[return-value]


def test_iter_hits_fetches_only_what_is_read(generated_index: SearchIndex) -> None:
    from armisticecli.search import FETCH_BATCH

    store = CountingStore(generated_index)
    lazy = SearchIndex(store, generated_index.names)  # type: ignore[arg-type]
    total = len(generated_index.search("Filippov"))
    assert total > FETCH_BATCH
    first = next(lazy.iter_hits("Filippov"))
    assert store.fetched == FETCH_BATCH
    assert first.document.id == generated_index.search("Filippov")[0].document.id
    store.fetched = 0
    assert len(list(lazy.iter_hits("Filippov", limit=3))) == 3
    assert store.fetched == 3  # without a filter, no more than the limit is fetched


def test_iter_hits_matches_search_with_a_filter(generated_index: SearchIndex) -> None:
    keep = DocumentFilter(types=["telegram"]).predicate()
    lazy = [h.document.id for h in generated_index.iter_hits("Filippov", keep, limit=300)]
    eager = [h.document.id for h in generated_index.search("Filippov", keep, limit=300)]
    assert lazy == eager
    assert len(lazy) == 300  # from more than one batch of documents


# -- scores say what the reasons say ---------------------------------------------------

WORDS = [
    "armistice", "armistices", "armistise", "telegram", "telegrams", "panmunjom",
    "panmunjeom", "kaesong", "coast", "coastal", "negotiation", "negotiations", "truce",
    "prisoners", "prisoner", "korea", "korean", "ceasefire", "cease", "parallel",
]  # fmt: skip
"""Words with their prefixes and near spellings among them, so every kind of match occurs."""
PEOPLE = [
    {
        "id": "stalin",
        "name": "Joseph Stalin",
        "aliases": [{"name": "Filippov", "kind": "pseudonym"}],
    },
    {"id": "mao", "name": "Mao Zedong"},
]
_text = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
_party = st.sampled_from([[], [{"person": "stalin"}], [{"person": "mao"}]])


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    """A small catalogue of documents made of :data:`WORDS`, some sent by or naming people."""
    count = draw(st.integers(min_value=1, max_value=8))
    documents = [
        {
            "id": f"d{number}",
            "date": f"1951-{draw(st.integers(1, 12)):02}",
            "type": draw(st.sampled_from(["telegram", "note"])),
            "title": draw(_text) or "untitled",
            "summary": draw(_text),
            "places": draw(st.lists(st.sampled_from(WORDS), max_size=2)),
            "from": draw(_party),
            "people": draw(st.lists(st.sampled_from(["stalin", "mao"]), max_size=2, unique=True)),
        }
        for number in range(count)
    ]
    raw = json.dumps({"documents": documents, "people": PEOPLE}).encode()
    return parse(raw, Path("generated.json"))


def _variants(word: str) -> list[str]:
    """Every one-letter change of a word: deletions, swaps of neighbours, substitutions."""
    found = {word[:i] + word[i + 1 :] for i in range(len(word))}
    found |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    found |= {word[:i] + c + word[i + 1 :] for i in range(1, len(word)) for c in "aeiosz"}
    found.discard(word)
    return sorted(found)


@given(catalogue=catalogues(), data=st.data())
@settings(max_examples=150, deadline=None)
def test_an_exact_word_never_scores_below_a_near_spelling_of_it(
    catalogue: Catalogue, data: st.DataObject
) -> None:
    index = SearchIndex(catalogue)
    doc = data.draw(st.sampled_from(catalogue.documents))
    held = {w for _, text in index.fields(doc) for w in tokens(text)}
    word = data.draw(st.sampled_from(sorted(held)))
    exact = {hit.id: hit.score for hit in index.search(word)}
    assert doc.id in exact
    for variant in _variants(word):
        if variant in held or not tokens(variant) or tokens(variant) != [variant]:
            continue  # the document holds the variant too: that is an exact match of it
        near = {hit.id: hit.score for hit in index.search(variant)}
        assert exact[doc.id] >= near.get(doc.id, 0.0), (word, variant, doc)


@given(catalogue=catalogues(), query=st.sampled_from([*WORDS, "Filippov", "Mao", "Stalyn"]))
@settings(max_examples=150, deadline=None)
def test_the_same_reasons_give_the_same_score(catalogue: Catalogue, query: str) -> None:
    scores: dict[tuple[str, ...], set[float]] = {}
    for hit in SearchIndex(catalogue).search(query):
        assert 0 < hit.score <= 100
        scores.setdefault(tuple(hit.why), set()).add(hit.score)
    assert all(len(found) == 1 for found in scores.values()), scores


def test_scores_follow_the_reasons_on_the_bundled_catalogue() -> None:
    """The two examples of issue 13: a spelling in each field, and six hits through one name."""
    assert [(h.score, h.why) for h in INDEX.search("Panmunjeom")] == [
        (90.8, ["summary: 'panmunjeom', places: 'panmunjom' (near spelling)"])
    ]
    assert [(h.score, h.why) for h in INDEX.search("Panmunjom")] == [
        (91.7, ["summary: 'panmunjeom' (near spelling), places: 'panmunjom'"])
    ]
    peng = [(h.id, h.score, h.why[0].split(": ")[-1]) for h in INDEX.search("Peng")]
    assert peng == [
        ("zhou-telegram", 100.0, "recipient, title, summary"),
        ("mao-stalin-1951", 98.8, "named, title, summary"),  # 98.75
        ("cipher-16293", 91.3, "named, summary"),  # tied: by date
        ("charge-telegram", 91.3, "named, summary"),
        ("cipher-3410", 88.8, "named"),  # 88.75
        ("polish-note", 88.8, "named"),
    ]


# -- the query syntax: OR, AND, NOT, -word -----------------------------------------------


def ids(query: str) -> set[str]:
    return {hit.id for hit in INDEX.search(query)}


def test_words_are_anded() -> None:
    assert ids("Filippov armistice") == ids("Filippov") & ids("armistice")
    assert ids("Filippov AND armistice") == ids("Filippov armistice")
    assert ids("armistice xyzzy") == set()  # a word that matches nothing matches no document


def test_or_finds_either_and_ranks_documents_with_both_first() -> None:
    hits = INDEX.search("Chou En-lai OR Krasovsky")
    assert {h.id for h in hits} == ids("Chou En-lai") | ids("Krasovsky")
    assert hits[0].id == "cipher-3410"  # the one document with both
    assert hits[0].why[0] == "matches 2 of 2 alternatives"
    assert all(h.why[0] == "matches 1 of 2 alternatives" for h in hits[1:])
    assert hits[0].score > hits[1].score


def test_an_operator_is_never_part_of_a_name() -> None:
    for hit in INDEX.search("stalin OR mao"):
        assert not any("OR" in reason for reason in hit.why[1:]), hit.why
    assert ids("stalin OR mao") == ids("stalin") | ids("mao")


def test_not_and_dash_exclude_what_a_search_for_the_word_finds() -> None:
    assert ids("telegram -Filippov") == ids("telegram") - ids("Filippov")
    assert ids("telegram NOT Filippov") == ids("telegram -Filippov")
    assert ids('telegram -"Kim Il Sung"') == ids("telegram") - ids('"Kim Il Sung"')
    assert ids("telegram -En-lai") == ids("telegram") - ids("En-lai")  # both words of it


def test_precedence_not_then_and_then_or() -> None:
    expected = (ids("Mao") & ids("coast")) | (ids("telegram") - ids("Pak"))
    assert ids("Mao coast OR telegram -Pak") == expected


def test_lowercase_operators_are_words() -> None:
    assert ids("stalin or mao") == ids("stalin mao")  # "or" is too common to search beside others
    assert ids("not Filippov") == set()  # no document has the word "not" and Stalin


SINGLE_WORDS = ["Filippov", "Mao", "armistice", "telegram", "coast", "Pak", "beijing", "1951"]


@given(
    first=st.sampled_from(SINGLE_WORDS),
    rest=st.lists(
        st.tuples(
            st.sampled_from(["AND", "OR", "NOT", "AND NOT", "-"]), st.sampled_from(SINGLE_WORDS)
        ),
        max_size=5,
    ),
)
@settings(max_examples=200, deadline=None)
def test_hits_are_the_set_algebra_of_single_word_searches(
    first: str, rest: list[tuple[str, str]]
) -> None:
    """A query's hits are what its words find, combined as OR, AND and NOT say."""
    query = first + "".join(f" -{w}" if op == "-" else f" {op} {w}" for op, w in rest)
    alternatives: list[tuple[list[str], list[str]]] = [([first], [])]
    for op, word in rest:
        if op == "OR":
            alternatives.append(([word], []))
        else:
            alternatives[-1][1 if op in ("NOT", "AND NOT", "-") else 0].append(word)
    expected: set[str] = set()
    for include, exclude in alternatives:
        found = set.intersection(*(ids(w) for w in include))
        expected |= found - set().union(*(ids(w) for w in exclude))
    hits = INDEX.search(query)
    assert {h.id for h in hits} == expected, query
    matched = [int(h.why[0].split()[1]) for h in hits if h.why[0].startswith("matches ")]
    assert matched == sorted(matched, reverse=True)  # more alternatives always rank higher


def test_a_name_shared_by_thousands_is_explained_in_linear_work() -> None:
    """ "Kim" names 40,000 people: each document's reason scanned all of them (40 s)."""
    from armisticecli.model import CatalogueFile, Document, Party, Person

    kims = [Person(id=CountedId(f"kim-{n}"), name=f"Kim Chol-su {n}") for n in range(600)]
    documents = tuple(
        Document(
            id=f"d{n}",
            date="1951",
            type="note",
            title="A note",
            from_=(Party(kims[-1 - n].id),),
            people=tuple(p.id for p in kims[400:]),
        )
        for n in range(10)
    )
    index = SearchIndex(Catalogue(CatalogueFile(documents=documents, people=tuple(kims))))
    CountedId.compared = 0
    hits = index.search("Kim")
    assert len(hits) == len(documents)
    # The first of the concept's people that the document involves explains it.
    assert hits[0].why == ["Kim → Kim Chol-su 400 (part of 'Kim Chol-su 400'): named"]
    assert CountedId.compared <= 10 * len(kims)


@pytest.mark.parametrize(
    ("repeated", "once"),
    [
        ('"telegram" ' * 50, '"telegram"'),
        ("telegram " * 60, "telegram"),
        ("telegram Filippov telegram filippov", "telegram Filippov"),
        ('"ciphered telegram" OR "Ciphered Telegram"', '"ciphered telegram"'),
    ],
)
def test_a_repeated_term_is_searched_once(index: SearchIndex, repeated: str, once: str) -> None:
    """50 copies of "telegram" were 50 concepts, each scored and explained (190 s)."""
    plan = index.analyse(repeated)
    assert [len(side.include) for side in plan.sides] == [
        len(side.include) for side in index.analyse(once).sides
    ]
    found = [(h.id, h.score, h.why) for h in index.search(repeated)]
    assert found == [(h.id, h.score, h.why) for h in index.search(once)]


def test_a_one_word_phrase_is_read_from_the_index(index: SearchIndex) -> None:
    quoted = [(h.id, h.score, h.why) for h in index.search('"telegram"')]
    assert quoted and all("'telegram'" in why[0] for _, _, why in quoted)
