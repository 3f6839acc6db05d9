"""Terminal tables at any width: nothing cropped, every id and word shown."""

from __future__ import annotations

import io

import pytest

from armisticecli.catalogue import bundled_path, load
from armisticecli.render.terminal import documents_table, hits_table, make_console, people_table
from armisticecli.search import search_documents

CATALOGUE = load(bundled_path())


def render(renderable: object, width: int) -> str:
    buffer = io.StringIO()
    make_console(file=buffer, width=width).print(renderable)
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
