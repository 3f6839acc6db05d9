"""Terminal tables at any width: nothing cropped, every id and word shown."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from armisticecli.catalogue import Catalogue, bundled_path, load, parse
from armisticecli.render.terminal import (
    MAIN_ALIAS_KINDS,
    document_view,
    documents_table,
    draw,
    hits_table,
    make_console,
    people_table,
    person_view,
    wrap,
)
from armisticecli.search import search_documents

CATALOGUE = load(bundled_path())
WIDTHS = [40, 60, 80, 100, 120, 160]


def render(renderable: object, width: int) -> str:
    buffer = io.StringIO()
    draw(make_console(file=buffer, width=width), renderable)
    return buffer.getvalue()


def words(text: str) -> set[str]:
    return {w.strip("│┃") for w in text.split()}


@pytest.mark.parametrize("width", [50, 60, 80, 100, 140])
def test_documents_table_fits_and_shows_every_id_and_title_word(width: int) -> None:
    out = render(documents_table(CATALOGUE, CATALOGUE.documents), width)
    assert max(len(line) for line in out.splitlines()) <= width
    shown = words(out)
    for doc in CATALOGUE.documents:
        assert doc.id in out.replace("\n", "") or all(part in out for part in doc.id.split("-"))
        for word in doc.title.split():
            assert word.strip(",") in " ".join(shown), (width, word)


@pytest.mark.parametrize("width", WIDTHS)
def test_rows_are_ruled_apart_at_every_width(width: int) -> None:
    """A wrapped row must not run into the next one, with or without colour."""
    out = render(documents_table(CATALOGUE, CATALOGUE.documents), width)
    assert sum(line.startswith("├") for line in out.splitlines()) == len(CATALOGUE.documents) - 1
    hits = search_documents(CATALOGUE, "armistice")
    out = render(hits_table(CATALOGUE, hits), width)
    assert sum(line.startswith("├") for line in out.splitlines()) == len(hits) - 1


@pytest.mark.parametrize("width", [60, 80, 120])
def test_hits_table_keeps_the_reasons(width: int) -> None:
    hits = search_documents(CATALOGUE, "Filippov")
    out = render(hits_table(CATALOGUE, hits), width)
    assert max(len(line) for line in out.splitlines()) <= width
    assert "pseudonym" in out


@pytest.mark.parametrize("width", [60, 80, 120])
def test_people_table_fits(width: int) -> None:
    from armisticecli import Archive

    out = render(people_table(CATALOGUE, Archive(CATALOGUE).people()), width)
    assert max(len(line) for line in out.splitlines()) <= width
    assert "Joseph Stalin" in out


# -- nothing hidden: no "…", every name whole, a URL unbroken -------------------------


def cells(out: str) -> list[list[str]]:
    """The text of each cell of a boxed table, row by row, its wrapped lines joined
    with spaces (a folded word comes back with a space inside, so compare squeezed)."""
    rows: list[list[str]] = []
    block: list[list[str]] = []
    for line in out.splitlines():
        if line.startswith(("├", "┡", "└")):
            if block:
                rows.append(
                    [" ".join(" ".join(parts).split()) for parts in zip(*block, strict=True)]
                )
            block = []
        elif line.startswith("│"):
            block.append([part.strip() for part in line.split("│")[1:-1]])
    return rows


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("width", WIDTHS)
def test_people_table_shows_every_alias_whole(width: int) -> None:
    from armisticecli import Archive

    people = Archive(CATALOGUE).people()
    out = render(people_table(CATALOGUE, people), width)
    assert "…" not in out
    rows = cells(out)
    assert len(rows) == len(people)
    for entry, row in zip(people, rows, strict=True):
        name, person_id, aliases = row[0], row[1], row[2]
        assert squeeze(name) == squeeze(entry.person.name)
        assert squeeze(person_id) == entry.person.id
        main = [a for a in entry.person.aliases if a.kind in MAIN_ALIAS_KINDS]
        main.sort(key=lambda a: MAIN_ALIAS_KINDS.index(a.kind))
        assert squeeze(aliases) == squeeze(", ".join(a.name for a in main[:6])), width


def test_people_table_at_60_keeps_the_names_the_issue_saw_cut() -> None:
    from armisticecli import Archive

    out = render(people_table(CATALOGUE, Archive(CATALOGUE).people()), 60)
    aliases = " ".join(row[2] for row in cells(out))
    for text in ["Feng Xi", "Мао Цзэдун", "菲利波夫,", "毛澤東,"]:
        assert text in aliases


@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_ends_a_word_with_an_ellipsis(width: int) -> None:
    from armisticecli import Archive

    archive = Archive(CATALOGUE)
    for renderable in [
        documents_table(CATALOGUE, CATALOGUE.documents),
        hits_table(CATALOGUE, search_documents(CATALOGUE, "Filippov Mao armistice")),
        *(document_view(CATALOGUE, doc) for doc in CATALOGUE.documents),
        *(person_view(CATALOGUE, entry) for entry in archive.people("Filippov")),
    ]:
        assert "…" not in render(renderable, width)


@pytest.mark.parametrize("width", [40, 60, 80])
def test_show_keeps_the_url_on_one_line(width: int) -> None:
    doc = CATALOGUE.by_id["charge-telegram"]
    out = render(document_view(CATALOGUE, doc), width)
    url = "https://digitalarchive.wilsoncenter.org/document/114956"
    assert any(line.split() == ["URL", url] for line in out.splitlines())
    # everything but the URL fits the width
    assert all(len(line) <= width for line in out.splitlines() if url not in line)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("Feng Xi, Fyn Si", 8, ["Feng Xi,", "Fyn Si"]),
        ("菲利波夫, Feng", 9, ["菲利波夫,", "Feng"]),
        ("Krasnoyarskaya", 5, ["Krasn", "oyars", "kaya"]),
        ("毛泽东毛澤東", 5, ["毛泽", "东毛", "澤東"]),
        ("Peng̈ Dehuai", 4, ["Peng̈", "Dehu", "ai"]),
        ("see https://example.org/document/114956 now", 10, [
            "see", "https://example.org/document/114956", "now"
        ]),
        ("one\ntwo", 20, ["one", "two"]),
    ],
)  # fmt: skip
def test_wrap_breaks_at_spaces_folds_long_words_and_keeps_urls(
    text: str, width: int, lines: list[str]
) -> None:
    assert wrap(text, width) == lines


# -- property: generated names in several scripts --------------------------------------

LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗ"  # Cyrillic
    "αβγδεζηθικλμνξοπρστυφχψω"  # Greek
    "ლავრენტიბერია"  # Georgian
    "김일성이승만남일박헌영"  # Hangul (wide)
    "毛泽东周恩来彭德怀菲利波夫高岗柴成文"  # Han (wide)
    "ŏŭéāǎ"  # precomposed
)
COMBINING = "\u0300\u0301\u0303\u0308\u030c\u0306"

grapheme = st.tuples(st.sampled_from(LETTERS), st.text(alphabet=COMBINING, max_size=2)).map("".join)
word = st.lists(grapheme, min_size=1, max_size=25).map("".join)
name = st.lists(word, min_size=1, max_size=4).map(" ".join)


def catalogue_of(people: list[tuple[str, list[str]]], titles: list[str]) -> Catalogue:
    data = {
        "documents": [
            {
                "id": f"d{i}",
                "date": "1951-06-05",
                "type": "telegram",
                "title": title,
                "from": [{"person": "p0"}],
                "to": [{"person": f"p{len(people) - 1}"}],
            }
            for i, title in enumerate(titles)
        ],
        "people": [
            {
                "id": f"p{i}",
                "name": person_name,
                "aliases": [{"name": alias, "kind": "native"} for alias in aliases],
            }
            for i, (person_name, aliases) in enumerate(people)
        ],
    }
    return parse(json.dumps(data).encode(), Path("generated.json"))


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(st.tuples(name, st.lists(name, max_size=3)), min_size=1, max_size=4),
    titles=st.lists(name, min_size=1, max_size=3),
    width=st.integers(40, 160),
)
def test_generated_names_are_never_cut(
    people: list[tuple[str, list[str]]], titles: list[str], width: int
) -> None:
    from armisticecli import Archive

    catalogue = catalogue_of(people, titles)
    out = render(people_table(catalogue, Archive(catalogue).people()), width)
    assert "…" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= width
    for (person_name, aliases), row in zip(people, cells(out), strict=True):
        assert squeeze(row[0]) == squeeze(person_name)
        assert squeeze(row[2]) == squeeze(", ".join(aliases))
    out = render(documents_table(catalogue, catalogue.documents), width)
    assert "…" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= width
    for title, row in zip(titles, cells(out), strict=True):
        assert squeeze(title) in squeeze(row[3 if width >= 70 else 2])


@pytest.mark.parametrize("width", [40, 60, 80])
def test_sender_and_recipient_under_the_title_are_labelled(width: int) -> None:
    """Without colour (NO_COLOR, TERM=dumb) the parties must still read apart from the title."""
    out = render(documents_table(CATALOGUE, CATALOGUE.documents), width)
    titles = {squeeze(row[1]): squeeze(row[-1]) for row in cells(out)}
    zhou = "From: Zhou Enlai To: Chai Junwu (Chai Chengwen), Peng Dehuai, Gao Gang"
    assert titles["zhou-telegram"].endswith(squeeze(zhou))
    typed = " Type: draft agreement" if width < 70 else ""  # the Type column is gone
    assert titles["joint-hq"].endswith(
        squeeze(f"Headquarters{typed} From: Party Central Committee")
    )


@pytest.mark.parametrize("width", [40, 60, 69, 70, 120])
def test_every_document_type_is_shown_at_every_width(width: int) -> None:
    rows = {
        squeeze(row[1]): squeeze(" ".join(row))
        for row in cells(render(documents_table(CATALOGUE, CATALOGUE.documents), width))
    }
    for doc in CATALOGUE.documents:
        assert squeeze(doc.type) in rows[doc.id]


@pytest.mark.parametrize("width", [60, 120])
def test_one_arrow_at_a_terminal(width: int) -> None:
    """why and sender → recipient share "→", at a terminal as in JSON and TSV."""
    from armisticecli import Archive

    hits = search_documents(CATALOGUE, "Filippov")
    assert any(" → " in why for hit in hits for why in hit.why)
    out = render(hits_table(CATALOGUE, hits), width)
    out += render(person_view(CATALOGUE, Archive(CATALOGUE).people("Filippov")[0]), width)
    out += render(documents_table(CATALOGUE, CATALOGUE.documents), width)
    assert "->" not in out
    assert "Filippov → Joseph" in " ".join(out.replace("│", " ").split())
