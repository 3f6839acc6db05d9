"""Shared fixtures: isolate every test from the user's environment."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "documents.json"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the user's catalogue, colour settings or terminal width."""
    for name in ("KOREA_CATALOGUE", "KOREA_MAX_BYTES", "NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")


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
