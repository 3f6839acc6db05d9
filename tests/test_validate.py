"""validate.py: the one reader of msgspec's messages, the syntax checks, Problem.

Each msgspec test makes msgspec produce the message, pins its exact English
(so a msgspec release that rewords it fails here, by name, rather than as a
changed line in `korea validate`), then checks what validate makes of it.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from armisticecli import validate
from armisticecli.model import (
    ID_PATTERN,
    MAX_NAME_FORM,
    VISIBLE_PATTERN,
    Alias,
    CatalogueFile,
    Document,
)
from armisticecli.validate import (
    TOO_DEEP,
    Problem,
    _fields,
    _lone_surrogate,
    _read_msgspec,
    _Said,
    _under,
    decode_problem,
    not_an_object,
    problems,
    validate_bytes,
)

DOC = b'{"id": "a", "date": "1951", "type": "t", "title": "x"'


def decode_error(raw: bytes, type: Any = CatalogueFile) -> msgspec.DecodeError:
    with pytest.raises(msgspec.DecodeError) as info:
        msgspec.json.decode(raw, type=type)
    return info.value


def convert_error(value: Any, type: Any) -> msgspec.ValidationError:
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.convert(value, type)
    return info.value


# --- Shapes of ValidationError -----------------------------------------------


def test_unknown_field_at_the_top() -> None:
    error = decode_error(b'{"documents": [], "colour": 1}')
    assert str(error) == "Object contains unknown field `colour`"
    assert _read_msgspec(error, whole_file=True) == _Said("unknown field `colour`", "$")


def test_unknown_field_in_a_record_and_the_path_suffix() -> None:
    error = decode_error(b'{"documents": [' + DOC + b', "colour": 1}]}')
    assert str(error) == "Object contains unknown field `colour` - at `$.documents[0]`"
    said = _read_msgspec(error, whole_file=True)
    assert said == _Said("unknown field `colour`", "$.documents[0]")


def test_unknown_field_of_a_nested_object_says_object() -> None:
    error = convert_error([{"name": "a", "kind": "native", "colour": 1}], tuple[Alias, ...])
    assert str(error) == "Object contains unknown field `colour` - at `$[0]`"
    said = _read_msgspec(error, whole_file=False)
    assert said == _Said("object contains unknown field `colour`", "$[0]")


def test_missing_required_field() -> None:
    error = decode_error(b"{}")
    assert str(error) == "Object missing required field `documents`"
    said = _read_msgspec(error, whole_file=True)
    assert said == _Said("missing required field `documents`", "$")
    error = decode_error(b'{"documents": [{"id": "a", "date": "1951", "title": "x"}]}')
    assert str(error) == "Object missing required field `type` - at `$.documents[0]`"
    said = _read_msgspec(error, whole_file=True)
    assert said == _Said("missing required field `type`", "$.documents[0]")


def test_wrong_type() -> None:
    error = decode_error(b'{"documents": [{"id": "a", "date": "1951", "type": "t", "title": 5}]}')
    assert str(error) == "Expected `str`, got `int` - at `$.documents[0].title`"
    said = _read_msgspec(error, whole_file=True)
    assert said == _Said("expected `str`, got `int`", "$.documents[0].title")


def test_wrong_type_of_a_field_value_has_no_path() -> None:
    error = convert_error(5, str)
    assert str(error) == "Expected `str`, got `int`"
    assert _read_msgspec(error, whole_file=False) == _Said("expected `str`, got `int`", "$")


def test_date_pattern() -> None:
    error = decode_error(b'{"documents": [{"id": "a", "date": "x", "type": "t", "title": "x"}]}')
    assert str(error) == (
        "Expected `str` matching regex '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'"
        " - at `$.documents[0].date`"
    )
    said = _read_msgspec(error, whole_file=True)
    assert said.path == "$.documents[0].date"
    assert said.text == "invalid date: not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)"


def test_id_pattern() -> None:
    error = decode_error(b'{"documents": [{"id": "a b", "date": "1", "type": "t", "title": "x"}]}')
    assert str(error) == f"Expected `str` matching regex {ID_PATTERN!r} - at `$.documents[0].id`"
    said = _read_msgspec(error, whole_file=True)
    assert said == _Said(
        "an id must have no spaces, control or invisible characters", "$.documents[0].id"
    )


def test_visible_pattern() -> None:
    error = decode_error(
        b'{"documents": [{"id": "a", "record_id": "1\\u200b", "date": "1", "type": "t", '
        b'"title": "x"}]}'
    )
    assert str(error) == (
        f"Expected `str` matching regex {VISIBLE_PATTERN!r} - at `$.documents[0].record_id`"
    )
    said = _read_msgspec(error, whole_file=True)
    assert said == _Said("must have no control or invisible characters", "$.documents[0].record_id")


def test_max_length_of_a_name_form() -> None:
    error = convert_error({"name": "x" * (MAX_NAME_FORM + 1), "kind": "spelling"}, Alias)
    assert str(error) == f"Expected `str` of length <= {MAX_NAME_FORM} - at `$.name`"
    said = _read_msgspec(error, whole_file=False)
    assert said == _Said(f"a name form must be at most {MAX_NAME_FORM} characters", "$.name")


def test_min_length() -> None:
    error = decode_error(b'{"documents": [{"id": "", "date": "1951", "type": "t", "title": "x"}]}')
    assert str(error) == "Expected `str` of length >= 1 - at `$.documents[0].id`"
    said = _read_msgspec(error, whole_file=True)
    assert said == _Said("must not be empty", "$.documents[0].id")


def test_enum_value_and_a_relative_path() -> None:
    error = convert_error([{"name": "a", "kind": "zz"}], tuple[Alias, ...])
    assert str(error) == "Invalid enum value 'zz' - at `$[0].kind`"
    assert _read_msgspec(error, whole_file=False) == _Said("invalid enum value 'zz'", "$[0].kind")


def test_array_at_the_top_level() -> None:
    error = decode_error(b"[]")
    assert str(error) == "Expected `object`, got `array`"
    said = _read_msgspec(error, whole_file=True)
    assert said == _Said('expected a JSON object with a "documents" array, got an array', "$")
    # A field's value that is an array is not the top level of a file.
    error = convert_error([], str)
    assert _read_msgspec(error, whole_file=False) == _Said("expected `str`, got `array`", "$")


@pytest.mark.parametrize("kind", ["truncated", "x (byte 3)", "x - at `$.y`"])
def test_a_bad_value_that_looks_like_msgspec_is_not_read_as_msgspec(kind: str) -> None:
    error = convert_error([{"name": "a", "kind": kind}], tuple[Alias, ...])
    said = _read_msgspec(error, whole_file=False)
    assert said == _Said(f"invalid enum value {kind!r}", "$[0].kind")


# --- Shapes of DecodeError ---------------------------------------------------


def test_malformed_json_names_the_byte() -> None:
    error = decode_error(b'{"documents": [], }')
    assert str(error) == "JSON is malformed: trailing comma in object (byte 18)"
    assert _read_msgspec(error, whole_file=True) == _Said("trailing comma in object", byte=18)
    error = decode_error(b'{"documents": [}', type=Any)
    assert str(error) == "JSON is malformed: invalid character (byte 15)"
    assert _read_msgspec(error, whole_file=True) == _Said("invalid character", byte=15)


def test_truncated_input() -> None:
    for raw in (b'{"documents": [', b""):
        error = decode_error(raw)
        assert str(error) == "Input data was truncated"
        said = _read_msgspec(error, whole_file=True)
        assert said == _Said("the file ends too soon (truncated?)", truncated=True)


# --- What the user sees ------------------------------------------------------


def test_decode_problem_gives_line_and_column() -> None:
    raw = b'{\n  "documents": [],\n}'
    assert decode_problem(decode_error(raw), raw) == Problem(
        "$", "line 3, column 1: invalid JSON: trailing comma in object"
    )
    raw = b'{\n  "documents": ['
    assert decode_problem(decode_error(raw), raw) == Problem(
        "$", "line 2, column 17: invalid JSON: the file ends too soon (truncated?)"
    )


def test_decode_problem_places_a_bad_field_with_its_value() -> None:
    raw = b'{"documents": [{"id": "a", "date": "1951", "type": "t", "title": 1951}]}'
    problem = decode_problem(decode_error(raw), raw)
    assert str(problem) == "$.documents[0].title: expected `str`, got `int` (got 1951)"
    raw = b'{"documents": [{"id": "a", "date": "1951", "title": "x"}]}'
    problem = decode_problem(decode_error(raw), raw)
    assert problem == Problem("$.documents[0]", "missing required field `type`")


def test_decode_problem_utf8_and_depth() -> None:
    raw = b'{"documents": [{"id": "\xff"}]}'
    with pytest.raises(UnicodeDecodeError) as info:
        raw.decode("utf-8")
    assert decode_problem(info.value, raw).message == (
        "line 1, column 24: not valid UTF-8 (byte 0xff)"
    )
    assert decode_problem(RecursionError(), raw) == Problem("$", TOO_DEEP)


def test_not_an_object() -> None:
    assert not_an_object(b"") == "the file is empty, expected a JSON object"
    assert not_an_object(b"  \n") == "the file holds only whitespace, expected a JSON object"
    # more whitespace than the 4096 bytes looked at: not "empty" when the file goes on
    assert not_an_object(b" " * 4096, more=True) is None
    assert not_an_object(b" " * 5000 + b"{}") is None
    assert "found 'x'" in (not_an_object(b" " * 5000 + b"x") or "")
    assert not_an_object(b"\n  12") == (
        "line 2, column 3: not JSON: expected a JSON object, found '1'"
    )
    assert "found byte 0x00" in (not_an_object(b"\x00\x00") or "")
    assert not_an_object(b"[") is None


def test_validate_bytes_lists_everything_in_file_order() -> None:
    raw = (
        b'\xef\xbb\xbf{"documents": [{"id": "a", "date": "1951-02-30", "type": "t", '
        b'"title": "x", "people": ["ghost"]}, {"id": "a b", "date": "1951", "type": "t", '
        b'"title": ""}], "extra": 1}'
    )
    assert [str(p) for p in validate_bytes(raw)] == [
        "$.documents[0].date: invalid date: no day 30 in February 1951 (got '1951-02-30')",
        "$.documents[0].people[0]: unknown person (got 'ghost')",
        "$.documents[1].id: an id must have no spaces, control or invisible characters (got 'a b')",
        "$.documents[1].title: must not be empty (got '')",
        "$.extra: unknown field",
    ]
    assert validate_bytes(b"{") == [
        Problem("$", "line 1, column 2: invalid JSON: the file ends too soon (truncated?)")
    ]


def test_valid_bytes_have_no_problem() -> None:
    raw = msgspec.json.encode({"documents": [msgspec.to_builtins(_document())]})
    assert validate_bytes(raw) == []


def _document() -> Document:
    return Document(id="a", date="1951", type="t", title="x")


def test_validate_does_not_import_catalogue() -> None:
    """No cycle: catalogue asks validate, never the other way round, not even lazily."""
    source = Path(__file__).resolve().parent.parent / "src" / "armisticecli" / "validate.py"
    tree = ast.parse(source.read_text("utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert "armisticecli.catalogue" not in imported
    assert not any(isinstance(node, ast.ImportFrom) and node.level > 0 for node in ast.walk(tree))


# --- Stated versus inferred ---------------------------------------------------


def _catalogue(party: dict[str, Any], alias: dict[str, Any] | None = None) -> CatalogueFile:
    person: dict[str, Any] = {"id": "p1", "name": "Person One", "sources": ["a page"]}
    if alias is not None:
        person["aliases"] = [alias]
    doc = {"id": "d1", "date": "1953", "type": "telegram", "title": "T", "to": [party]}
    return msgspec.convert({"documents": [doc], "people": [person]}, CatalogueFile)


def test_an_inferred_link_needs_a_basis() -> None:
    found = problems(_catalogue({"person": "p1", "name": "the Chairman", "inferred": True}))
    assert [(p.path, p.message) for p in found] == [
        ("$.documents[0].to[0]", "an inferred link needs a basis (why it is believed)")
    ]
    assert problems(_catalogue({"person": "p1", "inferred": True, "basis": "held the title"})) == []


def test_a_basis_belongs_to_an_inferred_link_only() -> None:
    found = problems(_catalogue({"person": "p1", "basis": "held the title"}))
    assert [p.path for p in found] == ["$.documents[0].to[0].basis"]
    alias = {"name": "Full Name", "kind": "full_name", "inferred": True}
    assert [p.path for p in problems(_catalogue({"person": "p1"}, alias))] == [
        "$.people[0].aliases[0]"
    ]


def test_strict_asks_a_source_for_every_person_and_event() -> None:
    from armisticecli.validate import strict_problems

    data = msgspec.convert(
        {
            "documents": [],
            "people": [{"id": "p1", "name": "P"}, {"id": "p2", "name": "Q", "sources": ["x"]}],
            "events": [{"id": "e1", "date": "1950", "title": "E"}],
        },
        CatalogueFile,
    )
    assert [(p.path, p.value) for p in strict_problems(data)] == [
        ("$.people[0].sources", "p1"),
        ("$.events[0].sources", "e1"),
    ]


def test_each_date_of_a_disputed_one_is_checked() -> None:
    person = {
        "id": "p1",
        "name": "P",
        "born": {
            "dates": [{"date": "1902-01-08", "source": "a"}, {"date": "1902-02-30", "source": "b"}]
        },
    }
    data = msgspec.convert({"documents": [], "people": [person]}, CatalogueFile)
    assert [p.path for p in problems(data)] == ["$.people[0].born.dates[1].date"]


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        (rb'"\ud800"', 1),
        (rb'"ab\udc00"', 3),
        (rb'"\ud800\ud800"', 1),
        (rb'"\ud83d\ude00"', None),  # a pair: one character
        (rb'"\\ud800"', None),  # an escaped backslash, then the text ud800
        (rb'"\\\ud800"', 3),
    ],
)
def test_lone_surrogate(text: bytes, offset: int | None) -> None:
    assert _lone_surrogate(text) == offset


@given(st.text())
def test_no_lone_surrogate_in_json_of_real_text(text: str) -> None:
    raw = json.dumps(text, ensure_ascii=True).encode()  # every character escaped
    assert _lone_surrogate(raw) is None


def test_a_number_out_of_range_is_placed() -> None:
    raw = b'{"documents": [], "x": "1e999", "y": [1, 2e400]}'
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.json.decode(raw)
    assert decode_problem(info.value, raw) == Problem(
        "$", "line 1, column 42: number out of range (2e400)"
    )


# --- Many broken records: work that grows with them, not with their square ---------


def _under_before(path: str, places: set[str]) -> bool:
    """The check as it was: every place compared with every problem (quadratic)."""
    return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") for p in places)


class _CountingSet(set[str]):
    """A set that counts how many of its places a check looks at."""

    looked = 0

    def __iter__(self) -> Any:
        for place in super().__iter__():
            self.looked += 1
            yield place

    def __contains__(self, place: object) -> bool:
        self.looked += 1
        return super().__contains__(place)


def test_a_problem_looks_at_its_own_prefixes_not_at_every_place_reported() -> None:
    places = _CountingSet(f"$.documents[{i}].title" for i in range(10_000))
    assert not _under("$.documents[9999].people[0]", places)
    assert places.looked <= 5  # the path and its four prefixes, not 10,000 places


PATH_PIECES = st.sampled_from(
    [".documents", ".people", ".title", ".a.b", ".x[", "[0]", "[1]", "[10]", ".", "["]
)
paths = st.lists(PATH_PIECES, max_size=5).map(lambda parts: "$" + "".join(parts))


@given(paths, st.sets(paths, max_size=8))
def test_under_answers_as_the_quadratic_check_did(path: str, places: set[str]) -> None:
    assert _under(path, places) == _under_before(path, places)


def test_a_thousand_broken_records_ask_msgspec_for_fields_a_few_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each record type's fields are worked out once (it cost 2 ms per broken record)."""
    calls = 0
    real = msgspec.structs.fields

    def counted(struct: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(struct)

    monkeypatch.setattr(msgspec.structs, "fields", counted)
    _fields.cache_clear()
    docs = [
        {"id": f"d{i}", "date": "1951", "type": "t", "title": 5, "people": ["nobody"]}
        for i in range(1_000)
    ]
    found = validate_bytes(msgspec.json.encode({"documents": docs}))
    assert len(found) == 2_000
    assert found[:2] == [
        Problem("$.documents[0].people[0]", "unknown person", "nobody"),
        Problem("$.documents[0].title", "expected `str`, got `int`", 5),
    ]
    assert calls <= len(validate._SECTIONS) + 1


def _full(**fields: Any) -> list[str]:
    """Problems of one document with full-text fields, as `korea validate` lists them."""
    doc = {"id": "d1", "date": "1951-02-02", "type": "Telegram", "title": "T"} | fields
    tree = {"documents": [doc], "publications": [{"id": "frus1951v07p2", "title": "FRUS"}]}
    return [str(p) for p in validate.validate_tree(tree)]


def test_full_text_fields_that_agree_pass() -> None:
    assert (
        _full(
            datetime="1951-02-02T15:00:00",
            text="abc",
            footnotes=[{"n": "1", "text": "Source.", "offset": 3}, {"n": "2", "text": "Head."}],
            page_breaks=[{"n": "1552"}, {"n": "1553", "offset": 2}],
            source={"publication": "frus1951v07p2", "number": "23", "pages": "1552–1553"},
        )
        == []
    )


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"datetime": "1951-02-03T01:00:00+09:00"}, "datetime: is not on the document's date"),
        ({"datetime": "1951-02-02T25:00:00"}, "datetime: invalid time"),
        ({"datetime": "1951-02-02 15:00"}, "datetime: "),
        ({"date_end": "1951-01-31"}, "date_end: ends before the date 1951-02-02"),
        ({"date_end": "1951-02-30"}, "date_end: invalid date"),
        ({"text": "ab", "footnotes": [{"n": "1", "text": "x", "offset": 3}]}, "outside the text"),
        (
            {"text": "ab", "page_breaks": [{"n": "2", "offset": 2}, {"n": "3", "offset": 1}]},
            "before the page above",
        ),
        ({"source": {"publication": "frus1950v07"}}, "source.publication: unknown publication"),
    ],
)  # fmt: skip
def test_full_text_fields_that_disagree_are_named(fields: dict[str, Any], said: str) -> None:
    found = _full(**fields)
    assert len(found) == 1, found
    assert said in found[0]


