"""armisticecli.importers.wilson: Digital Archive pages saved as text, into catalogues."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armisticecli.catalogue import bundled_path, check, load
from armisticecli.errors import CatalogueError
from armisticecli.importers.wilson import (
    MONTHS,
    document_id,
    import_wilson,
    iso_date,
    parse_page,
    read_page,
    translators,
)

PAGES = Path(__file__).parent / "fixtures" / "wilson"
SEED = PAGES / "seed-results.txt"
SEED_TEXT = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_c262d64977bfa921.txt"


def seed_entries() -> list[tuple[str, str, str]]:
    """(date line, title, summary) as the seed file itself has them, line by line."""
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = lines.index("Documents") + 1
    body = lines[start:]
    return [(body[i], body[i + 1], body[i + 2]) for i in range(0, len(body), 3)]


# -- the seed ------------------------------------------------------------------------------


def test_the_fixture_is_the_seed_itself() -> None:
    if SEED_TEXT.exists():  # the shared folder sits beside a checkout, not in a clone
        assert SEED.read_text(encoding="utf-8").rstrip("\n") == SEED_TEXT.read_text(
            encoding="utf-8"
        ).rstrip("\n")


def test_the_seed_imported_into_an_empty_catalogue_gives_the_bundled_seven(
    tmp_path: Path,
) -> None:
    target = tmp_path / "mine.json"
    report = import_wilson([SEED], target)
    assert report.written and report.volumes[0].added == 7
    imported = load(target)
    bundled = load(bundled_path())
    assert check(target)[1] == []
    mine = {(d.title, d.date, d.summary) for d in imported.documents}
    assert mine == {(d.title, d.date, d.summary) for d in bundled.documents}
    # and verbatim against the seed's own lines (typographic quotes included)
    assert {(title, iso_date(date), summary) for date, title, summary in seed_entries()} == mine
    assert any("’" in d.summary for d in imported.documents)


def test_the_seed_imported_into_the_bundled_catalogue_matches_all_seven(tmp_path: Path) -> None:
    target = tmp_path / "documents.json"
    shutil.copy(bundled_path(), target)
    before = target.read_bytes()
    report = import_wilson([SEED], target)
    page = report.volumes[0]
    assert (page.added, page.matched, page.unchanged, page.conflicts) == (0, 7, 7, 0)
    assert not report.written and target.read_bytes() == before


def test_reimporting_gives_the_same_ids(tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    second = tmp_path / "b.json"
    import_wilson([SEED], first)
    import_wilson([SEED], second)
    assert [d.id for d in load(first).documents] == [d.id for d in load(second).documents]
    again = import_wilson([SEED], first)
    assert again.volumes[0].unchanged == 7 and not again.written


# -- the shapes, from real pages -----------------------------------------------------------


def test_a_current_record_page() -> None:
    page = read_page(PAGES / "record-113636.txt")
    assert page.shape == "record"
    (record,) = page.records
    assert record.title == (
        "Ciphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong"
    )
    assert (record.date, record.record_id, record.type) == ("1952-02-03", "113636", "Telegram")
    assert record.language is None  # the page's Language label has no value
    assert record.reference == (
        "APRF, f. 45, op. 1, d. 342, l. 78; AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, "
        "List 80; and RGASPI, f. 558, op. 11, d. 342, ll. 0078."
    )
    assert record.summary == (
        "Telegram to Mao from Stalin approving of Mao's progress at the armistice talks and "
        "reminding him to have Polish and Czech included in the commission of observers."
    )
    assert record.text.startswith("[...]\n\nCIPHERED TELEGRAM No. 709\n\nTOP PRIORITY")
    assert record.text.endswith("No. 72/III\n\n[...]")
    assert "Rights" not in record.text and record.summary not in record.text
    assert record.url is None and record.credit is None  # the page states neither


def test_a_record_page_keeps_its_line_breaks() -> None:
    (record,) = read_page(PAGES / "record-111199.txt").records
    assert record.text.startswith("CIPHERED TELEGRAM\nBEIJING - SOVIET AMBASSADOR\n\nTo transmit")
    assert record.text.endswith("FILIPPOV [Stalin]\n1 December 1950")
    assert (record.record_id, record.reference) == (
        "111199",
        "APRF, Fond 45, Opis 1, Delo 336, List 5",
    )


def test_an_older_record_page_with_its_citation() -> None:
    page = read_page(PAGES / "old-record-114960.txt")
    assert page.shape == "old record"
    (record,) = page.records
    # the citation's title, not the copy's heading (which lost "Republic")
    assert record.title == "Note from the Embassy of the Polish Republic in Korea"
    assert record.date == "1953-09-02"
    assert record.archive == "Polish Foreign Ministry Archive"
    assert record.reference is None
    assert record.credit == (
        "Obtained for NKIDP by Jakub Poprocki and translated for NKIDP by Maya Latynski."
    )
    assert record.translators == ("Maya Latynski",)
    assert record.url == "http://digitalarchive.wilsoncenter.org/document/114960"
    assert record.record_id is None  # not stated: the URL's number is not taken for one
    assert record.language == "Polish"
    assert record.support == (
        "This document was made possible with support from the Leon Levy Foundation."
    )
    assert record.text.startswith("English Translation Embassy Pyongyang, 2 September 1953")


def test_an_older_results_page() -> None:
    page = read_page(PAGES / "old-results.txt")
    assert page.shape == "old results"
    assert [(r.date, r.title[:30]) for r in page.records] == [
        ("1951-06-07", "Ciphered Telegram No. 3446, Fi"),
        ("1951-06-13", "Ciphered Telegram No. 3559, Fi"),
        ("1960-09-25", "[Mao Zedong's] Conversation wi"),
        ("1973-11-03", "Cablegram from the Australian "),
    ]


def test_another_current_results_page() -> None:
    page = read_page(PAGES / "results-5.txt")
    assert [r.date for r in page.records] == [
        "1950-05-13",
        "1950-05-14",
        "1949-10-26",
        "1950-01-31",
        "1949-05-26",
    ]
    assert page.records[1].summary is not None and "“Filippov,”" in page.records[1].summary


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("August 1, 1953", "1953-08-01"),
        ("June 07, 1951", "1951-06-07"),
        ("August 1949", "1949-08"),
        ("1948", "1948"),
        ("Telegram", None),
        ("1 - 7 of 7", None),
    ],
)
def test_date_lines_keep_their_precision(line: str, iso: str | None) -> None:
    assert iso_date(line) == iso


@pytest.mark.parametrize(
    ("credit", "names"),
    [
        ("Translated for NKIDP by Gary Goldberg.", ("Gary Goldberg",)),
        ("Translated by Jingxia Yang and Douglas Stiffler", ("Jingxia Yang", "Douglas Stiffler")),
        ("Obtained for NKIDP by Jakub Poprocki.", ()),
        (None, ()),
    ],
)
def test_translators_are_the_names_after_translated_by(
    credit: str | None, names: tuple[str, ...]
) -> None:
    assert translators(credit) == names


# -- what is not a page --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("just some notes\nabout a telegram\n", "expected a Digital Archive page"),
        ("<!DOCTYPE html>\n<html><body>x</body></html>\n", "an HTML file"),
        ("Results:\n\n1 - 3 of 3\n\nAugust 1, 1953\n\nA title\n\nA summary\n", "lists 1"),
        ("Results:\n\n1 - 1 of 1\n\nFebruary 30, 1952\n\nA title\n\nA summary\n", "no day 30"),
        ("Results:\n\n1 - 1 of 1\n\nA title\n\nA summary\n", "expected a date line"),
    ],
)
def test_what_is_not_a_page_is_one_line(text: str, says: str) -> None:
    with pytest.raises(CatalogueError) as raised:
        parse_page(text, "x.txt")
    message = str(raised.value)
    assert message.startswith("x.txt") and says in message and "\n" not in message


def test_nothing_is_written_when_one_file_is_not_a_page(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing to see\n", encoding="utf-8")
    target = tmp_path / "mine.json"
    with pytest.raises(CatalogueError):
        import_wilson([SEED, bad], target)
    assert not target.exists()


# -- merging into a catalogue that has the document ---------------------------------------


def catalogue_with(tmp_path: Path, **fields: Any) -> Path:
    doc = {"id": "cipher-709", "date": "1952-02-03", "type": "telegram"}
    doc["title"] = "Ciphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong"
    doc.update(fields)
    path = tmp_path / "cat.json"
    path.write_text(json.dumps({"documents": [doc]}), encoding="utf-8")
    return path


def test_a_matched_document_gains_the_fields_it_lacks(tmp_path: Path) -> None:
    path = catalogue_with(tmp_path)
    report = import_wilson([PAGES / "record-113636.txt"], path)
    page = report.volumes[0]
    assert (page.added, page.matched, page.enriched, page.conflicts) == (0, 1, 1, 0)
    (doc,) = load(path).documents
    assert doc.id == "cipher-709" and doc.type == "telegram"  # "Telegram" is the same type
    assert doc.record_id == "113636" and doc.text.startswith("[...]")
    assert doc.source is not None and doc.source.reference is not None
    (change,) = [c for c in report.changes if c.action == "enrich"]
    assert "record_id" in change.label and "source" in change.label


def test_a_different_value_is_a_conflict_kept_unless_update(tmp_path: Path) -> None:
    path = catalogue_with(tmp_path, summary="My own summary.", record_id="113636")
    report = import_wilson([PAGES / "record-113636.txt"], path)
    (conflict,) = [c for c in report.changes if c.action == "conflict"]
    assert conflict.label.startswith("summary: 'My own summary.' -> \"Telegram to Mao")
    assert conflict.label.endswith("(kept)")
    assert load(path).documents[0].summary == "My own summary."
    report = import_wilson([PAGES / "record-113636.txt"], path, update=True)
    assert load(path).documents[0].summary.startswith("Telegram to Mao from Stalin")
    assert report.volumes[0].updated == 1


def test_matched_by_record_id_whatever_the_title(tmp_path: Path) -> None:
    path = catalogue_with(tmp_path, record_id="113636", title="No. 709", date="1952-02")
    report = import_wilson([PAGES / "record-113636.txt"], path)
    assert report.volumes[0].matched == 1 and len(load(path).documents) == 1
    labels = [c.label for c in report.changes if c.action == "conflict"]
    assert [label.split(":")[0] for label in labels] == ["date", "title"]


def test_matched_by_url_across_http_and_https(tmp_path: Path) -> None:
    url = "https://digitalarchive.wilsoncenter.org/document/114960/"
    path = catalogue_with(tmp_path, title="Other", date="1953", source={"url": url})
    report = import_wilson([PAGES / "old-record-114960.txt"], path)
    assert report.volumes[0].matched == 1 and len(load(path).documents) == 1


def test_authors_are_linked_through_the_name_authority(tmp_path: Path) -> None:
    text = (PAGES / "record-111199.txt").read_text(encoding="utf-8")
    page = tmp_path / "record.txt"
    page.write_text(text.replace("Author(s):\n", "Author(s):\n\nFilippov\n\nJakub Nowak\n"))
    target = tmp_path / "mine.json"
    report = import_wilson([page], target)
    (doc,) = load(target).documents
    stalin, new = doc.from_
    assert (stalin.person, stalin.name) == ("stalin", "Filippov")
    assert new.name == "Jakub Nowak" and new.person == "jakub-nowak"
    added = {p.id: p for p in load(target).people}["jakub-nowak"]
    assert added.imported == "record.txt"
    assert report.volumes[0].people_added == 1


def test_ids() -> None:
    (record,) = read_page(PAGES / "record-113636.txt").records
    assert document_id(record) == "da-113636"
    first = read_page(SEED).records[0]
    assert document_id(first) == "1953-08-01-note-embassy-polish-republic"


# -- any results page, read back -----------------------------------------------------------

LINE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\u0085\ufeff"
    ),
    min_size=1,
    max_size=60,
).map(str.strip)
DATES = st.builds(
    lambda y, m, d: f"{MONTHS[m - 1]} {d}, {y}",
    st.integers(1900, 1999),
    st.integers(1, 12),
    st.integers(1, 28),
) | st.builds(lambda y, m: f"{MONTHS[m - 1]} {y}", st.integers(1900, 1999), st.integers(1, 12))


def plain(line: str) -> bool:
    from armisticecli.importers.wilson import COUNT_LINE

    return bool(line) and iso_date(line) is None and not COUNT_LINE.match(line)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(DATES, LINE.filter(plain), LINE.filter(plain)), min_size=1, max_size=8))
def test_any_results_page_reads_back_verbatim(entries: list[tuple[str, str, str]]) -> None:
    body = "".join(f"{date}\n\n{title}\n\n{summary}\n\n" for date, title, summary in entries)
    text = f"Skip to content\n\nResults:\n\n1 - {len(entries)} of {len(entries)}\n\nDocuments\n\n"
    page = parse_page(text + body, "p.txt")
    assert [(r.title, r.summary, r.date) for r in page.records] == [
        (title, summary, iso_date(date)) for date, title, summary in entries
    ]
