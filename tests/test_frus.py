"""Reading FRUS TEI volumes: fields taken from the real fixture, hostile files refused."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armisticecli.errors import CatalogueError, ExitCode
from armisticecli.frus import FrusDocument, Party, Person, frus_period, note_period, read_volume

FIXTURES = Path(__file__).parent / "fixtures" / "frus"
SAMPLE = FIXTURES / "frus1951v07p2-sample.xml"


def documents(path: Path = SAMPLE) -> list[FrusDocument]:
    return list(read_volume(path).documents())


@pytest.fixture(scope="module")
def d1() -> FrusDocument:
    return documents()[0]


def test_volume_header_comes_from_the_tei_header() -> None:
    volume = read_volume(SAMPLE)
    assert volume.id == "frus1951v07p2"
    assert volume.title == (
        "Foreign Relations of the United States, 1951, Korea and China, Volume VII, Part 2"
    )
    assert volume.editors == ("John P. Glennon", "Harriet D. Schwar", "Paul Claussen")
    assert volume.general_editors == ("Frederick Aandahl",)
    assert volume.publisher == "United States Government Printing Office"
    assert volume.pub_place == "Washington"
    assert volume.pub_year == "1983"
    assert volume.persons == {}  # this volume prints no list of persons


def test_document_fields(d1: FrusDocument) -> None:
    assert d1.id == "frus1951v07p2-d1"
    assert d1.number == "1"
    assert d1.title == (
        "Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)"
    )
    assert d1.type == "Memorandum"
    assert (d1.date, d1.date_max, d1.day) == ("1951-01-02", None, "1951-01-02")
    assert d1.place == "Washington"
    assert d1.source_note == "794A.5/1–351"
    assert d1.url == "https://history.state.gov/historicaldocuments/frus1951v07p2/d1"


def test_from_and_to_keep_how_the_head_names_them(d1: FrusDocument) -> None:
    assert d1.senders == (Party("Joint Chiefs of Staff", None, "gloss"),)
    assert d1.recipients == (Party("Marshall", None, "person"),)


def test_title_leaves_out_footnotes(d1: FrusDocument) -> None:
    assert "covering letter" not in d1.title
    assert d1.notes[0].n == "2"
    assert d1.notes[0].text.startswith("Secretary Marshall sent the memorandum to Secretary of")
    assert d1.notes[0].offset == 0


def test_text_in_reading_order(d1: FrusDocument) -> None:
    assert d1.text.startswith("top secret\n\nSubject: Strategic Importance of Formosa.\n\n1. In")
    assert "\n\n2. The North Koreans invaded South Korea on 25 June 1950 and on 27 June" in d1.text
    assert "\n\na. Considerably improve the Communists’ strategic position" in d1.text
    assert d1.text.endswith(
        "For the Joint Chiefs of Staff:\n\nOmar N. Bradley\n\nChairman\nJoint Chiefs of Staff"
    )
    assert "Not printed." not in d1.text  # footnotes are kept apart


def test_footnotes_keep_their_numbers_and_anchor(d1: FrusDocument) -> None:
    assert [note.n for note in d1.notes] == ["2", "3", "4", "5"]
    note3 = d1.notes[1]
    assert note3.text == "Not printed."
    assert d1.text[: note3.offset].endswith("dated 20 December 1950,")
    note4 = d1.notes[2]
    assert note4.text.endswith("Foreign Relations, 1950, vol. vii, pp. 178 and 202.")
    assert d1.text[: note4.offset].endswith("upon the mainland.")


def test_page_breaks_are_page_references(d1: FrusDocument) -> None:
    assert d1.pages == ("1474", "1475", "1476")
    refs = {ref.n: ref.offset for ref in d1.page_refs}
    assert d1.text[refs["1475"] :].startswith("by memorandum that in their opinion")
    assert d1.text[: refs["1475"]].endswith("informed you ")
    assert d1.text[refs["1476"] :].startswith("b. Question: If these military needs")


def test_rereading_gives_the_same_ids() -> None:
    first = [doc.id for doc in documents()]
    assert first == [doc.id for doc in documents()]
    assert first == ["frus1951v07p2-d1", "frus1951v07p2-d22", "frus1951v07p2-d23"]


def test_a_volume_is_streamed_once() -> None:
    volume = read_volume(SAMPLE)
    list(volume.documents())
    with pytest.raises(CatalogueError, match="already read"):
        list(volume.documents())


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("xxe.xml", r"xxe\.xml: declares a DTD"),
        ("bomb.xml", r"bomb\.xml:\d+: not well-formed XML: Maximum entity amplification"),
        ("truncated.xml", r"truncated\.xml:\d+: not well-formed XML: Premature end of data"),
        ("no-documents.xml", r"no-documents\.xml: no documents"),
        ("not-tei.xml", r"not-tei\.xml:2: not a TEI file: root element is <html>"),
        (
            "noncharacter.xml",
            r"noncharacter\.xml:\d+: document d22 holds a Unicode noncharacter",
        ),
        ("absent.xml", r"absent\.xml: cannot be read: No such file or directory"),
    ],
)
def test_hostile_and_broken_files_give_one_catalogue_error(name: str, message: str) -> None:
    with pytest.raises(CatalogueError, match=message) as caught:
        documents(FIXTURES / name)
    assert caught.value.exit_code == ExitCode.CATALOGUE
    assert "\n" not in str(caught.value)
    assert "root:" not in str(caught.value) and "passwd" not in str(caught.value).split(":", 1)[1]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (None, None, (None, None)),
        ("1952-01-02T00:00:00-05:00", "1952-01-02T23:59:59-05:00", ("1952-01-02", None)),
        (
            "1952-01-02T14:05:00+09:00",
            "1952-01-02T14:05:00+09:00",
            ("1952-01-02T14:05:00+09:00", None),
        ),
        (
            "1952-01-01T00:00:00-05:00",
            "1952-01-31T23:59:59-05:00",
            ("1952-01-01T00:00:00-05:00", "1952-01-31T23:59:59-05:00"),
        ),
    ],
)
def test_frus_period(
    low: str | None, high: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert frus_period(low, high) == expected


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0, max_value=SAMPLE.stat().st_size - 1))
def test_a_truncation_reads_whole_or_is_a_catalogue_error(cut: int, tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_bytes(SAMPLE.read_bytes()[:cut])
    try:
        read = documents(path)
    except CatalogueError:
        return
    assert read == documents()  # only trailing whitespace was cut


NEWER = FIXTURES / "frus1952-54v12p2-sample.xml"


def test_newer_encoding_telegram_keeps_time_and_offset() -> None:
    volume = read_volume(NEWER)
    assert volume.id == "frus1952-54v12p2"
    assert volume.pub_year == "1987"  # the publication date, not the content dates
    assert volume.editors == ("Carl N. Raether", "Harriet D. Schwar")
    assert volume.general_editors == ("John P. Glennon",)
    _, doc = volume.documents()
    assert doc.id == "frus1952-54v12p2-d2"
    assert doc.title == "The Secretary of State to the Embassy in Burma"  # "No. 2" left out
    assert doc.type == "Telegram"
    assert doc.source_note == "793.00/1–1052: Telegram"
    assert (doc.date, doc.date_max, doc.day) == ("1952-01-15T18:44:00-05:00", None, "1952-01-15")
    assert doc.senders == (Party("Secretary of State", None, "gloss"),)
    assert doc.recipients == (Party("Embassy in Burma", None, "gloss"),)
    assert doc.place == "Washington"
    assert doc.pages == ("3",)
    assert doc.text.startswith("secret\npriority\n\n611. Embtel 651 Jan 10. Dept believes")
    assert doc.text.endswith("smuggling to KMT troops has stopped.\n\nAcheson")
    assert [(note.n, note.offset) for note in doc.notes] == [("1", 0), ("2", 242)]
    assert doc.text[: doc.notes[1].offset].endswith("approached Govts Taipei and Bangkok")


def test_dateline_time_stays_in_the_senders_zone() -> None:
    """Rangoon noon (+06:30) is what the page prints; frus:doc-dateTime-min says the same
    instant in Washington time (00:30 -05:00): the dateline's own form is kept."""
    doc, _ = read_volume(NEWER).documents()
    assert doc.id == "frus1952-54v12p2-d1"
    assert doc.title == "The Chargé in Burma (Day) to the Department of State"
    assert doc.senders == (Party("Day", None, "person"),)
    assert doc.recipients == (Party("Department of State", None, "gloss"),)
    assert (doc.date, doc.day, doc.place) == ("1952-01-10T12:00:00+06:30", "1952-01-10", "Rangoon")
    assert doc.pages == ("1", "2")
    (page2,) = doc.page_refs
    assert doc.text[: page2.offset].endswith("visit of Gen Cole to Gen ")
    assert doc.text[page2.offset :].startswith("Chase and trip of Gen Collins")
    assert [note.n for note in doc.notes] == [str(n) for n in range(2, 13)]
    assert doc.notes[-1].text == "Thakin Nu."
    assert doc.text[: doc.notes[-1].offset].endswith("take up with PriMin")


