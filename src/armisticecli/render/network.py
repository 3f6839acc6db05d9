"""The correspondence network written for the tools that draw and study graphs.

GraphML (networkx, yEd, Cytoscape), GEXF 1.3 (Gephi, with each edge's period
for its timeline), DOT (Graphviz), Mermaid (GitHub), JSON (nodes and edges),
and CMIF, the TEI Correspondence Metadata Interchange Format that
correspSearch aggregates.  Every writer escapes what it writes: catalogue text
is data, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from armisticecli.dates import parse_iso
from armisticecli.network import Edge, Network, Node
from armisticecli.render.mermaid import mermaid_text
from armisticecli.text import clean

EDGE_FIELDS = (
    ("document", "string"),
    ("date", "string"),
    ("title", "string"),
    ("role", "string"),
    ("source_name", "string"),
    ("target_name", "string"),
    ("inferred", "boolean"),
    ("carrier", "string"),
)
NODE_FIELDS = (("label", "string"), ("kind", "string"))


def _x(text: str) -> str:
    """XML text: escaped, and only characters XML 1.0 allows."""
    return escape(_xml_chars(text))


def _a(text: str) -> str:
    return quoteattr(_xml_chars(text))


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 cannot hold (controls, lone surrogates, U+FFFE and U+FFFF)."""


def _xml_chars(text: str) -> str:
    return _NOT_XML.sub("", clean(text))


def _edge_value(edge: Edge, name: str) -> str | None:
    value = getattr(edge, name)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- GraphML -------------------------------------------------------------------------------


