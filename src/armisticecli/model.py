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
HIDDEN = (
    r"\x00-\x1f\x7f-\x9f"  # C0 controls, DEL, C1 controls: ESC, CSI, OSC, BEL...
    r"\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"  # invisible formats
    r"\u200b-\u200f"  # zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
    r"\u2028\u2029"  # line and paragraph separators
    r"\u202a-\u202e"  # BiDi embeddings and overrides
    r"\u2060-\u206f"  # word joiner, invisible operators, BiDi isolates
    r"\ufeff\ufff9-\ufffb"  # zero-width no-break space (BOM), interlinear annotation
)
"""Characters that drive a terminal or are not seen, as a regex class body: every
control and format character of the Basic Multilingual Plane (Unicode Cc and Cf).
An id or name form holding one ("cipher-3410" and "cipher-3410" + U+200B) looks
like another, or like nothing, on screen."""
_END = r"(?![\s\S])"
"""The end of the text in every regex dialect (JSON Schema's ECMA 262 and Python):
Python's ``$`` also matches before a final newline, which let "d1\n" be an id."""
ID_PATTERN = rf"^[^\s{HIDDEN}]+{_END}"
VISIBLE_PATTERN = rf"^[^{HIDDEN}]*{_END}"
MAX_NAME_FORM = 200
"""The longest name or alias form, in characters: the longest real one in the bundled
catalogue has 33, and every form is matched against every query."""
TIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?"
    rf"(Z|[+-][0-9]{{2}}:[0-9]{{2}})?{_END}"
)
IsoDate = Annotated[
    str,
    msgspec.Meta(
        pattern=DATE_PATTERN,
        description='ISO 8601 date, possibly partial: "1951", "1951-06" or "1951-06-05".',
        examples=["1951", "1951-06", "1951-06-05"],
    ),
]
IsoDateTime = Annotated[
    str,
    msgspec.Meta(
        pattern=TIME_PATTERN,
        description=(
            "ISO 8601 date and time as the source gives it: with its UTC offset when the "
            "source states one, without when it gives only a local time."
        ),
        examples=["1951-02-02T15:00:00", "1952-01-15T18:44:00-05:00"],
    ),
]
Id = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        pattern=ID_PATTERN,
        description="A short stable identifier with no spaces, control or invisible characters.",
    ),
]
Text = Annotated[str, msgspec.Meta(min_length=1)]
RecordId = Annotated[
    str,
    msgspec.Meta(
        pattern=VISIBLE_PATTERN,
        description="The archive's own number, with no control or invisible characters.",
    ),
]
Name = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_NAME_FORM,
        description=f"A person's name as shown: at most {MAX_NAME_FORM} characters.",
    ),
]
NameForm = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_NAME_FORM,
        pattern=VISIBLE_PATTERN,
        description=(
            f"A form of a person's name: at most {MAX_NAME_FORM} characters, "
            "with no control or invisible characters."
        ),
    ),
]

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

    name: NameForm
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


