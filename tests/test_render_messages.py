"""Candidates of an ambiguous reference (aligned at a terminal, TSV in a pipe), and the
one writer of stderr, which cleans every line."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from armisticecli.render.messages import candidate_lines, say, write_lines

ROWS = [
    ("cipher-3410", "1951-06-05", "Ciphered Telegram No. 3410, Filippov [Stalin] to Krasovsky"),
    ("서울-1950", "1950-06-28", "서울 함락에 관한 전보와 그 밖의 긴 제목"),
    ("d", "1951", "Short"),
]


def test_a_pipe_gets_one_tsv_line_per_candidate_whole() -> None:
    assert candidate_lines(ROWS, None) == ["\t".join(row) for row in ROWS]


def test_a_terminal_gets_aligned_columns_with_only_the_last_cut() -> None:
    lines = candidate_lines(ROWS, 50)
    assert [cell_len(line) <= 50 for line in lines] == [True, True, True]
    starts = {line.index("1951") if "1951" in line else None for line in lines[:1]}
    assert starts == {2 + cell_len("cipher-3410") + 2}
    assert lines[1].startswith("  서울-1950    1950-06-28  ")  # wide characters are two cells
    assert lines[2] == "  d            1951        Short"
    assert lines[0].endswith("…")


def test_catalogue_text_is_cleaned() -> None:
    line = candidate_lines([("x\x1b[2J", "1951", "a\tb\nc")], None)[0]
    assert "\x1b" not in line and line.count("\t") == 2


@given(
    ids=st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=5),
    title=st.text(max_size=200),
    width=st.integers(20, 200),
)
def test_ids_are_never_cut(ids: list[str], title: str, width: int) -> None:
    from armisticecli.text import clean

    lines = candidate_lines([(i, "1951", title) for i in ids], width)
    for identifier, line in zip(ids, lines, strict=True):
        assert line.startswith("  " + clean(identifier))


# --- The one way to stderr -----------------------------------------------------------

FORBIDDEN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What no line on stderr may hold: C0 controls but tab (newlines end lines), DEL, C1
(U+009B is CSI, U+009D OSC), BiDi marks, embeddings, overrides and isolates."""
ESCAPES = [
    "\x1b]52;c;cHduZWQ=\x07",  # OSC 52: write the clipboard
    "\x1b]0;pwned\x07",  # OSC 0: set the window title
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8: a hyperlink
    "\x1b[2J\x1b[H",  # CSI: clear the screen
    "\x9b31m\x9d0;x\x9c",  # C1 CSI, OSC, ST
    "\u202eevil\u2066",  # BiDi override, isolate
]


def test_say_writes_one_clean_line_with_the_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    say("no person matches " + "".join(ESCAPES) + "\nsecond line\r")
    err = capsys.readouterr().err
    assert err.startswith("korea: no person matches ") and err.endswith("\n")
    assert err.count("\n") == 1 and not FORBIDDEN.search(err[:-1])
    assert "]52;c;cHduZWQ=" in err and "second line" in err  # the text stays readable


def test_write_lines_keeps_the_tabs_between_fields(capsys: pytest.CaptureFixture[str]) -> None:
    write_lines(["a\x1b[2J\tb\u202e\tc\x9b"])
    assert capsys.readouterr().err == "a[2J\tb\tc\n"


hostile_text = st.lists(st.text(st.characters(exclude_categories=())) | st.sampled_from(ESCAPES))


@given(st.lists(hostile_text.map("".join)))
def test_nothing_written_to_stderr_holds_a_control(lines: list[str]) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        write_lines(lines)
        say("".join(lines))
    written = err.getvalue()
    assert written.count("\n") == len(lines) + 1
    assert not FORBIDDEN.search(written.replace("\n", ""))


def test_many_candidates_are_cut_to_the_first_twenty_and_a_count() -> None:
    """A loose title printed 23,731 candidates (issue 14)."""
    rows = [(f"doc-{n}", "1951", f"Telegram {n}") for n in range(23_731)]
    for width in (None, 80):
        lines = candidate_lines(rows, width)
        assert len(lines) == 21
        assert "doc-19" in lines[19] and "doc-20" not in "".join(lines)
        assert lines[-1] == "  … and 23,711 more"


def test_twenty_candidates_are_all_shown() -> None:
    rows = [(f"doc-{n}", "1951", "T") for n in range(20)]
    assert len(candidate_lines(rows, None)) == 20


def test_a_date_field_reads_as_in_tables_at_a_terminal_and_iso_in_a_pipe() -> None:
    rows = [("mao-stalin-1951", "1951-01-27", "Telegram"), ("x", "1951-10", "Note")]
    terminal = candidate_lines(rows, 80, date_column=1)
    assert "27 Jan 1951" in terminal[0] and "Oct 1951" in terminal[1]
    assert candidate_lines(rows, None, date_column=1)[0] == "mao-stalin-1951\t1951-01-27\tTelegram"
    assert "1951-01-27" in candidate_lines(rows, 80)[0]  # no date column named: as given
