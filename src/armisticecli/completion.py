"""Shell completion: the scripts, what a shell asks, how each shell must be answered.

A completion script calls ``korea`` with ``_KOREA_COMPLETE=complete_SHELL``
and the command line in environment variables; korea prints candidates in
the form that shell's script reads.  Names in the catalogue may hold spaces,
quotes, parentheses, ``&``, ``;`` or ``$``, so each shell gets them quoted
for the way it reads them:

- **bash** inserts what it is given as it is: korea quotes each candidate
  itself, going on from what was typed in the same quoting (``Peng\\ D``
  becomes ``Peng\\ Dehuai``; after ``"Pen`` the rest goes inside the quotes,
  and readline closes them).
- **zsh** quotes a candidate for the command line itself, but the script
  ``eval``\\s korea's answer, ``_arguments`` evaluates the list again, and
  ``_describe`` splits value from description at a colon: each candidate is
  written so that it survives all three (:func:`zsh_answer`).
- **fish** reads one candidate a line, a tab before its description, and
  escapes it on insertion.
- **PowerShell** inserts the text as it is: it is single-quoted when needed.

:func:`install` writes a script where the shell loads it.  Nothing here
imports typer: :mod:`armisticecli.cli` plugs these functions into Typer's
completion classes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from armisticecli.errors import UsageError
from armisticecli.files import write_text
from armisticecli.text import clean

Shell = Literal["bash", "zsh", "fish", "powershell", "pwsh"]
SHELLS: tuple[Shell, ...] = get_args(Shell)
"""The shells korea completes in (pwsh is PowerShell 7's name)."""

PROGRAM = "korea"
COMPLETE_VAR = "_KOREA_COMPLETE"

Quote = Literal["", "'", '"']
"""The quote open at a point of a command line: none, single or double."""

Dialect = Literal["posix", "fish", "powershell"]
"""How a shell quotes: bash and zsh alike; fish and PowerShell each a little differently."""


# -- which shell ---------------------------------------------------------------------


def shell_named(name: str) -> Shell:
    """The shell called ``name`` (any case); a UsageError for one korea cannot complete in."""
    for shell in SHELLS:
        if name.strip().lower() == shell:
            return shell
    raise UsageError(
        f"cannot complete in {clean(name)!r}; choose bash, zsh, fish, powershell or pwsh"
    )


def current_shell() -> Shell:
    """The shell korea runs under, found from the process tree as Typer does."""
    import shellingham  # type: ignore[import-untyped]  # only here: its process-tree walk

    try:
        name, _path = shellingham.detect_shell()
    except shellingham.ShellDetectionFailure:
        raise UsageError(
            "cannot tell which shell this is; name it: bash, zsh, fish or powershell"
        ) from None
    return shell_named(str(name))


def with_optional_values(args: Sequence[str], options: Iterable[str]) -> list[str]:
    """``args`` with ``--option=`` for each of ``options`` given no value.

    The click in Typer 0.28 has no options whose value may be left out, so
    ``--install-completion`` alone reaches it as ``--install-completion=``
    (an empty value: detect the shell), and ``--install-completion zsh``
    as it is.  Only the options before the command name are looked at.
    """
    wanted = set(options)
    out = list(args)
    index = 0
    while index < len(out) and out[index].startswith("-") and out[index] != "--":
        if out[index] in wanted:
            following = out[index + 1] if index + 1 < len(out) else None
            if following is None or following.startswith("-"):
                out[index] += "="
            else:
                index += 1  # the value given
        index += 1
    return out


# -- reading the command line as the shell does --------------------------------------


@dataclass(frozen=True)
class Line:
    """A command line up to the cursor, split into words as the shell will split it."""

    words: tuple[str, ...]
    """The complete words before the cursor's, unquoted (the program name first)."""
    incomplete: str
    """The word at the cursor, unquoted, as far as it is typed."""
    quote: Quote
    """The quote left open at the cursor."""
    raw: str
    """The word at the cursor as typed, quotes and backslashes included."""


def split_line(text: str, dialect: Dialect = "posix") -> Line:
    """Split ``text`` into words, removing quotes and escapes the way ``dialect`` does.

    An unfinished quote or escape at the end is no error: it is where the
    user is typing.  Expansions (``$HOME``, globs) are left as written.
    """
    escape = "`" if dialect == "powershell" else "\\"
    words: list[str] = []
    current: list[str] = []
    started = False
    start = 0
    quote: Quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        after = text[index + 1] if index + 1 < len(text) else ""
        if quote == "'":
            if char == "'" and dialect == "powershell" and after == "'":
                current.append("'")
                index += 1
            elif char == "'":
                quote = ""
            elif char == "\\" and dialect == "fish" and after in ("'", "\\"):
                current.append(after)
                index += 1
            else:
                current.append(char)
        elif quote == '"':
            if char == '"' and dialect == "powershell" and after == '"':
                current.append('"')
                index += 1
            elif char == '"':
                quote = ""
            elif char == escape and dialect == "powershell":
                current.append(after)
                index += 1
            elif char == escape and after in ('"', "\\", "$", "`", "\n"):
                if after != "\n":
                    current.append(after)
                index += 1
            else:
                current.append(char)
        elif char in " \t\n":
            if started:
                words.append("".join(current))
                current, started = [], False
        else:
            if not started:
                started, start = True, index
            if char == escape:
                if after and after != "\n":
                    current.append(after)
                index += 1
            elif char in "'\"":
                quote = "'" if char == "'" else '"'
            else:
                current.append(char)
        index += 1
    if not started:
        return Line(tuple(words), "", "", "")
    return Line(tuple(words), "".join(current), quote, text[start:])


@dataclass(frozen=True)
class BashWord:
    """What readline will replace with a bash candidate, and how it is quoted."""

    replaced: str
    """The text readline replaces, as typed: the word at the cursor, or its end after
    a character in COMP_WORDBREAKS (``--person=Pen``: ``Pen``; ``"Pen``: ``Pen``)."""
    typed: str
    """The value being completed, unquoted: what a candidate starts with."""
    quote: Quote
    """The quote open at the cursor: the rest of a candidate is written inside it."""
    restart: Quote | None
    """The quote open where ``replaced`` begins, when a candidate that does not go on
    from ``typed`` (``json`` for ``JS``) may replace it whole; None when text before it
    belongs to the value."""


@dataclass(frozen=True)
class Request:
    """A shell's request: the arguments before the cursor's word, and that word."""

    args: list[str]
    """The complete arguments, unquoted, without the program name."""
    incomplete: str
    """The argument at the cursor, unquoted, as far as it is typed."""
    bash: BashWord | None = None
    """For bash: where the answer goes on the command line."""


def read_request(shell: Shell, env: Mapping[str, str]) -> Request:
    """What ``shell``'s completion script asks, from the variables it sets."""
    if shell == "bash":
        return _bash_request(env)
    if shell in ("powershell", "pwsh"):
        words = split_line(env.get("_TYPER_COMPLETE_ARGS", ""), "powershell")
        typed = env.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        everything = [*words.words, *([words.incomplete] if words.raw else [])]
        args = everything[1:-1] if typed else everything[1:]
        return Request(args, split_line(typed, "powershell").incomplete)
    # zsh sends its words joined by spaces, fish the line: both as typed, up to the cursor.
    line = split_line(env.get("_TYPER_COMPLETE_ARGS", ""), "fish" if shell == "fish" else "posix")
    if not line.words:  # still typing the program's own name
        return Request([], "")
    return Request(list(line.words[1:]), line.incomplete)


def _bash_request(env: Mapping[str, str]) -> Request:
    if "_KOREA_COMPLETE_LINE" in env:  # korea's script: the line to the cursor, and readline's word
        line = split_line(env["_KOREA_COMPLETE_LINE"])
        replaced = env.get("_KOREA_COMPLETE_WORD", line.raw)
    else:  # a script installed by an earlier korea sends COMP_WORDS alone
        raw_words = env.get("COMP_WORDS", "").split("\n")
        cword = int(env.get("COMP_CWORD", "0") or 0)
        line = split_line(" ".join(raw_words[: cword + 1]))
        replaced = line.raw[1:] if line.quote and line.raw.startswith(line.quote) else line.raw
    if not line.words:
        return Request([], "")
    return Request(list(line.words[1:]), line.incomplete, _bash_word(line, replaced))


def _bash_word(line: Line, replaced: str) -> BashWord | None:
    if not line.raw.endswith(replaced):
        return None  # not the word korea read: answer nothing rather than garble the line
    typed = line.incomplete
    if typed.startswith("-") and "=" in typed:  # --person=Pen: click completes "Pen"
        typed = typed.partition("=")[2]
    kept = split_line(line.raw[: len(line.raw) - len(replaced)])
    whole = len(kept.incomplete) == len(line.incomplete) - len(typed)
    return BashWord(replaced, typed, line.quote, kept.quote if whole else None)


# -- answering each shell ------------------------------------------------------------

Item = tuple[str, str | None]
"""A candidate value and its description."""

_BASH_SPECIAL = frozenset(" \t\n'\"\\`$!&;|()<>*?[]{}#~^")


def bash_quote(text: str, quote: Quote) -> str:
    """``text`` written for bash inside ``quote``, so that it reads back as ``text``."""
    if quote == "'":
        return text.replace("'", "'\\''")
    if quote == '"':
        # `!` expands history even inside double quotes, and `\!` keeps its backslash there.
        out = ("\\" + c if c in '"\\$`' else "\"'!'\"" if c == "!" else c for c in text)
        return "".join(out)
    return "".join("\\" + c if c in _BASH_SPECIAL else c for c in text)


def bash_item(word: BashWord, value: str) -> str | None:
    """The text to put in place of ``word.replaced`` for ``value``; None if it cannot go there."""
    if value.startswith(word.typed):
        reply, quote = word.replaced + bash_quote(value[len(word.typed) :], word.quote), word.quote
    elif word.restart is not None:
        reply, quote = bash_quote(value, word.restart), word.restart
    else:
        return None
    # Readline closes the quote after a single candidate, unless the text before the
    # cursor already ends with that quote character: then it must be closed here.
    if quote and reply.endswith(quote):
        reply += quote
    return reply


def _zsh_word(value: str, help_: str | None) -> str:
    # _describe splits value from description at the first colon no backslash escapes,
    # and drops every backslash of both.
    described = value.replace("\\", "\\\\").replace(":", "\\:")
    if help_:
        described += ":" + help_.replace("\\", "\\\\")
    # _arguments evaluates its ((...)) list as shell words: $'...' with every ASCII
    # character but letters and digits as \xHH, so no space, quote or colon is left
    # for the eval before it to split or unquote.
    return "$'" + "".join(_zsh_char(c) for c in described) + "'"


def _zsh_char(char: str) -> str:
    if char.isascii() and not (char.isalnum() or char in "-_./,+@%="):
        return f"\\x{ord(char):02x}"
    return char


def zsh_answer(items: Sequence[Item]) -> str:
    """What zsh's script evaluates: the candidates for ``_arguments``, or files if none."""
    if not items:
        return "_files"
    listed = " ".join(_zsh_word(value, help_) for value, help_ in items)
    return "_arguments " + _single_quoted(f"*: :(({listed}))")


def fish_item(value: str, help_: str | None) -> str:
    """One line for fish: the value, a tab, its description; fish escapes it on insertion."""
    return f"{value}\t{help_}" if help_ else value


_POWERSHELL_SPECIAL = frozenset(" \t'\"`$&;|(){}<>,@#\u2018\u2019\u201a\u201b\u201c\u201d\u201e")


def powershell_item(value: str, help_: str | None) -> str | None:
    """One line for PowerShell: the text it inserts, ``:::``, and a tooltip."""
    if ":::" in value:  # the script splits at ":::": such a value cannot be sent
        return None
    if not value or any(c in _POWERSHELL_SPECIAL for c in value):
        for mark in "'\u2018\u2019\u201a\u201b":  # all are single quotes to PowerShell
            value = value.replace(mark, mark * 2)
        value = f"'{value}'"
    return f"{value}:::{help_ or ' '}"


def answer(shell: Shell, request: Request, items: Iterable[Item]) -> str:
    """korea's answer to ``shell``, in the form its script reads."""
    cleaned = [(clean(value), clean(help_) if help_ else None) for value, help_ in items]
    if shell == "bash":
        word = request.bash
        replies = [bash_item(word, value) for value, _ in cleaned] if word else []
        return "\n".join(reply for reply in replies if reply is not None)
    if shell == "zsh":
        return zsh_answer(cleaned)
    if shell == "fish":
        return "\n".join(fish_item(value, help_) for value, help_ in cleaned)
    lines = (powershell_item(value, help_) for value, help_ in cleaned)
    return "\n".join(line for line in lines if line is not None)


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


# -- the scripts ----------------------------------------------------------------------

# bash: the line to the cursor and readline's word go to korea, which quotes its answer;
# each line of it is one candidate, read without word splitting or globbing. Warnings
# on stderr would land in the middle of the command line, so they are dropped.
_BASH = """\
_korea_completion() {
    local line
    COMPREPLY=()
    while IFS= read -r line || [[ -n $line ]]; do
        COMPREPLY+=("$line")
    done < <(env _KOREA_COMPLETE_LINE="${COMP_LINE:0:COMP_POINT}" \\
                 _KOREA_COMPLETE_WORD="$2" \\
                 _KOREA_COMPLETE=complete_bash "$1" 2>/dev/null)
    return 0
}

complete -o default -F _korea_completion korea
"""

# zsh, fish and PowerShell: Typer's scripts (korea answers them in their formats),
# with stderr kept off the command line.
_ZSH = """\
#compdef korea

_korea_completion() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" \\
             _KOREA_COMPLETE=complete_zsh korea 2>/dev/null)
}

# Autoloaded from fpath (as --install-completion sets it up), this file is the body of
# _korea, run at the first TAB: it must complete then too, not only register.
if [[ "${funcstack[1]}" == "_korea" ]]; then
  _korea_completion "$@"
else
  compdef _korea_completion korea
fi
"""

_FISH = (
    "complete --command korea --no-files"
    ' --arguments "(env _KOREA_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args'
    ' _TYPER_COMPLETE_ARGS=(commandline -cp) korea 2>/dev/null)"'
    ' --condition "env _KOREA_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args'
    ' _TYPER_COMPLETE_ARGS=(commandline -cp) korea 2>/dev/null"\n'
)

_POWERSHELL = """\
Import-Module PSReadLine
Set-PSReadLineKeyHandler -Chord Tab -Function MenuComplete
$scriptblock = {
    param($wordToComplete, $commandAst, $cursorPosition)
    $Env:_KOREA_COMPLETE = "complete_powershell"
    $Env:_TYPER_COMPLETE_ARGS = $commandAst.ToString()
    $Env:_TYPER_COMPLETE_WORD_TO_COMPLETE = $wordToComplete
    korea 2>$null | ForEach-Object {
        $commandArray = $_ -Split ":::"
        $command = $commandArray[0]
        $helpString = $commandArray[1]
        [System.Management.Automation.CompletionResult]::new(
            $command, $command, 'ParameterValue', $helpString)
    }
    $Env:_KOREA_COMPLETE = ""
    $Env:_TYPER_COMPLETE_ARGS = ""
    $Env:_TYPER_COMPLETE_WORD_TO_COMPLETE = ""
}
Register-ArgumentCompleter -Native -CommandName korea -ScriptBlock $scriptblock
"""

_SCRIPTS: dict[Shell, str] = {
    "bash": _BASH,
    "zsh": _ZSH,
    "fish": _FISH,
    "powershell": _POWERSHELL,
    "pwsh": _POWERSHELL,
}


def script(shell: Shell) -> str:
    """The completion script for ``shell``, to be sourced by it."""
    return _SCRIPTS[shell]


# -- installing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Installed:
    """Where completion was installed."""

    shell: Shell
    script: Path
    """The completion script written."""
    startup: Path | None
    """The startup file that now loads it (None when the shell finds it by itself)."""


def install(shell: Shell, env: Mapping[str, str] | None = None) -> Installed:
    """Write ``shell``'s completion script where it loads it, in the user's home.

    bash: ``~/.bash_completions/korea.sh``, sourced from ``~/.bashrc``; zsh:
    ``~/.zfunc/_korea``, put on ``fpath`` by ``$ZDOTDIR/.zshrc`` (or
    ``~/.zshrc``); fish: ``completions/korea.fish`` in its configuration
    folder, which fish loads by itself; PowerShell: ``korea-completion.ps1``
    beside the profile the shell reports, dot-sourced from that profile.
    These are the places Typer used, so installing again replaces a script
    installed before and adds no second line to a startup file.
    """
    env = os.environ if env is None else env
    home = Path(env.get("HOME") or Path.home())
    if shell == "bash":
        target = home / ".bash_completions" / f"{PROGRAM}.sh"
        startup: Path | None = home / ".bashrc"
        line = f"source {_single_quoted(str(target))}"
    elif shell == "zsh":
        target = home / ".zfunc" / f"_{PROGRAM}"
        startup = Path(env.get("ZDOTDIR") or home) / ".zshrc"
        line = "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
    elif shell == "fish":
        config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
        target, startup, line = config / "fish" / "completions" / f"{PROGRAM}.fish", None, ""
    else:
        profile = _powershell_profile(shell, env)
        target, startup = profile.parent / f"{PROGRAM}-completion.ps1", profile
        line = f". {_powershell_quoted(str(target))}"
    _write(target, script(shell))
    if startup is not None:
        _add_line(startup, line, str(target) if shell != "zsh" else line)
    return Installed(shell, target, startup)


def _powershell_profile(shell: Shell, env: Mapping[str, str]) -> Path:
    """The current user's profile, as the shell itself reports it."""
    program = shutil.which(shell, path=env.get("PATH"))
    if program is None:
        raise UsageError(
            f"cannot find {shell} to ask where its profile is; add the output of "
            f"`korea --show-completion {shell}` to your profile instead"
        )
    try:
        reported = subprocess.run(
            [program, "-NoProfile", "-NonInteractive", "-Command", "$PROFILE"],
            capture_output=True,
            text=True,
            check=True,
            env=dict(env),
            timeout=60,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(f"cannot ask {shell} where its profile is: {exc}") from None
    if not reported:
        raise UsageError(f"{shell} did not say where its profile is")
    return Path(reported)


def _powershell_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {clean(str(path.parent))}: {exc.strerror}") from None
    write_text(path, text)


def _add_line(path: Path, line: str, marker: str) -> None:
    """Append ``line`` to the startup file ``path`` unless ``marker`` is in it already."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {clean(str(path))}: {exc}") from None
    if marker in text:
        return
    if text and not text.endswith("\n"):
        text += "\n"
    _write(path, f"{text}{line}\n")


def words_on(words: Sequence[str], found: Iterable[Item]) -> list[Item]:
    """Completions of the last of ``words`` from names ``found`` for all of them joined.

    `korea people Peng D` takes the name as several words: the candidates
    are the rest of each name from the word being typed (``Dehuai``).
    """
    head = " ".join(words[:-1])
    if not head:
        return list(found)
    start = len(head) + 1
    wanted = (head + " ").casefold()
    return [(value[start:], help_) for value, help_ in found if value[:start].casefold() == wanted]
