"""Partial dates: a year, a month or a day, each read as the period it names.

Catalogue dates are ISO 8601 and may be partial ("1951", "1951-06").  A
partial date is a period, not a day: "1951-06" runs from 1 to 30 June 1951.
User input (``--since "8 Feb 1952"``) is read here too, and may also name a
decade ("1950s"); dateutil is used only for free-form text, and never allowed
to fill a missing part from today.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache
from typing import Literal, NamedTuple

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
FORMS = "1951, 1951-06, 1951-06-05, 5 Jun 1951, June 1951, 1950s"
"""The forms of a typed date, as error messages and help suggest them."""
ACCEPTED = f"accepted forms: {FORMS}"
# Two defaults for dateutil: a part that differs between the two parses was missing.
_DEFAULT_A = datetime(2001, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2002, 2, 2, 1, 1, 1)
# Compiled on first use (re caches them): most runs never read a typed date.
_MONTH_YEAR = r"([A-Za-z]+)\.?,?\s+(\d{4})|(\d{4})\s+([A-Za-z]+)\.?"
# 1951, 1951-6, 1951/06/05, 1951.6.5; a day may carry a time (1951-06-05T00:00, "... 00:00:00").
_YEAR_FIRST = (
    r"(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2}(?:[.,]\d+)?))?Z?)?)?)?"
)
# 1950s, the 1950s, 1950's: a period of ten years.
_DECADE = r"(?:[Tt]he )?(\d{4})'?[sS]"
# 6/1951, 25/6/1951, 6.25.1951: the order of day and month depends on the country.
_YEAR_LAST = r"(\d{1,2})([-/.])(?:(\d{1,2})\2)?(\d{4})"


Precision = Literal["decade", "year", "month", "day"]


class PartialDate(NamedTuple):
    """A year, a month of a year, or a day; ``month``/``day`` are None when absent.

    A typed date may also be a decade (``decade=True``, ``year`` its first
    year, a multiple of ten): "1950s" runs from 1950-01-01 to 1959-12-31.
    Catalogue dates are never decades.

    A NamedTuple rather than a dataclass: it is built at import time on every
    run, and a dataclass costs several times as much to create.
    """

    year: int
    month: int | None = None
    day: int | None = None
    decade: bool = False

    @property
    def precision(self) -> Precision:
        """ "decade", "year", "month" or "day"."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "decade" if self.decade else "year"

    def first_day(self) -> date:
        """The first day of the period."""
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last day of the period."""
        if self.month is None:
            return date(self.year + 9 if self.decade else self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, days_in_month(self.year, self.month))
        return date(self.year, self.month, self.day)

    def iso(self) -> str:
        """ISO 8601 at the date's own precision: "1951", "1951-06", "1951-06-05".

        A decade is "1950s": ISO's own form for it ("195") would be misread as a year.
        """
        text = f"{self.year:04d}"
        if self.decade:
            return text + "s"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def short(self) -> str:
        """A compact human form: "8 Feb 1952", "Oct 1951", "1951", "1950s"."""
        if self.month is None:
            return f"{self.year}s" if self.decade else str(self.year)
        month = MONTHS[self.month - 1][:3]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def long(self) -> str:
        """The archive's own form: "February 8, 1952", "October 1951", "1951", "1950s"."""
        if self.month is None:
            return f"{self.year}s" if self.decade else str(self.year)
        month = MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{month} {self.day}, {self.year}"

    def parts(self) -> list[int]:
        """[year, month, day] cut to the date's precision (CSL-JSON date-parts).

        A decade, which CSL cannot say, gives its first year.
        """
        return [p for p in (self.year, self.month, self.day) if p is not None]


def days_in_month(year: int, month: int) -> int:
    """28 to 31, by the Gregorian calendar (no `calendar` import: it costs start-up time)."""
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _build(year: int, month: int | None, day: int | None, text: str = "") -> PartialDate:
    """The date, or a ValueError naming the impossible part (and ``text``, when given)."""
    where = f" in {text!r}" if text else ""
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} out of range (1 to 9999){where}")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"no month {month}{where}")
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


