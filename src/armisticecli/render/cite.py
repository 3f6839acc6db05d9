"""Citations: Chicago (the Digital Archive's own layout), CSL-JSON, BibTeX and RIS.

Every style is built from what the catalogue holds and omits what it lacks:
a document without a verified archival reference is cited without one,
never with a guess.  The repository ("History and Public Policy Program
Digital Archive") comes from the catalogue's ``repository`` field.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from armisticecli.catalogue import Directory
from armisticecli.dates import parse_iso
from armisticecli.model import Document, Party
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


def incomplete(doc: Document) -> list[str]:
    """The parts a citation of ``doc`` lacks because no source showed them."""
    return unverified(doc)


def _genre(doc: Document) -> str:
    return doc.type[:1].upper() + doc.type[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


# -- Chicago -------------------------------------------------------------


def chicago(catalogue: Directory, doc: Document) -> str:
    """ "Title," Month D, YYYY, Repository, Reference. Credit. URL."""
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


def csl_item(catalogue: Directory, doc: Document) -> dict[str, Any]:
    """One CSL-JSON item (type "manuscript"); extra data goes in ``note``."""
    item: dict[str, Any] = {
        "id": doc.id,
        "type": "manuscript",
        "title": doc.title,
        "issued": {"date-parts": [parse_iso(doc.date).parts()]},
        "genre": _genre(doc),
    }
    authors = _names(catalogue, doc.from_)
    if authors:
        item["author"] = [{"literal": name} for name in authors]
    recipients = _names(catalogue, doc.to)
    if recipients:
        item["recipient"] = [{"literal": name} for name in recipients]
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
    :func:`render` chose to keep keys unique, else :func:`bibtex_key`."""
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


def _url(url: str) -> str:
    # URLs are verbatim in BibLaTeX; only braces and percent signs would break the entry.
    return clean(url).replace("{", "%7B").replace("}", "%7D").replace("%", r"\%")


# -- RIS -----------------------------------------------------------------


def ris_record(catalogue: Directory, doc: Document, id_: str | None = None) -> str:
    """One RIS record, TY MANSCPT, as Zotero's importer reads it; ``id_``: the ID that
    :func:`render` chose to keep IDs unique, else the document id."""
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
