"""Partial dates: a year, a month or a day, each read as the period it names.

Catalogue dates are ISO 8601 and may be partial ("1951", "1951-06").  A
partial date is a period, not a day: "1951-06" runs from 1 to 30 June 1951.
User input (``--since "8 Feb 1952"``) is read here too; dateutil is used only
for free-form text, and never allowed to fill a missing part from today.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple

from armisticecli.errors import DateError

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {name.lower(): i for i, name in enumerate(MONTHS, 1)}
_MONTH_NUMBERS.update({name[:3].lower(): i for i, name in enumerate(MONTHS, 1)})
_MONTH_NUMBERS["sept"] = 9
_FORMS = "give a year (1951), a month (1951-06, June 1951) or a day (1951-06-05, 8 Feb 1952)"
# Two defaults for dateutil: a part that differs between the two parses was missing.
_DEFAULT_A = datetime(2001, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2002, 2, 2, 1, 1, 1)
# Compiled on first use (re caches it): most runs never read a typed date.
_MONTH_YEAR = r"([A-Za-z]+)\.?,?\s+(\d{4})|(\d{4})\s+([A-Za-z]+)\.?"


class PartialDate(NamedTuple):
    """A year, a month of a year, or a day; ``month``/``day`` are None when absent.

    A NamedTuple rather than a dataclass: it is built at import time on every
    run, and a dataclass costs several times as much to create.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """ "day", "month" or "year"."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_day(self) -> date:
        """The first day of the period."""
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last day of the period."""
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, days_in_month(self.year, self.month))
        return date(self.year, self.month, self.day)

    def iso(self) -> str:
        """ISO 8601 at the date's own precision: "1951", "1951-06", "1951-06-05"."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def short(self) -> str:
        """A compact human form: "8 Feb 1952", "Oct 1951", "1951"."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1][:3]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def long(self) -> str:
        """The archive's own form: "February 8, 1952", "October 1951", "1951"."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{month} {self.day}, {self.year}"

    def parts(self) -> list[int]:
        """[year, month, day] cut to the date's precision (CSL-JSON date-parts)."""
        return [p for p in (self.year, self.month, self.day) if p is not None]


def days_in_month(year: int, month: int) -> int:
    """28 to 31, by the Gregorian calendar (no `calendar` import: it costs start-up time)."""
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _build(year: int, month: int | None, day: int | None, text: str) -> PartialDate:
    if not 1 <= year <= 9999:
        raise ValueError(f"year out of range in {text!r}")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"no month {month} in {text!r}")
    if day is not None:
        assert month is not None
        last = days_in_month(year, month)
        if not 1 <= day <= last:
            raise ValueError(f"no day {day} in {MONTHS[month - 1]} {year}")
    return PartialDate(year, month, day)


@lru_cache(maxsize=65536)
def parse_iso(text: str) -> PartialDate:
    """Read a catalogue date ("1951", "1951-06", "1951-06-05").

    Raises ValueError for anything else, including impossible calendar dates.
    """
    parts = _iso_parts(text)
    if parts is None:
        raise ValueError(f"not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    return _build(*parts, text)


def _iso_parts(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of "YYYY", "YYYY-MM" or "YYYY-MM-DD", else None; no regex needed."""
    size = len(text)
    if size not in (4, 7, 10) or not text.isascii():
        return None
    pieces = text.split("-")
    if [len(p) for p in pieces] != [4, 2, 2][: len(pieces)] or not all(p.isdigit() for p in pieces):
        return None
    month = int(pieces[1]) if len(pieces) > 1 else None
    day = int(pieces[2]) if len(pieces) > 2 else None
    return int(pieces[0]), month, day


@lru_cache(maxsize=65536)
def bounds(text: str) -> tuple[str, str]:
    """First and last day of a catalogue date's period, as ISO strings.

    ISO day strings compare in date order, so filters over a million
    documents can compare strings instead of building date objects.
    """
    parsed = parse_iso(text)
    return parsed.first_day().isoformat(), parsed.last_day().isoformat()


def date_key(text: str) -> int:
    """An integer that sorts catalogue dates as their periods do: by first day, then last.

    Stored by the search index for a million documents; equal in order to :func:`bounds`.
    """
    parsed = parse_iso(text)
    first = parsed.first_day().toordinal()
    return (first << 16) | (parsed.last_day().toordinal() - first)


def parse_user_date(text: str) -> PartialDate:
    """Read a date typed by a user, keeping its precision.

    Accepts ISO forms ("1951", "1951-06", "1951-06-05"), a month and year
    ("June 1951", "Jun 1951", "1951 June"), and free-form days ("8 Feb 1952",
    "5 June 1951", "February 8, 1952").  Raises :class:`DateError`.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise DateError(f"empty date; {_FORMS}")
    try:
        if _iso_parts(cleaned) is not None:
            return parse_iso(cleaned)
        month_year = re.fullmatch(_MONTH_YEAR, cleaned)
        if month_year:
            name = (month_year.group(1) or month_year.group(4)).lower()
            year = int(month_year.group(2) or month_year.group(3))
            if name in _MONTH_NUMBERS:
                return _build(year, _MONTH_NUMBERS[name], None, cleaned)
        return _free_form(cleaned)
    except ValueError as exc:
        raise DateError(f"cannot read date {_shown(text)}: {exc}; {_FORMS}") from None


def _free_form(text: str) -> PartialDate:
    """A full day in free form, read by dateutil with no part filled in from today."""
    if len(text) > 64 or not re.search(r"\d{4}", text):
        raise ValueError("expected a year, a month and year, or a day with a year")
    if not re.search(r"[A-Za-z]{3}", text):
        # "2/8/1952" is 2 August in one country and 8 February in another: never guess.
        raise ValueError("numbers alone are ambiguous (2/8/1952: 2 August or 8 February?)")
    from dateutil import parser

    try:
        one = parser.parse(text, default=_DEFAULT_A, dayfirst=True)
        two = parser.parse(text, default=_DEFAULT_B, dayfirst=True)
    except (ValueError, OverflowError, TypeError):
        raise ValueError("not a date") from None
    if one.year != two.year:
        raise ValueError("no year")
    if f"{one.year:04d}" not in re.findall(r"(?<!\d)\d{4}(?!\d)", text):
        # dateutil reads "5 Jun 0051" as 2051: only the ISO form keeps such a year exact.
        raise ValueError("a year before 100 can only be read in ISO form (0051-06-05)")
    if one.month != two.month:
        raise ValueError("no month")
    if one.day != two.day:
        return _build(one.year, one.month, None, text)
    if one.time() != _DEFAULT_A.time() or two.time() != _DEFAULT_B.time():
        raise ValueError("times are not dates")
    return _build(one.year, one.month, one.day, text)


def _shown(text: str) -> str:
    """The user's text, cut and quoted for an error line."""
    from armisticecli.text import clean

    short = clean(text)
    if len(short) > 60:
        short = short[:57] + "..."
    return repr(short)
