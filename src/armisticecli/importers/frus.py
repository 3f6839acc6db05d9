"""Import FRUS volumes into a catalogue: their documents, the volume, the people they name.

:func:`import_frus` reads each volume (:func:`armisticecli.frus.read_volume`),
turns every dated document into a catalogue :class:`~armisticecli.model.Document`
holding only what the volume states, links its senders and recipients to the
catalogue's people through the name authority, and merges the lot into the
catalogue file in one atomic write (:func:`armisticecli.files.write_text`).

- A document's id is ``{volume}-{doc_id}`` ("frus1951v07p2-d13"): a re-import
  gives the same ids.  A document already in the catalogue is skipped, or
  replaced with ``update``.
- A document the volume gives no date is skipped and counted: a catalogue
  document has a date.
- A name that resolves to one known person is linked; the link is marked
  inferred, with its basis, when the document does not name the person (a
  title held on the date, a surname).  A ``persName`` linked (``@corresp``) to
  the volume's list of persons whom the catalogue does not know becomes a
  new person, in the list's words.
- The existing file's records are written back as they were (only the
  layout is the importer's): the new catalogue is checked as ``korea
  validate`` checks it before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from armisticecli.errors import CatalogueError
from armisticecli.importers.linking import Linker, display_name
from armisticecli.importers.merge import (
    Change,
    ImportReport,
    Merge,
    SourceReport,
    VolumeReport,
    finish,
)
from armisticecli.model import (
    DATE_PATTERN,
    ID_PATTERN,
    TIME_PATTERN,
    Document,
    Footnote,
    PageBreak,
    Publication,
    Relation,
    Source,
)

if TYPE_CHECKING:
    from armisticecli import frus

__all__ = [
    "Change",
    "ImportReport",
    "SourceReport",
    "VolumeReport",
    "display_name",
    "document_of",
    "import_frus",
    "publication_of",
]

Progress = Callable[[int, int | None], None]
"""Receives (bytes so far, total or None) as a volume is downloaded."""
ProgressFor = Callable[[str], Progress | None]
"""Makes the progress callback for downloading one volume (given its id), or None."""
VOLUME_URL = "https://history.state.gov/historicaldocuments/{volume}"
_DATE = re.compile(DATE_PATTERN)
_TIME = re.compile(TIME_PATTERN)
_ID = re.compile(ID_PATTERN)


def import_frus(
    sources: Sequence[str | Path],
    into: str | Path,
    *,
    update: bool = False,
    dry_run: bool = False,
    offline: bool = False,
    progress: ProgressFor | None = None,
) -> ImportReport:
    """Import FRUS volumes (files, or volume ids fetched into the cache) into ``into``.

    ``into`` is created when absent, with the bundled catalogue's people and
    events as its name authority.  ``update`` replaces documents (and
    volumes) already there; ``dry_run`` writes nothing.  Raises
    CatalogueError for an unreadable volume or an invalid catalogue, before
    anything is written.
    """
    from armisticecli.files import check_target

    check_target(into, field="into")
    merge = Merge.open(Path(into), update)
    report = ImportReport(merge.target, created=merge.created)
    for source in sources:
        path = _source_path(source, offline, progress)
        report.volumes.append(add_volume(merge, path, str(source)))
    return finish(merge, report, dry_run)


def _source_path(source: str | Path, offline: bool, progress: ProgressFor | None) -> Path:
    """A SOURCE's file: the path itself, or a volume id's file in the cache (downloaded)."""
    path = Path(source)
    text = str(source)
    if isinstance(source, Path) or path.exists():
        return path
    from armisticecli.download import fetch_volume, is_volume_id

    if not is_volume_id(text):
        return path  # read_volume says the file cannot be read
    return fetch_volume(text, offline=offline, progress=progress(text) if progress else None)


def add_volume(merge: Merge, path: Path, source: str) -> SourceReport:
    """Read one volume and merge its publication, documents and new people.

    The volume's documents are converted first, then their cross-references are
    resolved against the catalogue and the volume together (a reference may point
    to a document printed later), then they are merged.
    """
    from armisticecli.frus import read_volume

    volume = read_volume(path)
    report = SourceReport(volume.id, source, kind="a FRUS volume")
    merge.add_publication(publication_of(volume))
    linker = Linker(merge.known, volume, taken={p["id"] for p in merge.people})
    converted: list[tuple[Document, tuple[frus.CrossRef, ...]]] = []
    for doc in volume.documents():
        report.documents += 1
        if doc.date is None:
            continue  # counted by the reader: volume.undated
        record = document_of(doc, linker)
        if record is None:
            report.unreadable += 1
            continue
        converted.append((record, doc.refs))
    import msgspec

    places = _Pages(merge, [record for record, _ in converted])
    for record, refs in converted:
        relations = cross_references(volume.id, record.id, refs, places)
        if relations:
            record = msgspec.structs.replace(record, relations=relations)
        merge.add_document(record, report)
    report.undated = volume.undated
    for person in linker.added:
        merge.add_person(person)
    report.people_added = len(linker.added)
    return report


class _Pages:
    """Where documents are: the catalogue's and a volume's, by id and by printed page."""

    def __init__(self, merge: Merge, batch: Sequence[Document]) -> None:
        self.ids = set(merge.where) | {doc.id for doc in batch}
        self.on_page: dict[tuple[str, str], list[str]] = {}
        for doc in (*merge.existing.values(), *batch):
            source = doc.source
            if source is None or source.publication is None:
                continue
            pages = [page.n for page in doc.page_breaks]
            for page in pages or ([source.pages] if source.pages else []):
                self.on_page.setdefault((source.publication, page), []).append(doc.id)


FRUS_URL = "https://history.state.gov/historicaldocuments/{target}"
_DOC_FRAGMENT = re.compile(r"^d\d+$")


def cross_references(
    volume: str, own: str, refs: Sequence[frus.CrossRef], places: _Pages
) -> tuple[Relation, ...]:
    """A document's ``ref``s as ``refers-to`` relations: to a catalogue document where
    the target is one ("#d12"), or is a page on which one document of the catalogue is
    printed (an inference, said so); else to the target's page on history.state.gov."""
    relations: dict[str, Relation] = {}
    for ref in refs:
        target_volume, _, fragment = ref.target.partition("#")
        target_volume = target_volume or volume
        words = (
            f'cross-reference "{ref.text}" ({ref.target})'
            if ref.text
            else (f"cross-reference {ref.target}")
        )
        relation: Relation | None = None
        if _DOC_FRAGMENT.match(fragment):
            found = f"{target_volume}-{fragment}"
            if found in places.ids:
                relation = Relation(type="refers-to", document=found, source=words)
        elif fragment.startswith("pg_"):
            page = fragment[3:]
            printed = places.on_page.get((target_volume, page), [])
            if len(printed) == 1 and printed[0] != own:
                relation = Relation(
                    type="refers-to",
                    document=printed[0],
                    source=words,
                    inferred=True,
                    basis=f"the reference is to page {page} of {target_volume}, "
                    "where the catalogue has this document printed",
                )
        if relation is None:
            path = f"{target_volume}/{fragment}" if fragment else target_volume
            relation = Relation(
                type="refers-to",
                url=FRUS_URL.format(target=path),
                label=ref.text or ref.target,
                source=words,
            )
        key = relation.document or relation.url or ""
        if relation.document == own:
            continue
        earlier = relations.get(key)
        if earlier is None or (earlier.inferred and not relation.inferred):
            relations[key] = relation  # a reference by id outweighs one by page
    return tuple(relations.values())


