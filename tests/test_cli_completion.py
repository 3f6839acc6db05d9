"""Shell completion through the command line: the answer each shell gets, and the scripts.

Completion is asked for as the scripts ask: ``_KOREA_COMPLETE=complete_SHELL``
and the command line in environment variables.  Real bash: test_e2e_completion.py.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from armisticecli.completion import Quote, bash_quote, split_line
from clihelp import korea
from shellread import bash_reads, powershell_reads, zsh_reads

NAMES = [
    'O\'Brien "Bud" (Jr.) & Co; $HOME `x` \\ *?[a] !bang #1 ~t {a,b} <x>|y',
    "Kim: Il-sung",
    "Zed  Two  Spaces",
    "Quux!",
]


@pytest.fixture
def nasty(write_catalogue: Callable[[Any], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A catalogue whose people and ids hold every character a shell treats specially."""
    people = [{"id": f"p{i}", "name": name} for i, name in enumerate(NAMES)]
    documents = [
        {"id": "d1", "date": "1951-06-05", "type": "telegram", "title": "A title",
         "people": [p["id"] for p in people]},
        {"id": "d2(x)&y;$z", "date": "1951-06-06", "type": "telegram", "title": "Odd id"},
    ]  # fmt: skip
    path = write_catalogue({"documents": documents, "people": people})
    monkeypatch.setenv("KOREA_CATALOGUE", str(path))
    return path


def complete(monkeypatch: pytest.MonkeyPatch, shell: str, **env: str) -> list[str]:
    """Ask korea for completion as ``shell``'s script does; return its answer's lines."""
    monkeypatch.setenv("_KOREA_COMPLETE", f"complete_{shell}")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = korea()
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def bash(monkeypatch: pytest.MonkeyPatch, line: str, word: str | None = None) -> list[str]:
    """bash's answer; ``word`` is readline's (by default the last word of ``line``)."""
    if word is None:
        word = split_line(line).raw
        word = word[1:] if word[:1] in ("'", '"') else word
    return complete(monkeypatch, "bash", _KOREA_COMPLETE_LINE=line, _KOREA_COMPLETE_WORD=word)


# -- bash ----------------------------------------------------------------------------


def test_a_name_with_spaces_is_escaped_for_bash(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bash(monkeypatch, "korea list --person Pen") == ["Peng\\ Dehuai"]
    assert bash(monkeypatch, "korea list --person Kim") == ["Kim\\ Il\\ Sung"]
    assert bash(monkeypatch, "korea people Pe") == ["Peng\\ Dehuai"]


def test_bash_goes_on_inside_the_quote_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bash(monkeypatch, 'korea list --person "Pen') == ["Peng Dehuai"]
    assert bash(monkeypatch, "korea list --person 'Pen") == ["Peng Dehuai"]
    assert bash(monkeypatch, "korea list --person Peng\\ D") == ["Peng\\ Dehuai"]
    assert bash(monkeypatch, "korea list --person=Pen", "Pen") == ["Peng\\ Dehuai"]


def test_people_completes_the_word_after_those_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bash(monkeypatch, "korea people Peng D") == ["Dehuai"]
    assert set(bash(monkeypatch, "korea people Kim Il ")) == {"Sung"}


@pytest.mark.parametrize("start", ["", '"', "'"])
@pytest.mark.parametrize("name", NAMES)
def test_every_name_reads_back_from_bash(
    monkeypatch: pytest.MonkeyPatch, nasty: Path, name: str, start: Quote
) -> None:
    typed = bash_quote(name[:3], start)
    replies = bash(monkeypatch, f"korea list --person {start}{typed}", typed)
    # readline closes an open quote after a single candidate, unless it ends with one
    closing = start if start and not replies[0].endswith(start) else ""
    assert bash_reads([f"{start}{replies[0]}{closing}"]) == [name]
    assert len(replies) == 1


def test_ids_are_escaped_for_bash(monkeypatch: pytest.MonkeyPatch, nasty: Path) -> None:
    assert bash(monkeypatch, "korea show d2") == ["d2\\(x\\)\\&y\\;\\$z"]
    assert bash(monkeypatch, "korea cite d1 d2") == ["d2\\(x\\)\\&y\\;\\$z"]


def test_an_earlier_bash_script_still_gets_quoted_names(monkeypatch: pytest.MonkeyPatch) -> None:
    assert complete(
        monkeypatch, "bash", COMP_WORDS="korea\nlist\n--person\nPen", COMP_CWORD="3"
    ) == ["Peng\\ Dehuai"]


# -- zsh, fish, PowerShell --------------------------------------------------------------


@pytest.mark.parametrize("typed", ["", '"', "'"])
def test_zsh_gets_every_name_whole(
    monkeypatch: pytest.MonkeyPatch, nasty: Path, typed: str
) -> None:
    answer = complete(monkeypatch, "zsh", _TYPER_COMPLETE_ARGS=f"korea list --person {typed}")
    assert len(answer) == 1  # zsh reads one command
    assert sorted(value for value, _ in zsh_reads(answer[0])) == sorted(NAMES)


def test_zsh_gets_ids_with_their_titles(monkeypatch: pytest.MonkeyPatch, nasty: Path) -> None:
    (answer,) = complete(monkeypatch, "zsh", _TYPER_COMPLETE_ARGS="korea show d2")
    assert zsh_reads(answer) == [("d2(x)&y;$z", "Odd id")]


def test_zsh_with_no_candidates_completes_files(monkeypatch: pytest.MonkeyPatch) -> None:
    assert complete(monkeypatch, "zsh", _TYPER_COMPLETE_ARGS="korea validate ") == ["_files"]


def test_fish_gets_every_name_whole(monkeypatch: pytest.MonkeyPatch, nasty: Path) -> None:
    answer = complete(
        monkeypatch,
        "fish",
        _TYPER_COMPLETE_ARGS="korea people ",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
    )
    assert sorted(line.split("\t")[0] for line in answer) == sorted(NAMES)


@pytest.mark.parametrize(("line", "code"), [("korea people ", 0), ("korea validate ", 1)])
def test_fish_asks_first_whether_korea_completes_here(
    monkeypatch: pytest.MonkeyPatch, line: str, code: int
) -> None:
    monkeypatch.setenv("_KOREA_COMPLETE", "complete_fish")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
    monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "is-args")
    assert korea().exit_code == code


