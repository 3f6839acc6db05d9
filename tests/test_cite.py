"""Citations: golden files for the seven documents, read back by real consumers."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armisticecli.catalogue import Catalogue, bundled_path, load
from armisticecli.model import CatalogueFile, Document, Publication, Source
from armisticecli.render.cite import (
    STYLES,
    bibtex_entry,
    bibtex_key,
    chicago,
    csl_item,
    distinct,
    incomplete,
    latex,
    render,
    ris_record,
    split_name,
)

GOLDEN = Path(__file__).parent / "golden" / "cite"
EXTENSIONS = {"chicago": "txt", "bibtex": "bib", "csl-json": "json", "ris": "ris"}
CATALOGUE = load(bundled_path())
DOCS = {doc.id: doc for doc in CATALOGUE.documents}

# CSL-JSON item variables (CSL 1.0.2 schema, csl-data.json); nothing else may appear.
CSL_VARIABLES = {
    "id", "type", "title", "issued", "genre", "author", "recipient", "translator", "source",
    "archive", "archive_location", "URL", "language", "abstract", "note", "publisher",
    "publisher-place", "container-title", "collection-title", "DOI", "accessed", "medium",
    "dimensions", "archive-place", "editor", "event", "number", "version", "citation-key",
}  # fmt: skip


@pytest.mark.parametrize("style", STYLES)
def test_golden_files(style: str) -> None:
    expected = (GOLDEN / f"all.{EXTENSIONS[style]}").read_text(encoding="utf-8")
    assert render(style, CATALOGUE, CATALOGUE.documents) == expected


def test_chicago_follows_the_archive_layout() -> None:
    assert chicago(CATALOGUE, DOCS["charge-telegram"]) == (
        '"Telegram of the Soviet Chargé to the PRC to the Chairman of the USSR Council of '
        'Ministers," July 3, 1953, History and Public Policy Program Digital Archive, '
        "AP RF. F. 3. Op. 65. D. 830. pp. 136-147. Translated for NKIDP by Gary Goldberg. "
        "https://digitalarchive.wilsoncenter.org/document/114956."
    )


def test_chicago_omits_what_the_catalogue_lacks() -> None:
    text = chicago(CATALOGUE, DOCS["cipher-3410"])
    assert text == (
        '"Ciphered Telegram No. 3410, Filippov [Stalin] to Krasovsky, for Cde. Mao Zedong," '
        "June 5, 1951, History and Public Policy Program Digital Archive."
    )


def test_chicago_partial_date_and_no_repository(write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        {"documents": [{"id": "x", "date": "1951-10", "type": "note", "title": "T"}]}
    )
    catalogue = load(path)
    assert chicago(catalogue, catalogue.documents[0]) == '"T," October 1951.'


def test_csl_json_items_use_only_csl_variables() -> None:
    for doc in CATALOGUE.documents:
        item = csl_item(CATALOGUE, doc)
        assert set(item) <= CSL_VARIABLES, set(item) - CSL_VARIABLES
        assert item["type"] == "manuscript"


def test_csl_json_partial_dates_keep_their_precision(write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        {"documents": [{"id": "x", "date": "1951-10", "type": "note", "title": "T"}]}
    )
    catalogue = load(path)
    assert csl_item(catalogue, catalogue.documents[0])["issued"] == {"date-parts": [[1951, 10]]}


def test_citeproc_renders_the_csl_json() -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(render("csl-json", CATALOGUE, CATALOGUE.documents))
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 7
    joined = "\n".join(rendered)
    assert "Ciphered Telegram No. 3410" in joined
    assert "1953" in joined and "https://digitalarchive.wilsoncenter.org/document/114956" in joined


def test_bibtexparser_reads_back_the_same_fields() -> None:
    import bibtexparser

    library = bibtexparser.parse_string(render("bibtex", CATALOGUE, CATALOGUE.documents))
    assert not library.failed_blocks
    entries = {entry.key: entry for entry in library.entries}
    assert set(entries) == set(DOCS)
    charge = entries["charge-telegram"]
    assert charge.entry_type == "misc"
    assert charge["date"] == "1953-07-03"
    assert charge["year"] == "1953"
    assert charge["url"] == "https://digitalarchive.wilsoncenter.org/document/114956"
    assert charge["library"] == "AP RF. F. 3. Op. 65. D. 830. pp. 136-147."
    assert charge["translator"] == "{Gary Goldberg}"
    # The archive states the title; that it was Malenkov is our inference, kept in the note.
    assert charge["recipient"] == "{Chairman of the USSR Council of Ministers}"
    assert "identified as Georgy Malenkov by inference" in charge["note"]
    assert "Charg{\\'{e}}" in charge["title"]
    assert entries["cipher-3410"]["author"] == "{Joseph Stalin}"


def test_latex_escaping() -> None:
    assert latex("50% & $5 #1 a_b {x} ^~\\") == (
        r"50\% \& \$5 \#1 a\_b \textbraceleft{}x\textbraceright{} "
        r"\textasciicircum{}\textasciitilde{}\textbackslash{}"
    )
    assert latex("Chargé Kim Ilsŏng Nº Poprocki’s — ok") == (
        r"Charg{\'{e}} Kim Ils{\u{o}}ng N\textordmasculine{} Poprocki's --- ok"
    )
    assert latex("Łódź") == r"{\L}{\'{o}}d{\'{z}}"
    assert latex("김일성 Сталин") == "김일성 Сталин"
    assert latex("a\x1b[31mb") == "a[31mb"


def test_bibtex_braces_stay_balanced_for_hostile_text(write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        {
            "documents": [
                {"id": "x}{y", "date": "1951", "type": "note", "title": "}{ % \\end{document}"}
            ]
        }
    )
    catalogue = load(path)
    entry = bibtex_entry(catalogue, catalogue.documents[0])
    assert entry.startswith("@misc{x-y-")
    depth = 0
    for char in entry:  # BibTeX counts escaped braces too
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_rispy_reads_back_the_records() -> None:
    import rispy

    records = rispy.loads(render("ris", CATALOGUE, CATALOGUE.documents))
    assert len(records) == 7
    by_id = {r["id"]: r for r in records}
    polish = by_id["polish-note"]
    assert polish["type_of_reference"] == "MANSCPT"
    assert polish["title"] == DOCS["polish-note"].title
    assert polish["date"] == "1953/08/01/"
    assert polish["year"] == "1953"
    assert polish["authors"] == ["Embassy of the Polish Republic in Korea"]
    assert polish["subsidiary_authors"] == ["Maya Latynski"]  # A4: translator
    assert polish["name_of_database"] == "Polish Foreign Ministry Archive"
    assert polish["urls"] == ["https://digitalarchive.wilsoncenter.org/document/114957"]
    assert (
        by_id["charge-telegram"]["accession_number"] == "AP RF. F. 3. Op. 65. D. 830. pp. 136-147."
    )
    assert by_id["cipher-3410"]["type_of_work"] == "Ciphered telegram"


def test_ris_partial_date(write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        {"documents": [{"id": "x", "date": "1951-10", "type": "note", "title": "T"}]}
    )
    catalogue: Catalogue = load(path)
    assert "DA  - 1951/10//\n" in ris_record(catalogue, catalogue.documents[0])


# -- BibTeX read by real BibTeX: no title can close its field or plant an entry ------

INJECTION = (
    '}} } @misc(injected, title = "Fabricated source", author = "Nobody", year = 1999) @comment('
)
HOSTILE_TITLES = (
    INJECTION,
    "{",
    "}",
    "a}b{c",
    "\\",
    "\\}",
    "@misc{planted, title={x}}",
    '" # "',
    "%}",
    "서울 {1950}",
)


def _catalogue(titles: Sequence[str]) -> Catalogue:
    """An in-memory catalogue with one document per title, ids d0, d1, ..., the title
    also in every other field a citation writes."""
    documents = [
        {
            "id": f"d{n}",
            "date": "1951-06-05",
            "type": title,
            "title": title,
            "summary": title,
            "from": [{"name": title}],
            "to": [{"name": title}],
            "source": {
                "archive": title,
                "reference": title,
                "credit": title,
                "translators": [title],
                "url": title,
            },
        }
        for n, title in enumerate(titles)
    ]
    data = {"documents": documents, "repository": titles[0]}
    return Catalogue(msgspec.convert(data, CatalogueFile))


def _pybtex(text: str) -> dict[str, dict[str, str]]:
    """The entries pybtex reads (strict: a syntax error raises), as key -> fields."""
    from pybtex.database import parse_string

    database = parse_string(text, "bibtex")
    entries = {}
    for key, entry in database.entries.items():
        fields = {name.lower(): value for name, value in entry.fields.items()}
        for role, persons in entry.persons.items():  # pybtex reads author apart
            fields[role.lower()] = " and ".join(str(person) for person in persons)
        entries[key] = fields
    return entries


def _ours(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """key -> fields as written, without their outer braces (what a parser gives back)."""
    written = {}
    for doc in catalogue.documents:
        entry = bibtex_entry(catalogue, doc)
        fields = re.findall(r"^  (\w+) += \{(.*)\},?$", entry, flags=re.MULTILINE)
        written[bibtex_key(doc)] = dict(fields)
    return written


def test_pybtex_reads_exactly_our_entries_from_hostile_titles() -> None:
    catalogue = _catalogue(HOSTILE_TITLES)
    parsed = _pybtex(render("bibtex", catalogue, catalogue.documents))
    assert list(parsed) == [f"d{n}" for n in range(len(HOSTILE_TITLES))]
    assert parsed == _ours(catalogue)


def test_a_lone_brace_does_not_swallow_the_entry() -> None:
    catalogue = _catalogue(["{", "after"])
    parsed = _pybtex(render("bibtex", catalogue, catalogue.documents))
    assert set(parsed) == {"d0", "d1"}
    assert parsed["d0"]["title"] == r"{\textbraceleft{}}"
    assert parsed["d1"]["abstract"] == "after"


def test_bundled_bibtex_reads_back_in_pybtex() -> None:
    parsed = _pybtex(render("bibtex", CATALOGUE, CATALOGUE.documents))
    assert set(parsed) == set(DOCS)


_BIBTEX_FIELDS = (
    "author title date year month type recipient translator howpublished institution"
    " library addendum url note abstract"
).split()
_BIBTEX_PROBE = (
    "ENTRY { " + " ".join(_BIBTEX_FIELDS) + " } {} {}\n"
    'FUNCTION {field} { "@@FIELD " swap$ * write$ newline$ duplicate$ empty$'
    ' { pop$ "" } \'skip$ if$ write$ newline$ }\n'
    'FUNCTION {misc} { "@@ENTRY " cite$ * write$ newline$\n'
    + "".join(f'  {name} "{name}" field\n' for name in _BIBTEX_FIELDS)
    + "}\nFUNCTION {default.type} { misc }\nREAD\nITERATE {call.type$}\n"
)


def _bibtex(text: str, folder: Path) -> dict[str, dict[str, str]]:
    """The entries bibtex 0.99d reads, through a style that writes every entry's key and
    fields; any error or warning fails the test."""
    import subprocess

    (folder / "refs.bib").write_text(text, encoding="utf-8")
    (folder / "probe.bst").write_text(_BIBTEX_PROBE, encoding="utf-8")
    (folder / "t.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{probe}\n")
    done = subprocess.run(
        ["bibtex", "-terse", "t"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    entries: dict[str, dict[str, str]] = {}
    field: list[str] = []
    for line in (folder / "t.bbl").read_text(encoding="utf-8").splitlines():
        if line.startswith("@@ENTRY "):
            fields = entries.setdefault(line[8:], {})
        elif line.startswith("@@FIELD "):
            field = fields.setdefault(line[8:], [])  # type: ignore[assignment]
        else:
            field.append(line)
    # bibtex folds long lines at spaces and reads runs of white space as one
    return {
        key: {name: " ".join(" ".join(lines).split()) for name, lines in fields.items()}
        for key, fields in entries.items()
    }


@pytest.mark.skipif(
    shutil.which("bibtex") is None,
    reason="bibtex is not installed (Debian: apt-get install texlive-binaries;"
    " .ci/run installs it where it can); pybtex checks the same entries",
)
def test_bibtex_reads_exactly_our_entries_from_hostile_titles(tmp_path: Path) -> None:
    catalogue = _catalogue(HOSTILE_TITLES)
    parsed = _bibtex(render("bibtex", catalogue, catalogue.documents), tmp_path)
    ours = _ours(catalogue)
    assert list(parsed) == list(ours)
    for key, fields in parsed.items():
        written = {name: value for name, value in fields.items() if value}
        assert written == {name: " ".join(value.split()) for name, value in ours[key].items()}


_BIBTEX_TEXT = st.text(
    st.one_of(
        st.sampled_from("{}\\@%#\"',=()~^$&_ \n\t"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    min_size=1,
    max_size=40,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(_BIBTEX_TEXT, min_size=1, max_size=4))
def test_any_title_parses_to_exactly_our_entries(titles: list[str]) -> None:
    catalogue = _catalogue(titles)
    parsed = _pybtex(render("bibtex", catalogue, catalogue.documents))
    assert list(parsed) == [f"d{n}" for n in range(len(titles))]
    for key, fields in _ours(catalogue).items():
        assert {k: _spaces(v) for k, v in parsed[key].items()} == {
            k: _spaces(v) for k, v in fields.items()
        }


def _spaces(value: str) -> str:
    """White space as pybtex reads it: a run is one space, none at the ends."""
    return " ".join(value.split())


# -- keys and ids: unique within one output, the same in every run ------------------


def _document(id_: str, title: str = "T") -> Document:
    # Built directly, not decoded: the id pattern may refuse some of these one day,
    # and the citation must still hold together for a catalogue that has them.
    return Document(id=id_, date="1951-06-05", type="note", title=title)


def _keys(ids: Sequence[str]) -> list[str]:
    catalogue = Catalogue(CatalogueFile(documents=tuple(_document(i) for i in ids)))
    return list(_pybtex(render("bibtex", catalogue, catalogue.documents)))


@pytest.mark.parametrize(
    "ids",
    [("서울-1950", "부산-1950"), ("doc/1", "doc+1"), ("Doc", "doc"), ("a b", "a_b", "a-b")],
)
def test_bibtex_keys_are_unique_in_one_output(ids: tuple[str, ...]) -> None:
    keys = _keys(ids)
    assert len(keys) == len(ids)
    assert len({key.casefold() for key in keys}) == len(ids)  # bibtex ignores case
    assert all(re.fullmatch(r"[A-Za-z0-9_:.\-]+", key) for key in keys)


def test_bibtex_keys_transliterate_and_stay_stable() -> None:
    seoul, busan = _keys(("서울-1950", "부산-1950"))
    assert seoul.startswith("seoul-1950-") and busan.startswith("busan-1950-")
    assert _keys(("Сталин",))[0].startswith("stalin-")
    assert _keys(("Chargé",))[0].startswith("Charge-")
    # the same document has the same key alone, with others, and in any run
    assert _keys(("doc+1",)) == _keys(("doc+1",)) == _keys(("doc/1", "doc+1"))[1:]
    assert _keys(("cipher-3410", "x"))[0] == "cipher-3410"  # a valid id is its own key


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
def test_bibtex_reads_every_entry_of_colliding_ids(tmp_path: Path) -> None:
    ids = ("서울-1950", "부산-1950", "doc/1", "doc+1", "Doc", "doc")
    catalogue = Catalogue(CatalogueFile(documents=tuple(_document(i) for i in ids)))
    assert len(_bibtex(render("bibtex", catalogue, catalogue.documents), tmp_path)) == 6


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=6, unique=True))
def test_any_ids_give_distinct_keys_that_bibtex_reads(ids: list[str]) -> None:
    keys = _keys(ids)
    assert len({key.casefold() for key in keys}) == len(ids)


def test_ris_ids_are_unique_even_where_cleaning_merges_two() -> None:
    import rispy

    docs = (_document("ab"), _document("a\u200eb"), _document("a\tb"), _document("a b"))
    catalogue = Catalogue(CatalogueFile(documents=docs))
    ids = [record["id"] for record in rispy.loads(render("ris", catalogue, docs))]
    assert len(set(ids)) == 4 and ids[0] == "ab"


@pytest.mark.parametrize("style", STYLES)
def test_a_document_cited_twice_is_written_once(style: str) -> None:
    doc = DOCS["cipher-3410"]
    assert render(style, CATALOGUE, [doc, doc]) == render(style, CATALOGUE, [doc])


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["a", "a", "a"], ["a", "a-2", "a-3"]),
        (["a", "a-2", "a"], ["a", "a-2", "a-3"]),
        (["a", "a", "a-2"], ["a", "a-2", "a-2-2"]),
        (["Doc", "doc", "DOC"], ["Doc", "doc-2", "DOC-3"]),
    ],
)
def test_distinct_keys(keys: list[str], expected: list[str]) -> None:
    assert distinct(keys) == expected


def test_distinct_stays_linear_for_many_equal_keys() -> None:
    keys = distinct(["a"] * 50_000)  # quadratic would take minutes
    assert len(set(keys)) == 50_000 and keys[-1] == "a-50000"


# -- documents printed in a FRUS volume -------------------------------------------

FRUS_PATH = Path(__file__).parent / "fixtures" / "cite" / "frus.json"
FRUS = load(FRUS_PATH)
FRUS_DOCS = {doc.id: doc for doc in FRUS.documents}
D1 = FRUS_DOCS["frus1951v07p2-d1"]


def test_chicago_cites_a_frus_document_in_the_office_of_the_historian_form() -> None:
    # "Citing the Foreign Relations series", https://history.state.gov/historicaldocuments/
    # citing-frus: "Foreign Relations of the United States, 1969–1976, Volume XIX, Part 1,
    # Korea, 1969–1972, eds. Daniel J. Lawler and Erin R. Mahan (Washington: Government
    # Printing Office, 2010), Document 75." (pages for volumes that print no numbers),
    # the canonic URL appended; the heading and date first, as CMOS 14.111.
    assert chicago(FRUS, D1) == (
        '"Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)," '
        "January 2, 1951, in Foreign Relations of the United States, 1951, Korea and China, "
        "Volume VII, Part 2, eds. John P. Glennon, Harriet D. Schwar, and Paul Claussen "
        "(Washington: Government Printing Office, 1983), Document 1, 1474–1476, "
        "https://history.state.gov/historicaldocuments/frus1951v07p2/d1."
    )
    assert chicago(FRUS, FRUS_DOCS["frus1952-54v12p2-d1"]) == (
        '"The Chargé in Burma (Day) to the Department of State," January 10, 1952, in '
        "Foreign Relations of the United States, 1952–1954, East Asia and the Pacific, "
        "Volume XII, Part 2, eds. Carl N. Raether and Harriet D. Schwar (Washington: "
        "Government Printing Office, 1987), Document 1, 1–2, "
        "https://history.state.gov/historicaldocuments/frus1952-54v12p2/d1."
    )


def _in_volume(doc: Document, **publication: Any) -> tuple[Catalogue, Document]:
    """``doc`` alone in a catalogue whose volume has the given fields."""
    volume = {"id": "v", "title": "Foreign Relations of the United States, 1951, Volume X"}
    source = msgspec.structs.replace(doc.source, publication="v") if doc.source else None
    data = CatalogueFile(
        documents=(msgspec.structs.replace(doc, source=source),),
        publications=(msgspec.convert(volume | publication, Publication),),
    )
    catalogue = Catalogue(data)
    return catalogue, catalogue.documents[0]


@pytest.mark.parametrize(
    ("publication", "middle"),
    [
        ({"editors": ["A. B. One"]}, ", ed. A. B. One"),
        ({"editors": ["A One", "B Two"], "published": "1983"}, ", eds. A One and B Two (1983)"),
        (
            # the Office's own example: eight editors, a suffix, the serial comma
            {
                "editors": [
                    "David M. Baehler", "Herbert A. Fine", "Ralph R. Goodwin",
                    "N. Stephen Kane", "Ronald D. Landa", "Lisle A. Rose",
                    "William F. Sanford, Jr.", "Ilana M. Stern",
                ],
                "place": "Washington",
                "publisher": "United States Government Printing Office",
                "published": "1983",
            },
            ", eds. David M. Baehler, Herbert A. Fine, Ralph R. Goodwin, N. Stephen Kane, "
            "Ronald D. Landa, Lisle A. Rose, William F. Sanford, Jr., and Ilana M. Stern "
            "(Washington: Government Printing Office, 1983)",
        ),
        ({"place": "Washington"}, " (Washington)"),
        ({}, ""),  # early volumes name no editors
    ],
)  # fmt: skip
def test_chicago_volume_states_only_what_the_title_page_gives(
    publication: dict[str, Any], middle: str
) -> None:
    catalogue, doc = _in_volume(D1, **publication)
    assert chicago(catalogue, doc) == (
        '"Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)," '
        "January 2, 1951, in Foreign Relations of the United States, 1951, Volume X"
        + middle
        + ", Document 1, 1474–1476, https://history.state.gov/historicaldocuments/frus1951v07p2/d1."
    )


def test_chicago_volume_without_number_pages_or_url() -> None:
    bare = msgspec.structs.replace(D1, source=Source(publication="frus1951v07p2"))
    catalogue, doc = _in_volume(bare, editors=["A One"])
    assert chicago(catalogue, doc) == (
        '"Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)," '
        "January 2, 1951, in Foreign Relations of the United States, 1951, Volume X, ed. A One."
    )
    assert incomplete(doc, catalogue) == ["pages", "document number"]


def test_a_volume_the_catalogue_lacks_falls_back_to_the_archive_form() -> None:
    # validate refuses this in a catalogue; an index older than its catalogue may hold it
    lost = msgspec.structs.replace(D1.source, publication="frus1999v99")
    doc = msgspec.structs.replace(D1, source=lost)
    unprinted = msgspec.structs.replace(D1, source=msgspec.structs.replace(lost, publication=None))
    for style in STYLES:
        assert render(style, FRUS, [doc]) == render(style, FRUS, [unprinted])
    assert chicago(FRUS, doc).endswith("Digital Archive, 794A.5/1–351. " + D1.source.url + ".")  # type: ignore[union-attr]
    assert incomplete(doc, FRUS) == ["record id", "translator"]


def test_a_printed_document_lacks_no_archive_parts() -> None:
    assert incomplete(D1, FRUS) == incomplete(D1) == []


def test_csl_json_cites_a_frus_document_as_a_chapter_of_its_volume() -> None:
    item = csl_item(FRUS, D1)
    assert item == {
        "id": "frus1951v07p2-d1",
        "type": "chapter",
        "title": "Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)",
        "container-title": (
            "Foreign Relations of the United States, 1951, Korea and China, Volume VII, Part 2"
        ),
        "author": [{"literal": "Joint Chiefs of Staff"}],
        # the volume states the title; George C. Marshall is our inference, in the note
        "recipient": [{"literal": "Secretary of Defense (Marshall)"}],
        "editor": [
            {"family": "Glennon", "given": "John P."},
            {"family": "Schwar", "given": "Harriet D."},
            {"family": "Claussen", "given": "Paul"},
        ],
        "publisher": "United States Government Printing Office",
        "publisher-place": "Washington",
        "issued": {"date-parts": [[1983]]},  # the volume's publication
        "original-date": {"date-parts": [[1951, 1, 2]]},  # the document's own date
        "chapter-number": "1",
        "page": "1474–1476",
        "URL": "https://history.state.gov/historicaldocuments/frus1951v07p2/d1",
        "language": "en",
        "note": "Document 1.\nDated January 2, 1951.\nSource note: 794A.5/1–351.\n"
        'Recipient "Secretary of Defense (Marshall)" identified as George C. Marshall by '
        "inference (George C. Marshall was Secretary of Defense from September 1950 to "
        "September 1951.).\nkorea id: frus1951v07p2-d1",
    }
    # CSL 1.0.2 variables only; the Digital Archive is not where a FRUS document is from
    allowed = CSL_VARIABLES | {"original-date", "chapter-number", "page"}
    for doc in FRUS.documents:
        assert set(csl_item(FRUS, doc)) <= allowed
        assert "source" not in csl_item(FRUS, doc)


def test_citeproc_renders_a_frus_chapter() -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(render("csl-json", FRUS, FRUS.documents))
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    joined = "\n".join(str(entry) for entry in bibliography.bibliography())
    assert (
        "Joint Chiefs of Staff (1983) “Memorandum by the Joint Chiefs of Staff to the "
        "Secretary of Defense (Marshall)”, in J.P. Glennon, H.D. Schwar, and P. Claussen "
        "(eds.) Foreign Relations of the United States, 1951, Korea and China, Volume VII, "
        "Part 2. Washington: United States Government Printing Office, pp. 1474–1476."
    ) in joined


def test_bibtex_cites_a_frus_document_as_incollection() -> None:
    from pybtex.database import parse_string

    entry = parse_string(bibtex_entry(FRUS, D1), "bibtex").entries["frus1951v07p2-d1"]
    assert entry.type == "incollection"
    assert dict(entry.fields) == {
        "title": "{Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)}",
        "booktitle": "{Foreign Relations of the United States, 1951, Korea and China, "
        "Volume VII, Part 2}",
        "publisher": "United States Government Printing Office",
        "address": "Washington",
        "year": "1983",
        "origdate": "1951-01-02",
        "type": "Document",
        "chapter": "1",
        "pages": "1474--1476",
        "recipient": "{Secretary of Defense (Marshall)}",
        "url": "https://history.state.gov/historicaldocuments/frus1951v07p2/d1",
        "note": 'Dated January 2, 1951. Source note: 794A.5/1--351. Recipient "Secretary '
        'of Defense (Marshall)" identified as George C. Marshall by inference (George C. '
        "Marshall was Secretary of Defense from September 1950 to September 1951.).",
    }
    assert [str(p) for p in entry.persons["author"]] == ["{Joint Chiefs of Staff}"]
    editors = entry.persons["editor"]
    assert [(p.first_names, p.middle_names, p.last_names) for p in editors] == [
        (["John"], ["P."], ["Glennon"]),
        (["Harriet"], ["D."], ["Schwar"]),
        (["Paul"], [], ["Claussen"]),
    ]
    assert "Charg{\\'{e}}" in bibtex_entry(FRUS, FRUS_DOCS["frus1952-54v12p2-d1"])


def test_bibtex_volume_names_keep_their_suffix_and_braces_stay_balanced() -> None:
    catalogue, doc = _in_volume(
        D1,
        title="Foreign Relations }{ % \\end{document} @misc{x,",
        editors=["William F. Sanford, Jr.", "Aandahl", "{Evil} Name"],
        publisher="}",
    )
    after = FRUS_DOCS["frus1952-54v12p2-d1"]
    parsed = _pybtex(bibtex_entry(catalogue, doc) + "\n" + bibtex_entry(FRUS, after))
    assert list(parsed) == [doc.id, after.id]  # nothing closed the entry or planted one
    from pybtex.database import parse_string

    entry = parse_string(bibtex_entry(catalogue, doc), "bibtex").entries[doc.id]
    sanford, aandahl, evil = entry.persons["editor"]
    assert (sanford.last_names, sanford.lineage_names) == (["Sanford"], ["Jr."])
    assert aandahl.last_names == ["{Aandahl}"]
    assert evil.last_names == ["Name"]
    assert parsed["frus1951v07p2-d1"]["booktitle"] == (
        "{Foreign Relations \\textbraceright{}\\textbraceleft{} \\% \\textbackslash{}end"
        "\\textbraceleft{}document\\textbraceright{} @misc\\textbraceleft{}x,}"
    )


def test_ris_cites_a_frus_document_as_a_chapter() -> None:
    # No DA: Zotero would read it as the book section's date (the volume's publication)
    assert ris_record(FRUS, D1) == (
        "TY  - CHAP\n"
        "ID  - frus1951v07p2-d1\n"
        "TI  - Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)\n"
        "AU  - Joint Chiefs of Staff\n"
        "T2  - Foreign Relations of the United States, 1951, Korea and China, Volume VII, "
        "Part 2\n"
        "A2  - Glennon, John P.\n"
        "A2  - Schwar, Harriet D.\n"
        "A2  - Claussen, Paul\n"
        "PB  - United States Government Printing Office\n"
        "CY  - Washington\n"
        "PY  - 1983\n"
        "SP  - 1474\n"
        "EP  - 1476\n"
        "UR  - https://history.state.gov/historicaldocuments/frus1951v07p2/d1\n"
        "N1  - Document 1.\n"
        "N1  - Dated January 2, 1951.\n"
        "N1  - Source note: 794A.5/1–351.\n"
        'N1  - Recipient "Secretary of Defense (Marshall)" identified as George C. Marshall '
        "by inference (George C. Marshall was Secretary of Defense from September 1950 to "
        "September 1951.).\n"
        "N1  - korea id: frus1951v07p2-d1\n"
        "ER  - \n"
    )


def test_rispy_reads_back_a_frus_chapter() -> None:
    import rispy

    (record, _) = rispy.loads(render("ris", FRUS, FRUS.documents))
    assert record["type_of_reference"] == "CHAP"
    assert record["secondary_title"] == FRUS.publications[0].title
    assert record["secondary_authors"] == [
        "Glennon, John P.",
        "Schwar, Harriet D.",
        "Claussen, Paul",
    ]
    assert (record["start_page"], record["end_page"], record["year"]) == ("1474", "1476", "1983")
    assert record["publisher"] == "United States Government Printing Office"
    assert record["place_published"] == "Washington"
    assert "date" not in record


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("John P. Glennon", ("John P.", "Glennon", None)),
        ("William F. Sanford, Jr.", ("William F.", "Sanford", "Jr.")),
        ("Charles de Gaulle", ("Charles", "de Gaulle", None)),
        ("N. Stephen  Kane", ("N. Stephen", "Kane", None)),
        ("Aandahl", None),
        ("Smith, PhD", None),
        ("Doe, John, Jr.", None),
    ],
)
def test_split_name(name: str, parts: tuple[str, str, str | None] | None) -> None:
    assert split_name(name) == parts


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
def test_bibtex_reads_the_frus_entries(tmp_path: Path) -> None:
    parsed = _bibtex(render("bibtex", FRUS, FRUS.documents), tmp_path)
    assert list(parsed) == list(FRUS_DOCS)
    assert parsed["frus1951v07p2-d1"]["title"] == (
        "{Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)}"
    )
