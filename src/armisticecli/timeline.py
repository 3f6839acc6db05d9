"""The documents in time, with the war's events around them: entries, groups and gaps.

Entries sort by the start of their period, so "1951-10" sits at the start of
October 1951 and is shown as "Oct 1951", never as a made-up day.  Gaps
between neighbours are measured from start to start and marked approximate
when either date is partial.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from armisticecli.choices import GROUPINGS, Grouping
from armisticecli.dates import MONTHS, PartialDate, bounds, parse_iso, time_key
from armisticecli.errors import UsageError
from armisticecli.model import Document, Event

EntryKind = Literal["document", "event", "embedded"]


@dataclass(frozen=True)
class Entry:
    """One point on the timeline: a document or a context event."""

    kind: EntryKind
    date: str
    id: str
    title: str
    document: Document | None = None
    event: Event | None = None
    carrier: str | None = None
    """For an embedded document: the id of the document that carries it."""

    @property
    def when(self) -> PartialDate:
        return parse_iso(self.date)

    def sort_key(self) -> tuple[tuple[str, str], int, str, str]:
        # On the same day an event comes before the documents it frames; documents
        # of one day follow the times their sources give (telegrams, Seoul and Washington).
        time = time_key(self.document.datetime) if self.document else ""
        return bounds(self.date), 0 if self.kind == "event" else 1, time, self.id


@dataclass
class Group:
    """Entries that share a year (or a month)."""

    label: str
    entries: list[Entry] = field(default_factory=list)


def build(
    documents: Iterable[Document],
    events: Iterable[Event] = (),
    embedded: Iterable[tuple[Document, str]] = (),
) -> list[Entry]:
    """Documents (and events, and embedded documents with their carriers' ids, if given)
    as entries in date order."""
    entries = [Entry("document", d.date, d.id, d.title, document=d) for d in documents]
    entries += [Entry("event", e.date, e.id, e.title, event=e) for e in events]
    entries += [
        Entry("embedded", d.date, d.id, d.title, document=d, carrier=carrier)
        for d, carrier in embedded
    ]
    return sorted(entries, key=Entry.sort_key)


def group(entries: Sequence[Entry], by: Grouping = "year") -> list[Group]:
    """Consecutive entries grouped by year, or by month ("1951" alone: "1951, month unknown")."""
    if by not in GROUPINGS:
        raise UsageError(f"choose year or month, not {by!r}", field="by")
    groups: list[Group] = []
    for entry in entries:
        when = entry.when
        if by == "year":
            label = str(when.year)
        elif when.month is None:
            label = f"{when.year}, month unknown"
        else:
            label = f"{MONTHS[when.month - 1]} {when.year}"
        if not groups or groups[-1].label != label:
            groups.append(Group(label))
        groups[-1].entries.append(entry)
    return groups


def gap(earlier: Entry, later: Entry) -> str:
    """The time between two entries, start to start: "3 days", "7 months", "~1 year 2 months"."""
    a, b = earlier.when, later.when
    approximate = a.precision != "day" or b.precision != "day"
    first, second = a.first_day(), b.first_day()
    months = (second.year - first.year) * 12 + second.month - first.month
    if second.day < first.day:
        months -= 1
    if months < 1:
        days = (second - first).days
        if days == 0:
            return "same day" if not approximate else ""
        text = _plural(days, "day") if days < 14 else _plural(round(days / 7), "week")
    else:
        years, rest = divmod(months, 12)
        parts = [_plural(years, "year")] if years else []
        if rest:
            parts.append(_plural(rest, "month"))
        text = " ".join(parts)
    return ("~" if approximate else "") + text


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" + ("" if count == 1 else "s")
