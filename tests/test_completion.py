"""Shell completion, the library side: reading a command line, quoting an answer per shell.

zsh, fish and PowerShell are not installed here, so their answers are read
back by small models of how each script parses them (below); bash answers are
read back by a real bash, and typed into one in tests/test_e2e_completion.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armisticecli import completion
from armisticecli.completion import (
    BashWord,
    Line,
    Quote,
    Request,
    bash_item,
    bash_quote,
    read_request,
    split_line,
    with_optional_values,
    words_on,
    zsh_answer,
)
from armisticecli.errors import UsageError
from shellread import bash_reads, powershell_reads, zsh_reads

NASTY = [
    "Peng Dehuai",
    "P'eng Te-huai",
    'Kim "the Great"',
    "Harrison, Jr. (USA)",
    "A & B; C | D",
    "$HOME `date` $(id)",
    "back\\slash",
    "glob *?[ab]",
    "bang! !! !$",
    "#hash ~tilde {a,b} <in> >out",
    "colon: one:two",
    "double  space",
    "ends with '",
    'ends with "',
    "ends with !",
    "ends with \\",
    "김일성 金日成 Ким Ир Сен",
    "\u2018curly\u2019 \u201cquotes\u201d",
    ":::",
]


# -- reading what the shell typed -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "incomplete", "quote", "raw"),
    [
        ("korea list --person Pen", ("korea", "list", "--person"), "Pen", "", "Pen"),
        ('korea list --person "Pen', ("korea", "list", "--person"), "Pen", '"', '"Pen'),
        ("korea list --person 'Pen", ("korea", "list", "--person"), "Pen", "'", "'Pen"),
        ("korea list --person Peng\\ D", ("korea", "list", "--person"), "Peng D", "", "Peng\\ D"),
        ('korea people "Peng D"ehu', ("korea", "people"), "Peng Dehu", "", '"Peng D"ehu'),
        ('korea people Pe"ng D', ("korea", "people"), "Peng D", '"', 'Pe"ng D'),
        ("korea people 'P'\\''e", ("korea", "people"), "P'e", "'", "'P'\\''e"),
        ('korea people "a\\"b\\$c\\d', ("korea", "people"), 'a"b$c\\d', '"', '"a\\"b\\$c\\d'),
        ("korea people ", ("korea", "people"), "", "", ""),
        ("korea people x\\", ("korea", "people"), "x", "", "x\\"),
        ('korea  "a b"  c', ("korea", "a b"), "c", "", "c"),
        ("", (), "", "", ""),
    ],
)
def test_split_line_reads_words_as_a_posix_shell_does(
    text: str, words: tuple[str, ...], incomplete: str, quote: Quote, raw: str
) -> None:
    assert split_line(text) == Line(words, incomplete, quote, raw)


@pytest.mark.parametrize(
    ("text", "dialect", "words", "incomplete"),
    [
        ("korea 'it''s' 'P", "powershell", ("korea", "it's"), "P"),
        (
            'korea "say ""hi""" C:\\data\\x.json',
            "powershell",
            ("korea", 'say "hi"'),
            "C:\\data\\x.json",
        ),
        ('korea `"a b` c', "powershell", ("korea", '"a'), "b c"),
        ("korea 'it\\'s' 'a\\\\b' 'c\\d'", "fish", ("korea", "it's", "a\\b"), "c\\d"),
    ],
)
def test_split_line_in_powershell_and_fish(
    text: str, dialect: completion.Dialect, words: tuple[str, ...], incomplete: str
) -> None:
    line = split_line(text, dialect)
    assert (line.words, line.incomplete) == (words, incomplete)


