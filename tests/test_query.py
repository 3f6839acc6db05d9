"""The query language: words, phrases, OR, AND, NOT and -word, and its usage errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armisticecli.errors import ExitCode, UsageError
from armisticecli.query import MAX_WORDS, Alternative, Phrase, Words, parse


def W(*words: str) -> Words:
    return Words(words)


@pytest.mark.parametrize(
    ("query", "alternatives"),
    [
        ("stalin", [Alternative((W("stalin"),))]),
        ("Kim Il Sung coast", [Alternative((W("Kim", "Il", "Sung", "coast"),))]),
        ("stalin OR mao", [Alternative((W("stalin"),)), Alternative((W("mao"),))]),
        ("stalin AND mao", [Alternative((W("stalin"), W("mao")))]),
        ("stalin -mao", [Alternative((W("stalin"),), (W("mao"),))]),
        ("stalin NOT mao", [Alternative((W("stalin"),), (W("mao"),))]),
        ("stalin AND NOT mao", [Alternative((W("stalin"),), (W("mao"),))]),
        # NOT binds to one word; then AND; then OR
        ("a NOT b c", [Alternative((W("a"), W("c")), (W("b"),))]),
        (
            "stalin mao OR kim -pak",
            [Alternative((W("stalin", "mao"),)), Alternative((W("kim"),), (W("pak"),))],
        ),
        ("x OR NOT y z", [Alternative((W("x"),)), Alternative((W("z"),), (W("y"),))]),
        # phrases, excluded phrases, an unclosed quote
        (
            '"joint headquarters" -"draft agreement" Mao',
            [Alternative((Phrase("joint headquarters"), W("Mao")), (Phrase("draft agreement"),))],
        ),
        ('"unclosed phrase', [Alternative((Phrase("unclosed phrase"),))]),
        ('armistice NOT "Kim Il Sung"', [Alternative((W("armistice"),), (Phrase("Kim Il Sung"),))]),
        # lowercase operators are words; a dash inside a word is part of it
        ("stalin or mao", [Alternative((W("stalin", "or", "mao"),))]),
        ("not stalin", [Alternative((W("not", "stalin"),))]),
        ("Chou En-lai", [Alternative((W("Chou", "En-lai"),))]),
        # a leading dash excludes, a number too; punctuation alone is no word
        ("armistice -38", [Alternative((W("armistice"),), (W("38"),))]),
        ("armistice --38", [Alternative((W("armistice"),), (W("38"),))]),
        ("Chou - Filippov !!!", [Alternative((W("Chou", "Filippov"),))]),
        ('"" armistice', [Alternative((W("armistice"),))]),
    ],
)
def test_parse(query: str, alternatives: list[Alternative]) -> None:
    assert list(parse(query).alternatives) == alternatives


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "the query is empty: give words to search for"),
        ("   ", "the query is empty: give words to search for"),
        ("!!!", "no words to search for in '!!!'"),
        ("-", "no words to search for in '-'"),
        ('""', "no words to search for in '\"\"'"),
        ("-stalin", "'-stalin' only excludes: add a word to search for, as in 'armistice -stalin'"),
        ("NOT stalin", "'-stalin' only excludes"),
        ("-38", "'-38' only excludes"),
        ('-"joint headquarters"', "'-\"joint headquarters\"' only excludes"),
        ("mao OR -stalin", "'-stalin' only excludes"),
        ("stalin OR", "OR needs words on both sides, in 'stalin OR'"),
        ("OR stalin", "OR needs words on both sides"),
        ("stalin OR OR mao", "OR needs words on both sides"),
        ("stalin AND", "AND needs words on both sides"),
        ("AND stalin", "AND needs words on both sides"),
        ("stalin NOT", "NOT needs a word or phrase after it"),
        ("stalin NOT NOT mao", "NOT needs a word or phrase after it"),
        ("stalin NOT OR mao", "NOT needs a word or phrase after it"),
        ("stalin NOT -mao", "NOT and a leading dash together: use one of them"),
        ("OR", "OR needs words on both sides"),
    ],
)
def test_usage_errors_name_the_query(query: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse(query)
    assert caught.value.field == "query"
    assert caught.value.exit_code == ExitCode.USAGE
    assert caught.value.message.startswith(message)


def test_a_word_repeated_is_asked_for_once() -> None:
    query = parse("word " * 500)
    assert query.alternatives == (Alternative((Words(("word",)),)),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('"telegram" ' * 50, [[Phrase("telegram")]], id="a phrase 50 times"),
        pytest.param("telegram OR " * 50 + "telegram", [[Words(("telegram",))]], id="OR"),
        pytest.param(
            "Kim Il Sung Kim Jong Il",
            [[Words(("Kim", "Il", "Sung", "Kim", "Jong", "Il"))]],
            id="names share words: only a word just typed is a repeat",
        ),
        pytest.param(
            'truce "kim il sung" Kim Il Sung "Kim Il-sung"',
            [[Words(("truce",)), Phrase("kim il sung"), Words(("Kim", "Il", "Sung"))]],
            id="a phrase and the same words unquoted are not the same",
        ),
    ],
)
def test_repeats_are_asked_for_once(text: str, expected: list[list[object]]) -> None:
    assert [list(a.include) for a in parse(text).alternatives] == expected


def test_an_exclusion_repeated_is_made_once() -> None:
    query = parse("armistice -pak NOT pak -Pak")
    assert query.alternatives == (Alternative((Words(("armistice",)),), (Words(("pak",)),)),)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(" ".join(f"w{n}" for n in range(65)), id="65 words"),
        pytest.param(" ".join(f'"w{n}"' for n in range(65)), id="65 phrases"),
        pytest.param(
            " ".join(f"w{n}" for n in range(60)) + ' "a b c d e"', id="words in quotes count"
        ),
        pytest.param(" OR ".join(f"w{n}" for n in range(65)), id="across alternatives"),
        pytest.param("x " + " ".join(f"-w{n}" for n in range(64)), id="exclusions count"),
    ],
)
def test_more_words_than_the_limit_is_a_usage_error(text: str) -> None:
    """Quoted phrases escaped the limit: 50 copies of "telegram" took 190 s (issue 14)."""
    with pytest.raises(UsageError) as caught:
        parse(text)
    assert caught.value.field == "query"
    assert caught.value.exit_code == ExitCode.USAGE
    assert f"the limit is {MAX_WORDS}" in caught.value.message
    assert "words to search for" in caught.value.message


def test_the_limit_itself_is_allowed() -> None:
    query = parse(" ".join(f"w{n}" for n in range(MAX_WORDS - 3)) + ' "a b c"')
    assert len(query.alternatives[0].include) == 2


@given(st.lists(st.sampled_from(['"', "-", " ", "OR", "AND", "NOT", "x", "é", "!"])).map("".join))
@settings(max_examples=400, deadline=None)
def test_any_query_is_read_or_refused_clearly(text: str) -> None:
    try:
        query = parse(text)
    except UsageError as exc:
        assert exc.field == "query"
        return
    for alternative in query.alternatives:
        assert alternative.include  # something to search for on every side of an OR


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_text_is_read_or_refused_clearly(text: str) -> None:
    try:
        parse(text)
    except UsageError as exc:
        assert exc.field == "query"
