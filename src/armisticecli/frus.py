"""Read a FRUS volume (TEI XML from HistoryAtState/frus) as a stream of documents.

The file is untrusted: it is parsed with external entities, DTD loading and
network access off, and any document type declaration is refused outright
(defusedxml's checklist: external entities, entity expansion, DTD retrieval).
Memory is bounded by one document: each ``div[@type="document"]`` is turned
into a :class:`FrusDocument` and then cleared from the tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from armisticecli.errors import CatalogueError

if TYPE_CHECKING:
    from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
FRUS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
URL = "https://history.state.gov/historicaldocuments/{volume}/{doc}"

# Elements whose content starts a new block of the reading text.
BLOCKS = frozenset(
    {"p", "item", "closer", "salutation", "signed", "quote", "row", "ab", "postscript", "dateline"}
)
# Elements that are not part of the reading text (they feed other fields).
SKIPPED = frozenset({"dateline"})
TYPES = re.compile(
    r"^(Editorial Note|Memorandum of (?:Telephone )?Conversation|Memorandum for the Record|"
    r"Memorandum|Telegram|Letter|Minutes|Report|Paper|Note|Statement|Message|Aide-Mémoire|Draft)\b",
)
EDITORIAL_NOTE = "editorial-note"
_NOTE, _PAGE, _BLOCK, _LINE = "\x00N", "\x00P", "\x02", "\x03"
_MARK = re.compile(r"\x00([NP])([^\x01]*)\x01")


@dataclass(frozen=True)
class Person:
    """An entry of the volume's list of persons."""

    id: str
    name: str
    identification: str


@dataclass(frozen=True)
class Party:
    """A sender or recipient named in a document's head, as the source names it."""

    name: str
    person_id: str | None
    """The ``@corresp`` link into the volume's list of persons, without '#'."""
    kind: Literal["person", "gloss"]


@dataclass(frozen=True)
class Note:
    """A footnote: its printed number, its text, where it is anchored in ``text``."""

    n: str
    text: str
    offset: int


@dataclass(frozen=True)
class PageRef:
    """A printed page and the offset in ``text`` where it begins (0: before the text)."""

    n: str
    offset: int


@dataclass(frozen=True)
class FrusDocument:
    """One ``div[@type="document"]`` of a volume, holding only what the source states."""

    id: str
    volume: str
    doc_id: str
    number: str | None
    title: str
    type: str | None
    date: str | None
    """ISO 8601 as the source gives it: a day ("1951-01-02") or a time with its
    offset ("1951-06-25T14:00:00+09:00"); the start of the period for a range."""
    date_max: str | None
    """The end of the period when the source gives a range, else None."""
    senders: tuple[Party, ...]
    recipients: tuple[Party, ...]
    place: str | None
    source_note: str | None
    pages: tuple[str, ...]
    url: str
    text: str
    notes: tuple[Note, ...]
    page_refs: tuple[PageRef, ...]

    @property
    def day(self) -> str | None:
        """The calendar date (YYYY-MM-DD) in the sender's local time, as printed."""
        return self.date[:10] if self.date else None


@dataclass
class Volume:
    """A FRUS volume: bibliographic facts from its teiHeader and a stream of documents.

    The facts are those the Office of the Historian cites: "Foreign Relations of the
    United States (series), 1951 (sub_series), Korea and China (volume_title), Volume VII,
    Part 2 (volume_number), eds. John P. Glennon et al. (editors) (Washington (pub_place):
    Government Printing Office (publisher), 1983 (pub_year))".  Whatever the header does
    not state is None or empty.
    """

    id: str
    title: str
    """The complete title (``title[@type='complete']``), else the volume's id."""
    editors: tuple[str, ...]
    """The volume's own editors (``editor[@role='primary']`` or with no role), in order."""
    publisher: str | None
    pub_place: str | None
    pub_year: str | None
    persons: dict[str, Person]
    path: Path
    series: str | None = None
    sub_series: str | None = None
    """The years the volume covers, as the series title gives them: "1951", "1952–1954"."""
    volume_number: str | None = None
    """ "Volume VII, Part 2"."""
    volume_title: str | None = None
    """ "Korea and China"."""
    general_editors: tuple[str, ...] = ()
    """``editor[@role='general']``: the General Editor, left out of a citation's "eds."."""
    undated: int = 0
    """Documents read so far whose source gives no date (kept, with date None)."""
    _events: Iterator[tuple[str, etree._Element]] | None = None

    def documents(self) -> Iterator[FrusDocument]:
        """Yield the volume's documents in order; a volume can be read once."""
        if self._events is None:
            raise CatalogueError(f"{self.path}: volume already read")
        events, self._events = self._events, None
        yield from _documents(self, events)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _tidy(text: str) -> str:
    """Collapse XML whitespace, and the spaces markup leaves inside brackets and before stops."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:)\]])", r"\1", text)
    return re.sub(r"([(\[])\s+", r"\1", text)


def _plain(el: etree._Element, *, skip_notes: bool = True) -> str:
    """The element's text with notes (footnote markers and their text) left out."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if _local(child.tag) == "lb":
            parts.append(" ")
        elif not (skip_notes and _local(child.tag) == "note"):
            parts.append(_plain(child, skip_notes=skip_notes))
        parts.append(child.tail or "")
    return "".join(parts)