@pytest.mark.parametrize(
    ("env", "request_"),
    [
        (
            {"_KOREA_COMPLETE_LINE": "korea list --person Pen", "_KOREA_COMPLETE_WORD": "Pen"},
            Request(["list", "--person"], "Pen", BashWord("Pen", "Pen", "", "")),
        ),
        (
            {"_KOREA_COMPLETE_LINE": 'korea list --person "Pen', "_KOREA_COMPLETE_WORD": "Pen"},
            Request(["list", "--person"], "Pen", BashWord("Pen", "Pen", '"', '"')),
        ),
        (  # readline's word ends at a COMP_WORDBREAKS character; click's value after "="
            {"_KOREA_COMPLETE_LINE": "korea list --format=JS", "_KOREA_COMPLETE_WORD": "JS"},
            Request(["list"], "--format=JS", BashWord("JS", "JS", "", "")),
        ),
        (  # text before readline's word is part of the value: no whole replacement
            {"_KOREA_COMPLETE_LINE": "korea people Kim:Il", "_KOREA_COMPLETE_WORD": "Il"},
            Request(["people"], "Kim:Il", BashWord("Il", "Kim:Il", "", None)),
        ),
        (  # the script of an earlier korea: COMP_WORDS joined by newlines
            {"COMP_WORDS": 'korea\nlist\n--person\n"Pen', "COMP_CWORD": "3"},
            Request(["list", "--person"], "Pen", BashWord("Pen", "Pen", '"', '"')),
        ),
        ({"_KOREA_COMPLETE_LINE": "kor", "_KOREA_COMPLETE_WORD": "kor"}, Request([], "")),
    ],
)
def test_bash_request(env: dict[str, str], request_: Request) -> None:
    assert read_request("bash", env) == request_


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_requests(shell: completion.Shell) -> None:
    read = read_request(shell, {"_TYPER_COMPLETE_ARGS": 'korea list --person "Peng D'})
    assert read == Request(["list", "--person"], "Peng D")
    fresh = read_request(shell, {"_TYPER_COMPLETE_ARGS": "korea people Peng\\  "})
    assert fresh == Request(["people", "Peng "], "")


def test_powershell_request() -> None:
    env = {
        "_TYPER_COMPLETE_ARGS": "korea people 'Peng D",
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": "'Peng D",
    }
    assert read_request("powershell", env) == Request(["people"], "Peng D")


# -- bash -----------------------------------------------------------------------------


@pytest.mark.parametrize("quote", ["", "'", '"'])
def test_bash_reads_back_every_quoted_name(quote: Quote) -> None:
    assert bash_reads([quote + bash_quote(name, quote) + quote for name in NASTY]) == NASTY