def test_memorandum_of_telephone_conversation_with_its_participants() -> None:
    d22 = documents()[1]
    assert d22.title == "Memorandum of Telephone Conversation, Prepared in the Department of State"
    assert d22.type == "Memorandum of Telephone Conversation"
    assert (d22.date, d22.place, d22.source_note) == (
        "1951-02-01",
        "Washington",
        "S/P Files: Lot 64 D 563",
    )
    assert (d22.senders, d22.recipients) == ((), ())  # the head names nobody
    assert d22.text.startswith(
        "top secret\n\nParticipants: First Party and Second Party.\n\n"
        "Telephone conversation, 6:40 p. m., February 1, 1951.\n\nFirst Party asked"
    )
    # the first page is carried from the last page break read: 1550 in the volume,
    # 1476 in the fixture, which leaves out d2-d21
    assert d22.pages[1:] == ("1551", "1552")
    page = {ref.n: ref.offset for ref in d22.page_refs}
    assert d22.text[page["1551"] :].startswith("First Party said it was important to know")
    assert d22.text[page["1552"] :].startswith("of authenticity had worked properly")


def test_telegram_with_a_local_time_and_no_zone() -> None:
    d23 = documents()[2]
    assert d23.title == "The Consul General at Hong Kong (McConaughy) to the Secretary of State"
    assert d23.type == "Telegram"
    assert (d23.date, d23.day) == ("1951-02-02T15:00:00", "1951-02-02")  # no zone invented
    assert d23.senders == (Party("McConaughy", None, "person"),)
    assert d23.recipients == (Party("Secretary of State", None, "gloss"),)
    assert (d23.place, d23.source_note) == ("Hong Kong", "293.0022/251: Telegram")
    assert d23.pages == ("1552", "1553")
    assert "Most emphasize these points:\n\n1. Violent suppression" in d23.text
    assert "\n\n10. Persons questioned unable give information" in d23.text
    assert d23.text.endswith("\n\nMcConaughy")
    (note,) = d23.notes
    assert note.n == "1" and note.text.endswith("Department (293.0022/1–1251).")
    assert d23.text[: note.offset] == "secret\n\n2112. Re Deptel 2027 January 12."


