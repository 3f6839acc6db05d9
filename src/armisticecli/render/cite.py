"""Citations: Chicago (the Digital Archive's own layout), CSL-JSON, BibTeX and RIS.

Every style is built from what the catalogue holds and omits what it lacks:
a document without a verified archival reference is cited without one,
never with a guess.  The repository ("History and Public Policy Program
Digital Archive") comes from the catalogue's ``repository`` field.

A document printed in a publication the catalogue knows (a FRUS volume, named by
``source.publication``) is cited as a part of that volume instead, in the form the
Office of the Historian recommends; see :func:`chicago_in_volume`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from armisticecli.catalogue import Directory
from armisticecli.dates import parse_iso
from armisticecli.model import Document, Party, Publication, Source
from armisticecli.render import CITE_STYLES, CiteStyle
from armisticecli.render.data import json_text, unverified
from armisticecli.text import clean

STYLES = CITE_STYLES


def _names(catalogue: Directory, parties: Sequence[Party]) -> list[str]:
    """Authors or recipients as the archive states them: the authority's display name
    where the document names the person, the document's own words where the link is
    our inference ("Chairman of the USSR Council of Ministers", never "Malenkov")."""
    names = []
    for party in parties:
        person = catalogue.person_by_id.get(party.person or "")
        stated = party.inferred or person is None
        name = (party.name or "") if stated or person is None else person.name
        if name and name not in names:
            names.append(name)
    return names


def inferences(catalogue: Directory, doc: Document) -> list[str]:
    """Our inferred identifications of a document's parties, for a citation's note."""
    lines = []
    for role, parties in (("Sender", doc.from_), ("Recipient", doc.to)):
        for party in parties:
            person = catalogue.person_by_id.get(party.person or "")
            if party.inferred and person is not None:
                shown = f'"{party.name}" ' if party.name else ""
                why = f" ({party.basis})" if party.basis else ""
                lines.append(f"{role} {shown}identified as {person.name} by inference{why}.")
    return lines


def incomplete(doc: Document, catalogue: Directory | None = None) -> list[str]:
    """The parts a citation of ``doc`` lacks because no source showed them.

    A document printed in a volume is cited from the volume, where a record id or a
    translator has no place: it lacks only its place in the volume.  Without
    ``catalogue`` a named publication is taken to be known.
    """
    source = doc.source
    if source is None or source.publication is None:
        return unverified(doc)
    if catalogue is not None and _volume(catalogue, doc) is None:
        return unverified(doc)  # cited in the archive's form
    return _unlocated(source)


# -- A document printed in a publication (a FRUS volume) --------------------


def _volume(catalogue: Directory, doc: Document) -> Publication | None:
    """The publication that prints ``doc``, when the catalogue knows it.

    An index older than its catalogue may name a volume it does not hold (validate
    refuses that in a catalogue): the document is then cited in the archive's form.
    """
    source = doc.source
    if source is None or source.publication is None:
        return None
    return catalogue.publication_by_id.get(source.publication)


def _unlocated(source: Source) -> list[str]:
    missing = []
    if not source.pages:
        missing.append("pages")
    if not source.number:
        missing.append("document number")
    return missing


_SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV", "2d", "3d"})
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le"})


def split_name(name: str) -> tuple[str, str, str | None] | None:
    """A personal name as a title page prints it, as (given, family, suffix):
    "John P. Glennon" is ("John P.", "Glennon", None), "William F. Sanford, Jr." is
    ("William F.", "Sanford", "Jr.").  None when the name has no such parts (one word,
    or an unknown part after a comma): the caller keeps it whole."""
    name = " ".join(name.split())
    suffix = None
    if ", " in name:
        name, suffix = name.rsplit(", ", 1)
        if suffix not in _SUFFIXES or ", " in name:
            return None
    words = name.split(" ")
    if len(words) < 2:
        return None
    split = len(words) - 1
    while split > 1 and words[split - 1] in _PARTICLES:  # "Charles de Gaulle"
        split -= 1
    return " ".join(words[:split]), " ".join(words[split:]), suffix


def _first_year(years: str | None) -> int | None:
    """The year a date field begins with: 1983 for "1983", 1952 for "1952–1954"."""
    match = re.match(r"\d{4}", years or "")
    return int(match.group()) if match else None


def _locator(source: Source) -> str | None:
    """Where the document is in the volume: "Document 13, 1474–1476".

    The Office of the Historian prefers the document number, the same in print, web
    and ebook, and cites pages where the printed volume has no numbers (before the
    1955–1957 subseries, yet some 1952–1954 volumes print "No. 1"); the web edition
    numbers every document.  So both are given when both are known.
    """
    parts = [f"Document {source.number}" if source.number else None, source.pages]
    return ", ".join(clean(part) for part in parts if part) or None


def _cited_publisher(publisher: str) -> str:
    # The Office of the Historian's form writes the title page's "United States
    # Government Printing Office" as "Government Printing Office".
    for prefix in ("United States ", "U.S. "):
        if publisher.startswith(prefix):
            return publisher[len(prefix) :]
    return publisher


def _editors_phrase(editors: Sequence[str]) -> str:
    """ "ed. A", "eds. A and B", "eds. A, B, and C" (the serial comma, as the Office
    of the Historian writes eight editors)."""
    names = [clean(name) for name in editors]
    if not names:
        return ""
    if len(names) == 1:
        return f"ed. {names[0]}"
    if len(names) == 2:
        return f"eds. {names[0]} and {names[1]}"
    return "eds. " + ", ".join(names[:-1]) + ", and " + names[-1]


def _imprint(volume: Publication) -> str:
    """ "(Washington: Government Printing Office, 1983)", with what the title page gives."""
    publisher = _cited_publisher(clean(volume.publisher)) if volume.publisher else None
    place = clean(volume.place) if volume.place else None
    where = ": ".join(part for part in (place, publisher) if part)
    inside = ", ".join(part for part in (where, clean(volume.published or "")) if part)
    return f"({inside})" if inside else ""


def chicago_in_volume(volume: Publication, doc: Document) -> str:
    """A document printed in a FRUS volume, in the Office of the Historian's form.

    "Citing the Foreign Relations series" (https://history.state.gov/historicaldocuments/
    citing-frus) recommends, for a volume that numbers its documents::

        Foreign Relations of the United States, 1969–1976, Volume XIX, Part 1, Korea,
        1969–1972, eds. Daniel J. Lawler and Erin R. Mahan (Washington: Government
        Printing Office, 2010), Document 75.

    and pages for the volumes before the 1955–1957 subseries, which print no numbers
    ("..., 1952–1954, General: Economic and Political Matters, Volume I, Part 1, eds.
    ... (Washington: Government Printing Office, 1983), 798–800."), with the canonic
    URL appended.  Both locators are given when both are known (:func:`_locator`).
    The volume is named by its complete title, which is the series,
    subseries, volume title and number in that order; editors exclude the General
    Editor.  The document's heading and date come first, as the Chicago Manual
    (14.111) cites a letter in a published collection: '"Heading," Date, in ...'.
    """
    parts = [parse_iso(doc.date).long(), "in " + clean(volume.title)]
    editors = _editors_phrase(volume.editors)
    if editors:
        parts.append(editors)
    text = f'"{clean(doc.title)}," ' + ", ".join(parts)
    imprint = _imprint(volume)
    if imprint:
        text += " " + imprint
    source = doc.source
    assert source is not None  # a volume is found only through the source
    locator = _locator(source)
    if locator:
        text += ", " + locator
    if source.url:
        text += ", " + clean(source.url)
    return _sentence(text)


def _numbered(source: Source) -> list[str]:
    """ "Document 13." for a note, where a format has no field a style prints for it."""
    return [f"Document {source.number}."] if source.number else []


def _volume_notes(catalogue: Directory, doc: Document) -> list[str]:
    """What a note says of a printed document besides the volume: its date (the
    volume's date is its publication), the printed source note, our inferences, the
    parts no source showed."""
    source = doc.source
    lines = [f"Dated {parse_iso(doc.date).long()}."]
    if source and source.reference:
        lines.append(_sentence(f"Source note: {source.reference}"))
    lines += inferences(catalogue, doc)
    if source:
        missing = _unlocated(source)
        if missing:
            lines.append(f"Not verified: {', '.join(missing)}.")
    return lines


def _genre(doc: Document) -> str:
    return doc.type[:1].upper() + doc.type[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


# -- Chicago -------------------------------------------------------------


def chicago(catalogue: Directory, doc: Document) -> str:
    """ "Title," Month D, YYYY, Repository, Reference. Credit. URL.

    A document printed in a volume the catalogue knows: :func:`chicago_in_volume`.
    """
    volume = _volume(catalogue, doc)
    if volume is not None:
        return chicago_in_volume(volume, doc)
    head = f'"{clean(doc.title)},"'
    parts = [parse_iso(doc.date).long()]
    if catalogue.repository:
        parts.append(clean(catalogue.repository))
    source = doc.source
    location = (source.reference or source.archive) if source else None
    if location:
        parts.append(clean(location))
    text = head + " " + ", ".join(parts)
    text = _sentence(text)
    if source and source.credit:
        text += " " + _sentence(clean(source.credit))
    if source and source.url:
        text += " " + clean(source.url) + "."
    return text


# -- CSL-JSON ------------------------------------------------------------


def _csl_parties(catalogue: Directory, doc: Document) -> dict[str, Any]:
    """CSL ``author`` and ``recipient``: the senders' and recipients' names as literals."""
    parties: dict[str, Any] = {}
    for field, names in (
        ("author", _names(catalogue, doc.from_)),
        ("recipient", _names(catalogue, doc.to)),
    ):
        if names:
            parties[field] = [{"literal": name} for name in names]
    return parties


def csl_item(catalogue: Directory, doc: Document) -> dict[str, Any]:
    """One CSL-JSON item (type "manuscript"); extra data goes in ``note``.

    A document printed in a volume the catalogue knows: :func:`csl_item_in_volume`.
    """
    volume = _volume(catalogue, doc)
    if volume is not None:
        return csl_item_in_volume(catalogue, volume, doc)
    item: dict[str, Any] = {
        "id": doc.id,
        "type": "manuscript",
        "title": doc.title,
        "issued": {"date-parts": [parse_iso(doc.date).parts()]},
        "genre": _genre(doc),
    }
    item.update(_csl_parties(catalogue, doc))
    source = doc.source
    if source and source.translators:
        item["translator"] = [{"literal": name} for name in source.translators]
    if catalogue.repository:
        item["source"] = catalogue.repository
    if source and source.archive:
        item["archive"] = source.archive
    if source and source.reference:
        item["archive_location"] = source.reference
    if source and source.url:
        item["URL"] = source.url
    if doc.language:
        item["language"] = doc.language
    if doc.summary:
        item["abstract"] = doc.summary
    note = _note_lines(catalogue, doc)
    if note:
        item["note"] = "\n".join(note)
    return item


def _csl_name(name: str) -> dict[str, str]:
    parts = split_name(name)
    if parts is None:
        return {"literal": name}
    given, family, suffix = parts
    return {"family": family, "given": given} | ({"suffix": suffix} if suffix else {})


def csl_item_in_volume(catalogue: Directory, volume: Publication, doc: Document) -> dict[str, Any]:
    """A printed document as a CSL "chapter" of its volume (Zotero: a book section).

    ``issued`` is the volume's year of publication, as for any chapter: styles print it
    in the imprint ("Washington: ..., 1983"), and the document's own date there would
    say the volume appeared in 1951.  The document's date is ``original-date``, the
    date of the original version that CSL styles print beside the imprint and
    Zotero keeps.  ``container-title`` is the complete title, which names the volume
    as the Office of the Historian cites it; the series, subseries and number are in it.
    """
    source = doc.source
    assert source is not None  # a volume is found only through the source
    item: dict[str, Any] = {
        "id": doc.id,
        "type": "chapter",
        "title": doc.title,
        "container-title": volume.title,
    }
    item.update(_csl_parties(catalogue, doc))
    if volume.editors:
        item["editor"] = [_csl_name(name) for name in volume.editors]
    if volume.publisher:
        item["publisher"] = volume.publisher
    if volume.place:
        item["publisher-place"] = volume.place
    published = _first_year(volume.published)
    if published is not None:
        item["issued"] = {"date-parts": [[published]]}
    item["original-date"] = {"date-parts": [parse_iso(doc.date).parts()]}
    if source.number:
        item["chapter-number"] = source.number
    if source.pages:
        item["page"] = source.pages
    if source.url:
        item["URL"] = source.url
    if doc.language:
        item["language"] = doc.language
    if doc.summary:
        item["abstract"] = doc.summary
    notes = [*_numbered(source), *_volume_notes(catalogue, doc), f"korea id: {doc.id}"]
    item["note"] = "\n".join(notes)
    return item


def _note_lines(catalogue: Directory, doc: Document) -> list[str]:
    lines = []
    if doc.record_id:
        lines.append(f"Record ID: {doc.record_id}")
    if doc.source and doc.source.credit:
        lines.append(f"Credit: {doc.source.credit}")
    lines += inferences(catalogue, doc)
    missing = unverified(doc)
    if missing:
        lines.append(f"Not verified: {', '.join(missing)}.")
    lines.append(f"korea id: {doc.id}")
    return lines


# -- BibTeX / BibLaTeX ----------------------------------------------------

# BibTeX counts every brace, escaped or not: `\{` would still open a group, so a title
# with an unmatched brace could close its field and start an entry of its own.  The
# braces of a value are therefore always our own, in balanced pairs.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_LATEX_SYMBOLS = {
    "’": "'",
    "‘": "`",
    "“": "``",
    "”": "''",
    "—": "---",
    "–": "--",
    "º": r"\textordmasculine{}",
    "ª": r"\textordfeminine{}",
    "№": r"No.",
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "\u00a0": "~",
}
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0327": "c",
    "\u0328": "k",
}


def latex(text: str) -> str:
    """Text safe in a BibTeX field: specials escaped, accented Latin letters as macros.

    Every brace in the result is one of a balanced pair that we wrote, so no text can
    close the field it is in (and so plant an entry of its own).

    Other scripts (Hangul, Hanzi, Cyrillic) stay UTF-8 for biber and XeLaTeX.
    """
    out: list[str] = []
    for char in clean(text):
        if char in _LATEX_SPECIALS:
            out.append(_LATEX_SPECIALS[char])
        elif char.isascii():
            out.append(char)
        elif char in _LATEX_SYMBOLS:
            out.append(_LATEX_SYMBOLS[char])
        else:
            out.append(_latex_accent(char))
    return "".join(out)


def _latex_accent(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if not base.isascii() or not marks or any(m not in _ACCENTS for m in marks):
        return char
    result = r"\i" if base == "i" else base  # accents sit on a dotless i
    for mark in marks:
        result = f"\\{_ACCENTS[mark]}{{{result}}}"
    return "{" + result + "}"


_NOT_KEY = re.compile(r"[^A-Za-z0-9_:.\-]+")
"""What a BibTeX key may not hold (bibtex 0.99d reads 8-bit bytes; biber, UTF-8)."""


def bibtex_key(doc: Document) -> str:
    """A key made from the document id alone, so it is the same in every output and run.

    An id BibTeX takes as it is is its own key.  Any other is romanised (Hangul,
    Cyrillic; accents dropped), its other characters become ``-``, and a short hash
    of the id follows: ``서울-1950`` is ``seoul-1950-…``, and ``doc/1`` and ``doc+1``
    differ.  :func:`distinct` settles what is left (ids that differ only in case).
    """
    if doc.id and _NOT_KEY.search(doc.id) is None:
        return doc.id
    readable = _NOT_KEY.sub("-", _romanise(doc.id)).strip("-")[:40].strip("-") or "doc"
    digest = hashlib.blake2b(doc.id.encode("utf-8", "surrogatepass"), digest_size=3)
    return f"{readable}-{digest.hexdigest()}"


def distinct(keys: Iterable[str]) -> list[str]:
    """``keys`` unique ignoring case, as BibTeX compares them: a repeat gets ``-2``, ``-3``...

    The first of equal keys keeps it.  Linear, however many keys are equal.
    """
    taken: set[str] = set()
    last: dict[str, int] = {}  # the last suffix tried for a key, so repeats do not rescan
    result = []
    for key in keys:
        folded = key.casefold()
        candidate, n = key, last.get(folded, 1)
        if n > 1:
            candidate = f"{key}-{n}"
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{key}-{n}"
        last[folded] = n
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def _romanise(text: str) -> str:
    """ASCII letters for a key: Hangul in the Revised Romanization (syllable by syllable),
    Russian Cyrillic as the Library of Congress writes it without marks, Latin letters
    without their accents; anything else is left for the caller to replace."""
    out = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:  # a precomposed Hangul syllable
            out.append(
                _HANGUL_INITIALS[code // 588]
                + _HANGUL_VOWELS[code % 588 // 28]
                + _HANGUL_FINALS[code % 28]
            )
        elif char.lower() in _CYRILLIC:
            out.append(_CYRILLIC[char.lower()])
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


# Revised Romanization, letter by letter: initial, vowel and final of each syllable.
_HANGUL_INITIALS = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t",
    "p", "h",
)  # fmt: skip
_HANGUL_VOWELS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
    "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
_HANGUL_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
    "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}  # fmt: skip


def bibtex_entry(catalogue: Directory, doc: Document, key: str | None = None) -> str:
    """One ``@misc`` entry that BibTeX and BibLaTeX (biber) both read; ``key``: the one
    :func:`render` chose to keep keys unique, else :func:`bibtex_key`.

    A document printed in a volume the catalogue knows: :func:`bibtex_entry_in_volume`.
    """
    volume = _volume(catalogue, doc)
    if volume is not None:
        return bibtex_entry_in_volume(catalogue, volume, doc, key)
    when = parse_iso(doc.date)
    fields: list[tuple[str, str]] = []
    authors = _names(catalogue, doc.from_)
    if authors:
        # Each name braced whole: "Mao Zedong" is family-name first, not "Zedong, Mao".
        fields.append(("author", " and ".join("{" + latex(a) + "}" for a in authors)))
    fields.append(("title", "{" + latex(doc.title) + "}"))
    fields.append(("date", when.iso()))
    fields.append(("year", str(when.year)))
    if when.month is not None:
        fields.append(("month", str(when.month)))
    fields.append(("type", latex(_genre(doc))))
    recipients = _names(catalogue, doc.to)
    if recipients:
        fields.append(("recipient", " and ".join("{" + latex(r) + "}" for r in recipients)))
    source = doc.source
    if source and source.translators:
        fields.append(
            ("translator", " and ".join("{" + latex(t) + "}" for t in source.translators))
        )
    if catalogue.repository:
        fields.append(("howpublished", latex(catalogue.repository)))
    if source and source.archive:
        fields.append(("institution", latex(source.archive)))
    if source and source.reference:
        fields.append(("library", latex(source.reference)))
    if source and source.credit:
        fields.append(("addendum", latex(source.credit)))
    if source and source.url:
        fields.append(("url", _url(source.url)))
    notes = [f"Record ID {doc.record_id}."] if doc.record_id else []
    notes += inferences(catalogue, doc)
    missing = unverified(doc)
    if missing:
        notes.append(f"Not verified: {', '.join(missing)}.")
    if notes:
        fields.append(("note", latex(" ".join(notes))))
    if doc.summary:
        fields.append(("abstract", latex(doc.summary)))
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or bibtex_key(doc)},\n{body}\n}}\n"


def _bibtex_name(name: str) -> str:
    # "Family, Given" and "Family, Jr., Given" are the forms BibTeX cannot misread
    # ("William F. Sanford, Jr." would make "Jr." his first name); a name without
    # such parts is braced whole.
    parts = split_name(name)
    if parts is None:
        return "{" + latex(name) + "}"
    given, family, suffix = parts
    return ", ".join(latex(part) for part in (family, suffix, given) if part)


def bibtex_entry_in_volume(
    catalogue: Directory, volume: Publication, doc: Document, key: str | None = None
) -> str:
    """A printed document as an ``@incollection`` of its volume (BibTeX and biber).

    ``year`` is the volume's year of publication and ``booktitle`` its complete title,
    as the Office of the Historian cites it; ``chapter`` with ``type = {Document}`` is
    what BibTeX's styles print as "Document 13".  The document's own date is
    ``origdate`` (BibLaTeX) and is in the note.
    """
    source = doc.source
    assert source is not None  # a volume is found only through the source
    fields: list[tuple[str, str]] = []
    authors = _names(catalogue, doc.from_)
    if authors:
        fields.append(("author", " and ".join("{" + latex(a) + "}" for a in authors)))
    fields.append(("title", "{" + latex(doc.title) + "}"))
    fields.append(("booktitle", "{" + latex(volume.title) + "}"))
    if volume.editors:
        fields.append(("editor", " and ".join(_bibtex_name(e) for e in volume.editors)))
    if volume.publisher:
        fields.append(("publisher", latex(volume.publisher)))
    if volume.place:
        fields.append(("address", latex(volume.place)))
    published = _first_year(volume.published)
    if published is not None:
        fields.append(("year", str(published)))
    fields.append(("origdate", parse_iso(doc.date).iso()))
    if source.number:
        fields.append(("type", "Document"))
        fields.append(("chapter", latex(source.number)))
    if source.pages:
        fields.append(("pages", latex(source.pages)))
    recipients = _names(catalogue, doc.to)
    if recipients:
        fields.append(("recipient", " and ".join("{" + latex(r) + "}" for r in recipients)))
    if source.url:
        fields.append(("url", _url(source.url)))
    fields.append(("note", latex(" ".join(_volume_notes(catalogue, doc)))))
    if doc.summary:
        fields.append(("abstract", latex(doc.summary)))
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"@incollection{{{key or bibtex_key(doc)},\n{body}\n}}\n"


def _url(url: str) -> str:
    # URLs are verbatim in BibLaTeX; only braces and percent signs would break the entry.
    return clean(url).replace("{", "%7B").replace("}", "%7D").replace("%", r"\%")


# -- RIS -----------------------------------------------------------------


def ris_record(catalogue: Directory, doc: Document, id_: str | None = None) -> str:
    """One RIS record, TY MANSCPT, as Zotero's importer reads it; ``id_``: the ID that
    :func:`render` chose to keep IDs unique, else the document id.

    A document printed in a volume the catalogue knows: :func:`ris_record_in_volume`.
    """
    volume = _volume(catalogue, doc)
    if volume is not None:
        return ris_record_in_volume(catalogue, volume, doc, id_)
    when = parse_iso(doc.date)
    lines = [("TY", "MANSCPT"), ("ID", id_ if id_ is not None else doc.id), ("TI", doc.title)]
    for author in _names(catalogue, doc.from_):
        lines.append(("AU", author))
    source = doc.source
    for translator in source.translators if source else ():
        lines.append(("A4", translator))
    month = f"{when.month:02d}" if when.month else ""
    day = f"{when.day:02d}" if when.day else ""
    lines.append(("DA", f"{when.year:04d}/{month}/{day}/"))
    lines.append(("PY", str(when.year)))
    lines.append(("M3", _genre(doc)))
    if source and source.archive:
        lines.append(("DB", source.archive))
    if catalogue.repository:
        lines.append(("DP", catalogue.repository))
    if source and source.reference:
        lines.append(("AN", source.reference))
    if source and source.url:
        lines.append(("UR", source.url))
    if doc.summary:
        lines.append(("AB", doc.summary))
    for note in _note_lines(catalogue, doc):
        lines.append(("N1", note))
    body = "".join(f"{tag}  - {clean(value)}".rstrip() + "\n" for tag, value in lines)
    return body + "ER  - \n"


def _ris_name(name: str) -> str:
    # RIS writes "Family, Given, Suffix"; Zotero splits a name at its commas.
    parts = split_name(name)
    if parts is None:
        return name
    given, family, suffix = parts
    return ", ".join(part for part in (family, given, suffix) if part)


_RANGE = re.compile(r"\s*[-\u2010-\u2015]+\s*")
"""A page range's dash: hyphen, en dash ("1474–1476"), em dash."""


def ris_record_in_volume(
    catalogue: Directory, volume: Publication, doc: Document, id_: str | None = None
) -> str:
    """A printed document as a RIS ``CHAP`` record of its volume.

    No ``DA``: Zotero's RIS import makes ``DA`` the book section's date and keeps
    ``PY`` only when ``DA`` is missing, so the document's date there would make the
    volume appear in 1951.  ``PY`` is the year of publication; the document's date,
    number and source note are notes (``N1``).
    """
    source = doc.source
    assert source is not None  # a volume is found only through the source
    lines = [("TY", "CHAP"), ("ID", id_ if id_ is not None else doc.id), ("TI", doc.title)]
    for author in _names(catalogue, doc.from_):
        lines.append(("AU", author))
    lines.append(("T2", volume.title))
    for editor in volume.editors:
        lines.append(("A2", _ris_name(editor)))
    if volume.publisher:
        lines.append(("PB", volume.publisher))
    if volume.place:
        lines.append(("CY", volume.place))
    published = _first_year(volume.published)
    if published is not None:
        lines.append(("PY", str(published)))
    if source.pages:
        first, _, last = _RANGE.sub("-", source.pages.strip()).partition("-")
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    if source.url:
        lines.append(("UR", source.url))
    if doc.summary:
        lines.append(("AB", doc.summary))
    for note in [*_numbered(source), *_volume_notes(catalogue, doc), f"korea id: {doc.id}"]:
        lines.append(("N1", note))
    body = "".join(f"{tag}  - {clean(value)}".rstrip() + "\n" for tag, value in lines)
    return body + "ER  - \n"


def once(documents: Iterable[Document]) -> list[Document]:
    """The documents in order, each once (`korea cite 114956 cipher-3410 114956`)."""
    return list({doc.id: doc for doc in documents}.values())


def render(style: CiteStyle, catalogue: Directory, documents: Iterable[Document]) -> str:
    """All documents in one style, as the text of one file: each document once, each
    BibTeX key and RIS ID unique in it."""
    docs = once(documents)
    if style == "chicago":
        return "".join(chicago(catalogue, d) + "\n" for d in docs)
    if style == "bibtex":
        keys = distinct(bibtex_key(d) for d in docs)
        return "\n".join(bibtex_entry(catalogue, d, k) for d, k in zip(docs, keys, strict=True))
    if style == "ris":
        # an ID is written cleaned, and cleaning can make two ids one
        ids = distinct(clean(d.id) for d in docs)
        return "\n".join(ris_record(catalogue, d, i) for d, i in zip(docs, ids, strict=True))
    if style == "csl-json":
        return json_text([csl_item(catalogue, d) for d in docs])
    raise ValueError(f"unknown citation style {style!r}")