def time_key(datetime_text: str | None) -> str:
    """Orders documents of one day by the time the source gives them ("" sorts first).

    A time with an offset is compared as UTC, so a telegram sent from Seoul at
    14:00+09:00 comes before one sent from Washington at 09:00-05:00 on the same
    day; a local time with no zone stated is compared as written.  A document
    with no time sorts at the start of its day, as a partial date does in its period.
    """
    if not datetime_text:
        return ""
    from datetime import datetime, timezone

    try:
        moment = datetime.fromisoformat(datetime_text.replace("Z", "+00:00"))
    except ValueError:
        return datetime_text
    if moment.tzinfo is None:
        return moment.isoformat()
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat()


def parse_user_date(text: str) -> PartialDate:
    """Read a date typed by a user, keeping its precision.

    Accepts a year, month or day in numbers with the year first ("1951",
    "1951-6", "1951-06-05", "1951/6/5", a day with a midnight time such as
    "1951-06-05T00:00"), a decade ("1950s", "the 1950s"), a month and year
    ("June 1951", "1951 June"), and free-form days ("8 Feb 1952",
    "February 8, 1952").  Numbers with the year
    last are read only when one reading is possible ("25/6/1951", "6/1951").
    Raises :class:`DateError` quoting the text, saying why, and what to write.
    """
    cleaned = " ".join(text.split())
    try:
        return _read(cleaned)
    except _Refused as exc:
        reason, hint = exc.reason, exc.hint
    except ValueError as exc:  # an impossible calendar date, from _build
        reason, hint = str(exc), ACCEPTED
    raise DateError(f"cannot read date {_shown(cleaned)}: {reason}; {hint}")


class _Refused(ValueError):
    """Why a typed date was refused, and what to write instead."""

    def __init__(self, reason: str, hint: str = ACCEPTED) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def _read(text: str) -> PartialDate:
    """A typed date, its whitespace collapsed; a ValueError (often _Refused) says why not."""
    if not text:
        raise _Refused("it is empty")
    if text.isdigit() and len(text) != 4:
        raise _Refused("a year has four digits")
    numbers = re.fullmatch(_YEAR_FIRST, text)
    if numbers:
        return _year_first(numbers)
    decade = re.fullmatch(_DECADE, text)
    if decade:
        return _decade(int(decade.group(1)))
    numbers = re.fullmatch(_YEAR_LAST, text)
    if numbers:
        return _year_last(numbers)
    month_year = re.fullmatch(_MONTH_YEAR, text)
    if month_year:
        name = month_year.group(1) or month_year.group(4)
        year = int(month_year.group(2) or month_year.group(3))
        return _build(year, _month_number(name), None)
    return _free_form(text)


def _year_first(found: re.Match[str]) -> PartialDate:
    """1951, 1951-6, 1951-06-05, 1951/6/5 or 1951.6.5, a day perhaps with a midnight time."""
    year, _, month, day, hour, minute, second = found.groups()
    parsed = _build(int(year), _int(month), _int(day))
    if hour is not None and not set(f"{hour}{minute}{second or ''}") <= set("0.,"):
        raise _time_of_day(parsed, f"{hour}:{minute}")
    return parsed


def _decade(year: int) -> PartialDate:
    if year % 10:
        raise _Refused(f"a decade is named by its first year, which ends in 0 ({year // 10}0s)")
    _build(year, None, None)  # refuses the 0000s
    return PartialDate(year, decade=True)


def _int(digits: str | None) -> int | None:
    return None if digits is None else int(digits)


def _time_of_day(day: PartialDate, clock: str) -> _Refused:
    return _Refused(
        f"it gives a time of day ({clock}), and the catalogue dates documents by the day",
        f"write the day alone: {day.iso()}",
    )


