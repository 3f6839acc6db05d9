"""Candidates of an ambiguous reference: aligned at a terminal, TSV in a pipe."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from armisticecli.render.messages import candidate_lines

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