class Identifier(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A person's id in another source: ``{"scheme": "frus", "value": "frus1950v07#p_AD1"}``."""

    scheme: Text
    value: Text


class Person(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """An entry of the name authority file."""

    id: Id
    name: Name
    aliases: tuple[Alias, ...] = ()
    roles: tuple[Role, ...] = ()
    born: DateValue | None = None
    died: DateValue | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    imported: str | None = None
    """Set when an importer added the entry from a source's own list (the FRUS volume
    id): its name and note are the source's words, not reviewed against others."""


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
    publication: str | None = None
    """The id of the catalogue's publication that prints the document (a FRUS volume)."""
    number: str | None = None
    """The document's number in that publication, as printed ("13")."""
    pages: str | None = None
    """The printed pages, as a range ("1474–1476") or one page ("1553")."""


class Footnote(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A note printed with a document's text, kept apart from it."""

    n: str
    """The printed mark ("1", "2", "*"), as the source numbers it."""
    text: Text
    offset: int | None = None
    """Where its mark stands in the document's ``text`` (in characters); None when the
    mark is outside the text (in the heading)."""


class PageBreak(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A printed page of a document: its number and where it begins in ``text``."""

    n: str
    offset: int = 0
    """In characters; 0 when the page begins before the text (at the heading)."""


class Publication(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A printed edition documents are cited from: a FRUS volume.

    Only what the edition's own title page (its teiHeader) states.
    """

    id: Id
    title: Text
    """The complete title: "Foreign Relations of the United States, 1951, Korea and
    China, Volume VII, Part 2"."""
    series: str | None = None
    year: str | None = None
    """The years the volume covers, as its series title gives them ("1952–1954")."""
    volume: str | None = None
    """The volume's number and part: "Volume VII, Part 2"."""
    volume_title: str | None = None
    editors: tuple[str, ...] = ()
    general_editors: tuple[str, ...] = ()
    publisher: str | None = None
    place: str | None = None
    published: str | None = None
    """The year of publication: "1983"."""
    url: str | None = None


RelationType = Literal["conveys", "replies-to", "refers-to", "via"]
"""How one document stands to another: it ``conveys`` it (carries it, embedded or
forwarded), ``replies-to`` it, ``refers-to`` it; or went ``via`` a relay (a person)."""
RELATION_TYPES: tuple[RelationType, ...] = ("conveys", "replies-to", "refers-to", "via")
INVERSE: dict[str, str] = {
    "conveys": "conveyed in",
    "replies-to": "replied to by",
    "refers-to": "referred to by",
    "via": "relayed",
}
"""How a relation reads from its other end (``korea show`` lists both ways)."""


class Embedded(
    msgspec.Struct,
    frozen=True,
    gc=False,
    kw_only=True,
    forbid_unknown_fields=True,
    rename={"from_": "from"},
):
    """A document that exists only inside its carrier (Peng's telegram of 19 January 1951,
    conveyed in Mao's of 27 January): its own date, sender and recipients, no record."""

    id: Id
    """Unique in the catalogue, like a document's (``mao-stalin-1951/peng-1951-01-19``)."""
    date: IsoDate
    title: str = ""
    from_: tuple[Party, ...] = ()
    to: tuple[Party, ...] = ()
    copies: tuple[Party, ...] = ()
    """Those it was copied to ("copied to Gao Gang")."""
    relations: "tuple[Relation, ...]" = ()
    """Its own relations: Mao's reply of 4 February 1952 ``replies-to`` Peng's telegram of
    22 January, both conveyed in No. 16293 (an embedded document embeds no other)."""


class Relation(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False, kw_only=True):
    """A typed link from a document to another document, an embedded one, an outside
    reference, or (``via``) the person who relayed it; with the words that state it."""

    type: RelationType
    document: str | None = None
    """The other document's id: a catalogue document's, or an embedded one's."""
    embedded: Embedded | None = None
    """The document carried, when it has no record of its own (``conveys`` only)."""
    person: str | None = None
    """The relay's person id (``via``)."""
    name: str | None = None
    """The relay's name as the document gives it ("Krasovsky")."""
    url: str | None = None
    """An outside document's address, when it is not in the catalogue."""
    label: str | None = None
    """An outside document as its source names it ("Foreign Relations, 1950, vol. vi, p. 603")."""
    source: Text
    """The words of the title, summary or source that state the relation."""
    inferred: bool = False
    basis: str | None = None


class Link(msgspec.Struct, frozen=True, gc=False):
    """A relation with the document it starts from: what ``related``, the timeline and the
    network read without loading every document (the on-disk index keeps these)."""

    document: str
    date: str
    relation: Relation


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
    record_id: RecordId | None = None
    date: IsoDate
    """The day as the document gives it (the sender's local date), or a month or year."""
    datetime: IsoDateTime | None = None
    """The time as the source gives it; its date is ``date``."""
    date_end: IsoDate | None = None
    """The end of the period the source gives for an undated note ("1951-01-01" to "1951-03-31")."""
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
    text: str = ""
    """The full text in reading order, paragraphs separated by a blank line."""
    footnotes: tuple[Footnote, ...] = ()
    page_breaks: tuple[PageBreak, ...] = ()
    relations: tuple[Relation, ...] = ()
    """Documents it conveys, replies to or refers to, and the relay it went through."""


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
    publications: tuple[Publication, ...] = ()
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
