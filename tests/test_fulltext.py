"""Search in the full text: weighting, phrases, reasons and snippets, in every output."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armisticecli import cache, store
from armisticecli.catalogue import load
from armisticecli.model import Document, Party
from armisticecli.search import search_documents
from armisticecli.snippet import ELLIPSIS, WIDTH, make_snippet
from armisticecli.store import document_terms, field_postings, merge_fields
from armisticecli.text import words
from clihelp import korea

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate, rare_word

PARALLEL = (
    "The Chinese and Korean forces will hold their positions. The line of contact "
    "follows the 38th parallel for most of its length.\n\nThe enemy proposes a "
    "demarcation line further north; the delegation refused."
)


def _doc(doc_id: str, title: str, text: str = "", summary: str = "") -> dict[str, Any]:
    return {
        "id": doc_id,
        "date": "1951-07-10",
        "type": "telegram",
        "title": title,
        "summary": summary,
        "text": text,
    }


@pytest.fixture
def texts(write_catalogue: Callable[[Any], Path]) -> Path:
    return write_catalogue(
        {
            "documents": [
                _doc("text-only", "Report from Kaesong", PARALLEL),
                _doc("in-title", "The 38th parallel"),
                _doc("plain", "Minutes of a meeting", "Nothing about lines here."),
                _doc("apart", "A note", "The parallel of the 38th army: lines apart."),
            ]
        }
    )


def _search(path: Path, *query: str) -> list[dict[str, Any]]:
    result = korea("search", *query, "--catalogue", str(path), "--json")
    assert result.exit_code in (0, 1), result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def test_a_word_of_the_text_is_found_and_the_reason_says_text(texts: Path) -> None:
    hits = _search(texts, "demarcation")
    assert [hit["id"] for hit in hits] == ["text-only"]
    assert hits[0]["why"] == ["text: 'demarcation'"]


def test_a_title_hit_outranks_a_text_only_hit(texts: Path) -> None:
    hits = _search(texts, "parallel")
    assert hits[0]["id"] == "in-title"
    assert {hit["id"] for hit in hits[1:]} == {"text-only", "apart"}
    assert hits[0]["score"] > hits[1]["score"]
    assert hits[0]["snippet"] is None  # a title match shows itself: no passage


def test_a_phrase_matches_across_the_text_in_order(texts: Path) -> None:
    hits = _search(texts, '"38th parallel"')
    assert [hit["id"] for hit in hits] == ["in-title", "text-only"]  # not "apart"
    assert hits[1]["why"] == ["text: '38th parallel'"]
    assert "38th parallel" in hits[1]["snippet"]
    phrase = _search(texts, '"parallel for most"')
    assert [hit["id"] for hit in phrase] == ["text-only"]


def test_a_phrase_across_a_paragraph_break(texts: Path) -> None:
    hits = _search(texts, '"its length the enemy"')
    assert [hit["id"] for hit in hits] == ["text-only"]
    assert "length. The enemy" in hits[0]["snippet"]  # one line: the break is a space


def test_json_snippet_field_is_the_passage_or_null(texts: Path) -> None:
    hits = {hit["id"]: hit for hit in _search(texts, "parallel OR minutes")}
    assert list(hits["text-only"])[-3:] == ["score", "why", "snippet"]
    assert "38th parallel" in hits["text-only"]["snippet"]
    assert hits["plain"]["snippet"] is None  # "minutes" is in its title only


def test_tsv_gets_the_snippet_as_the_last_column(texts: Path) -> None:
    out = korea("search", "demarcation OR Minutes", "--catalogue", str(texts)).stdout
    lines = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
    assert len(lines["text-only"]) == 6
    assert lines["text-only"][4] == "matches 1 of 2 alternatives; text: 'demarcation'"
    assert "demarcation line" in lines["text-only"][5]
    assert lines["plain"][5] == ""


def test_csv_has_a_snippet_column(texts: Path) -> None:
    out = korea("search", "demarcation", "--catalogue", str(texts), "--format", "csv").stdout
    assert out.splitlines()[0].endswith(",score,why,snippet")


def test_the_snippet_is_highlighted_at_a_terminal(texts: Path) -> None:
    from armisticecli.render.terminal import MARK_STYLE, snippet

    found = make_snippet("A line \x1b[31mon the demarcation line.", [[("demarcation",)]])
    assert found is not None
    shown = snippet(found)
    assert "\x1b" not in shown.plain  # cleaned, piece by piece
    marked = [shown.plain[s.start : s.end] for s in shown.spans if s.style == MARK_STYLE]
    assert marked == ["demarcation"]


def test_the_table_shows_the_snippet(texts: Path) -> None:
    out = korea("search", "demarcation", "--catalogue", str(texts), "--format", "table")
    assert "demarcation line" in re.sub(r"\s+", " ", out.stdout.replace("│", " "))


def test_the_window_holds_the_most_distinct_words() -> None:
    filler = " ".join(["word"] * 80)
    text = f"alpha {filler} alpha beta {filler} gamma"
    found = make_snippet(text, [[("alpha",)], [("beta",)], [("gamma",)]])
    assert found is not None
    assert [found.text[a:b] for a, b in found.marks] == ["alpha", "beta"]
    assert found.text.startswith(ELLIPSIS) and found.text.endswith(ELLIPSIS)
    assert len(found.text) <= WIDTH + 2 * len(ELLIPSIS) + 60


def test_a_short_text_is_whole_and_without_ellipsis() -> None:
    found = make_snippet("On the parallel.", [[("parallel",)]])
    assert found is not None
    assert found.text == "On the parallel."
    assert found.marks == ((7, 15),)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


WORDS = st.sampled_from(["the", "parallel", "line", "38th", "Kaesong", "don't", "Ŏ", "é"])
SEPARATORS = st.sampled_from([" ", "  ", "\n\n", ", ", ". ", "—", "'", " (", ") "])


@st.composite
def document_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(WORDS, SEPARATORS), max_size=120))
    return "".join(word + separator for word, separator in parts)


@settings(max_examples=300, deadline=None)
@given(document_texts(), st.lists(st.lists(WORDS, min_size=1, max_size=2), min_size=1, max_size=3))
def test_a_snippet_is_a_passage_of_the_text_holding_a_matched_word(
    text: str, queries: list[list[str]]
) -> None:
    groups = [[tuple(words(" ".join(query)))] for query in queries]
    groups = [group for group in groups if group[0]]
    found = make_snippet(text, groups)
    sequence = f" {' '.join(words(text))} "
    present = [g for g in groups if f" {' '.join(g[0])} " in sequence]
    if not present:
        assert found is None
        return
    assert found is not None
    body = found.text.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS)
    assert _normal(body) in _normal(text)  # a passage of the text, whitespace made single
    assert found.marks
    shown = f" {' '.join(words(found.text))} "
    assert any(f" {' '.join(group[0])} " in shown for group in present)
    for start, end in found.marks:
        assert words(found.text[start:end])


@settings(deadline=None)
@given(st.lists(st.tuples(document_texts(), document_texts()), min_size=1, max_size=12))
def test_postings_file_what_document_terms_say(texts: list[tuple[str, str]]) -> None:
    """The postings built in batches, field by field, and merged when read: the same
    terms and fields as reading each document on its own (:func:`document_terms`)."""
    docs = [
        Document(
            id=f"d{n}", date="1951", type="note", title=title[:60], summary=text[:40],
            text=text, places=(title[-20:],), from_=(Party(name=text[-30:]),),
        )
        for n, (text, title) in enumerate(texts)
    ]  # fmt: skip
    filed: dict[str, dict[int, int]] = {}
    for number, doc in enumerate(docs):
        for term, bits in document_terms(doc, str).items():
            filed.setdefault(term, {})[number] = bits
    old = store.BATCH, store.TEXT_GROUP
    # Several batches, and long texts in groups: their documents' numbers are tested too.
    store.BATCH, store.TEXT_GROUP = 5, 50
    try:
        built = field_postings(docs, str, start=7)
    finally:
        store.BATCH, store.TEXT_GROUP = old
    terms = set().union(*built)
    assert terms == set(filed)
    for index in built:
        assert all(numbers == sorted(set(numbers)) for numbers in index.values())
    merged = {
        term: merge_fields((1 << f, index[term]) for f, index in enumerate(built) if term in index)
        for term in terms
    }
    assert merged == {t: {n + 7: bits for n, bits in found.items()} for t, found in filed.items()}


@pytest.fixture(scope="module")
def generated_texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gen") / "texts.json"
    path.write_text(json.dumps(generate(400, seed=11, text=1200)), encoding="utf-8")
    return path


TEXT_QUERIES = [
    rare_word(17),
    "government",
    "govern",
    '"of the"',
    '"united states" OR armistice',
    "Filippov military -korea",
    "Kim Il Sung",
    "parallel line",
]


@pytest.mark.slow
@pytest.mark.parametrize("query", TEXT_QUERIES)
def test_identical_with_and_without_the_index_on_texts(
    generated_texts: Path, query: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOREA_CACHE_DIR", str(tmp_path / "cache"))
    in_memory = search_documents(load(generated_texts), query)
    on_disk = search_documents(cache.open_store(generated_texts), query)
    assert in_memory, query

    def signature(hits: list[Any]) -> list[Any]:
        return [(h.document.id, h.score, h.why, h.snippet) for h in hits]

    assert signature(on_disk) == signature(in_memory)


def test_a_rare_word_of_a_generated_text_finds_its_document(generated_texts: Path) -> None:
    hits = search_documents(load(generated_texts), rare_word(17))
    assert hits[0].id == "doc-17"
    assert hits[0].why == [f"text: {rare_word(17)!r}"]
    assert hits[0].snippet is not None and rare_word(17) in hits[0].snippet.text
    # the others hold longer rare words it begins (a prefix) or near spellings: below it
    assert all(hit.score < hits[0].score for hit in hits[1:])


def test_events_have_no_snippet() -> None:
    hits = json.loads(korea("search", "Inchon", "--events", "--json").stdout)
    assert hits[0]["kind"] == "event" and hits[0]["snippet"] is None


@pytest.mark.parametrize("query", ["government", "the", "military forces"])
def test_a_limit_among_many_ties_keeps_the_earliest(generated_texts: Path, query: str) -> None:
    """A common word of the texts: thousands tie at the cut, the earliest by date win."""
    catalogue = load(generated_texts)
    full = search_documents(catalogue, query)
    for limit in (1, 7, 20):
        limited = search_documents(catalogue, query, limit=limit)
        assert [(h.id, h.score) for h in limited] == [(h.id, h.score) for h in full[:limit]]
