from __future__ import annotations

import re

import pytest

from armisticecli import __version__
from armisticecli.cli import app
from clihelp import korea


def test_version() -> None:
    result = korea("--version")
    assert result.exit_code == 0
    assert result.stdout == f"korea {__version__}\n"


def test_no_command_shows_help() -> None:
    result = korea()
    assert "Usage" in result.stdout + result.stderr


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


def test_a_bug_is_one_line_and_exit_70(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("armisticecli.catalogue.load", broken)
    result = korea("list")
    assert result.exit_code == 70
    assert result.stderr.startswith("korea: internal error (ZeroDivisionError: division by zero)")
    assert result.stderr.count("\n") == 1
    monkeypatch.setenv("KOREA_DEBUG", "1")
    assert isinstance(korea("list").exception, ZeroDivisionError)