@pytest.mark.parametrize(
    ("name", "facts"),
    [
        (
            "frus1951v07p2-sample.xml",
            (
                "Foreign Relations of the United States",
                "1951",
                "Volume VII, Part 2",
                "Korea and China",
                ("John P. Glennon", "Harriet D. Schwar", "Paul Claussen"),
                ("Frederick Aandahl",),
                ("United States Government Printing Office", "Washington", "1983"),
            ),
        ),
        (
            "frus1952-54v12p2-sample.xml",
            (
                "Foreign Relations of the United States",
                "1952–1954",
                "Volume XII, Part 2",
                "East Asia and the Pacific",
                ("Carl N. Raether", "Harriet D. Schwar"),
                ("John P. Glennon",),
                ("United States Government Printing Office", "Washington", "1987"),
            ),
        ),
        (
            "frus1952-54v14p2-sample.xml",
            (
                "Foreign Relations of the United States",
                "1952–1954",
                "Volume XIV, Part 2",
                "China and Japan (in two parts)",
                ("David W. Mabon", "Harriet D. Schwar"),
                ("John P. Glennon",),
                ("United States Government Printing Office", "Washington", "1985"),
            ),
        ),
    ],
)
def test_citation_facts_come_from_title_and_publication_statements(
    name: str, facts: tuple[object, ...]
) -> None:
    volume = read_volume(FIXTURES / name)
    assert (
        volume.series,
        volume.sub_series,
        volume.volume_number,
        volume.volume_title,
        volume.editors,
        volume.general_editors,
        (volume.publisher, volume.pub_place, volume.pub_year),
    ) == facts


