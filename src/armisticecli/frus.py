"""Read a FRUS volume (TEI XML from HistoryAtState/frus) as a stream of documents.

The file is untrusted: it is parsed with external entities, DTD loading and
network access off, and any document type declaration is refused outright
(defusedxml's checklist: external entities, entity expansion, DTD retrieval).
Memory is bounded by one document: each ``div[@type="document"]`` is turned
into a :class:`FrusDocument` and then cleared from the tree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

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
# The elements whose events the reader handles: the rest are read from the tree.
WATCHED = ("{*}teiHeader", "{*}div", "{*}pb", "{*}body", "{*}back")
# Set apart from the reading text (a dateline feeds other fields).
_APART_NAMES = frozenset({"head", "note"} | SKIPPED)
_APART = tuple(f"{{*}}{name}" for name in sorted(_APART_NAMES))
# Elements that begin or end a block, or a word (a label or a table cell).
_MARKED = tuple(f"{{*}}{name}" for name in sorted(BLOCKS | {"label", "cell"}))
# A space after an opening bracket or before a closing one or a stop, and what replaces it
_BRACKET_SPACES = (*((f" {c}", c) for c in ",.;:)]"), ("( ", "("), ("[ ", "["))
# What str.split takes for a space besides XML's four (the other controls are not XML)
_UNICODE_SPACES = (
    "\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + ("\u2028\u2029\u202f\u205f\u3000")
)
_NUMBER = re.compile(r"^No\. \S+ ")
# Markers in the text while it is built: Unicode noncharacters, which lxml accepts in
# the tree (control characters it refuses) and which no source text has reason to hold.
_NOTE, _PAGE, _BLOCK, _LINE, _END = "\ufdd0N", "\ufdd0P", "\ufdd2", "\ufdd3", "\ufdd1"
_MARKER = "\ufdd0"
_OWN_MARKS = ("\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3")
"""The characters the reader marks a text with: a document holding one is refused."""
# A line's or a block's ends are stripped
_MARKER_SPACES = tuple((space, m) for m in (_BLOCK, _LINE) for space in (f" {m}", f"{m} "))
_MARK = re.compile("\ufdd0([NP])([^\ufdd1]*)\ufdd1")


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
class CrossRef:
    """A ``ref`` of the document: its target as written ("frus1950v06#pg_603", "#d12",
    "frus1951v06p1") and its words ("p. 603")."""

    target: str
    text: str


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
    refs: tuple[CrossRef, ...] = ()
    """The document's cross-references (``ref/@target``), in its notes too, in order."""

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
    """Collapse whitespace, and the spaces markup leaves inside brackets and before stops."""
    return _brackets(" ".join(text.split()))


def _brackets(text: str) -> str:
    """Drop the single spaces after an opening bracket and before a closing one or a stop."""
    for space, kept in _BRACKET_SPACES:
        if space in text:  # a search is much cheaper than a replacement
            text = text.replace(space, kept)
    return text


def _collapsed(el: etree._Element) -> str:
    """The subtree's text (``string()``) with its whitespace collapsed as ``str.split`` does.

    libxml2's ``normalize-space()`` does it in one call for XML's own four spaces;
    text holding another Unicode space (a no-break space) is collapsed again here.
    """
    found = _xpath("normalize-space()")(el)
    text = found if isinstance(found, str) else ""
    if not text.isascii() and any(space in text for space in _UNICODE_SPACES):
        text = " ".join(text.split())
    return text


def _text(el: etree._Element) -> str:
    """The element's text, tidied, with notes left out: ``_tidy(_plain(el))``, in one
    ``itertext()`` when no note or line break is inside.

    (A small subtree: an XPath call costs more to set up than it saves.)
    """
    if len(el) and next(el.iterdescendants("{*}note", "{*}lb"), None) is None:
        return _tidy("".join(cast("Iterator[str]", el.itertext())))
    return _tidy(_plain(el))


def _plain(el: etree._Element, *, skip_notes: bool = True) -> str:
    """The element's text with notes (footnote markers and their text) left out."""
    if not len(el):
        return el.text or ""
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
    path = Path(path)
    try:
        # A first look gives the root (its tag, its DTD); the stream that reads the volume
        # reports only the elements it needs, which is most of the reader's speed.
        probe = _guarded(path, _iterparse(path, ("start",), None))
        _, root = next(probe)
        if root.tag != f"{{{TEI}}}TEI":
            line = root.sourceline if isinstance(root.sourceline, int) else None
            raise _error(path, f"not a TEI file: root element is <{_local(root.tag)}>", line)
        if root.getroottree().docinfo.internalDTD is not None:
            raise _error(path, "declares a DTD (<!DOCTYPE [...]>): entities are refused as unsafe")
        volume_id = root.get(XML_ID) or path.stem
        probe.close()
        stream = _guarded(path, _iterparse(path, ("start", "end"), WATCHED))
    except StopIteration:
        raise _error(path, "empty file") from None
    except OSError as exc:
        raise _error(path, f"cannot be read: {exc.strerror or exc}") from None
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
        return _text(found) or None if found is not None else None

    def title(kind: str) -> str | None:
        return first(f"t:fileDesc/t:titleStmt/t:title[@type='{kind}']")

    editors: dict[str, list[str]] = {"primary": [], "general": []}
    for editor in header.iterfind("t:fileDesc/t:titleStmt/t:editor", {"t": TEI}):
        name = _text(editor)
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