@pytest.mark.parametrize("shell", ["powershell", "pwsh"])
def test_powershell_gets_names_single_quoted(
    monkeypatch: pytest.MonkeyPatch, nasty: Path, shell: str
) -> None:
    answer = complete(
        monkeypatch,
        shell,
        _TYPER_COMPLETE_ARGS="korea people 'O",
        _TYPER_COMPLETE_WORD_TO_COMPLETE="'O",
    )
    quoted = NAMES[0].replace("'", "''")
    assert answer == [f"'{quoted}':::{NAMES[0]}"]
    assert powershell_reads(answer[0]) == (NAMES[0], NAMES[0])


# -- the scripts ------------------------------------------------------------------------

SCRIPT_MARKS = {
    "bash": ["complete -o default -F _korea_completion korea", "COMPREPLY", "complete_bash"],
    "zsh": ["#compdef korea", "compdef _korea_completion korea", "complete_zsh"],
    "fish": ["complete --command korea", "commandline -cp", "complete_fish"],
    "powershell": ["Register-ArgumentCompleter -Native -CommandName korea", "complete_powershell"],
    "pwsh": ["Register-ArgumentCompleter -Native -CommandName korea", "complete_powershell"],
}


@pytest.mark.parametrize("shell", sorted(SCRIPT_MARKS))
def test_show_completion_prints_the_script_of_the_shell_named(shell: str) -> None:
    for args in (["--show-completion", shell], [f"--show-completion={shell}"]):
        result = korea(*args)
        assert result.exit_code == 0, result.stderr
        for mark in SCRIPT_MARKS[shell]:
            assert mark in result.stdout, (shell, mark)
        others = {s for s in SCRIPT_MARKS if SCRIPT_MARKS[s] != SCRIPT_MARKS[shell]}
        assert not any(SCRIPT_MARKS[other][0] in result.stdout for other in others)


def test_the_shell_name_is_read_in_any_case() -> None:
    assert "#compdef korea" in korea("--show-completion", "ZSH").stdout


def test_without_a_shell_named_the_current_shell_is_detected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("shellingham.detect_shell", lambda: ("fish", "/usr/bin/fish"))
    assert "complete --command korea" in korea("--show-completion").stdout
    monkeypatch.setattr("shellingham.detect_shell", lambda: ("zsh", "/bin/zsh"))
    assert "#compdef korea" in korea("--show-completion").stdout
    assert korea("--install-completion").stdout.startswith("zsh completion installed")


def test_a_shell_that_cannot_be_detected_must_be_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import shellingham

    def fails() -> None:
        raise shellingham.ShellDetectionFailure()

    monkeypatch.setattr("shellingham.detect_shell", fails)
    result = korea("--show-completion")
    assert (result.exit_code, result.stderr) == (
        2,
        "korea: cannot tell which shell this is; name it: bash, zsh, fish or powershell\n",
    )
    monkeypatch.setattr("shellingham.detect_shell", lambda: ("tcsh", "/bin/tcsh"))
    assert korea("--install-completion").stderr.startswith("korea: cannot complete in 'tcsh'")


