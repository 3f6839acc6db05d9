from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armisticecli.dates import MONTHS, PartialDate, bounds, parse_iso, parse_user_date
from armisticecli.errors import DateError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1951", PartialDate(1951)),
        ("1951-06", PartialDate(1951, 6)),
        ("1951-06-05", PartialDate(1951, 6, 5)),
        ("1952-02-29", PartialDate(1952, 2, 29)),
    ],
)
def test_parse_iso(text: str, expected: PartialDate) -> None:
    assert parse_iso(text) == expected
    assert parse_iso(text).iso() == text


@pytest.mark.parametrize(
    "text",
    [
        "1951-02-30",
        "1951-02-29",
        "1951-13",
        "1951-00",
        "0000",
        "51",
        "1951-6-5",
        "1951/06",
        "1950s",
        "",
        " 1951",
    ],
)
def test_parse_iso_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso(text)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("1950", date(1950, 1, 1), date(1950, 12, 31)),
        ("1952-02", date(1952, 2, 1), date(1952, 2, 29)),
        ("1951-06", date(1951, 6, 1), date(1951, 6, 30)),
        ("1953-07-27", date(1953, 7, 27), date(1953, 7, 27)),
    ],
)
def test_a_partial_date_is_a_period(text: str, first: date, last: date) -> None:
    parsed = parse_iso(text)
    assert (parsed.first_day(), parsed.last_day()) == (first, last)
    assert bounds(text) == (first.isoformat(), last.isoformat())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1951", PartialDate(1951)),
        ("1951-06", PartialDate(1951, 6)),
        ("1951-06-05", PartialDate(1951, 6, 5)),
        ("June 1951", PartialDate(1951, 6)),
        ("jun 1951", PartialDate(1951, 6)),
        ("Sept. 1951", PartialDate(1951, 9)),
        ("1951 June", PartialDate(1951, 6)),
        ("8 Feb 1952", PartialDate(1952, 2, 8)),
        ("5 June 1951", PartialDate(1951, 6, 5)),
        ("February 8, 1952", PartialDate(1952, 2, 8)),
        ("  8   Feb   1952 ", PartialDate(1952, 2, 8)),
        ("1951-6", PartialDate(1951, 6)),
        ("1951-6-5", PartialDate(1951, 6, 5)),
        ("1951/6/5", PartialDate(1951, 6, 5)),
        ("1951.06.05", PartialDate(1951, 6, 5)),
        ("1951-06-05T00:00", PartialDate(1951, 6, 5)),
        ("1951-06-05T00:00:00", PartialDate(1951, 6, 5)),
        ("1951-06-05T00:00:00.000Z", PartialDate(1951, 6, 5)),
        ("1951-06-05 00:00", PartialDate(1951, 6, 5)),
        ("5 Jun 1951 00:00", PartialDate(1951, 6, 5)),
        # Numbers with the year last: read when only one reading is a date.
        ("25/6/1951", PartialDate(1951, 6, 25)),
        ("6/25/1951", PartialDate(1951, 6, 25)),
        ("5.5.1951", PartialDate(1951, 5, 5)),
        ("6/1951", PartialDate(1951, 6)),
    ],
)
def test_parse_user_date_keeps_precision(text: str, expected: PartialDate) -> None:
    assert parse_user_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Jnue 1951",
        "8 Feb",
        "February",
        "1951-02-30",
        "30 Feb 1951",
        "0000-00-00",
        "99999",
        "-1951",
        "1951-06-05T10:00",
        "yesterday",
        "\x1b[31m1951",
        "2/8/1952",
        "8.2.1952",
        "2 1951",
        "1951" * 1000,
    ],
)
def test_parse_user_date_rejects_with_date_error(text: str) -> None:
    with pytest.raises(DateError):
        parse_user_date(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "5/6/1951",
            "cannot read date '5/6/1951': 5/6 could be 5 June or 6 May;"
            " write 1951-06-05 (5 June) or 1951-05-06 (6 May)",
        ),
        (
            "8.2.1952",
            "cannot read date '8.2.1952': 8.2 could be 8 February or 2 August;"
            " write 1952-02-08 (8 February) or 1952-08-02 (2 August)",
        ),
        (
            "1951-06-05T10:00",
            "cannot read date '1951-06-05T10:00': it gives a time of day (10:00), and the"
            " catalogue dates documents by the day; write the day alone: 1951-06-05",
        ),
        ("5 Jun 1951 10:30", "time of day (10:30)"),
        ("Jnue 1951", "cannot read date 'Jnue 1951': 'Jnue' is not a month (did you mean June?);"),
        ("5 Febuary 1952", "'Febuary' is not a month (did you mean February?)"),
        ("Spring 1951", "'Spring' is not a month; accepted forms: 1951, 1951-06,"),
        ("1951-02-30", "cannot read date '1951-02-30': no day 30 in February 1951;"),
        ("30/2/1951", "cannot read date '30/2/1951': no day 30 in February 1951;"),
        ("13/14/1951", "neither 13 nor 14 is a month"),
        ("1951-13", "cannot read date '1951-13': no month 13;"),
        ("0000-00-00", "year 0 out of range (1 to 9999)"),
        ("soon", "cannot read date 'soon': it has no year; accepted forms: 1951, 1951-06,"),
        ("8 Feb 52", "cannot read date '8 Feb 52': it has no four-digit year"),
        ("99999", "cannot read date '99999': a year has four digits"),
        ("", "cannot read date '': it is empty; accepted forms:"),
        ("  ", "cannot read date '': it is empty"),
        ("2 1951", "cannot read date '2 1951': it does not read as a date; accepted forms:"),
        ("\x1b[31m1951", "cannot read date '[31m1951'"),
        (
            "10:00 June 1951",
            "cannot read date '10:00 June 1951': it gives a time (10:00) but no day",
        ),
        ("5 June 1951 1952", "it has more than one year (1951, 1952)"),
    ],
)
def test_a_refusal_quotes_the_input_and_says_why(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_user_date(text)
    assert message in str(caught.value)


@pytest.mark.parametrize("text", ["5 Jun 0051", "June 5, 0005"])
def test_a_free_form_year_is_never_moved_to_another_century(text: str) -> None:
    # dateutil alone reads "0051" as 2051.
    with pytest.raises(DateError, match="ISO form"):
        parse_user_date(text)


@pytest.mark.parametrize("text", ["1950s", "the 1950s", "The 1950's", "1950S"])
def test_a_decade_is_ten_years(text: str) -> None:
    decade = parse_user_date(text)
    assert decade == PartialDate(1950, decade=True)
    assert decade.precision == "decade"
    assert (decade.first_day(), decade.last_day()) == (date(1950, 1, 1), date(1959, 12, 31))
    assert (decade.iso(), decade.short(), decade.long()) == ("1950s", "1950s", "1950s")
    assert decade != PartialDate(1950)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1955s", "cannot read date '1955s': a decade is named by its first year, which ends in 0"),
        ("0000s", "cannot read date '0000s': year 0 out of range"),
        ("50s", "cannot read date '50s': it has no four-digit year"),
    ],
)
def test_a_decade_that_is_not_one_is_refused(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_user_date(text)


def test_missing_parts_are_never_filled_from_today() -> None:
    # dateutil alone would turn "Feb 1952" into today's day of February 1952.
    assert parse_user_date("Feb 1952").day is None


@pytest.mark.parametrize(
    ("parsed", "short", "long"),
    [
        (PartialDate(1951), "1951", "1951"),
        (PartialDate(1951, 10), "Oct 1951", "October 1951"),
        (PartialDate(1952, 2, 8), "8 Feb 1952", "February 8, 1952"),
    ],
)
def test_display_forms(parsed: PartialDate, short: str, long: str) -> None:
    assert parsed.short() == short
    assert parsed.long() == long


def test_date_parts_honour_precision() -> None:
    assert PartialDate(1951, 10).parts() == [1951, 10]


@given(st.text(max_size=200))
def test_any_user_text_is_a_date_or_a_date_error(text: str) -> None:
    try:
        result = parse_user_date(text)
    except DateError:
        return
    assert result.first_day() <= result.last_day()


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_iso_round_trip(day: date) -> None:
    text = day.isoformat()
    assert parse_iso(text).first_day() == day
    assert parse_user_date(text) == PartialDate(day.year, day.month, day.day)


@given(st.integers(1, 9999), st.integers(1, 12))
def test_days_in_month_matches_the_calendar_module(year: int, month: int) -> None:
    import calendar

    from armisticecli.dates import days_in_month

    assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


@given(
    st.lists(
        st.sampled_from(
            [
                "1950",
                "1951",
                "1951-06",
                "1951-06-05",
                "1951-06-30",
                "1951-07",
                "1952-02-29",
                "1953",
                "1953-07-27",
            ]
        ),
        min_size=2,
        max_size=6,
    )
)
def test_date_key_orders_like_bounds(dates: list[str]) -> None:
    from armisticecli.dates import date_key

    assert sorted(dates, key=date_key) == sorted(dates, key=bounds)


def _day_spellings(day: date) -> list[str]:
    """Every accepted way to write one day."""
    y, m, d = day.year, day.month, day.day
    iso = day.isoformat()
    month = MONTHS[m - 1]
    spellings = [
        iso,
        f"{y:04d}-{m}-{d}",
        f"{y:04d}/{m}/{d}",
        f"{y:04d}.{m:02d}.{d}",
        f"{iso}T00:00",
        f"{iso}T00:00:00",
        f"{iso} 00:00",
        f"{y:04d}-{m}-{d}T00:00:00Z",
    ]
    if y >= 100:  # dateutil moves a year before 100 into this century: see the next test
        spellings += [f"{d} {month[:3]} {y:04d}", f"{d} {month} {y:04d}", f"{month} {d}, {y:04d}"]
    return spellings


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_spelling_of_a_day_is_the_same_day(day: date) -> None:
    expected = PartialDate(day.year, day.month, day.day)
    for text in _day_spellings(day):
        parsed = parse_user_date(text)
        assert (parsed, parsed.precision) == (expected, "day"), text


@given(st.dates(min_value=date(1, 1, 1), max_value=date(99, 12, 31)))
def test_a_free_form_day_before_100_is_refused_not_moved(day: date) -> None:
    with pytest.raises(DateError, match="ISO form"):
        parse_user_date(f"{day.day} {MONTHS[day.month - 1]} {day.year:04d}")


@given(st.integers(1, 9999), st.integers(1, 12))
def test_every_spelling_of_a_month_is_the_same_month(year: int, month: int) -> None:
    name = MONTHS[month - 1]
    spellings = [f"{year:04d}-{month:02d}", f"{year:04d}-{month}", f"{year:04d}/{month}"]
    spellings += [f"{name} {year:04d}", f"{name[:3]} {year:04d}", f"{year:04d} {name}"]
    spellings.append(f"{month}/{year:04d}")
    for text in spellings:
        parsed = parse_user_date(text)
        assert (parsed, parsed.precision) == (PartialDate(year, month), "month"), text


@given(st.integers(1, 9999))
def test_a_year_and_its_decade(year: int) -> None:
    assert parse_user_date(f"{year:04d}") == PartialDate(year)
    first = year - year % 10
    if first:
        decade = parse_user_date(f"{first:04d}s")
        assert decade.precision == "decade"
        assert decade.first_day() <= date(year, 1, 1) <= decade.last_day()


@given(st.integers(1, 31), st.integers(1, 31), st.integers(1, 9999), st.sampled_from("/.-"))
def test_numbers_with_the_year_last_are_read_only_when_one_reading_fits(
    a: int, b: int, year: int, separator: str
) -> None:
    def real(day: int, month: int) -> PartialDate | None:
        try:
            return parse_user_date(f"{year:04d}-{month:02d}-{day:02d}")
        except DateError:
            return None

    readings = {r for r in (real(a, b), real(b, a)) if r is not None}
    text = f"{a}{separator}{b}{separator}{year:04d}"
    if len(readings) == 1:
        assert parse_user_date(text) in readings
        return
    with pytest.raises(DateError) as caught:
        parse_user_date(text)
    message = str(caught.value)
    assert f"cannot read date {text!r}: " in message
    for reading in readings:  # both readings, spelt out
        assert reading.iso() in message


@given(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.integers(0, 23),
    st.integers(0, 59),
)
def test_a_time_of_day_is_refused_and_the_day_suggested(day: date, hour: int, minute: int) -> None:
    text = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    if (hour, minute) == (0, 0):
        assert parse_user_date(text) == PartialDate(day.year, day.month, day.day)
        return
    with pytest.raises(DateError) as caught:
        parse_user_date(text)
    assert f"time of day ({hour:02d}:{minute:02d})" in str(caught.value)
    assert f"write the day alone: {day.isoformat()}" in str(caught.value)


# Pieces of dates, put together at random: most are near misses of a real date.
# fmt: off
_PIECES = [
    "1951", "0051", "1950", "5", "6", "13", "31", "00", "-", "/", ".", " ", ",", ":", "T", "s",
    "'s", "the ", "Jun", "June", "Jnue", "Feb", "Sept.", "May", "10:00", "00:00", "Z", "\x1b",
    "\u202e", "x",
]
# fmt: on
_DATE_PIECES = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)