# -- one volume's records -----------------------------------------------------------------


def publication_of(volume: frus.Volume) -> Publication:
    """The volume as a catalogue publication: only what its teiHeader states."""
    if not _ID.match(volume.id):
        raise CatalogueError(f"{volume.path}: {volume.id!r} cannot be a volume's id")
    return Publication(
        id=volume.id,
        title=volume.title,
        series=volume.series or None,
        year=volume.sub_series or None,
        volume=volume.volume_number or None,
        volume_title=volume.volume_title or None,
        editors=volume.editors,
        general_editors=tuple(volume.general_editors),
        publisher=volume.publisher,
        place=volume.pub_place,
        published=volume.pub_year,
        url=VOLUME_URL.format(volume=volume.id),
    )


def document_of(doc: frus.FrusDocument, linker: Linker) -> Document | None:
    """A FRUS document as a catalogue document, or None when its date or title cannot be
    one (a date that is not on the calendar, an empty head)."""
    day = doc.day
    if day is None or not _real_date(day) or not doc.title.strip() or not _ID.match(doc.id):
        return None
    date_end = None
    if doc.date_max is not None and doc.date_max[:10] != day:
        date_end = doc.date_max[:10]
        if not _real_date(date_end) or date_end < day:
            return None
    # A time is the document's own only when it is no period's start.
    when = doc.date if doc.date and len(doc.date) > 10 and doc.date_max is None else None
    if when is not None and not _TIME.match(when):
        when = None
    pages = doc.pages
    page_breaks = [PageBreak(ref.n, ref.offset) for ref in doc.page_refs]
    if pages and (not page_breaks or page_breaks[0].n != pages[0]):
        page_breaks.insert(0, PageBreak(pages[0], 0))
    return Document(
        id=doc.id,
        date=day,
        datetime=when,
        date_end=date_end,
        type=doc.type or "",
        title=doc.title,
        from_=tuple(linker.party(party, day) for party in doc.senders),
        to=tuple(linker.party(party, day) for party in doc.recipients),
        places=(doc.place,) if doc.place else (),
        source=Source(
            reference=doc.source_note,
            url=doc.url,
            publication=doc.volume,
            number=doc.number,
            pages=_page_range(pages),
        ),
        text=doc.text,
        footnotes=tuple(_footnotes(doc.notes)),
        page_breaks=tuple(page_breaks),
    )


def _footnotes(notes: Iterable[frus.Note]) -> Iterator[Footnote]:
    for note in notes:
        if not note.text.strip():
            continue  # an empty note says nothing (and a footnote has text)
        # A note on the heading is read before the text, so it stands at 0 (None: outside it).
        offset = note.offset or None
        yield Footnote(note.n, note.text, offset)


def _page_range(pages: Sequence[str]) -> str | None:
    if not pages:
        return None
    return pages[0] if len(pages) == 1 or pages[0] == pages[-1] else f"{pages[0]}–{pages[-1]}"


def _real_date(text: str) -> bool:
    from armisticecli.dates import parse_iso

    if not _DATE.match(text):
        return False
    try:
        parse_iso(text)
    except ValueError:
        return False
    return True