@pytest.mark.parametrize("option", ["--show-completion", "--install-completion"])
def test_an_unknown_shell_is_exit_2(option: str, isolated_env: Path) -> None:
    result = korea(option, "tcsh")
    assert result.exit_code == 2
    assert result.stderr == (
        "korea: cannot complete in 'tcsh'; choose bash, zsh, fish, powershell or pwsh\n"
    )
    assert not (isolated_env / "home").exists()


def test_completion_offers_the_shells(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bash(monkeypatch, "korea --show-completion ") == [
        "bash", "zsh", "fish", "powershell", "pwsh"
    ]  # fmt: skip
    assert bash(monkeypatch, "korea --install-completion p") == ["powershell", "pwsh"]


# -- installing ----------------------------------------------------------------------------


def files_under(*folders: Path) -> dict[Path, bytes]:
    return {
        path: path.read_bytes()
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def fake_powershell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """pwsh and powershell that report a profile in HOME, as PowerShell on Linux does."""
    if os.name == "nt":
        pytest.skip("a shell script stands in for PowerShell")
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in ("pwsh", "powershell"):
        program = folder / name
        program.write_text(
            '#!/bin/sh\n[ "$*" = "-NoProfile -NonInteractive -Command \\$PROFILE" ] || exit 9\n'
            'echo "$HOME/.config/powershell/Microsoft.PowerShell_profile.ps1"\n'
        )
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder


INSTALLED = {
    "bash": (".bash_completions/korea.sh", ".bashrc"),
    "zsh": (".zfunc/_korea", ".zshrc"),
    "fish": (".config/fish/completions/korea.fish", None),
    "powershell": (
        ".config/powershell/korea-completion.ps1",
        ".config/powershell/Microsoft.PowerShell_profile.ps1",
    ),
}
INSTALLED["pwsh"] = INSTALLED["powershell"]


@pytest.mark.parametrize("shell", sorted(INSTALLED))
def test_install_completion_writes_the_shells_script_in_home_and_nothing_else(
    shell: str,
    isolated_env: Path,
    tmp_path: Path,
    fake_powershell: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME")  # fish's folder is then ~/.config/fish
    monkeypatch.chdir(tmp_path)
    home = isolated_env / "home"
    before = files_under(isolated_env, tmp_path)

    result = korea("--install-completion", shell)

    assert result.exit_code == 0, result.stderr
    script, startup = INSTALLED[shell]
    written = {path for path, data in files_under(isolated_env, tmp_path).items()
               if before.get(path) != data}  # fmt: skip
    assert written == {home / script, *([home / startup] if startup else [])}
    assert (home / script).read_text() == korea("--show-completion", shell).stdout
    assert result.stdout.startswith(f"{shell} completion installed in {home / script}")
    if startup:
        assert str(home / script) in (home / startup).read_text() or shell == "zsh"


def test_installing_again_adds_no_second_line(isolated_env: Path) -> None:
    home = isolated_env / "home"
    home.mkdir()
    typer_line = f"source '{home}/.bash_completions/korea.sh'"  # what Typer's install wrote
    (home / ".bashrc").write_text(f"alias ll='ls -l'\n{typer_line}")
    (home / ".zshrc").write_text("setopt autocd\n")
    for _ in range(2):
        assert korea("--install-completion", "bash").exit_code == 0
        assert korea("--install-completion", "zsh").exit_code == 0
    assert (home / ".bashrc").read_text() == f"alias ll='ls -l'\n{typer_line}"
    assert (home / ".zshrc").read_text() == (
        "setopt autocd\nfpath+=~/.zfunc; autoload -Uz compinit; compinit\n"
    )


def test_install_follows_xdg_config_home_and_zdotdir(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZDOTDIR", str(isolated_env / "zdot"))
    assert korea("--install-completion", "fish").exit_code == 0
    assert korea("--install-completion", "zsh").exit_code == 0
    assert (isolated_env / "xdg-config" / "fish" / "completions" / "korea.fish").is_file()
    assert (isolated_env / "zdot" / ".zshrc").is_file()
    assert not (isolated_env / "home" / ".zshrc").exists()


def test_powershell_without_powershell_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    result = korea("--install-completion", "pwsh")
    assert result.exit_code == 2
    assert "korea --show-completion pwsh" in result.stderr
