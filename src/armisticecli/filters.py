"""The shared filters of list, search, timeline and export, as one predicate."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from armisticecli.catalogue import involved
from armisticecli.dates import PartialDate, bounds
from armisticecli.errors import UsageError
from armisticecli.model import Document

if TYPE_CHECKING:
    from armisticecli.names import Match
from armisticecli.text import fold

SORT_KEYS = ("date", "title")


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
        if since and until and since.first_day() > until.last_day():
            raise UsageError(
                f"--since {since.iso()} is after --until {until.iso()}: nothing can match"
            )

    def is_empty(self) -> bool:
        """True when no filter is set: every document passes."""
        return not (
            self.since or self.until or self.types or self.person_ids or self.people or self.places
        )

    def predicate(self) -> Callable[[Document], bool]:
        """One function that says whether a document passes every filter."""
        checks: list[Callable[[Document], bool]] = []
        if self.since is not None:
            first = self.since.first_day().isoformat()
            checks.append(lambda doc: bounds(doc.date)[1] >= first)
        if self.until is not None:
            last = self.until.last_day().isoformat()
            checks.append(lambda doc: bounds(doc.date)[0] <= last)
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
    return "".join(ch for ch in fold(name) if ch.isalnum())


def type_matches(doc_type: str, wanted: Sequence[str]) -> bool:
    """``telegram`` matches "telegram" and "ciphered telegram"; case and spacing ignored."""
    have = fold(doc_type)
    return any(have == w or have.endswith(" " + w) for w in wanted)


def sort_documents(
    documents: Iterable[Document], by: str = "date", reverse: bool = False
) -> list[Document]:
    """Documents by date (a partial date sorts at the start of its period) or by title."""
    if by == "date":
        return sorted(documents, key=date_key, reverse=reverse)
    if by == "title":
        return sorted(documents, key=lambda doc: (fold(doc.title), doc.id), reverse=reverse)
    raise UsageError(f"cannot sort by {by!r}: choose one of {', '.join(SORT_KEYS)}")


def date_key(doc: Document) -> tuple[tuple[str, str], str]:
    return bounds(doc.date), doc.id


def list_documents(
    documents: Iterable[Document],
    where: DocumentFilter,
    sort: str = "date",
    reverse: bool = False,
    limit: int | None = None,
) -> list[Document]:
    """Filter, sort and cut: the library behind ``korea list``."""
    kept = sort_documents(where.apply(documents), sort, reverse)
    return kept if limit is None else kept[:limit]