def _year_last(found: re.Match[str]) -> PartialDate:
    """6/1951 or 25/6/1951: accepted when only one reading is a real date."""
    first, separator, second, year_digits = found.groups()
    year = int(year_digits)
    if second is None:
        return _build(year, int(first), None)
    a, b = int(first), int(second)
    readings: dict[PartialDate, None] = {}  # ordered, without duplicates
    problems: list[str] = []
    for day, month in ((a, b), (b, a)):
        if month <= 12:
            try:
                readings[_build(year, month, day)] = None
            except ValueError as exc:
                problems.append(str(exc))
    if not readings:
        raise _Refused(problems[0] if problems else f"neither {a} nor {b} is a month")
    if len(readings) == 1:
        return next(iter(readings))
    one, two = readings
    raise _Refused(
        f"{first}{separator}{second} could be {_day_month(one)} or {_day_month(two)}",
        f"write {one.iso()} ({_day_month(one)}) or {two.iso()} ({_day_month(two)})",
    )


def _day_month(day: PartialDate) -> str:
    """ "5 June" """
    assert day.month is not None
    return f"{day.day} {MONTHS[day.month - 1]}"


def _month_number(name: str) -> int:
    """1 to 12 for a month's name or abbreviation; a misspelt one is refused by name."""
    number = _MONTH_NUMBERS.get(name.lower())
    if number is None:
        raise _not_a_month(name)
    return number


def _not_a_month(word: str) -> _Refused:
    return _Refused(f"{_shown(word)} is not a month{_did_you_mean(word)}")


def _did_you_mean(word: str) -> str:
    """ " (did you mean June?)" for a near miss of a month's name, else ""."""
    import difflib

    near = difflib.get_close_matches(word.lower(), _MONTH_NUMBERS, n=1, cutoff=0.7)
    return f" (did you mean {MONTHS[_MONTH_NUMBERS[near[0]] - 1]}?)" if near else ""


def _free_form(text: str) -> PartialDate:
    """A day in free form, read by dateutil with no part filled in from today."""
    if len(text) > 64:
        raise _Refused("it is too long to be a date")
    years = re.findall(r"(?<!\d)\d{4}(?!\d)", text)
    if not years:
        has_digits = any(c.isdigit() for c in text)
        raise _Refused("it has no four-digit year" if has_digits else "it has no year")
    if len(years) > 1:
        raise _Refused(f"it has more than one year ({', '.join(years)})")
    if not re.search(r"[^\W\d_]{3}", text):
        raise _Refused("it does not read as a date")
    for word in re.findall(r"[^\W\d_]{3,}", text):
        # A misspelt month ("5 Jnue 1951"): dateutil would only say it failed.
        if word.lower() not in _MONTH_NUMBERS and _did_you_mean(word):
            raise _not_a_month(word)
    import warnings

    from dateutil import parser

    try:
        # A warning (a word taken for an unknown time zone, "June 1951 T") is a refusal,
        # not a line on the user's stderr.
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            one = parser.parse(text, default=_DEFAULT_A, dayfirst=True)
            two = parser.parse(text, default=_DEFAULT_B, dayfirst=True)
    except (ValueError, OverflowError, TypeError, Warning):
        raise _Refused("it does not read as a date") from None
    if one.year != two.year:
        raise _Refused("it has no year")
    if f"{one.year:04d}" != years[0]:
        # dateutil reads "5 Jun 0051" as 2051: only the ISO form keeps such a year exact.
        raise _Refused("a year before 100 can only be read in ISO form (0051-06-05)")
    if one.month != two.month:
        raise _Refused("it has a year but no month")
    # Every part of _DEFAULT_A's time is 0, so a time was typed as midnight only
    # when that parse shows 0 and the other parse took its hour from the text.
    typed = one.time() != _DEFAULT_A.time() or two.time() != _DEFAULT_B.time()
    if one.day != two.day:
        if typed:
            raise _Refused(f"it gives a time ({one.strftime('%H:%M')}) but no day")
        return _build(one.year, one.month, None)
    day = _build(one.year, one.month, one.day)
    if typed and (one.time() != time(0) or two.hour != 0):
        raise _time_of_day(day, one.strftime("%H:%M"))
    return day


def _shown(text: str) -> str:
    """The user's text, cut and quoted for an error line."""
    from armisticecli.text import clean

    short = clean(text)
    if len(short) > 60:
        short = short[:57] + "..."
    return repr(short)
