"""Machine formats: a streamed JSON array is byte for byte the one-shot array."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armisticecli import text
from armisticecli.catalogue import bundled_path, load
from armisticecli.render import data
from armisticecli.text import clean
from conftest import C1_AND_BIDI, raw_controls

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


def _bytes(write: Any, items: Any) -> bytes:
    out = io.BytesIO()
    write(out, items)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.lists(json_values, max_size=40))
def test_streamed_array_equals_the_whole_array(items: list[Any]) -> None:
    assert _bytes(data.write_json_array, iter(items)) == _bytes(data.write_json, items)


def test_streamed_array_across_chunks_of_documents() -> None:
    docs = list(load(bundled_path()).documents) * 400  # 2,800 records: three chunks
    out = io.BytesIO()
    assert data.write_json_array(out, iter(docs)) == len(docs)
    assert out.getvalue() == _bytes(data.write_json, docs)


def test_empty_array() -> None:
    assert _bytes(data.write_json_array, iter([])) == b"[]\n"


def test_chunks() -> None:
    assert [len(c) for c in data.chunks(range(2500), 1024)] == [1024, 1024, 452]
    assert list(data.chunks([], 10)) == []


def test_writers_return_how_many_they_wrote() -> None:
    text = io.StringIO()
    assert data.write_tsv(text, [["a", "b"], ["c", "d"], ["e", "f"]]) == 3
    assert text.getvalue() == "a\tb\nc\td\ne\tf\n"
    assert data.write_csv(io.StringIO(), [{"id": "x"}], ["id"]) == 1
    assert data.write_jsonl(io.BytesIO(), iter([1, 2])) == 2


# -- CSV for spreadsheets: a cell is never a formula unless --csv-raw asks --------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "' =1+1"),  # cleaning makes the tab a space; the cell is still guarded
        ("\r=1+1", "' =1+1"),
        ("  =1", "'  =1"),
        ("a=1", "a=1"),
        ("Filippov [Stalin]", "Filippov [Stalin]"),
        ("", ""),
    ],
)
def test_csv_cell(value: str, shown: str) -> None:
    assert data.csv_cell(value) == shown
    assert data.csv_cell(value, raw=True) == clean(value)


def _csv(cells: list[str], raw: bool) -> list[str]:
    text = io.StringIO()
    data.write_csv(
        text,
        [{str(n): cell for n, cell in enumerate(cells)}],
        list(map(str, range(len(cells)))),
        raw,
    )
    _header, row = csv.reader(io.StringIO(text.getvalue()))
    return row


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(st.sampled_from("=+-@\t\r\n '\"a1,;(") | st.characters()), min_size=1, max_size=5
    )
)
def test_no_csv_cell_begins_like_a_formula(cells: list[str]) -> None:
    for cell, read in zip(cells, _csv(cells, raw=False), strict=True):
        assert not read.lstrip(" ").startswith(data.FORMULA_STARTS)
        assert read in (clean(cell), "'" + clean(cell))  # nothing lost but the guard
    assert _csv(cells, raw=True) == [clean(cell) for cell in cells]


# -- JSON: exact, with C1 and BiDi controls as \u escapes ------------------------------

_CONTROL_TEXT = st.text(st.sampled_from(sorted(C1_AND_BIDI)) | st.characters(codec="utf-8"))
_CONTROL_VALUES = st.recursive(
    st.none() | st.integers() | _CONTROL_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_CONTROL_TEXT, inner, max_size=3),
    max_leaves=6,
)


def test_escape_controls_escapes_exactly_the_c1_and_bidi_controls_and_separators() -> None:
    escaped = C1_AND_BIDI | {"\u2028", "\u2029"}
    for code in range(0x80, 0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        encoded = data.escape_controls(f'"{char}"'.encode())
        expected = f'"\\u{code:04x}"'.encode() if char in escaped else f'"{char}"'.encode()
        assert encoded == expected, hex(code)
    assert set(text.C1_AND_BIDI) == C1_AND_BIDI
    assert set(text.JSON_ESCAPED) == escaped


def test_a_line_separator_does_not_cut_a_json_lines_record() -> None:
    """Found by hypothesis: a raw U+2028 made two lines of one record for splitlines()."""
    items = ["\u2028", {"a\u2029b": "\x85"}]
    jsonl = _bytes(data.write_jsonl, iter(items)).decode()
    assert jsonl.splitlines() == ['"\\u2028"', '{"a\\u2029b":"\\u0085"}']
    assert [json.loads(line) for line in jsonl.splitlines()] == items


@settings(max_examples=60, deadline=None)
@given(st.lists(_CONTROL_VALUES, max_size=5))
def test_every_json_writer_escapes_controls_and_stays_exact(items: list[Any]) -> None:
    written = {
        "json": _bytes(data.write_json, items),
        "pretty": _bytes(lambda out, v: data.write_json(out, v, pretty=True), items),
        "array": _bytes(data.write_json_array, iter(items)),
        "text": data.json_text(items).encode(),
    }
    for name, output in written.items():
        assert raw_controls(output.decode()) == set(), name
        assert json.loads(output) == items, name
    jsonl = _bytes(data.write_jsonl, iter(items)).decode()
    assert raw_controls(jsonl) == set()
    assert [json.loads(line) for line in jsonl.splitlines()] == items
