"""The layers of DESIGN.md: who may import typer, rich, rapidfuzz and dateutil."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "armisticecli"

ALLOWED = {
    "typer": {"cli.py", "process.py"},
    "rich": {
        "render/terminal.py",
        "render/timeline.py",
        "render/progress.py",
        "render/views.py",
        "render/messages.py",
        "render/fulltext.py",
    },
    "rapidfuzz": {"names.py", "search.py"},
    "dateutil": {"dates.py"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_heavy_imports_stay_in_their_room(path: Path) -> None:
    relative = str(path.relative_to(SRC))
    for module in imported_modules(path) & set(ALLOWED):
        assert relative in ALLOWED[module], f"{relative} imports {module}"


def test_library_modules_import_nothing_heavy_at_module_level() -> None:
    for path in SRC.glob("*.py"):
        if path.name in ("cli.py", "process.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = imported_modules_of(node)
                assert not names & {"rich", "rapidfuzz", "dateutil", "typer"}, path.name


def imported_modules_of(node: ast.Import | ast.ImportFrom) -> set[str]:
    if isinstance(node, ast.Import):
        return {alias.name.split(".")[0] for alias in node.names}
    return {node.module.split(".")[0]} if node.module and node.level == 0 else set()


HEAVY = {"rich", "rapidfuzz", "dateutil", "pydantic", "sqlite3", "platformdirs"}
"""Imported only on the paths that need them: tables, fuzzy matching, free-form dates,
the on-disk index.  (pydantic: Typer 0.29 imports it for every command.)"""


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["list", "--json", "--since", "1951"], set()),
        (["list", "--format", "csv", "--person", "Filippov"], set()),
        (["show", "cipher-3410", "--json"], set()),
        (["show", "cipher-3410", "--format", "tsv"], set()),
        (["search", "Filippov", "--json"], {"rapidfuzz"}),  # words match near spellings
        (["search", "armistice", "--format", "jsonl"], {"rapidfuzz"}),  # near spellings
        (["search", "Seoul", "--events", "--format", "tsv"], {"rapidfuzz"}),
        (["people", "Filippov", "--json"], set()),
        (["people", "--format", "tsv"], set()),
        (["timeline", "--events", "--json"], set()),
        (["timeline", "--format", "mermaid"], set()),
        (["cite", "cipher-3410", "--style", "bibtex"], set()),
        (["export", "--format", "ris"], set()),
        (["validate", "--json"], set()),
        (["schema"], set()),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_commands_import_only_what_they_use(args: list[str], allowed: set[str]) -> None:
    code = (
        "import sys\n"
        "from armisticecli.process import run\n"
        f"code = int(run({args!r}))\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(HEAVY)!r})\n"
        "sys.stderr.write(repr((code, heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    exit_code, heavy = ast.literal_eval(result.stderr.splitlines()[-1])
    assert exit_code == 0, result.stderr
    assert {m.split(".")[0] for m in heavy} <= allowed, heavy


def _writes_to_stderr(node: ast.AST) -> bool:
    """``sys.stderr.write(...)``, ``.writelines``, ``print(..., file=sys.stderr)``, a rich
    ``Console(stderr=True)``, or a write through a name bound to ``sys.stderr``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in ("write", "writelines"):
        target = ast.unparse(func.value)
        if target in ("sys.stderr", "sys.__stderr__", "stderr"):
            return True
    for keyword in node.keywords:
        if keyword.arg == "file" and "stderr" in ast.unparse(keyword.value):
            return True
        if keyword.arg == "stderr" and ast.unparse(keyword.value) == "True":
            return True
    return False


STDERR_WRITERS = {"render/messages.py", "render/progress.py"}
"""messages.py cleans every line; progress.py draws a bar of its own fixed text."""


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_only_the_cleaning_writer_writes_to_stderr(path: Path) -> None:
    """Catalogue text and the user's arguments reach stderr cleaned, in one place."""
    relative = str(path.relative_to(SRC))
    if relative in STDERR_WRITERS:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    writes = [getattr(node, "lineno", 0) for node in ast.walk(tree) if _writes_to_stderr(node)]
    assert writes == [], f"{relative} writes to stderr at lines {writes}: use render.messages.say"