def _iterparse(
    path: Path, events: tuple[str, ...], tags: tuple[str, ...] | None
) -> Iterator[tuple[str, etree._Element]]:
    """lxml's hardened event parser over ``path``: no entities, DTD or network."""
    from lxml import etree

    return iter(
        etree.iterparse(
            str(path),
            events=events,
            tag=tags,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
    )


def _guarded(
    path: Path, events: Iterator[tuple[str, etree._Element]]
) -> Generator[tuple[str, etree._Element], None, None]:
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
        name = _text(pers)
        rest = ""
        if item is not None:
            rest = _text(item)
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
    title = _NUMBER.sub("", _text(head)) if head is not None else ""
    source = div.find("t:note[@type='source']", ns)
    source_note = _text(source) or None if source is not None else None
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
            party = Party(_text(el), corresp, kind)
            (senders if role == "from" else recipients).append(party)
    place_el = div.find("t:opener/t:dateline//t:placeName", ns)
    if place_el is None:
        place_el = div.find(".//t:dateline//t:placeName", ns)
    place = _text(place_el) or None if place_el is not None else None
    refs = tuple(
        CrossRef(target, _text(ref))
        for ref in div.iter(f"{{{TEI}}}ref")
        if (target := (ref.get("target") or "").strip())
    )
    from lxml import etree

    own = etree.tostring(div, method="text", encoding="unicode")
    if any(mark in own for mark in _OWN_MARKS):
        raise _error(
            volume.path,
            f"document {doc_id} holds a Unicode noncharacter (U+FDD0 to U+FDD3) that "
            "the reader uses as a marker, so its text cannot be read",
            line if isinstance(line := div.sourceline, int) else None,
        )
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
        refs=refs,
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


@functools.cache
def _xpath(expression: str) -> etree.XPath:
    """A compiled XPath (``string()``: all the text of a subtree, in one call)."""
    from lxml import etree

    return etree.XPath(expression, smart_strings=False)


def _inside_apart(el: etree._Element, div: etree._Element) -> bool:
    """Whether ``el`` lies inside a heading, footnote or dateline of ``div``."""
    parent = el.getparent()
    while parent is not None and parent is not div:
        if _local(parent.tag) in _APART_NAMES:
            return True
        parent = parent.getparent()
    return False


def _reading_text(div: etree._Element) -> tuple[str, list[Note], list[PageRef]]:
    """Paragraphs, lists, salutation and signature in reading order; notes and pages apart.

    The document's subtree is marked in place (it is cleared once read): a footnote
    becomes its marker, a page break its page's, a line break ``_LINE``, a block is
    wrapped in ``_BLOCK``; a heading keeps only its footnotes' markers, a dateline
    nothing.  Then libxml2 gives the whole text in one ``normalize-space()``.
    """
    notes: list[tuple[str, str]] = []

    def marker(note: etree._Element) -> str:
        if note.get("type") == "source":
            return ""
        notes.append((note.get("n") or str(len(notes) + 1), _text(note)))
        return f"{_NOTE}{len(notes) - 1}{_END}"

    # Headings, footnotes and datelines that the reading meets (not those inside another)
    found = [el for el in div.iter(*_APART) if not _inside_apart(el, div)]
    for el in found:
        name = _local(el.tag)
        if name == "head":  # a footnote to the title is one of the document's notes
            kept = "".join(marker(note) + (note.tail or "") for note in el.iter("{*}note"))
            el.clear()  # and the heading's own tail with it
            el.text = kept
        else:
            kept = marker(el) if name == "note" else ""
            el.clear(keep_tail=True)  # type: ignore[call-arg]  # lxml >= 4.4; its stubs lag
            el.text = kept
    for el in list(div.iter("{*}pb", "{*}lb")):
        kept = f"{_PAGE}{el.get('n', '')}{_END}" if _local(el.tag) == "pb" else _LINE
        el.clear(keep_tail=True)  # type: ignore[call-arg]  # lxml >= 4.4; its stubs lag
        el.text = kept
    after_label = {label.getnext() for label in div.iter("{*}label")}
    for el in list(div.iter(*_MARKED)):
        name = _local(el.tag)
        if name in SKIPPED:
            continue
        is_block = name in BLOCKS
        if (is_block or name == "label") and el not in after_label:
            el.text = _BLOCK + (el.text or "")
        el.tail = (_BLOCK if is_block else " ") + (el.tail or "")
    div.text = None
    # One string for the whole document, tidied at once: the markers are not spaces, so
    # this is the tidying of each line, bar the single spaces left at their ends.
    whole = _brackets(_collapsed(div))
    for space, kept in _MARKER_SPACES:
        whole = whole.replace(space, kept)
    blocks: list[str] = []
    carried = ""  # markers (a page break between blocks) waiting for the next block
    for block in whole.split(_BLOCK):
        joined = block
        if _LINE in block:
            joined = "\n".join(line for line in block.split(_LINE) if line)
        if joined and (_MARKER not in joined or _MARK.sub("", joined).strip()):
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
