"""How each shell's completion script reads korea's answer: a real bash, and models of the
readings zsh's and PowerShell's scripts make (neither shell is installed here)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest


def bash_reads(quoted: list[str]) -> list[str]:
    """What a real bash makes of each of ``quoted`` as one word."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    script = "printf '%s\\0' " + " ".join(quoted)
    done = subprocess.run([bash, "--norc", "--noprofile", "-c", script], capture_output=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode().split("\0")[:-1]


def zsh_reads(answer: str) -> list[tuple[str, str | None]]:
    """The values and descriptions zsh's script gets from ``answer``.

    1. ``eval $(korea)``: the output split at blanks, joined by single spaces,
       parsed as shell words (only single quotes may appear here);
    2. ``_arguments`` evaluates its ``((...))`` list as words (only ``$'...'``);
    3. ``_describe`` (compdescribe) splits each at the first unescaped colon and
       drops the backslashes of both halves.
    """
    if answer == "_files":
        return []
    joined = " ".join(answer.split())
    command, spec = single_quoted_words(joined)
    assert command == "_arguments"
    assert spec.startswith("*: :((") and spec.endswith("))")
    found = []
    for word in spec[len("*: :((") : -2].split(" "):
        assert word.startswith("$'") and word.endswith("'"), word
        assert " " not in word and "\t" not in word
        text = re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(int(m[1], 16)), word[2:-1])
        assert "\\" not in re.sub(r"\\x[0-9a-f]{2}", "", word[2:-1])
        found.append(describe(text))
    return found


def single_quoted_words(text: str) -> list[str]:
    """Words as zsh's ``eval`` parses them, when only single quotes may occur."""
    words, current, quoted, index = [], "", False, 0
    while index < len(text):
        char = text[index]
        if quoted:
            quoted = char != "'"
            current += char if quoted else ""
        elif char == "'":
            quoted = True
        elif char == "\\":
            index += 1
            current += text[index]
        elif char == " ":
            words.append(current)
            current = ""
        else:
            assert char.isalnum() or char in "_", f"unquoted {char!r} in {text!r}"
            current += char
        index += 1
    assert not quoted
    return [*words, current]


def describe(item: str) -> tuple[str, str | None]:
    """Value and description as compdescribe splits them (zsh's Src/Zle/computil.c)."""
    index = 0
    while index < len(item) and item[index] != ":":
        index += 2 if item[index] == "\\" else 1

    def drop_backslashes(text: str) -> str:
        return re.sub(r"\\(.)", r"\1", text)

    value = drop_backslashes(item[:index])
    return value, drop_backslashes(item[index + 1 :]) if index < len(item) else None


def powershell_reads(line: str) -> tuple[str, str]:
    """The text PowerShell's script inserts for ``line`` (as its parser reads it), and the
    tooltip."""
    text, _, tooltip = line.partition(":::")
    if text.startswith("'"):
        assert text.endswith("'") and len(text) >= 2
        inner = text[1:-1]
        for mark in "'\u2018\u2019\u201a\u201b":
            assert re.fullmatch(f"(?:[^{mark}]|{mark}{mark})*", inner), text
            inner = inner.replace(mark * 2, mark)
        return inner, tooltip
    assert not re.search(r"[\s'\"`$&;|(){}<>,@#]", text), text
    return text, tooltip
