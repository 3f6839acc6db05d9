"""The shared filters of list, search, timeline and export, as one predicate."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from armisticecli.catalogue import involved
from armisticecli.choices import SORT_KEYS, SortKey
from armisticecli.dates import PartialDate, bounds, time_key
from armisticecli.errors import KoreaError, UsageError
from armisticecli.model import Document
from armisticecli.text import fold, words

if TYPE_CHECKING:
    from armisticecli.names import Match


@dataclass(frozen=True)
class Filter:
    """The shared filters of list, search, timeline and export, as a user gives them.

    Dates are read when the filter is made (``"1951"``, ``"June 1951"``,
    ``"8 Feb 1952"``, ``"1950s"`` or a :class:`~armisticecli.dates.PartialDate`), so a bad
    date is found before any catalogue is opened.  ``people`` are names in any
    form; an :class:`~armisticecli.archive.Archive` resolves them through its
    authority file.  Empty fields filter nothing.

    >>> Filter.of(since="1951", people=["Filippov"]).since.iso()
    '1951'
    """

    since: PartialDate | None = None
    until: PartialDate | None = None
    types: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        since, until = self.since, self.until
        if since and until and since.first_day() > until.last_day():
            raise UsageError(
                f"{since.iso()} is after the until date {until.iso()}: nothing can match",
                field="since",
            )

    @classmethod
    def of(
        cls,
        since: str | PartialDate | None = None,
        until: str | PartialDate | None = None,
        types: Iterable[str] | None = (),
        people: Iterable[str] | None = (),
        places: Iterable[str] | None = (),
    ) -> Filter:
        """A filter from user input; a date that cannot be read is a DateError naming its field."""
        return cls(
            since=read_date(since, "since"),
            until=read_date(until, "until"),
            types=tuple(types or ()),
            people=tuple(people or ()),
            places=tuple(places or ()),
        )

    def is_empty(self) -> bool:
        return not (self.since or self.until or self.types or self.people or self.places)

    def dates_only(self) -> Filter:
        """The same date range with no other filter (what applies to events)."""
        return Filter(since=self.since, until=self.until)


def read_date(value: str | PartialDate | None, field: str) -> PartialDate | None:
    """A date a user typed, or None; a DateError names ``field``."""
    if value is None or isinstance(value, PartialDate):
        return value
    from armisticecli.dates import parse_user_date

    try:
        return parse_user_date(value)
    except KoreaError as exc:
        raise exc.in_field(field) from None


class DocumentFilter:
    """What a document must satisfy.  Empty fields filter nothing.

    ``since`` keeps documents whose period ends on or after the first day of
    the period it names; ``until`` keeps those whose period begins on or
    before its last day.  A partial document date ("1951-10") is kept when
    any part of its period overlaps the range.  ``people`` holds, for each
    --person, the matches of that name: a document must involve one of each.
    """

    __slots__ = ("people", "person_ids", "places", "since", "types", "until")

    def __init__(
        self,
        since: PartialDate | None = None,
        until: PartialDate | None = None,
        types: Sequence[str] = (),
        person_ids: Sequence[str] = (),
        people: Sequence[Sequence[Match]] = (),
        places: Sequence[str] = (),
    ) -> None:
        self.since = since
        self.until = until
        self.types = types
        self.person_ids = person_ids
        self.people = people
        self.places = places

    def is_empty(self) -> bool:
        """True when no filter is set: every document passes."""
        return not (
            self.since or self.until or self.types or self.person_ids or self.people or self.places
        )

    def predicate(self) -> Callable[[Document], bool]:
        """One function that says whether a document passes every filter."""
        checks: list[Callable[[Document], bool]] = []
        if self.since is not None or self.until is not None:
            in_range = date_range(self.since, self.until)
            checks.append(lambda doc: in_range(doc.date))
        if self.types:
            wanted = [fold(" ".join(t.split())) for t in self.types]
            checks.append(lambda doc: type_matches(doc.type, wanted))
        if self.person_ids:
            people = set(self.person_ids)
            checks.append(lambda doc: not people.isdisjoint(involved(doc)))
        for matches in self.people:
            checks.append(_involves_one_of(matches))
        if self.places:
            places = {place_key(p) for p in self.places}
            checks.append(lambda doc: any(place_key(p) in places for p in doc.places))
        if not checks:
            return lambda doc: True
        if len(checks) == 1:
            return checks[0]
        return lambda doc: all(check(doc) for check in checks)

    def apply(self, documents: Iterable[Document]) -> list[Document]:
        keep = self.predicate()
        return [doc for doc in documents if keep(doc)]


def date_range(since: PartialDate | None, until: PartialDate | None) -> Callable[[str], bool]:
    """Whether a catalogue date's period overlaps the range (open ends unbounded)."""
    first = since.first_day().isoformat() if since is not None else None
    last = until.last_day().isoformat() if until is not None else None
    if first is not None and last is not None:
        return lambda date: bounds(date)[1] >= first and bounds(date)[0] <= last
    if first is not None:
        return lambda date: bounds(date)[1] >= first
    if last is not None:
        return lambda date: bounds(date)[0] <= last
    return lambda date: True


def _involves_one_of(matches: Sequence[Match]) -> Callable[[Document], bool]:
    """A document involves the person, or whoever held the title on its date."""
    plain = {m.person_id for m in matches if m.step != "role"}
    titles = [m for m in matches if m.step == "role"]

    def check(doc: Document) -> bool:
        ids = involved(doc)
        if not plain.isdisjoint(ids):
            return True
        return any(m.person_id in ids and m.held_on(doc.date) for m in titles)

    return check


def place_key(name: str) -> str:
    """A place name for comparison: case, accents, breves, apostrophes and spacing ignored.

    "P'yŏngyang", "PYONGYANG" and "Pyong-yang" are one key.
    """
    return "".join(words(name))


def type_matches(doc_type: str, wanted: Sequence[str]) -> bool:
    """``telegram`` matches "telegram" and "ciphered telegram"; case and spacing ignored."""
    have = fold(doc_type)
    return any(have == w or have.endswith(" " + w) for w in wanted)


def sort_documents(
    documents: Iterable[Document], by: SortKey = "date", reverse: bool = False
) -> list[Document]:
    """Documents by date (a partial date sorts at the start of its period) or by title."""
    if by == "date":
        return sorted(documents, key=date_key, reverse=reverse)
    if by == "title":
        return sorted(documents, key=lambda doc: (fold(doc.title), doc.id), reverse=reverse)
    raise UsageError(f"choose one of {', '.join(SORT_KEYS)}, not {by!r}", field="sort")


def date_key(doc: Document) -> tuple[tuple[str, str], str, str]:
    return bounds(doc.date), time_key(doc.datetime), doc.id


def list_documents(
    documents: Iterable[Document],
    where: DocumentFilter,
    sort: SortKey = "date",
    reverse: bool = False,
    limit: int | None = None,
) -> list[Document]:
    """Filter, sort and cut: the library behind ``korea list``."""
    kept = sort_documents(where.apply(documents), sort, reverse)
    return kept if limit is None else kept[:limit]