def test_the_complete_title_has_its_line_break_collapsed() -> None:
    volume = read_volume(FIXTURES / "frus1952-54v14p2-sample.xml")
    assert volume.title == (
        "Foreign Relations of the United States, 1952–1954. China and Japan (in two parts): "
        "Volume XIV, Part 2"
    )


def test_a_header_without_the_facts_leaves_them_empty(tmp_path: Path) -> None:
    path = tmp_path / "bare.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="bare"><teiHeader><fileDesc>'
        "<titleStmt><editor>Only Editor</editor><editor role='technical'>T. E.</editor>"
        "</titleStmt></fileDesc></teiHeader><text><body>"
        '<div type="document" xml:id="d1" n="1"><head>A</head><p>x</p></div>'
        "</body></text></TEI>",
        encoding="utf-8",
    )
    volume = read_volume(path)
    assert (volume.title, volume.series, volume.sub_series) == ("bare", None, None)
    assert (volume.volume_number, volume.volume_title) == (None, None)
    assert (volume.publisher, volume.pub_place, volume.pub_year) == (None, None, None)
    # an editor with no role is one of the volume's editors; an unknown role is not guessed
    assert (volume.editors, volume.general_editors) == (("Only Editor",), ())


PERSONS = FIXTURES / "frus1952-54v14p2-sample.xml"


def test_list_of_persons_gives_name_and_identification() -> None:
    persons = read_volume(PERSONS).persons
    assert list(persons) == [
        "p_ADG1",
        "p_CWS1",
        "p_CR1",
        "p_DJF1",
        "p_EDD1",
        "p_RGMB1",
        "p_SWJ1",
        "p_THS1",
        "p_YS1",
        "p_YOKYHC1",
    ]
    assert persons["p_ADG1"] == Person(
        "p_ADG1", "Acheson, Dean G.", "Secretary of State to January 1953."
    )
    assert persons["p_SWJ1"].name == "Sebald, William J."
    assert persons["p_SWJ1"].identification.startswith(
        "United States Political Adviser to the Supreme Commander, Allied Powers, Japan until"
    )
    # a name inside the identification is part of it, not a person of its own
    assert persons["p_CR1"].identification == (
        "Administrative Assistant to President Eisenhower, January–March 1953; thereafter "
        "Special Assistant to the President for National Security Affairs."
    )
    # an identification that opens with a bracket keeps it
    assert persons["p_CWS1"] == Person(
        "p_CWS1",
        "Churchill, Winston S.",
        "(Sir Winston from April 24, 1953), Prime Minister of the United Kingdom.",
    )
    assert persons["p_YOKYHC1"].identification.startswith("(Yü Hung-Chün), Governor of Taiwan")


