from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armisticecli.text import clean, clean_block, fold, folded_lines, words, words_each

HOSTILE = [
    "\x1b[31mred\x1b[0m",  # CSI colour
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]52;c;cHduZWQ=\x07",  # OSC 52 clipboard write
    "\x9b31m",  # C1 CSI
    "a\u202eb",  # right-to-left override
    "a\u2066b\u2069",  # isolates
    "bell\x07",
    "del\x7f",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_clean_removes_every_control(text: str) -> None:
    cleaned = clean(text)
    assert "\x1b" not in cleaned
    assert "\x9b" not in cleaned
    assert "\x07" not in cleaned
    assert all(c.isprintable() for c in cleaned)


def test_clean_keeps_text_and_brackets() -> None:
    assert clean("Filippov [Stalin] [bold]x[/bold]") == "Filippov [Stalin] [bold]x[/bold]"
    assert clean("Kim Il Sung’s 김일성 🇰🇷") == "Kim Il Sung’s 김일성 🇰🇷"


def test_clean_turns_breaks_into_spaces() -> None:
    assert clean("a\tb\nc\r\nd") == "a b c  d"


def test_clean_block_keeps_newlines() -> None:
    assert clean_block("a\nb\x1b[2J") == "a\nb[2J"


BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@given(st.text())
def test_clean_output_has_no_control_or_bidi_character(text: str) -> None:
    cleaned = clean(text)
    assert not any(unicodedata.category(c) == "Cc" for c in cleaned)
    assert not BIDI_CONTROLS & set(cleaned)
    assert "\u2028" not in cleaned and "\u2029" not in cleaned


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Kim Ilsŏng", "kim ilsong"), ("P'YŎNGYANG", "p'yongyang"), ("Péng Déhuái", "peng dehuai")],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@given(st.text())
def test_fold_drops_exactly_the_combining_marks(text: str) -> None:
    """The fast path (non-ASCII runs only) equals the plain definition on any text."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    expected = "".join(c for c in decomposed if not unicodedata.combining(c))
    assert fold(text) == (text.lower() if text.isascii() else expected)


def test_lone_surrogates_become_replacement_characters() -> None:
    """A path or argument that is not UTF-8 reaches Python as lone surrogates."""
    assert clean("a\udcffb") == "a\ufffdb"
    assert clean_block("x\udc80\ny") == "x\ufffd\ny"
    clean("\udcff").encode("utf-8")  # writable to a strict UTF-8 stream


TEXTY = st.text(alphabet="aBé\u0301ß_- \n'ʼǄİﬁ²٣\u00a0\x1cŏ김.", max_size=8)


@given(st.lists(st.one_of(TEXTY, st.text(max_size=8)), max_size=6))
def test_words_each_gives_the_words_of_each_text(texts: list[str]) -> None:
    """Folded together for speed (the forms of 100,000 names), read as one by one."""
    assert words_each(texts) == [words(text) for text in texts]


@given(st.lists(st.one_of(TEXTY, st.text(max_size=8)), max_size=6))
def test_folded_lines_hold_the_words_of_each_text_on_a_line(texts: list[str]) -> None:
    """What a search without postings looks in: the words, a line per text."""
    lines = folded_lines(texts)
    assert [line.split() for line in lines] == [words(text) for text in texts]
    assert all(c == " " or not c.isspace() for line in lines for c in line)  # spaces only


def _words_by_definition(text: str) -> list[str]:
    """What a word is, said once as a regex: the fast paths of words() must agree."""
    import re

    from armisticecli.text import APOSTROPHES

    return re.findall(r"[^\W_]+", fold(text.translate(str.maketrans("", "", APOSTROPHES))))


@given(st.text(alphabet="aZ09_'`’ -.,\t\n\x1céŏß™①½ΣςİK\u00a0\u2028ﬁ김斯\x85\u0308") | st.text())
def test_words_is_the_regex_definition(text: str) -> None:
    assert words(text) == _words_by_definition(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Government's note", ["the", "governments", "note"]),
        ("P’eng Teh-huai", ["peng", "teh", "huai"]),
        ("Panmunjŏm, 38°", ["panmunjom", "38"]),
        ("snake_case™", ["snake", "caseTM"]),
    ],
)
def test_words_fast_paths(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@given(
    st.text(alphabet="ab '`’-.\n_Aé"),
    st.lists(st.sampled_from(["a", "b", "ab", "ba", "e"]), min_size=1, max_size=3),
)
def test_holds_run_is_the_words_in_sequence(text: str, run: list[str]) -> None:
    from armisticecli.text import holds_run

    assert holds_run(text, run) == (f" {' '.join(run)} " in f" {' '.join(words(text))} ")
