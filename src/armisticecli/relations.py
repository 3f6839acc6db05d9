"""Documents inside documents, and what refers to what: walking a catalogue's relations.

A relation is stored once, on the document it starts from (``conveys``,
``replies-to``, ``refers-to``, ``via``); :func:`walk` follows them both ways,
reading the other end as its inverse ("conveyed in", "replied to by", ...).
Embedded documents (those that exist only inside their carrier) are nodes like
any other, with their own id and date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from armisticecli.catalogue import Directory
from armisticecli.model import INVERSE, Document, Embedded, Link

Way = Literal["out", "in"]


@dataclass(frozen=True)
class Related:
    """One relation met on a walk, as read from the document it was reached from."""

    depth: int
    """1 for the start's own relations, 2 for those of the documents they lead to, ..."""
    start: str
    """The document this relation was read from."""
    way: Way
    """"out": stated on ``start``; "in": stated on the other document, read backwards."""
    type: str
    """The relation as read from ``start``: "conveys", "conveyed in", "via", "relayed"..."""
    id: str | None
    """The other document's id (a catalogue document's or an embedded one's); None for an
    outside reference or a relay."""
    date: str | None
    title: str
    embedded: bool
    """The other document exists only inside its carrier."""
    carrier: str | None
    """The document that carries the other one, when it is embedded."""
    person: str | None
    name: str | None
    url: str | None
    source: str
    inferred: bool
    basis: str | None


Lookup = Callable[[str], "Document | None"]


def embedded_document(inner: Embedded) -> Document:
    """An embedded document as a catalogue document (for filters, the timeline, JSON)."""
    return Document(
        id=inner.id,
        date=inner.date,
        type="",
        title=inner.title or "(untitled)",
        from_=inner.from_,
        to=inner.to,
        people=tuple(party.person for party in inner.copies if party.person),
    )


def walk(directory: Directory, lookup: Lookup, start: str, depth: int = 1) -> list[Related]:
    """The relations of ``start`` both ways, then theirs, to ``depth`` steps; each document
    is reached once (the nearest way), in the order met."""
    seen = {start}
    came_from: dict[str, str] = {}
    found: list[Related] = []
    frontier = [start]
    for level in range(1, depth + 1):
        following: list[str] = []
        for here in frontier:
            for item in _around(directory, lookup, here, level):
                if item.id is not None and item.id == came_from.get(here):
                    continue  # the way back to where the walk came from
                found.append(item)
                if item.id is not None and item.id not in seen:
                    seen.add(item.id)
                    came_from[item.id] = here
                    following.append(item.id)
        frontier = following
        if not frontier:
            break
    return found


def _around(directory: Directory, lookup: Lookup, here: str, level: int) -> list[Related]:
    items: list[Related] = []
    for link in directory.links_from.get(here, ()):
        rel = link.relation
        other = rel.embedded.id if rel.embedded is not None else rel.document
        items.append(_item(directory, lookup, level, here, "out", rel.type, other, link))
    for link in directory.links_to.get(here, ()):
        kind = INVERSE[link.relation.type]
        items.append(_item(directory, lookup, level, here, "in", kind, link.document, link))
    return items


def _item(
    directory: Directory,
    lookup: Lookup,
    level: int,
    here: str,
    way: Way,
    kind: str,
    other: str | None,
    link: Link,
) -> Related:
    rel = link.relation
    date, title, carrier = None, "", None
    embedded = other is not None and other in directory.embedded
    if other is not None:
        if embedded:
            inner, carrying = directory.embedded[other]
            date, title, carrier = inner.date, inner.title, carrying.document
        else:
            doc = lookup(other)
            if doc is not None:
                date, title = doc.date, doc.title
    elif rel.type == "via":
        title = rel.name or rel.person or ""
    else:
        title = rel.label or rel.url or ""
    return Related(
        depth=level,
        start=here,
        way=way,
        type=kind,
        id=other,
        date=date,
        title=title,
        embedded=embedded,
        carrier=carrier,
        person=rel.person,
        name=rel.name,
        url=rel.url,
        source=rel.source,
        inferred=rel.inferred,
        basis=rel.basis,
    )
