"""korea network: read back by the programs that use each format."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from clihelp import korea

PEOPLE = {"stalin", "mao", "peng", "zhou", "kim-il-sung"}


def write(tmp_path: Path, fmt: str, *more: str) -> Path:
    result = korea("network", "--format", fmt, *more)
    assert result.exit_code == 0, result.stderr
    path = tmp_path / f"korea.{fmt}"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_graphml_opens_in_networkx_with_the_name_forms_on_the_edges(tmp_path: Path) -> None:
    graph = nx.read_graphml(write(tmp_path, "graphml"))
    assert set(graph.nodes) >= PEOPLE
    assert graph.nodes["stalin"]["label"] == "Joseph Stalin"
    filippov = [
        data
        for _, _, data in graph.edges(data=True)
        if "Filippov" in (data.get("source_name", "") + data.get("target_name", ""))
    ]
    assert {edge["document"] for edge in filippov} == {"cipher-3410", "cipher-16293"}
    assert all(edge["source_name"] == "Filippov [Stalin]" for edge in filippov if
               edge["document"] == "cipher-3410")  # fmt: skip


def test_gexf_opens_in_networkx_with_the_same_nodes_and_edges(tmp_path: Path) -> None:
    graphml = nx.read_graphml(write(tmp_path, "graphml"))
    gexf = nx.read_gexf(write(tmp_path, "gexf"))
    assert set(gexf.nodes) == set(graphml.nodes)
    assert gexf.number_of_edges() == graphml.number_of_edges()
    relayed = [d for _, _, d in gexf.edges(data=True) if d.get("role") == "relay"]
    assert [d["document"] for d in relayed] == ["cipher-3410"]


def test_gexf_edges_carry_their_period_and_since_until_slice(tmp_path: Path) -> None:
    text = write(tmp_path, "gexf").read_text(encoding="utf-8")
    assert 'start="1953-01-01" end="1953-12-31"' in text  # a year is the whole year
    sliced = nx.read_gexf(write(tmp_path, "gexf", "--since", "1951", "--until", "1951"))
    assert {d["document"] for _, _, d in sliced.edges(data=True)} == {
        "mao-stalin-1951",
        "peng-mao-1951-01-19",
        "cipher-3410",
    }


def test_json_nodes_and_edges() -> None:
    data = json.loads(korea("network", "--json").stdout)
    assert {node["id"] for node in data["nodes"]} >= PEOPLE
    embedded = [e for e in data["edges"] if e.get("carrier")]
    assert {(e["document"], e["carrier"]) for e in embedded} >= {
        ("peng-mao-1951-01-19", "mao-stalin-1951")
    }
    inferred = [e for e in data["edges"] if e["inferred"]]
    assert {e["target"] for e in inferred} >= {"malenkov"}


def test_cmif_is_tei_with_the_required_elements(tmp_path: Path) -> None:
    tree = etree.parse(str(write(tmp_path, "cmif")))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    for path in (
        "t:teiHeader/t:fileDesc/t:titleStmt/t:title",
        "t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='url']",
        "t:teiHeader/t:fileDesc/t:publicationStmt/t:availability/t:licence",
        "t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl",
    ):
        assert tree.getroot().find(path, ns) is not None, path
    letters = tree.getroot().findall(".//t:correspDesc", ns)
    assert letters
    for letter in letters:
        sent = letter.find("t:correspAction[@type='sent']", ns)
        assert sent is not None and sent.find("t:date", ns) is not None
        assert letter.find("t:correspAction[@type='received']", ns) is not None
    sent_by = tree.getroot().find(".//t:correspDesc[@key='cipher-16293']", ns)
    received = sent_by.find("t:correspAction[@type='received']/t:persName", ns)
    assert received.text == "Filippov [Stalin]"  # the form the document uses


def test_terminal_pairs_busiest_first_and_tsv_in_a_pipe() -> None:
    lines = korea("network").stdout.splitlines()
    first = lines[0].split("\t")
    assert first[:3] == ["Peng Dehuai", "Mao Zedong", "2"]


@pytest.mark.parametrize("name", ['Mao "Chairman" Zedong', "a ]] b", "x%%y", "a\x1b[31mred"])
def test_mermaid_and_dot_escape_names(tmp_path: Path, name: str) -> None:
    catalogue = {
        "documents": [
            {"id": "d", "date": "1951", "type": "", "title": "T",
             "from": [{"name": name}], "to": [{"name": "B"}]},
        ]
    }  # fmt: skip
    path = tmp_path / "c.json"
    path.write_text(json.dumps(catalogue), encoding="utf-8")
    mermaid = korea("network", "--catalogue", str(path), "--format", "mermaid").stdout
    node = mermaid.splitlines()[1]
    assert node.count('"') == 2 and "%%" not in mermaid and "\x1b" not in mermaid
    dot = korea("network", "--catalogue", str(path), "--format", "dot").stdout
    assert ("\x1b" not in dot and '\\"Chairman\\"' in dot) or "Chairman" not in name


def test_nothing_to_draw_is_exit_1() -> None:
    result = korea("network", "--since", "1940", "--until", "1941")
    assert result.exit_code == 1
