"""The records: untracked by the cycle collector, and bulk building pauses it safely."""

from __future__ import annotations

import gc

import pytest

from armisticecli.catalogue import bundled_path, load
from armisticecli.model import building_records


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
