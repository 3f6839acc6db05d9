"""``korea show --text``: a document's full text with its page markers and notes.

The text is laid out once (:func:`pieces`): the catalogue's text with
"[Page 1475]" where each printed page begins and "[1]" where each note's mark
stands, then the notes, numbered as printed.  A pipe gets it plain
(:func:`plain_text`); a terminal gets it drawn by rich and read through the
user's pager (:func:`page`), as git does: ``$PAGER``, else ``less -R``;
``PAGER=""`` or ``PAGER=cat`` means no pager, and a pager that cannot be found
means printing directly.  Every piece of catalogue text goes through
:func:`armisticecli.text.clean_block` (newlines kept) or :func:`clean`.
"""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING, Literal

from armisticecli.text import clean, clean_block

if TYPE_CHECKING:
    from rich.text import Text

    from armisticecli.model import Document

Kind = Literal["text", "page", "mark"]
DEFAULT_PAGER = "less -R"
LESS = "FRX"
"""Set for less when the user has not set LESS, as git does: quit when the text fits
one screen (F), pass colours (R), leave the screen as it was (X)."""


def pieces(doc: Document) -> list[tuple[str, Kind]]:
    """The text in reading order, cut where a page begins or a note's mark stands:
    (text, "text"), ("[Page 1475]", "page"), ("[1]", "mark")."""
    text = doc.text
    # At one offset, a note's mark first: it belongs to the word before it.
    inserts = sorted(
        [
            (min(max(n.offset, 0), len(text)), 0, f"[{n.n}]")
            for n in doc.footnotes
            if n.offset is not None
        ]
        + [(min(max(p.offset, 0), len(text)), 1, f"[Page {p.n}]") for p in doc.page_breaks]
    )
    result: list[tuple[str, Kind]] = []
    position = 0
    for offset, order, label in inserts:
        if offset > position:
            result.append((text[position:offset], "text"))
            position = offset
        if order == 1:  # a page marker stands apart from the words around it
            before = text[offset - 1 : offset] if offset else ""
            after = text[offset : offset + 1]
            if not offset:  # before the text: a line of its own
                label += "\n"
            else:
                label = (" " if not before.isspace() else "") + label
                label += " " if after and not after.isspace() else ""
        result.append((label, "mark" if order == 0 else "page"))
    if position < len(text):
        result.append((text[position:], "text"))
    return result


def notes(doc: Document) -> list[str]:
    """Each note as printed: "[1] Printed from a telegram." (one line each)."""
    return [clean(f"[{note.n}] {note.text}") for note in doc.footnotes]


def plain_text(doc: Document) -> str:
    """The text with its markers, then its notes, for a pipe: plain, no escape codes."""
    body = "".join(clean_block(part) for part, _ in pieces(doc)).rstrip("\n")
    lines = [body]
    if doc.footnotes:
        lines += ["", "Notes", *notes(doc)]
    return "\n".join(lines) + "\n"


PAGE_STYLE = "dim"
MARK_STYLE = "bold"


def rich_text(doc: Document) -> Text:
    """The text with its markers (styled) and notes, for a terminal."""
    from rich.text import Text

    shown = Text()
    for part, kind in pieces(doc):
        style = {"text": "", "page": PAGE_STYLE, "mark": MARK_STYLE}[kind]
        shown.append(clean_block(part), style=style)
    shown.rstrip()
    if doc.footnotes:
        shown.append("\n\nNotes", style="bold")
        for line in notes(doc):
            shown.append("\n" + line)
    return shown


def pager_command(environ: os._Environ[str] | dict[str, str] | None = None) -> list[str] | None:
    """The pager to run, as words, or None for none: ``$PAGER`` (``""`` or ``cat``:
    none), else ``less -R``; None too when the program cannot be found."""
    import shlex
    import shutil

    env = os.environ if environ is None else environ
    command = env.get("PAGER", DEFAULT_PAGER)
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    if not words or words == ["cat"]:
        return None
    if shutil.which(words[0]) is None:
        return None
    return words


def at_terminal(stream: IO[str]) -> bool:
    """Whether output goes to a person at a terminal (and so through a pager)."""
    return stream.isatty()


def page(text: str, out: IO[str] | None = None) -> None:
    """Show ``text`` through the user's pager, or write it when there is none.

    While the pager runs, Ctrl-C is the pager's (less ignores it), as in git;
    quitting the pager early is not an error.
    """
    import signal
    import subprocess

    stream = out or sys.stdout
    command = pager_command()
    if command is None:
        stream.write(text)
        return
    env = dict(os.environ)
    env.setdefault("LESS", LESS)
    env.setdefault("LV", "-c")
    stream.flush()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with subprocess.Popen(command, stdin=subprocess.PIPE, env=env) as pager:
            assert pager.stdin is not None
            try:
                pager.stdin.write(text.encode("utf-8", "replace"))
                pager.stdin.close()
            except BrokenPipeError:  # the reader quit before the end
                pass
            pager.wait()
    except OSError:  # it could not be started after all: print directly
        stream.write(text)
    finally:
        signal.signal(signal.SIGINT, previous)


def header_and_text(header: object, doc: Document, width: int | None = None) -> str:
    """The document's header as ``show`` draws it, then its text, as one string with the
    terminal's colours (for the pager)."""
    from rich.console import Group
    from rich.text import Text

    from armisticecli.render import terminal

    console = terminal.make_console(width=width)
    with console.capture() as captured:
        terminal.draw(console, Group(header, Text(""), rich_text(doc)))  # type: ignore[arg-type]
    return captured.get()