def test_duplicate_publication_ids() -> None:
    pub = {"id": "frus1951v07p2", "title": "FRUS"}
    found = validate.validate_tree({"documents": [], "publications": [pub, pub]})
    assert [str(p) for p in found] == ["$.publications[1].id: duplicate id (got 'frus1951v07p2')"]


# -- relations -----------------------------------------------------------------------------


def relations_catalogue(*relations: dict[str, Any]) -> CatalogueFile:
    return msgspec.convert(
        {
            "people": [{"id": "mao", "name": "Mao Zedong"}, {"id": "peng", "name": "Peng Dehuai"}],
            "documents": [
                {"id": "a", "date": "1951-01-27", "type": "", "title": "A", "relations": relations},
                {"id": "b", "date": "1951-01-28", "type": "", "title": "B"},
            ],
        },
        CatalogueFile,
    )


EMBEDDED = {"id": "e", "date": "1951-01-19", "from": [{"person": "peng"}], "to": [{"name": "Mao"}]}


@pytest.mark.parametrize(
    "relation",
    [
        {"type": "conveys", "embedded": EMBEDDED, "source": "title"},
        {"type": "replies-to", "document": "b", "source": "title"},
        {"type": "refers-to", "label": "Clark's letter of 29 June", "source": "summary"},
        {"type": "via", "name": "Krasovsky", "source": "title"},
        {"type": "refers-to", "url": "https://example.org/x", "source": "ref", "inferred": True,
         "basis": "the volume's cross-reference"},
    ],
)  # fmt: skip
def test_relations_that_hold(relation: dict[str, Any]) -> None:
    assert problems(relations_catalogue(relation)) == []


