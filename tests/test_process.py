"""The process: one entry, every ending mapped to one line and an exit code."""

from __future__ import annotations

from pathlib import Path

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
    "related": ["related", "cipher-16293", "--depth", "2", "--format", "tsv"],
    "network": ["network", "--since", "1951", "--format", "graphml"],
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


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        # click's complaints, in the library's style: the option first, then the fault
        (["list", "--limit", "0"], 2, "korea: --limit: must be at least 1, got 0\n"),
        (["search", "Stalin", "-n", "0"], 2, "korea: --limit: must be at least 1, got 0\n"),
        (
            ["list", "--format", "xml"],
            2,
            "korea: --format: 'xml' is not one of 'table', 'tsv', 'json', 'jsonl', 'csv'"
            " (see `korea list --help`)\n",
        ),
        (["show"], 2, "korea: REF: missing (see `korea show --help`)\n"),
        (
            ["list", "--sinc", "1951"],
            2,
            "korea: --sinc: no such option; did you mean --since? (see `korea list --help`)\n",
        ),
        (
            ["list", "--catalogue"],
            2,
            "korea: --catalogue: needs a value (see `korea list --help`)\n",
        ),
        (
            ["list", "--person", "Peng", "Dehuai"],
            2,
            "korea: unexpected argument 'Dehuai': an option value with spaces needs quotes"
            ' (--person "Peng Dehuai") (see `korea list --help`)\n',
        ),
        (
            ["list", "--json", "--person", "Kim", "Il", "Sung", "-n", "2"],
            2,
            "korea: unexpected argument 'Il': an option value with spaces needs quotes"
            ' (--person "Kim Il Sung") (see `korea list --help`)\n',
        ),
        (
            ["list", "--limit", "x"],
            2,
            "korea: --limit: must be a whole number, got 'x' (see `korea list --help`)\n",
        ),
        (
            ["list", "--reverse=yes"],
            2,
            "korea: --reverse: takes no value; give --reverse alone (see `korea list --help`)\n",
        ),
        (["foo"], 2, "korea: no such command 'foo' (see `korea --help`)\n"),
        (
            ["lst"],
            2,
            "korea: no such command 'lst'; did you mean `korea list`? (see `korea --help`)\n",
        ),
        (
            ["--catalogue", "a.json", "list", "--catalogue", "b.json"],
            2,
            "korea: --catalogue: given twice: give one catalogue\n",
        ),
        # a word after a flag, or after the command, is not part of a value
        (
            ["list", "--json", "Peng"],
            2,
            "korea: unexpected argument 'Peng' (see `korea list --help`)\n",
        ),
        (["list", "extra"], 2, "korea: unexpected argument 'extra' (see `korea list --help`)\n"),
        # options that conflict, or mean nothing alone, are errors, not silence
        (
            ["list", "--json", "--format", "csv"],
            2,
            "korea: --format: csv conflicts with --json; give one of them\n",
        ),
        (
            ["people", "--on", "1951"],
            2,
            'korea: --on: needs a NAME: it resolves a title held on DATE (korea people "Soviet'
            ' Premier" --on 1953-07-03)\n',
        ),
        (
            ["show", ""],
            2,
            "korea: an empty document reference: give an id, a record id or words of a title\n",
        ),
        (["people", " "], 2, "korea: an empty name: give a name, or none to list everyone\n"),
        # a type nobody has lists the types there are
        (
            ["list", "--type", "cipher"],
            1,
            "korea: --type: no document is of type 'cipher'; the types are: telegram,"
            " ciphered telegram, draft agreement, note\n",
        ),
        # suggestions only when a name is near; otherwise say so
        (
            ["people", "Kim Jong Il"],
            1,
            "korea: no person matches 'Kim Jong Il'; nearest: Kim Il Sung\n",
        ),
        (
            ["people", "Ridgway"],
            1,
            "korea: no person matches 'Ridgway'; no name of the 24 people is near it"
            " (`korea people` lists them)\n",
        ),
        (
            ["list", "--person", "Ridgway", "--since", "1951-01-01"],
            1,
            "korea: --person: no person matches 'Ridgway'; no name of the 24 people is near it"
            " (`korea people` lists them)\n",
        ),
    ],
)
def test_messages_say_what_was_wrong(args: list[str], code: int, stderr: str) -> None:
    result = korea(*args)
    assert (result.exit_code, result.stderr) == (code, stderr)


def test_the_catalogue_option_may_come_before_the_command(tmp_path: Path) -> None:
    from armisticecli.catalogue import bundled_path

    copy = tmp_path / "mine.json"
    copy.write_bytes(bundled_path().read_bytes())
    after = korea("list", "--catalogue", str(copy), "--format", "tsv")
    for before in (["--catalogue", str(copy)], [f"--catalogue={copy}"], ["--catalog", str(copy)]):
        result = korea(*before, "list", "--format", "tsv")
        assert (result.exit_code, result.stdout) == (0, after.stdout), before
    missing = korea("--catalogue", str(tmp_path / "none.json"), "list")
    assert (missing.exit_code, missing.stderr) == (
        3,
        f"korea: {tmp_path / 'none.json'}: no such file\n",
    )
    alone = korea("--catalogue", str(copy))
    assert alone.exit_code == 2
    assert "korea --catalogue FILE list" in alone.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--catalogue", "f", "list", "-n", "1"], ["list", "--catalogue", "f", "-n", "1"]),
        (["--catalog=f", "show", "x"], ["show", "--catalogue=f", "x"]),
        (
            ["list", "--catalog", "f", "--", "--catalog"],
            ["list", "--catalogue", "f", "--", "--catalog"],
        ),
        (["list", "--catalogue", "f"], ["list", "--catalogue", "f"]),
        (["--catalogue", "f"], ["--catalogue", "f"]),
        (["--catalogue", "f", "--version"], ["--catalogue", "f", "--version"]),
        (["--catalogue"], ["--catalogue"]),
    ],
)
def test_hoisting_the_catalogue_option(args: list[str], expected: list[str]) -> None:
    from armisticecli.process import hoist_catalogue

    assert hoist_catalogue(args) == expected
