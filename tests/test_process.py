"""The process: one entry, every ending mapped to one line and an exit code."""

from __future__ import annotations

import pytest

from armisticecli.cli import app
from armisticecli.process import _command_name, command_for
from clihelp import korea

EXAMPLES = {
    "list": ["list", "--since", "1951", "--person", "Filippov", "--format", "tsv"],
    "show": ["show", "114956", "--format", "tsv"],
    "search": ["search", "Chou", "En-lai", "--json"],
    "people": ["people", "Soviet", "Premier", "--on", "1953-07-03", "--format", "csv"],
    "timeline": ["timeline", "--events", "--by", "month", "--format", "tsv"],
    "cite": ["cite", "cipher-3410", "--style", "ris"],
    "export": ["export", "Filippov", "--format", "bibtex"],
    "validate": ["validate", "--json"],
    "schema": ["schema"],
}


def test_every_command_has_an_example_here() -> None:
    assert {_command_name(info) for info in app.registered_commands} == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_cut_down_app_behaves_as_the_whole_app(name: str) -> None:
    """The app built for one command gives the same help and the same results."""
    assert command_for([name]).name == command_for([], whole_app=True).name
    for args in ([name, "--help"], EXAMPLES[name], [name, "--no-such-option"]):
        cut = korea(*args)
        whole = korea(*args, whole_app=True)
        assert (cut.exit_code, cut.stdout, cut.stderr) == (
            whole.exit_code,
            whole.stdout,
            whole.stderr,
        ), args
    assert korea(*EXAMPLES[name]).exit_code == 0


def test_a_system_exit_1_is_not_turned_into_success(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a closed pipe under rich's help is success; any other SystemExit(1) stays 1."""

    def exits(*_: object, **__: object) -> None:
        raise SystemExit(1)

    monkeypatch.setattr("armisticecli.archive.Archive.listing", exits)
    assert korea("list").exit_code == 1


@pytest.mark.parametrize(
    ("code", "exit_code", "stderr"),
    [(None, 0, ""), (0, 0, ""), (3, 3, ""), ("stopped: no room", 1, "korea: stopped: no room\n")],
)
def test_a_system_exit_ends_as_python_would(
    monkeypatch: pytest.MonkeyPatch, code: object, exit_code: int, stderr: str
) -> None:
    def exits(*_: object, **__: object) -> None:
        raise SystemExit(code)

    monkeypatch.setattr("armisticecli.archive.Archive.listing", exits)
    result = korea("list")
    assert (result.exit_code, result.stderr) == (exit_code, stderr)


def test_an_empty_completion_variable_is_no_completion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_KOREA_COMPLETE", "")
    result = korea("list", "--format", "tsv")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 7


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["list", "--since", "Jnue 1951"], "korea: --since: cannot read date 'Jnue 1951'"),
        (["timeline", "--until", "1951-02-30"], "korea: --until: cannot read date"),
        (["people", "Stalin", "--on", "soon"], "korea: --on: cannot read date 'soon'"),
        (["list", "--person", " "], "korea: --person: empty name"),
        (["list", "--person", "Xyzzyq"], "korea: --person: no person matches 'Xyzzyq'"),
        (["people", "Xyzzyq"], "korea: no person matches 'Xyzzyq'"),
        (["list", "--since", "1953", "--until", "1950"], "korea: --since: 1953 is after"),
    ],
)
def test_library_field_errors_name_the_option(args: list[str], start: str) -> None:
    result = korea(*args)
    assert result.exit_code == (1 if "no person matches" in start else 2)
    assert result.stderr.startswith(start), result.stderr
    assert result.stderr.count("\n") == 1
