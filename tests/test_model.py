"""The records: untracked by the cycle collector, bulk building pauses it safely, and
ids and name forms hold nothing a terminal obeys or a reader cannot see."""

from __future__ import annotations

import gc
import unicodedata
from typing import Any

import msgspec
import pytest

from armisticecli.catalogue import bundled_path, load
from armisticecli.model import MAX_NAME_FORM, Id, Name, NameForm, RecordId, building_records


def test_records_are_not_tracked_by_the_cycle_collector() -> None:
    catalogue = load(bundled_path())
    records = [*catalogue.documents, *catalogue.people, *catalogue.events, catalogue.data]
    assert records
    assert not any(gc.is_tracked(record) for record in records)


def test_building_records_pauses_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with building_records():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_building_records_restores_it_after_an_error() -> None:
    with pytest.raises(RuntimeError), building_records():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_building_records_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with building_records():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- What an id or a name form may hold ----------------------------------------------

HIDDEN_CHARACTERS = [
    chr(code)
    for code in range(0x10000)
    if unicodedata.category(chr(code)) in ("Cc", "Cf") or chr(code) in "\u2028\u2029"
]
"""Every control and format character of the Basic Multilingual Plane: ESC, CSI (U+009B),
BiDi overrides and isolates, zero-width space, joiners, word joiner, BOM, soft hyphen."""


@pytest.mark.parametrize("kind", [Id, RecordId, NameForm], ids=["id", "record_id", "name"])
def test_ids_record_ids_and_name_forms_refuse_every_hidden_character(kind: Any) -> None:
    kept = [c for c in HIDDEN_CHARACTERS if _accepts(kind, f"cipher{c}3410")]
    assert kept == []
    assert not _accepts(kind, "cipher-3410\n")  # Python's $ matches before a final newline
    assert not _accepts(kind, "\u200b")


@pytest.mark.parametrize(
    "text", ["cipher-3410", "서울-1950", "Ким_Ир_Сен", "იოსებ", "P'eng", "周恩来", "Zhōu.Ēnlái"]
)
def test_ids_and_name_forms_keep_every_visible_script(text: str) -> None:
    assert _accepts(Id, text) and _accepts(RecordId, text) and _accepts(NameForm, text)
    assert _accepts(NameForm, "Kim Il Sung") and _accepts(RecordId, "f. 059a, op. 5a")
    assert not _accepts(Id, "Kim Il Sung")


def test_a_name_or_alias_form_has_at_most_200_characters() -> None:
    for kind in (NameForm, Name):
        assert _accepts(kind, "x" * MAX_NAME_FORM)
        assert not _accepts(kind, "(" * (MAX_NAME_FORM + 1))
    assert MAX_NAME_FORM == 200


def _accepts(kind: Any, value: str) -> bool:
    try:
        msgspec.convert(value, kind)
    except msgspec.ValidationError:
        return False
    return True
