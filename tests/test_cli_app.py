from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from armisticecli import __version__
from armisticecli.cli import app
from clihelp import korea
from conftest import BUNDLED


def test_version() -> None:
    result = korea("--version")
    assert result.exit_code == 0
    assert result.stdout == f"korea {__version__}\n"


def test_no_command_shows_help() -> None:
    result = korea()
    assert "Usage" in result.stdout
    assert result.exit_code == 2
    assert "korea: " not in result.stderr  # the help alone, no empty error line after it


def test_unknown_command_is_exit_2() -> None:
    result = korea("frobnicate")
    assert result.exit_code == 2
    assert result.stderr.startswith("korea: ")


def test_every_command_has_help_with_an_example_and_is_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        assert command.callback is not None and command.callback.__doc__, name
        assert "Example" in command.callback.__doc__, name
        assert re.search(rf"korea {name}\b", readme), f"korea {name} missing from README"
        assert korea(name, "--help").exit_code == 0


def test_help_at_80_columns_keeps_examples_whole_and_one_option_per_row() -> None:
    """Each example is one line of the help (never wrapped mid-command); long option
    names do not squeeze the descriptions (no "--catalogue,--catalog" column)."""
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        assert command.callback is not None and command.callback.__doc__
        doc = command.callback.__doc__
        examples = [line.strip() for line in doc.splitlines() if line.strip().startswith("korea ")]
        assert examples, name
        shown = [line.strip(" │") for line in korea(name, "--help").stdout.splitlines()]
        for example in examples:
            assert len(example) <= 76, example
            assert example in shown, example
        assert not any("--catalogue," in line for line in shown), name


def test_a_bug_is_one_line_and_exit_70(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("armisticecli.archive.load", broken)
    result = korea("list")
    assert result.exit_code == 70
    assert result.stderr.startswith("korea: internal error (ZeroDivisionError: division by zero)")
    assert result.stderr.count("\n") == 1
    monkeypatch.setenv("KOREA_DEBUG", "1")
    assert isinstance(korea("list").exception, ZeroDivisionError)


def test_commands_leave_no_exit_handlers_for_the_fast_exit_to_skip(tmp_path: Path) -> None:
    """main() ends with os._exit, which skips atexit handlers: none may matter."""
    import subprocess
    import sys

    commands = [
        ["list", "--format", "table"],
        ["list", "--json"],
        ["show", "cipher-3410", "--format", "table"],
        ["search", "Filippov", "--format", "table"],
        ["search", "Filippov", "--catalogue", str(BUNDLED)],  # through the on-disk index
        ["timeline", "--events", "--format", "table"],
        ["people", "Filippov", "--format", "table"],
        ["cite", "cipher-3410", "--style", "bibtex"],
        ["export", "--format", "ris", "-o", str(tmp_path / "out.ris")],
        ["validate"],
        ["schema"],
        ["--help"],
    ]
    code = (
        "import atexit, sys\n"
        "registered = []\n"
        "plain_register = atexit.register\n"
        "def register(func, *args, **kwargs):\n"
        "    registered.append(f'{func.__module__}.{func.__qualname__}')\n"
        "    return plain_register(func, *args, **kwargs)\n"
        "atexit.register = register\n"
        "from armisticecli.process import run\n"
        f"for args in {commands!r}:\n"
        "    code = run(args)\n"
        "    sys.stderr.write(f'ATEXIT\\t{args!r}\\t{code}\\t{sorted(set(registered))}\\n')\n"
    )
    env = {
        **os.environ,
        "KOREA_CACHE_DIR": str(tmp_path / "cache"),
        "KOREA_CACHE_MIN_BYTES": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    reports = [
        line.split("\t")[1:] for line in result.stderr.splitlines() if line.startswith("ATEXIT\t")
    ]
    assert len(reports) == len(commands), result.stderr
    # Every command must really run: a usage error would never reach the code under test.
    failed = [(args, code) for args, code, _ in reports if code != "0"]
    assert not failed, result.stderr[-2000:]
    # logging's handler flushes log handlers; korea configures none (rich's help imports it).
    harmless = {"[]", "['logging.shutdown']"}
    assert all(handlers in harmless for _, _, handlers in reports), result.stderr[-2000:]
    assert (tmp_path / "cache").is_dir()  # the index was really built and read