def graphml(network: Network) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    for name, kind in NODE_FIELDS:
        lines.append(f'  <key id="{name}" for="node" attr.name="{name}" attr.type="{kind}"/>')
    for name, kind in EDGE_FIELDS:
        lines.append(f'  <key id="{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    lines.append('  <graph id="korea" edgedefault="directed">')
    for node in network.nodes.values():
        lines.append(f"    <node id={_a(node.id)}>")
        lines.append(f'      <data key="label">{_x(node.label)}</data>')
        lines.append(f'      <data key="kind">{node.kind}</data>')
        lines.append("    </node>")
    for i, edge in enumerate(network.edges):
        lines.append(f'    <edge id="e{i}" source={_a(edge.source)} target={_a(edge.target)}>')
        for name, _ in EDGE_FIELDS:
            value = _edge_value(edge, name)
            if value is not None:
                lines.append(f'      <data key="{name}">{_x(value)}</data>')
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


# -- GEXF ----------------------------------------------------------------------------------


def gexf(network: Network) -> str:
    """GEXF 1.3, dynamic: each edge lives from the first to the last day of its date's
    period ("1951-06" is June 1951), so Gephi's timeline slices the network honestly."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
        '  <graph mode="dynamic" defaultedgetype="directed" timeformat="date">',
        '    <attributes class="node">',
        '      <attribute id="kind" title="kind" type="string"/>',
        "    </attributes>",
        '    <attributes class="edge">',
    ]
    edge_fields = [(n, t) for n, t in EDGE_FIELDS if n != "title"]
    for name, kind in edge_fields:
        lines.append(f'      <attribute id="{name}" title="{name}" type="{kind}"/>')
    lines += ["    </attributes>", "    <nodes>"]
    for node in network.nodes.values():
        lines.append(f"      <node id={_a(node.id)} label={_a(node.label)}>")
        lines.append(f'        <attvalues><attvalue for="kind" value="{node.kind}"/></attvalues>')
        lines.append("      </node>")
    lines += ["    </nodes>", "    <edges>"]
    for i, edge in enumerate(network.edges):
        when = parse_iso(edge.date)
        start, end = when.first_day().isoformat(), when.last_day().isoformat()
        lines.append(
            f'      <edge id="e{i}" source={_a(edge.source)} target={_a(edge.target)}'
            f' label={_a(edge.title)} start="{start}" end="{end}">'
        )
        lines.append("        <attvalues>")
        for name, _ in edge_fields:
            value = _edge_value(edge, name)
            if value is not None:
                lines.append(f'          <attvalue for="{name}" value={_a(value)}/>')
        lines += ["        </attvalues>", "      </edge>"]
    lines += ["    </edges>", "  </graph>", "</gexf>"]
    return "\n".join(lines) + "\n"


# -- DOT -----------------------------------------------------------------------------------


def _dot(text: str) -> str:
    return '"' + clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def dot(network: Network) -> str:
    lines = ["digraph korea {", "  rankdir=LR;", "  node [shape=box];"]
    for node in network.nodes.values():
        style = "" if node.kind == "person" else ", style=dashed"
        lines.append(f"  {_dot(node.id)} [label={_dot(node.label)}{style}];")
    for edge in network.edges:
        label = f"{edge.date} {edge.document}"
        style = {"sent": "", "copy": ", style=dotted", "relay": ", style=dashed"}[edge.role]
        lines.append(f"  {_dot(edge.source)} -> {_dot(edge.target)} [label={_dot(label)}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- Mermaid -------------------------------------------------------------------------------


def mermaid(network: Network) -> str:
    """A Mermaid flowchart: one arrow a pair of correspondents, labelled with the count and
    the dates; text escaped as the timeline's is, and quotes as Mermaid's entity."""
    ids = {node_id: f"n{i}" for i, node_id in enumerate(network.nodes)}
    lines = ["flowchart LR"]
    for node in network.nodes.values():
        label = mermaid_text(node.label).replace('"', "#quot;")
        lines.append(f'    {ids[node.id]}["{label}"]')
    for pair in network.pairs():
        span = pair.first if pair.first == pair.last else f"{pair.first} to {pair.last}"
        label = mermaid_text(f"{pair.count} × {span}").replace('"', "#quot;")
        lines.append(f'    {ids[pair.source.id]} -->|"{label}"| {ids[pair.target.id]}')
    return "\n".join(lines) + "\n"


# -- JSON ----------------------------------------------------------------------------------


def as_json(network: Network) -> str:
    def node(item: Node) -> dict[str, object]:
        return {"id": item.id, "label": item.label, "kind": item.kind}

    def edge(item: Edge) -> dict[str, object]:
        record: dict[str, object] = {"source": item.source, "target": item.target}
        for name, _ in EDGE_FIELDS:
            value = getattr(item, name)
            if value is not None:
                record[name] = value
        return record

    import msgspec

    data = {
        "nodes": [node(item) for item in network.nodes.values()],
        "edges": [edge(item) for item in network.edges],
    }
    return msgspec.json.encode(data).decode("utf-8") + "\n"


# -- CMIF ----------------------------------------------------------------------------------

TEI = "http://www.tei-c.org/ns/1.0"


def cmif(network: Network, title: str, url: str | None = None) -> str:
    """CMIF (TEI): one ``correspDesc`` a document, its senders in ``correspAction
    type="sent"`` (with the date) and its recipients in ``type="received"``.

    CMIF asks for authority URIs (GND, VIAF) in ``persName/@ref``; the catalogue holds
    none, so names are given without one (correspSearch accepts them, unlinked).
    """
    from datetime import date

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<TEI xmlns="{TEI}">',
        "  <teiHeader>",
        "    <fileDesc>",
        f"      <titleStmt><title>{_x(title)}</title><editor>korea</editor></titleStmt>",
        "      <publicationStmt>",
        "        <publisher>korea (armisticecli)</publisher>",
        f'        <idno type="url">{_x(url or "https://example.invalid/korea")}</idno>',
        f'        <date when="{date.today().isoformat()}"/>',
        "        <availability>",
        '          <licence target="https://creativecommons.org/licenses/by/4.0/">'
        "CC-BY 4.0</licence>",
        "        </availability>",
        "      </publicationStmt>",
        "      <sourceDesc>",
        f'        <bibl type="online" xml:id="catalogue">{_x(title)}</bibl>',
        "      </sourceDesc>",
        "    </fileDesc>",
        "    <profileDesc>",
    ]
    for document, edges in _by_document(network):
        first = edges[0]
        lines.append(f'      <correspDesc key={_a(document)} source="#catalogue">')
        senders = dict.fromkeys((e.source, e.source_name) for e in edges)
        lines.append('        <correspAction type="sent">')
        for node_id, name in senders:
            lines.append("          " + _pers(network.nodes[node_id], name))
        lines.append(f'          <date when="{first.date}"/>')
        lines.append("        </correspAction>")
        lines.append('        <correspAction type="received">')
        for node_id, name in dict.fromkeys((e.target, e.target_name) for e in edges):
            lines.append("          " + _pers(network.nodes[node_id], name))
        lines.append("        </correspAction>")
        lines.append("      </correspDesc>")
    lines += [
        "    </profileDesc>",
        "  </teiHeader>",
        "  <text><body><p/></body></text>",
        "</TEI>",
    ]
    return "\n".join(lines) + "\n"


def _by_document(network: Network) -> Iterator[tuple[str, list[Edge]]]:
    grouped: dict[str, list[Edge]] = {}
    for edge in network.edges:
        grouped.setdefault(edge.document, []).append(edge)
    yield from grouped.items()


def _pers(node: Node, name: str | None) -> str:
    element = "persName" if node.kind == "person" else "orgName"
    return f"<{element}>{_x(name or node.label)}</{element}>"