@pytest.mark.parametrize(
    ("relation", "path", "says"),
    [
        ({"type": "replies-to", "document": "zzz", "source": "s"}, ".document", "unknown document"),
        ({"type": "replies-to", "document": "a", "source": "s"}, ".document", "itself"),
        ({"type": "refers-to", "source": "s"}, "", "names no document"),
        ({"type": "via", "source": "s"}, "", "relay's person or name"),
        ({"type": "via", "person": "nobody", "source": "s"}, ".person", "unknown person"),
        ({"type": "conveys", "embedded": EMBEDDED, "source": " "}, ".source", "empty"),
        ({"type": "replies-to", "embedded": EMBEDDED, "source": "s"}, ".embedded", "only"),
        ({"type": "conveys", "document": "b", "source": "s", "inferred": True}, "", "basis"),
        ({"type": "conveys", "embedded": {**EMBEDDED, "id": "b"}, "source": "s"},
         ".embedded.id", "duplicate id"),
        ({"type": "conveys", "embedded": {**EMBEDDED, "date": "1951-02-30"}, "source": "s"},
         ".embedded.date", "no day 30"),
        ({"type": "conveys", "embedded": {**EMBEDDED, "to": [{"person": "x"}]}, "source": "s"},
         ".embedded.to[0].person", "unknown person"),
    ],
)  # fmt: skip
def test_relations_that_do_not(relation: dict[str, Any], path: str, says: str) -> None:
    found = problems(relations_catalogue(relation))
    assert [p.path for p in found] == [f"$.documents[0].relations[0]{path}"]
    assert says in found[0].message


def test_an_embedded_document_may_reply_to_another() -> None:
    reply = {
        **EMBEDDED,
        "id": "r",
        "relations": [{"type": "replies-to", "document": "e", "source": "summary"}],
    }
    relations = (
        {"type": "conveys", "embedded": EMBEDDED, "source": "s"},
        {"type": "conveys", "embedded": reply, "source": "s"},
    )
    assert problems(relations_catalogue(*relations)) == []