def test_parties_link_into_the_list_of_persons() -> None:
    volume = read_volume(PERSONS)
    d462, d532 = volume.documents()
    assert d462.senders == (Party("Secretary of State", None, "gloss"),)
    assert d462.recipients == (Party("Sebald", "p_SWJ1", "person"),)
    assert (d462.type, d462.date, d462.place, d462.pages) == (
        "Telegram",
        "1951-12-31T14:26:00",
        "Tokyo",
        ("1063", "1064"),
    )
    assert d462.text.endswith("given most serious consideration.\n\nAcheson")
    assert [note.n for note in d462.notes] == ["2", "3", "4", "5", "6", "7"]
    assert d532.senders == (Party("John Foster Dulles", "p_DJF1", "person"),)
    assert d532.recipients == (Party("Yoshida", "p_YS1", "person"),)
    assert (d532.date, d532.place, d532.pages) == ("1952-02-28", "Washington", ("1196",))
    assert d532.type is None  # neither the source note nor the title says "Letter"
    for party in d462.recipients + d532.senders + d532.recipients:
        assert party.person_id in volume.persons


def test_editorial_note_with_a_period() -> None:
    volume = read_volume(FIXTURES / "frus1952-54v12p2-editorial-note.xml")
    (note,) = volume.documents()
    assert (note.id, note.number, note.title, note.type) == (
        "frus1952-54v12p2-d68",
        "68",
        "Editorial Note",
        "Editorial Note",
    )
    # frus:doc-dateTime-min/max as days, both kept: here the span of the whole volume
    assert (note.date, note.date_max, note.day) == ("1952-01-04", "1954-12-24", "1952-01-04")
    assert (note.senders, note.recipients, note.place, note.source_note) == ((), (), None, None)
    assert note.text.startswith("On April 17, the First Committee of the United Nations")
    assert note.text.endswith("see U.N. document A/PV.428.")
    (page,) = note.page_refs
    assert page.n == "99"
    assert note.text[page.offset :].startswith("On April 22, the Committee adopted")
    assert volume.undated == 0


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (None, None, (None, None)),
        ("1952-01-04T02:30:00-05:00", None, ("1952-01-04", None)),
        ("1952-01-04T02:30:00-05:00", "1952-01-04T23:00:00-05:00", ("1952-01-04", None)),
        ("1953-04-01T00:00:00-05:00", "1953-04-30T23:59:59-05:00", ("1953-04-01", "1953-04-30")),
        ("1953-01-01T00:00:00-05:00", "1953-12-31T23:59:59-05:00", ("1953-01-01", "1953-12-31")),
    ],
)
def test_note_period(
    low: str | None, high: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert note_period(low, high) == expected


def test_a_document_with_no_date_is_kept_and_counted(tmp_path: Path) -> None:
    """The editorial note of the fixture, as the older encoding gives one: no
    frus:doc-dateTime-min/max and no dateline (no real one of these is in the fixtures)."""
    source = (FIXTURES / "frus1952-54v12p2-editorial-note.xml").read_text(encoding="utf-8")
    path = tmp_path / "undated.xml"
    start = source.index('subtype="editorial-note"')
    end = source.index(">", start)
    path.write_text(source[:start] + source[end:], encoding="utf-8")
    volume = read_volume(path)
    (note,) = volume.documents()
    assert (note.type, note.date, note.date_max, note.day) == ("Editorial Note", None, None, None)
    assert volume.undated == 1


REAL = [
    "frus1951v07p2-sample.xml",
    "frus1952-54v12p2-sample.xml",
    "frus1952-54v12p2-editorial-note.xml",
    "frus1952-54v14p2-sample.xml",
]
SNAPSHOT = FIXTURES / "reading-snapshot.json"


def reading(name: str) -> dict[str, object]:
    volume = read_volume(FIXTURES / name)
    docs = [dataclasses.asdict(doc) for doc in volume.documents()]
    return {
        "persons": {k: dataclasses.asdict(p) for k, p in volume.persons.items()},
        "documents": docs,
    }


def test_reading_is_unchanged_on_the_real_fixtures() -> None:
    """Every field of every document, as the reader gave it before it was made faster;
    regenerate with ``python tests/test_frus.py`` only when a change is meant."""
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for name in REAL:
        assert json.loads(json.dumps(reading(name))) == snapshot[name], name


if __name__ == "__main__":
    SNAPSHOT.write_text(
        json.dumps({name: reading(name) for name in REAL}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
