"""Who wrote to whom: the correspondence network of a catalogue's documents.

Nodes are people (a document's sender or recipient linked to the authority
file), or, where a document names no person, the office or body it names
("Soviet Chargé to the PRC"). Edges are documents: one edge from each sender
to each recipient, carrying the document's id, date and title and the name
forms the document itself uses (Filippov, not Stalin). A relay (``via``) is an
edge of its own kind from the sender to the relay; a copy ("copied to Gao
Gang") an edge to the one who had it. Embedded documents (Peng's telegram
inside Mao's) are edges at their own dates, with their carrier.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from armisticecli.catalogue import Directory
from armisticecli.model import Document, Party
from armisticecli.text import fold

Role = Literal["sent", "copy", "relay"]
"""An edge's kind: sender to recipient, sender to one who had a copy, sender to relay."""


@dataclass(frozen=True)
class Node:
    id: str
    """A person's id; for a named office or body, ``name:`` and its folded name."""
    label: str
    kind: Literal["person", "name"]


class Edge(NamedTuple):
    """One document from a sender to a recipient (a NamedTuple: 100,000 are made fast)."""

    source: str
    target: str
    document: str
    date: str
    title: str
    role: Role
    source_name: str | None
    """The sender as the document names them ("Filippov [Stalin]")."""
    target_name: str | None
    inferred: bool = False
    """The link of either end is our inference (a title held on the date)."""
    carrier: str | None = None
    """For an embedded document: the document that carries it."""


@dataclass
class Network:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def pairs(self) -> list[Pair]:
        """Edges between the same two nodes, busiest first (then by first date, then names)."""
        grouped: dict[tuple[str, str], list[Edge]] = {}
        for edge in self.edges:
            grouped.setdefault((edge.source, edge.target), []).append(edge)
        pairs = [
            Pair(
                self.nodes[source],
                self.nodes[target],
                len(edges),
                min(e.date for e in edges),
                max(e.date for e in edges),
                tuple(e.document for e in edges),
            )
            for (source, target), edges in grouped.items()
        ]
        return sorted(pairs, key=lambda p: (-p.count, p.first, p.source.label, p.target.label))


@dataclass(frozen=True)
class Pair:
    source: Node
    target: Node
    count: int
    first: str
    last: str
    documents: tuple[str, ...]


def build(
    directory: Directory,
    documents: Iterable[Document],
    embedded: Iterable[tuple[Document, str]] = (),
) -> Network:
    """The network of ``documents`` (and of ``embedded`` ones, with their carriers' ids)."""
    network = Network()
    relays = _relays(directory)
    for doc in documents:
        _add(network, directory, doc, None, relays.get(doc.id, ()))
    for doc, carrier in embedded:
        copies = directory.embedded[doc.id][0].copies if doc.id in directory.embedded else ()
        _add(network, directory, doc, carrier, (), copies)
    return network


def _relays(directory: Directory) -> dict[str, tuple[Party, ...]]:
    found: dict[str, list[Party]] = {}
    for link in directory.links:
        relation = link.relation
        if relation.type == "via":
            party = Party(person=relation.person, name=relation.name)
            found.setdefault(link.document, []).append(party)
    return {key: tuple(value) for key, value in found.items()}


def _add(
    network: Network,
    directory: Directory,
    doc: Document,
    carrier: str | None,
    relays: Sequence[Party],
    copies: Sequence[Party] = (),
) -> None:
    if not doc.from_ or not (doc.to or relays or copies):
        return  # no one it went to: no edge, and no node of its own
    senders = [(party, _node(network, directory, party)) for party in doc.from_]
    relay_ids = {_node_id(party) for party in relays}
    targets: list[tuple[Party, Role]] = [
        (party, "relay" if _node_id(party) in relay_ids else "sent") for party in doc.to
    ]
    listed = {_node_id(party) for party, _ in targets}
    targets += [(party, "relay") for party in relays if _node_id(party) not in listed]
    targets += [(party, "copy") for party in copies]
    built = [(party, _node(network, directory, party), role) for party, role in targets]
    for sender, source in senders:
        if source is None:
            continue
        for party, target, role in built:
            if target is None:
                continue
            network.edges.append(
                Edge(
                    source,
                    target,
                    doc.id,
                    doc.date,
                    doc.title,
                    role,
                    sender.name,
                    party.name,
                    sender.inferred or party.inferred,
                    carrier,
                )
            )


def _node_id(party: Party) -> str | None:
    if party.person:
        return party.person
    name = " ".join((party.name or "").split())
    return f"name:{fold(name)}" if name else None


def _node(network: Network, directory: Directory, party: Party) -> str | None:
    if party.person and party.person in network.nodes:
        return party.person  # the common case, without folding a name
    node_id = _node_id(party)
    if node_id is None:
        return None
    if node_id not in network.nodes:
        if party.person:
            label = directory.person_name(party.person)
            network.nodes[node_id] = Node(node_id, label, "person")
        else:
            network.nodes[node_id] = Node(node_id, " ".join((party.name or "").split()), "name")
    return node_id