def _error(path: Path, message: str, line: int | None = None) -> CatalogueError:
    where = f"{path}:{line}" if line else str(path)
    return CatalogueError(f"{where}: {message}")


def read_volume(path: str | Path) -> Volume:
    """Open a FRUS TEI volume: read its header and list of persons, ready to stream documents."""
    from lxml import etree

    path = Path(path)
    try:
        events = etree.iterparse(
            str(path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        stream = _guarded(path, iter(events))
        event, root = next(stream)
    except StopIteration:
        raise _error(path, "empty file") from None
    except OSError as exc:
        raise _error(path, f"cannot be read: {exc.strerror or exc}") from None
    if root.tag != f"{{{TEI}}}TEI":
        line = root.sourceline if isinstance(root.sourceline, int) else None
        raise _error(path, f"not a TEI file: root element is <{_local(root.tag)}>", line)
    if root.getroottree().docinfo.internalDTD is not None:
        raise _error(path, "declares a DTD (<!DOCTYPE [...]>): entities are refused as unsafe")
    volume_id = root.get(XML_ID) or path.stem
    header: etree._Element | None = None
    persons: dict[str, Person] = {}
    for event, el in stream:
        name = _local(el.tag)
        if event == "end" and name == "teiHeader":
            header = el
        elif event == "end" and name == "div" and el.get(XML_ID) == "persons":
            persons = _persons(el)
        elif event == "start" and name in {"body", "back"}:
            break
    if header is None:
        raise _error(path, "no teiHeader: not a FRUS volume")

    def first(xpath: str) -> str | None:
        found = header.find(xpath, {"t": TEI})
        return _tidy(_plain(found)) or None if found is not None else None

    def title(kind: str) -> str | None:
        return first(f"t:fileDesc/t:titleStmt/t:title[@type='{kind}']")

    editors: dict[str, list[str]] = {"primary": [], "general": []}
    for editor in header.iterfind("t:fileDesc/t:titleStmt/t:editor", {"t": TEI}):
        name = _tidy(_plain(editor))
        role = editor.get("role") or "primary"
        if name and role in editors:  # another role (none seen yet) is not guessed at
            editors[role].append(name)
    volume = Volume(
        id=volume_id,
        title=title("complete") or volume_id,
        series=title("series"),
        sub_series=title("sub-series"),
        volume_number=title("volume-number"),
        volume_title=title("volume"),
        editors=tuple(editors["primary"]),
        general_editors=tuple(editors["general"]),
        publisher=first("t:fileDesc/t:publicationStmt/t:publisher"),
        pub_place=first("t:fileDesc/t:publicationStmt/t:pubPlace"),
        pub_year=first("t:fileDesc/t:publicationStmt/t:date[@type='publication-date']")
        or first("t:fileDesc/t:publicationStmt/t:date"),
        persons=persons,
        path=path,
    )
    volume._events = stream
    return volume


def _guarded(
    path: Path, events: Iterator[tuple[str, etree._Element]]
) -> Iterator[tuple[str, etree._Element]]:
    """The parser's events, with every parse failure turned into one CatalogueError line."""
    from lxml import etree

    try:
        yield from events
    except etree.XMLSyntaxError as exc:
        message = (exc.msg or "not well-formed").split(", line ")[0].split(", see ")[0]
        raise _error(path, f"not well-formed XML: {message}", exc.lineno) from None
    except OSError as exc:
        raise _error(path, f"cannot be read: {exc.strerror or exc}") from None


def _persons(div: etree._Element) -> dict[str, Person]:
    persons: dict[str, Person] = {}
    for pers in div.iter(f"{{{TEI}}}persName"):
        pid = pers.get(XML_ID)
        if not pid:
            continue
        item = next((a for a in pers.iterancestors(f"{{{TEI}}}item")), None)
        name = _tidy(_plain(pers))
        rest = ""
        if item is not None:
            rest = _tidy(_plain(item))
            rest = rest[len(name) :] if rest.startswith(name) else rest
        persons[pid] = Person(pid, name, rest.lstrip(",; ").strip())
    return persons


def _documents(
    volume: Volume, events: Iterator[tuple[str, etree._Element]]
) -> Iterator[FrusDocument]:
    page: str | None = None
    depth = 0  # how many document divs we are inside (nested documents are read whole)
    count = 0
    for event, el in events:
        name = _local(el.tag)
        if name == "pb" and event == "end" and depth == 0:
            page = el.get("n") or page
        elif name == "div" and el.get("type") == "document":
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth:
                continue
            doc = _document(volume, el, page)
            if doc.pages:
                page = doc.pages[-1]
            if doc.date is None:
                volume.undated += 1
            count += 1
            yield doc
            el.clear()
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
    if count == 0:
        raise _error(volume.path, 'no documents (no div type="document")')


def _document(volume: Volume, div: etree._Element, page: str | None) -> FrusDocument:
    ns = {"t": TEI}
    doc_id = div.get(XML_ID) or f"n{div.get('n', '')}"
    head = div.find("t:head", ns)
    # "No. 2" before the title repeats the document number (@n): leave it out
    title = re.sub(r"^No\. \S+ ", "", _tidy(_plain(head))) if head is not None else ""
    source = div.find("t:note[@type='source']", ns)
    source_note = _tidy(_plain(source)) or None if source is not None else None
    doc_type = (
        "Editorial Note" if div.get("subtype") == EDITORIAL_NOTE else _type(source_note, title)
    )
    date, date_max = _date(div, editorial=doc_type == "Editorial Note")
    senders: list[Party] = []
    recipients: list[Party] = []
    if head is not None:
        for el in head.iter(f"{{{TEI}}}persName", f"{{{TEI}}}gloss"):
            role = el.get("type")
            if role not in {"from", "to"}:
                continue
            corresp = (el.get("corresp") or "").lstrip("#") or None
            kind: Literal["person", "gloss"] = "person" if _local(el.tag) == "persName" else "gloss"
            party = Party(_tidy(_plain(el)), corresp, kind)
            (senders if role == "from" else recipients).append(party)
    place_el = div.find("t:opener/t:dateline//t:placeName", ns)
    if place_el is None:
        place_el = div.find(".//t:dateline//t:placeName", ns)
    place = _tidy(_plain(place_el)) or None if place_el is not None else None
    text, notes, page_refs = _reading_text(div)
    pages = [page] if page and (not page_refs or page_refs[0].offset > 0) else []
    pages += [ref.n for ref in page_refs]
    return FrusDocument(
        id=f"{volume.id}-{doc_id}",
        volume=volume.id,
        doc_id=doc_id,
        number=div.get("n"),
        title=title,
        type=doc_type,
        date=date,
        date_max=date_max,
        senders=tuple(senders),
        recipients=tuple(recipients),
        place=place,
        source_note=source_note,
        pages=tuple(pages),
        url=URL.format(volume=volume.id, doc=doc_id),
        text=text,
        notes=tuple(notes),
        page_refs=tuple(page_refs),
    )


def _type(source_note: str | None, title: str) -> str | None:
    if source_note and ":" in source_note:
        kind = source_note.rsplit(":", 1)[1].strip().rstrip(".")
        if kind and TYPES.match(kind):
            return kind
    found = TYPES.match(title)
    return found.group(1) if found else None


def _date(div: etree._Element, *, editorial: bool) -> tuple[str | None, str | None]:
    """The document's date as the source gives it: (value, end of period or None)."""
    dates = div.findall(f".//{{{TEI}}}dateline//{{{TEI}}}date")
    whens = [d.get("when") for d in dates if d.get("when")]
    if whens:
        return whens[0], (whens[-1] if whens[-1] != whens[0] else None)
    for d in dates:
        start = d.get("from") or d.get("notBefore")
        end = d.get("to") or d.get("notAfter")
        if start:
            return start, end
    low, high = div.get(f"{{{FRUS}}}doc-dateTime-min"), div.get(f"{{{FRUS}}}doc-dateTime-max")
    if editorial:
        return note_period(low, high)
    return frus_period(low, high)


def note_period(low: str | None, high: str | None) -> tuple[str | None, str | None]:
    """An editorial note's ``frus:doc-dateTime-min/max`` as days: (first day, last day or None).

    Both days are kept as given, even when they span a whole month or year (or, as
    in frus1952-54v12p2 d68, the whole volume): no day is chosen within the period.
    """
    if not low:
        return None, None
    end = high[:10] if high else None
    return low[:10], (end if end != low[:10] else None)


def frus_period(low: str | None, high: str | None) -> tuple[str | None, str | None]:
    """Read ``frus:doc-dateTime-min/max``: a whole day becomes that day, else a range."""
    if not low:
        return None, None
    if high and low[:10] == high[:10] and low[10:19] == "T00:00:00" and high[10:19] == "T23:59:59":
        return low[:10], None
    if high == low:
        return low, None
    return low, high


def _reading_text(div: etree._Element) -> tuple[str, list[Note], list[PageRef]]:
    """Paragraphs, lists, salutation and signature in reading order; notes and pages apart."""
    parts: list[str] = []
    notes: list[tuple[str, str]] = []

    def walk(el: etree._Element) -> None:
        name = _local(el.tag)
        if name == "note":
            if el.get("type") != "source":
                notes.append((el.get("n") or str(len(notes) + 1), _tidy(_plain(el))))
                parts.append(f"{_NOTE}{len(notes) - 1}\x01")
        elif name == "pb":
            parts.append(f"{_PAGE}{el.get('n', '')}\x01")
        elif name == "lb":
            parts.append(_LINE)
        elif name == "head":
            for note in el.iter(f"{{{TEI}}}note"):
                walk(note)  # a footnote to the title is one of the document's notes
            return
        elif name in SKIPPED:
            pass
        else:
            block = name in BLOCKS
            after_label = _local(getattr(el.getprevious(), "tag", None)) == "label"
            parts.append(_BLOCK if (block or name == "label") and not after_label else "")
            parts.append(el.text or "")
            for child in el:
                walk(child)
            parts.append(_BLOCK if block else (" " if name in {"label", "cell"} else ""))
        parts.append(el.tail or "")

    for child in div:
        walk(child)
    blocks: list[str] = []
    carried = ""  # markers (a page break between blocks) waiting for the next block
    for block in "".join(parts).split(_BLOCK):
        lines = [_tidy(line) for line in block.split(_LINE)]
        joined = "\n".join(line for line in lines if line)
        if _MARK.sub("", joined).strip():
            blocks.append(carried + joined)
            carried = ""
        else:
            carried += "".join(m.group(0) for m in _MARK.finditer(joined))
    if carried:
        blocks.append(carried)
    marked = "\n\n".join(blocks)
    text: list[str] = []
    out_notes: list[Note] = []
    refs: list[PageRef] = []
    length = 0
    last = 0
    for match in _MARK.finditer(marked):
        piece = marked[last : match.start()]
        if length == 0 or (text and text[-1].endswith(("\n", " "))):
            piece = piece.lstrip(" ")  # a marker between two spaces, or at a block's start
        text.append(piece)
        length += len(piece)
        last = match.end()
        if match.group(1) == "N":
            n, body = notes[int(match.group(2))]
            out_notes.append(Note(n, body, length))
        else:
            refs.append(PageRef(match.group(2), length))
    tail = marked[last:]
    text.append(tail.lstrip(" ") if length == 0 or "".join(text).endswith(("\n", " ")) else tail)
    return "".join(text), out_notes, refs