@given(st.one_of(st.text(max_size=60), _DATE_PIECES))
def test_a_refusal_is_a_date_error_quoting_the_cleaned_input(text: str) -> None:
    from armisticecli.text import clean

    try:
        parse_user_date(text)
    except DateError as exc:
        assert f"cannot read date {clean(' '.join(text.split()))!r}: " in str(exc)


def test_time_key_orders_a_day_by_utc_where_the_source_gives_an_offset() -> None:
    from armisticecli.dates import time_key

    seoul = "1951-06-25T14:00:00+09:00"  # 05:00 UTC
    washington = "1951-06-25T09:00:00-05:00"  # 14:00 UTC
    assert time_key(seoul) < time_key(washington)
    assert time_key(None) == "" < time_key("1951-06-25T00:00:00")
    assert time_key("1951-02-02T15:00:00") == "1951-02-02T15:00:00"  # local, as written


def test_documents_of_one_day_follow_their_times() -> None:
    from armisticecli.filters import sort_documents
    from armisticecli.model import Document

    def doc(id_: str, when: str | None) -> Document:
        return Document(id=id_, date="1951-06-25", datetime=when, type="Telegram", title=id_)

    docs = [
        doc("a", "1951-06-25T09:00:00-05:00"),
        doc("b", None),
        doc("c", "1951-06-25T14:00:00+09:00"),
    ]
    assert [d.id for d in sort_documents(docs)] == ["b", "c", "a"]
