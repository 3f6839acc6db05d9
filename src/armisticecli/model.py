"""Plain typed records of a catalogue: documents, people, events.

These are msgspec Structs so that decoding a catalogue file is one fast,
typed pass whose errors carry the JSON path of the bad value.  They hold
data only; lookups live in :mod:`armisticecli.catalogue`.
"""

# No `from __future__ import annotations` here: msgspec would have to eval every
# annotation string when it first decodes, which halves the bundled load's speed.
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Literal

import msgspec

DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
ID_PATTERN = r"^[^\s]+$"
IsoDate = Annotated[
    str,
    msgspec.Meta(
        pattern=DATE_PATTERN,
        description='ISO 8601 date, possibly partial: "1951", "1951-06" or "1951-06-05".',
        examples=["1951", "1951-06", "1951-06-05"],
    ),
]
Id = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        pattern=ID_PATTERN,
        description="A short stable identifier with no spaces.",
    ),
]
Text = Annotated[str, msgspec.Meta(min_length=1)]

AliasKind = Literal[
    "pseudonym",
    "transliteration",
    "native",
    "spelling",
    "birth_name",
    "earlier_name",
    "honorific",
    "initials",
    "courtesy_name",
    "pen_name",
    "nickname",
    "full_name",
]
"""What an alias is.  ``native`` is a name in a native script (Hangul,
Hanzi, Cyrillic, Georgian); ``transliteration`` carries the system in
:attr:`Alias.system` (pinyin, Wade-Giles, McCune-Reischauer, ...);
``earlier_name`` is a name used before another (Chai Junwu, later Chai
Chengwen), where the sources do not say it was a birth name."""


@contextmanager
def building_records() -> Iterator[None]:
    """Pause Python's cycle collector while many records are made at once.

    Records hold only strings, numbers, tuples and other records, so they
    cannot form cycles (hence ``gc=False`` on every Struct below).  The tuples
    inside them are still tracked, and with hundreds of thousands of them alive
    the collector's repeated passes cost more than decoding them: 4.7 s against
    1.1 s for 350,000 documents (benchmarks/, README).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


ALIAS_KINDS: tuple[str, ...] = AliasKind.__args__  # type: ignore[attr-defined]


class Attested(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A date as one source gives it."""

    date: IsoDate
    source: Text
    """Where the date was read: a URL or a reference a reader can follow."""


class Disputed(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A date that sources give differently: every value, each with its source.

    ``{"dates": [{"date": "1902-01-08", "source": "..."}, {"date": "1902-01-13", ...}]}``
    is shown as "8 or 13 Jan 1902"; a title held "to" a disputed date is held
    on any day some source allows.
    """

    dates: Annotated[tuple[Attested, ...], msgspec.Meta(min_length=2)]
    note: str | None = None

    @property
    def earliest(self) -> str:
        return min((a.date for a in self.dates), key=_start)

    @property
    def latest(self) -> str:
        return max((a.date for a in self.dates), key=_end)


def _start(date: str) -> str:
    return date.ljust(10, "-")  # "1953" sorts before "1953-03" before "1953-03-05"


def _end(date: str) -> str:
    return date.ljust(10, "~")  # "1953" (the whole year) ends after "1953-12-31"


DateValue = IsoDate | Disputed
"""A date, or every date the sources give for it."""


def first_date(value: "str | Disputed") -> str:
    """The earliest date a value allows (the date itself when undisputed)."""
    return value if isinstance(value, str) else value.earliest


def last_date(value: "str | Disputed") -> str:
    """The latest date a value allows."""
    return value if isinstance(value, str) else value.latest


class Alias(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """Another form of a person's name and what kind of form it is."""

    name: Text
    kind: AliasKind
    system: str | None = None
    """Romanisation system or script, e.g. "Wade-Giles", "ru", "ko-Hang"."""
    note: str | None = None
    inferred: bool = False
    """True when no source gives this form for this person: it is our identification."""
    basis: str | None = None
    """Why an inferred form is believed (required when ``inferred``)."""


class Role(
    msgspec.Struct,
    frozen=True,
    gc=False,
    forbid_unknown_fields=True,
    rename={"from_": "from"},
):
    """A title held over a period.  Missing ends mean "not known"."""

    title: Text
    from_: DateValue | None = None
    to: DateValue | None = None
    also: tuple[str, ...] = ()
    """Other wordings of the same title ("Soviet Premier")."""
    note: str | None = None
    inferred: bool = False
    """True when no source says this person held the title: it is our inference."""
    basis: str | None = None
    """Why an inferred role is believed (required when ``inferred``)."""


class Person(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """An entry of the name authority file."""

    id: Id
    name: Text
    aliases: tuple[Alias, ...] = ()
    roles: tuple[Role, ...] = ()
    born: DateValue | None = None
    died: DateValue | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


class Party(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A sender or recipient: a known person, a named body, or both.

    ``name`` is the form the document itself uses ("Filippov [Stalin]",
    "Chairman of the USSR Council of Ministers", "Embassy of the Polish
    Republic in Korea"); ``person`` links it to the authority file.
    """

    person: str | None = None
    name: str | None = None
    inferred: bool = False
    """True when the document does not name the person: the link is our inference
    ("the Chairman of the USSR Council of Ministers" on 3 July 1953 is Malenkov)."""
    basis: str | None = None
    """Why an inferred link is believed (required when ``inferred``)."""


class Source(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """Where a document is held and who made the text we cite."""

    archive: str | None = None
    reference: str | None = None
    """The archival reference (fond, opis, delo, pages) as the archive gives it."""
    credit: str | None = None
    """The credit line verbatim, e.g. "Translated for NKIDP by Gary Goldberg." """
    translators: tuple[str, ...] = ()
    url: str | None = None


class Document(
    msgspec.Struct,
    frozen=True,
    gc=False,
    kw_only=True,
    forbid_unknown_fields=True,
    rename={"from_": "from"},
):
    """One archival document.  Field order here is the order of JSON output."""

    id: Id
    record_id: str | None = None
    date: IsoDate
    type: str
    title: Text
    summary: str = ""
    from_: tuple[Party, ...] = ()
    to: tuple[Party, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    source: Source | None = None
    collections: tuple[str, ...] = ()
    language: str | None = None
    notes: tuple[str, ...] = ()


class Event(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A dated context event for the timeline, searched only when asked (search --events)."""

    id: Id
    date: IsoDate
    title: Text
    sources: tuple[str, ...] = ()
    other_dates: tuple[Attested, ...] = ()
    """Other dates that some sources give for the same event, each with its source."""


class CatalogueFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """The top-level object of a catalogue file."""

    documents: tuple[Document, ...]
    people: tuple[Person, ...] = ()
    events: tuple[Event, ...] = ()
    title: str | None = None
    description: str | None = None
    repository: str | None = None
    """The collection the documents are cited from, e.g. "History and Public Policy
    Program Digital Archive"; citations name it only when it is given."""
    format: int = 1


def date_text(value: "str | Disputed | None") -> str:
    """A date value in plain ISO text: "1953-03-05", "1902-01-08 or 1902-01-13", "?"."""
    if value is None:
        return "?"
    if isinstance(value, str):
        return value
    return " or ".join(dict.fromkeys(a.date for a in value.dates))
