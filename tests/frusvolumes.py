"""FRUS volumes made for tests from the real fixtures: with a list of persons, with an
undated document, or many times larger (documents repeated under new ids)."""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "frus"
V07 = FIXTURES / "frus1951v07p2-sample.xml"
V12 = FIXTURES / "frus1952-54v12p2-sample.xml"
TEI = "http://www.tei-c.org/ns/1.0"
FRUS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI}


def _tree(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))


def _document(tree: etree._ElementTree, doc_id: str) -> etree._Element:
    found = tree.find(f".//t:div[@type='document'][@xml:id='{doc_id}']", {**NS, "xml": _XML})
    assert found is not None, doc_id
    return found


_XML = "http://www.w3.org/XML/1998/namespace"


def with_persons(target: Path, persons: dict[str, tuple[str, str]], links: dict[str, str]) -> Path:
    """frus1951v07p2-sample with a front list of persons (id -> (name, identification))
    and ``@corresp`` added to the head's persName of each document in ``links``
    (document id -> person id), as the Office of the Historian encodes them."""
    tree = _tree(V07)
    text = tree.getroot().find("t:text", NS)
    assert text is not None
    front = etree.Element(f"{{{TEI}}}front")
    div = etree.SubElement(front, f"{{{TEI}}}div", {"type": "section", XML_ID: "persons"})
    etree.SubElement(div, f"{{{TEI}}}head").text = "List of Persons"
    listing = etree.SubElement(div, f"{{{TEI}}}list")
    for person_id, (name, identification) in persons.items():
        item = etree.SubElement(listing, f"{{{TEI}}}item")
        etree.SubElement(item, f"{{{TEI}}}persName", {XML_ID: person_id}).text = name
        item[-1].tail = f", {identification}"
    text.insert(0, front)
    for doc_id, person_id in links.items():
        head = _document(tree, doc_id).find("t:head", NS)
        assert head is not None
        pers = head.find(".//t:persName", NS)
        assert pers is not None
        pers.set("corresp", f"#{person_id}")
    tree.write(str(target), encoding="utf-8", xml_declaration=True)
    return target


def with_undated(target: Path, doc_id: str = "d22") -> Path:
    """frus1951v07p2-sample with the dates of one document taken away."""
    tree = _tree(V07)
    div = _document(tree, doc_id)
    for date in div.findall(".//t:dateline//t:date", NS):
        parent = date.getparent()
        assert parent is not None
        parent.remove(date)
    for name in ("doc-dateTime-min", "doc-dateTime-max"):
        div.attrib.pop(f"{{{FRUS}}}{name}", None)
    tree.write(str(target), encoding="utf-8", xml_declaration=True)
    return target


def repeated(target: Path, source: Path, min_bytes: int) -> Path:
    """``source`` with its documents repeated (ids d1r2, d1r3, ...) until the file holds
    at least ``min_bytes``: a volume of a real one's size, in the real encoding."""
    tree = _tree(source)
    docs = tree.findall(".//t:div[@type='document']", NS)
    chapter = docs[0].getparent()
    assert chapter is not None
    size = source.stat().st_size
    per_round = sum(len(etree.tostring(doc)) for doc in docs)
    rounds = max(1, -(-(min_bytes - size) // per_round))
    number = 1000
    for r in range(2, rounds + 2):
        for doc in docs:
            clone = copy.deepcopy(doc)
            clone.set(XML_ID, f"{doc.get(XML_ID)}r{r}")
            number += 1
            clone.set("n", str(number))
            for el in clone.iter():
                if el is not clone and el.get(XML_ID):
                    el.set(XML_ID, f"{el.get(XML_ID)}r{r}")
            chapter.append(clone)
    tree.write(str(target), encoding="utf-8", xml_declaration=True)
    return target