@given(st.text(st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"])))
def test_split_line_reads_back_what_bash_quote_writes(text: str) -> None:
    for quote in ("", "'", '"'):
        line = split_line(f"korea {quote}{bash_quote(text, quote)}{quote} ")
        assert line.words == ("korea", text) or (text == "" and quote == "")


@pytest.mark.parametrize(
    ("word", "value", "reply"),
    [
        (BashWord("Pen", "Pen", "", ""), "Peng Dehuai", "Peng\\ Dehuai"),
        (BashWord("Peng\\ D", "Peng D", "", ""), "Peng Dehuai", "Peng\\ Dehuai"),
        (BashWord("Pen", "Pen", '"', '"'), "Peng Dehuai", "Peng Dehuai"),
        (BashWord("P", "P", "'", "'"), "P'eng Te-huai", "P'\\''eng Te-huai"),
        (BashWord("", "", '"', '"'), 'Bud "B"', 'Bud \\"B\\""'),  # readline adds no quote
        (BashWord("", "", '"', '"'), "Quux!", 'Quux"\'!\'""'),
        (BashWord("", "", "'", "'"), "O'", "O'\\'''"),
        (BashWord("Il", "Kim:Il", "", None), "Kim:Il-sung", "Il-sung"),
        (BashWord("JS", "JS", "", ""), "json", "json"),  # click's case-blind choices
        (BashWord("Il", "kim:Il", "", None), "Kim:Il-sung", None),
    ],
)
def test_bash_item_goes_on_from_what_was_typed(
    word: BashWord, value: str, reply: str | None
) -> None:
    assert bash_item(word, value) == reply


# -- zsh, fish and PowerShell ------------------------------------------------------------


def test_zsh_answer_survives_the_scripts_readings() -> None:
    items = [(name, f"help for {name}") for name in NASTY] + [("no-help", None)]
    assert zsh_reads(zsh_answer(items)) == items  # double spaces and all


def test_zsh_with_nothing_to_offer_completes_files() -> None:
    assert zsh_answer([]) == "_files"


def test_fish_answer_is_one_candidate_a_line() -> None:
    items = [(name, "help: it's") for name in NASTY]
    out = completion.answer("fish", Request([], ""), items)
    assert [tuple(line.split("\t")) for line in out.split("\n")] == items


def test_powershell_answer_single_quotes_what_needs_it() -> None:
    items = [(name, "a title") for name in NASTY]
    out = completion.answer("powershell", Request([], ""), items).split("\n")
    sendable = [item for item in items if ":::" not in item[0]]
    assert [powershell_reads(line) for line in out] == sendable
    assert completion.powershell_item("cipher-3410", None) == "cipher-3410::: "


def test_answers_are_one_line_each_whatever_the_catalogue_holds() -> None:
    items = [("new\nline\ttab\x1b[31m", "help\nwith\rbreaks")]
    assert completion.answer("fish", Request([], ""), items) == "new line tab[31m\thelp with breaks"


# -- the rest ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "found", "expected"),
    [
        (["Pe"], [("Peng Dehuai", "p")], [("Peng Dehuai", "p")]),
        (["Peng", "D"], [("Peng Dehuai", "p")], [("Dehuai", "p")]),
        (["peng", "D"], [("Peng Dehuai", "p")], [("Dehuai", "p")]),
        (["Kim", "Il", ""], [("Kim Il Sung", "k"), ("Kim Ilsŏng", "k")], [("Sung", "k")]),
    ],
)
def test_words_on_completes_the_word_being_typed(
    words: list[str], found: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert words_on(words, found) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--show-completion"], ["--show-completion="]),
        (["--show-completion", "zsh"], ["--show-completion", "zsh"]),
        (["--show-completion", "--help"], ["--show-completion=", "--help"]),
        (["--install-completion=fish"], ["--install-completion=fish"]),
        (["list", "--show-completion"], ["list", "--show-completion"]),
    ],
)
def test_with_optional_values(args: list[str], expected: list[str]) -> None:
    options = ("--install-completion", "--show-completion")
    assert with_optional_values(args, options) == expected


@pytest.mark.parametrize("name", ["bash", "ZSH", " fish", "PowerShell", "pwsh"])
def test_shell_named(name: str) -> None:
    assert completion.shell_named(name) == name.strip().lower()


def test_an_unknown_shell_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="cannot complete in 'tcsh'"):
        completion.shell_named("tcsh")


def test_zsh_script_completes_on_the_first_tab() -> None:
    """Autoloaded from fpath, the file is the body of _korea, run at the first TAB: it
    must complete then, not only register (a first TAB that did nothing, seen in zsh)."""
    text = completion.script("zsh")
    body = text.split("if [[", 1)[1]
    assert '"${funcstack[1]}" == "_korea"' in body
    assert '_korea_completion "$@"' in body.split("else", 1)[0]
    assert "compdef _korea_completion korea" in body.split("else", 1)[1]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_runs_the_completion_when_autoloaded(tmp_path: Path) -> None:
    """In a real zsh: the first call of the autoloaded _korea asks korea at once."""
    (tmp_path / "_korea").write_text(completion.script("zsh"), encoding="utf-8")
    fake = tmp_path / "bin" / "korea"  # answers as korea would, with a word to see
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho print asked korea\n", encoding="utf-8")
    fake.chmod(0o755)
    probe = (
        f"fpath=({tmp_path} $fpath); autoload -Uz _korea; "
        "compdef() { print registered }; words=(korea ch); CURRENT=2; _korea"
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", probe],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}"},
    )
    assert result.stdout.split() == ["asked", "korea"], result.stdout + result.stderr
