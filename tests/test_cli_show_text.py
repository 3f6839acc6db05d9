"""`korea show --text`: the full text with page markers and notes, through a pager."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from armisticecli.render import fulltext
from clihelp import korea

TEXT = "The delegation met at Kaesong.\n\nThe line follows the 38th parallel."
DOCUMENT = {
    "id": "d13",
    "date": "1951-07-10",
    "type": "telegram",
    "title": "The Ambassador in Korea to the Secretary of State",
    "text": TEXT,
    "footnotes": [
        {"n": "1", "text": "Repeated to Tokyo.", "offset": 30},
        {"n": "2", "text": "Source: Central Files.", "offset": None},
    ],
    "page_breaks": [{"n": "1474", "offset": 0}, {"n": "1475", "offset": 41}],
}


@pytest.fixture
def catalogue(write_catalogue: Callable[[Any], Path]) -> Path:
    plain = {"id": "bare", "date": "1951", "type": "note", "title": "A note without text"}
    return write_catalogue({"documents": [DOCUMENT, plain]})


def test_in_a_pipe_the_header_then_the_text_with_markers_then_the_notes(
    catalogue: Path,
) -> None:
    result = korea("show", "d13", "--text", "--catalogue", str(catalogue))
    assert result.exit_code == 0, result.stderr
    header, _, body = result.stdout.partition("\n\n")
    assert header.splitlines()[0] == f"title\t{DOCUMENT['title']}"
    assert body == (
        "[Page 1474]\n"
        "The delegation met at Kaesong.[1]\n\n"
        "The line [Page 1475] follows the 38th parallel.\n"
        "\n"
        "Notes\n"
        "[1] Repeated to Tokyo.\n"
        "[2] Source: Central Files.\n"
    )
    assert "\x1b" not in result.stdout


def test_the_text_is_cleaned_of_controls(write_catalogue: Callable[[Any], Path]) -> None:
    hostile = {**DOCUMENT, "text": "Plain \x1b]0;owned\x07 words.\u202e", "footnotes": []}
    hostile["page_breaks"] = []
    path = write_catalogue({"documents": [hostile]})
    out = korea("show", "d13", "--text", "--catalogue", str(path)).stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Plain ]0;owned words." in out


def test_a_document_without_text_says_so_on_stderr_and_exits_0(catalogue: Path) -> None:
    result = korea("show", "bare", "--text", "--catalogue", str(catalogue))
    assert result.exit_code == 0
    assert result.stdout.startswith("title\tA note without text\n")
    assert result.stderr == "korea: bare has no full text in this catalogue\n"


def test_json_is_the_document_object_which_holds_the_text(catalogue: Path) -> None:
    with_text = korea("show", "d13", "--text", "--json", "--catalogue", str(catalogue))
    without = korea("show", "d13", "--json", "--catalogue", str(catalogue))
    assert with_text.stdout == without.stdout
    assert json.loads(with_text.stdout)["text"] == TEXT


def test_csv_with_text_is_a_usage_error(catalogue: Path) -> None:
    result = korea("show", "d13", "--text", "--format", "csv", "--catalogue", str(catalogue))
    assert result.exit_code == 2
    assert result.stderr.startswith("korea: --text: CSV has no column for the full text")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout a terminal, as far as the pager is concerned (--format table stands for the
    rest: korea picks a table at a terminal)."""
    monkeypatch.setattr(fulltext, "at_terminal", lambda stream: True)


def _pager(tmp_path: Path) -> tuple[Path, Path]:
    """A pager that writes what it is given, and its environment's LESS, to files."""
    script = tmp_path / "pager.sh"
    paged = tmp_path / "paged.txt"
    script.write_text(f'#!/bin/sh\ncat > {paged}\necho "$LESS" > {paged}.less\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, paged


def test_at_a_terminal_the_text_goes_through_the_pager(
    catalogue: Path, terminal: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script, paged = _pager(tmp_path)
    monkeypatch.setenv("PAGER", str(script))
    monkeypatch.delenv("LESS", raising=False)
    result = korea("show", "d13", "--text", "--format", "table", "--catalogue", str(catalogue))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    shown = paged.read_text(encoding="utf-8")
    assert "The Ambassador in Korea" in shown  # the header, as show draws it
    assert "[Page 1475]" in shown and "[1] Repeated to Tokyo." in shown
    assert Path(f"{paged}.less").read_text().strip() == "FRX"  # as git sets it


@pytest.mark.parametrize("pager", ["", "cat", "no-such-pager-here --quiet"])
def test_no_pager_or_a_missing_one_prints_directly(
    catalogue: Path, terminal: None, monkeypatch: pytest.MonkeyPatch, pager: str
) -> None:
    monkeypatch.setenv("PAGER", pager)
    result = korea("show", "d13", "--text", "--format", "table", "--catalogue", str(catalogue))
    assert result.exit_code == 0
    assert "[Page 1475]" in result.stdout and "Repeated to Tokyo." in result.stdout


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ["less", "-R"]),
        ({"PAGER": "less -S"}, ["less", "-S"]),
        ({"PAGER": ""}, None),
        ({"PAGER": "cat"}, None),
        ({"PAGER": "'unclosed"}, None),
        ({"PAGER": "/nonexistent/pager"}, None),
    ],
)
def test_pager_command(environ: dict[str, str], expected: list[str] | None) -> None:
    import shutil

    if expected is not None and shutil.which("less") is None:
        pytest.skip("less is not installed")
    assert fulltext.pager_command(environ) == expected


def test_markers_at_one_offset_put_the_note_first() -> None:
    from armisticecli.model import Document, Footnote, PageBreak

    doc = Document(
        id="x",
        date="1951",
        type="note",
        title="t",
        text="word.next",
        footnotes=(Footnote("3", "note", 5),),
        page_breaks=(PageBreak("9", 5),),
    )
    assert fulltext.plain_text(doc) == "word.[3] [Page 9] next\n\nNotes\n[3] note\n"
