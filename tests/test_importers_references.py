"""armisticecli.importers.references: CSL-JSON, RIS and BibTeX in, and korea's export back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armisticecli.catalogue import Directory, load
from armisticecli.errors import CatalogueError
from armisticecli.importers.references import (
    FORMATS,
    Format,
    from_latex,
    import_references,
    parse_references,
)
from armisticecli.model import Document, Party, Source
from armisticecli.render.cite import render

ZOTERO = Path(__file__).parent / "fixtures" / "references"


# -- what Zotero writes --------------------------------------------------------------------


def test_zotero_csl_json_manuscripts_and_letters() -> None:
    items = parse_references((ZOTERO / "zotero-items.json").read_text("utf-8"), "csl-json")
    first, letter, month = items
    assert (first.title, first.date, first.kind, first.genre) == (
        "Ciphered Telegram No. 3410, Filippov [Stalin] to Krasovsky, for Cde. Mao Zedong",
        "1951-06-05",
        "manuscript",
        "Ciphered telegram",
    )
    assert first.authors == ("Filippov",) and first.recipients == ("Krasovsky",)
    assert letter.kind == "letter" and letter.translators == ("Gary Goldberg",)
    assert letter.archive == "Archive of the President of the Russian Federation"
    assert letter.archive_location == "AP RF. F. 3. Op. 65. D. 830. pp. 136-147."
    assert month.date == "1949-08"  # a month stays a month
    assert month.recipients == ("G.M. Malenkov",)  # family and given, in reading order


def test_the_new_user_imports_a_zotero_export_and_lists_it(tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    report = import_references([ZOTERO / "zotero-items.json"], "csl-json", target)
    assert report.volumes[0].added == 3
    catalogue = load(target)
    by_title = {doc.title[:19]: doc for doc in catalogue.documents}
    telegram = by_title["Ciphered Telegram N"]
    assert telegram.from_ == (Party(person="stalin", name="Filippov"),)  # the form kept
    assert telegram.to[0].person == "krasovsky"


@pytest.mark.parametrize(
    ("fmt", "text", "says"),
    [
        ("csl-json", "{not json", "not CSL-JSON"),
        ("csl-json", '"a string"', "expected a JSON array"),
        ("csl-json", "[1]", "item 1 is not a JSON object"),
        ("ris", "hello\n", "expected a line 'TY  - TYPE'"),
        ("ris", "TY  - MANSCPT\nTI  - x\n", "no 'ER  -' line"),
        ("ris", "", "no record"),
        ("bibtex", "nothing here", "no entry"),
        ("bibtex", "@misc{k, title = {open", "an unclosed brace"),
        ("bibtex", "@misc{k, title = }", "expected a name"),
    ],
)
def test_what_is_not_a_reference_file_is_one_line(fmt: Format, text: str, says: str) -> None:
    with pytest.raises(CatalogueError) as raised:
        parse_references(text, fmt, "x")
    assert says in str(raised.value) and "\n" not in str(raised.value)


def test_ris_as_zotero_writes_it() -> None:
    text = (
        "TY  - PCOMM\r\nTI  - Letter from Kim Il Sung\r\nAU  - Kim, Il Sung\r\n"
        "A2  - Stalin, Joseph\r\nDA  - 1950/03//\r\nN1  - A note that\r\n runs on\r\n"
        "AN  - f. 45, op. 1\r\nDB  - APRF\r\nER  - \r\n"
    )
    (item,) = parse_references("\ufeff" + text, "ris")
    assert item.date == "1950-03" and item.recipients == ("Joseph Stalin",)
    assert item.authors == ("Il Sung Kim",)  # as RIS says: "Family, Given"
    assert (item.archive, item.archive_location) == ("APRF", "f. 45, op. 1")
    assert item.note == "A note that\nruns on"


def test_bibtex_as_people_write_it() -> None:
    text = r"""
    @string{apr = "Archive of the President"}
    @comment{ignored}
    @unpublished{stalin1951,
      title = "Ciphered Telegram No. {3410}",
      author = {Filippov and Glennon, John P.},
      year = 1951, month = jun,
      institution = apr # ", Moscow",
      note = {Record ID 114956. Keep this.},
    }
    """
    (item,) = parse_references(text, "bibtex")
    assert item.title == "Ciphered Telegram No. 3410"
    assert item.authors == ("Filippov", "John P. Glennon")
    assert item.date == "1951-06"
    assert item.archive == "Archive of the President, Moscow"
    assert (item.record_id, item.note) == ("114956", "Keep this.")


def test_unreadable_items_are_counted_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(
        json.dumps(
            [
                {"type": "manuscript", "title": "No date"},
                {"type": "manuscript", "issued": {"date-parts": [[1951, 2, 30]]}, "title": "Bad"},
                {"type": "manuscript", "issued": {"raw": "8 Feb 1952"}, "title": "Good"},
            ]
        ),
        encoding="utf-8",
    )
    report = import_references([path], "csl-json", tmp_path / "mine.json")
    assert (report.volumes[0].added, report.volumes[0].unreadable) == (1, 2)
    (doc,) = load(tmp_path / "mine.json").documents
    assert doc.date == "1952-02-08"


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"{\'{e}}t{\'{e}}", "été"),
        (r"\textbraceleft{}x\textbraceright{} 50\% \& \$ \#", "{x} 50% & $ #"),
        (r"a~b --- c -- d ``q''", "a\u00a0b — c – d “q”"),
        (r"{\ss} {\'{\i}} {\'{\^{a}}} \textasciitilde{}", "ß í ấ ~"),
    ],
)
def test_latex_read_back(latex: str, plain: str) -> None:
    assert from_latex(latex) == plain


# -- korea's export, read back (what each format keeps: the module's table) ----------------

WORDS = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    min_size=1,
    max_size=8,
)
SPECIAL = st.sampled_from(["’s", "“q”", "é", "Ł", "&", "%", "$", "#", "_", "{x}", "a/b", "Ñ"])
TEXT = st.lists(WORDS | SPECIAL, min_size=1, max_size=6).map(" ".join)
NAME = st.lists(
    st.sampled_from(["Mao", "Zedong", "Peng", "Dehuai", "Jakub", "Nowak", "Ana", "Ruiz"]),
    min_size=1,
    max_size=3,
).map(" ".join)
DATES = st.one_of(
    st.integers(1945, 1960).map(str),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1945, 1960), st.integers(1, 12)),
    st.builds(
        lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
        st.integers(1945, 1960),
        st.integers(1, 12),
        st.integers(1, 28),
    ),
)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    source = Source(
        archive=draw(st.none() | TEXT),
        reference=draw(st.none() | TEXT),
        credit=draw(st.none() | TEXT),
        translators=tuple(draw(st.lists(NAME, max_size=2, unique=True))),
        url=draw(st.none() | WORDS.map(lambda w: f"https://example.org/{w}")),
    )
    return Document(
        id=draw(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)),
        record_id=draw(st.none() | st.integers(1, 999999).map(str)),
        date=draw(DATES),
        type=draw(st.sampled_from(["telegram", "letter", "note", "ciphered telegram"])),
        title=draw(TEXT),
        summary=draw(st.just("") | TEXT),
        from_=tuple(Party(name=n) for n in draw(st.lists(NAME, max_size=2, unique=True))),
        to=tuple(Party(name=n) for n in draw(st.lists(NAME, max_size=2, unique=True))),
        source=source if source != Source() else None,
        language=draw(st.none() | st.sampled_from(["Russian", "Chinese"])),
    )


def plain_quotes(text: str | None) -> str | None:
    """What BibTeX's LaTeX keeps of typographic apostrophes (written as ')."""
    return text.replace("’", "'") if text is not None else None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), fmt=st.sampled_from(FORMATS))
def test_export_then_import_gives_back_each_field_the_format_holds(
    doc: Document, fmt: Format
) -> None:
    text = render(fmt, Directory(), [doc])
    (item,) = parse_references(text, fmt)
    same = plain_quotes if fmt == "bibtex" else (lambda value: value)
    source = doc.source or Source()
    assert item.problem is None
    assert same(item.title) == same(doc.title)
    assert item.date == doc.date
    assert (item.genre or "").casefold() == doc.type.casefold()
    assert item.authors == tuple(p.name for p in doc.from_)
    assert item.recipients == (() if fmt == "ris" else tuple(p.name for p in doc.to))
    assert item.translators == source.translators
    assert same(item.archive) == same(source.archive)
    assert same(item.archive_location) == same(source.reference)
    assert same(item.credit) == same(source.credit)
    assert item.url == source.url
    assert item.language == (doc.language if fmt == "csl-json" else None)
    assert same(item.abstract or "") == same(doc.summary)
    assert item.record_id == doc.record_id
    assert item.korea_id == (None if fmt == "bibtex" else doc.id)
    assert item.note is None  # korea's own note lines are all read back, none left over


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_bundled_catalogue_round_trips_through_each_format(fmt: Format, tmp_path: Path) -> None:
    from armisticecli.catalogue import bundled_path

    bundled = load(bundled_path())
    exported = tmp_path / f"k.{fmt}"
    exported.write_text(render(fmt, bundled, bundled.documents), encoding="utf-8")
    target = tmp_path / "copy.json"
    report = import_references([exported], fmt, target)
    assert report.volumes[0].added == 7 and report.volumes[0].people_added == 0
    again = {doc.title: doc for doc in load(target).documents}
    for original in bundled.documents:
        title = original.title if fmt != "bibtex" else original.title.replace("’", "'")
        doc = again[title]
        assert doc.date == original.date
        linked = [party.person for party in original.from_ if party.person]
        assert [party.person for party in doc.from_ if party.person] == linked
    # and into the bundled catalogue itself: all seven matched, nothing duplicated
    copy = tmp_path / "documents.json"
    copy.write_bytes(bundled_path().read_bytes())
    report = import_references([exported], fmt, copy)
    assert (report.volumes[0].added, report.volumes[0].matched) == (0, 7)


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("csl-json", '[{"type": "letter", "title": "T", "issued": {"date-parts": [[1951]]},'
                     ' "author": [{"family": "Mao", "given": "Zedong"}]}]'),
        ("ris", "TY  - MANSCPT\nTI  - T\nAU  - Mao, Zedong\nPY  - 1951\nER  - \n"),
        ("bibtex", "@misc{k, title = {T}, author = {Mao, Zedong}, year = 1951}"),
    ],
)  # fmt: skip
def test_a_name_given_in_parts_is_tried_family_name_first(
    fmt: Format, text: str, tmp_path: Path
) -> None:
    """Zotero users enter "Mao" as family and "Zedong" as given: "Zedong Mao" finds no one,
    "Mao Zedong" finds Mao, and no second Mao is made."""
    path = tmp_path / "items"
    path.write_text(text, encoding="utf-8")
    target = tmp_path / "mine.json"
    report = import_references([path], fmt, target)
    (doc,) = load(target).documents
    assert doc.from_ == (Party(person="mao", name="Mao Zedong"),)
    assert report.volumes[0].people_added == 0
