"""Shared fixtures: isolate every test from the user's environment."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "documents.json"

COMPLETION_VARIABLES = (
    "_KOREA_COMPLETE",
    "_KOREA_COMPLETE_LINE",
    "_KOREA_COMPLETE_WORD",
    "COMP_WORDS",
    "COMP_CWORD",
    "_TYPER_COMPLETE_ARGS",
    "_TYPER_COMPLETE_FISH_ACTION",
    "_TYPER_COMPLETE_WORD_TO_COMPLETE",
)
"""What completion scripts set: a test asks for completion only by setting them itself."""


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No test sees the user's settings, colours or terminal width, or writes to their files.

    Every KOREA_* variable is removed, and the cache, HOME and the XDG folders point into
    a fresh temporary folder per test (kept apart from ``tmp_path``, which tests list and
    fill themselves), so `korea --install-completion` writes there too (ZDOTDIR, where
    zsh's startup file may live instead, is removed). Tests that want their own cache
    folder set KOREA_CACHE_DIR again. Returns that temporary folder.
    """
    for name in [key for key in os.environ if key.startswith("KOREA_")]:
        monkeypatch.delenv(name)
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "ZDOTDIR", *COMPLETION_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    sandbox = tmp_path_factory.mktemp("env")
    monkeypatch.setenv("KOREA_CACHE_DIR", str(sandbox / "korea-cache"))
    monkeypatch.setenv("HOME", str(sandbox / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(sandbox / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(sandbox / "xdg-config"))
    return sandbox


@pytest.fixture(scope="session")
def bundled_data() -> dict[str, Any]:
    return json.loads(BUNDLED.read_text(encoding="utf-8"))


@pytest.fixture
def write_catalogue(tmp_path: Path) -> Callable[[Any], Path]:
    """Write a catalogue (a dict, or raw str/bytes) to a temporary file and return its path."""
    counter = iter(range(10_000))

    def write(content: Any, name: str | None = None) -> Path:
        path = tmp_path / (name or f"catalogue-{next(counter)}.json")
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        return path

    return write


def minimal(**document: Any) -> dict[str, Any]:
    """A one-document catalogue; keyword arguments override the document's fields."""
    doc = {"id": "d1", "date": "1951-06-05", "type": "telegram", "title": "A title"}
    doc.update(document)
    return {"documents": [doc], "people": [{"id": "p1", "name": "Person One"}]}


FORMULA = '=HYPERLINK("https://example.com/?leak","Open the source")'
"""A title a spreadsheet would run: CSV output must show it, not run it."""


def formula_catalogue() -> dict[str, Any]:
    """A catalogue whose cells begin like formulas (=, +, -, @) in every listing:
    documents, a person, an event."""
    catalogue = minimal(
        title=FORMULA,
        summary="+1+1 and more",
        places=["-2+3"],
        **{"from": [{"person": "p1"}]},
    )
    catalogue["people"] = [{"id": "p1", "name": "@SUM(1+1)"}]
    catalogue["events"] = [{"id": "e1", "date": "1951-06-05", "title": "=1+1 happened"}]
    return catalogue


def csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of a CSV output with a header, as a spreadsheet's importer reads them."""
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


C1_AND_BIDI = frozenset(
    [
        *map(chr, range(0x80, 0xA0)),
        *"\u061c\u200e\u200f",
        *map(chr, range(0x202A, 0x202F)),
        *map(chr, range(0x2066, 0x206A)),
    ]
)
"""C1 controls (CSI, OSC, NEL as one character each) and the BiDi marks, embeddings,
overrides and isolates: a terminal may act on them, so no output writes them raw."""
CONTROLS = "\x9b2J\x9d0;owned\x9c\u202eevil\u202c\u2066x\u2069\u200e\u200f\u061c\x85"
"""Catalogue text with each kind of control in it."""


def controls_catalogue() -> dict[str, Any]:
    """A catalogue with :data:`CONTROLS` in a title, a summary, a person's name and an event."""
    catalogue = minimal(title=f"Title {CONTROLS}", summary=f"Summary {CONTROLS}", people=["p1"])
    catalogue["people"] = [{"id": "p1", "name": f"Person {CONTROLS}"}]
    catalogue["events"] = [{"id": "e1", "date": "1951-06-05", "title": f"Event {CONTROLS}"}]
    return catalogue


def raw_controls(text: str) -> set[str]:
    """The C1 and BiDi controls written raw in ``text`` (none, for any output)."""
    return C1_AND_BIDI.intersection(text)
