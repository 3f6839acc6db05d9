from __future__ import annotations

import pytest

from armisticecli.dates import PartialDate
from armisticecli.errors import DateError, UsageError
from armisticecli.filters import Filter, date_range


def test_a_decade_since_is_its_first_day_and_until_its_last() -> None:
    where = Filter.of(since="1950s", until="the 1950s")
    assert where.since == where.until == PartialDate(1950, decade=True)
    in_range = date_range(where.since, where.until)
    assert [in_range(d) for d in ("1949-12-31", "1950-01-01", "1959-12-31", "1960-01-01")] == [
        False,
        True,
        True,
        False,
    ]
    # A partial catalogue date overlapping the decade is kept, as with any period.
    assert in_range("1959") and not in_range("1960-01")


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("1960s", "1955", "since: 1960s is after the until date 1955: nothing can match"),
        ("1953", "1940s", "since: 1953 is after the until date 1940s: nothing can match"),
    ],
)
def test_since_after_until_holds_for_decades(since: str, until: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        Filter.of(since=since, until=until)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("since", "until"), [("1950s", "1950"), ("1955", "1950s"), ("1950s", "1950s")]
)
def test_a_decade_overlapping_the_other_end_is_not_after_it(since: str, until: str) -> None:
    Filter.of(since=since, until=until)


def test_a_date_error_names_its_field() -> None:
    with pytest.raises(DateError) as caught:
        Filter.of(until="5/6/1951")
    assert str(caught.value).startswith("until: cannot read date '5/6/1951': 5/6 could be")
