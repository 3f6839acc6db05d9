"""The timeline as a Mermaid ``timeline`` diagram, for GitHub and Markdown editors."""

from __future__ import annotations

import re
from collections.abc import Sequence

from armisticecli.catalogue import Directory
from armisticecli.render.data import EVENT_MARK
from armisticecli.text import clean
from armisticecli.timeline import Entry, Group

_MERMAID_COLON = re.compile(r":(?=\s)|:$")


def mermaid_text(text: str) -> str:
    """Text that Mermaid's timeline lexer reads as plain text of one event.

    In a timeline an event ends at a colon followed by whitespace and a line
    starting ``%%`` is a comment, so such colons become a full-width colon
    (：), ``%%`` is split, angle brackets (read as HTML) become ‹ ›, ``#``
    (a comment in periods and a character entity elsewhere) becomes ＃, and
    controls and line breaks go through the one sanitising path.
    """
    text = clean(text)
    text = _MERMAID_COLON.sub("：", text)
    text = text.replace("%%", "% %").replace("<", "‹").replace(">", "›").replace("#", "＃")
    text = text.replace(";", "；")
    return " ".join(text.split()) or "(untitled)"


def mermaid(
    catalogue: Directory, groups: Sequence[Group], title: str = "Korean War documents"
) -> str:
    """A Mermaid ``timeline`` diagram: one section a group, one period a date."""
    lines = ["timeline", f"    title {mermaid_text(title)}"]
    for group in groups:
        lines.append(f"    section {mermaid_text(group.label)}")
        by_date: dict[str, list[Entry]] = {}
        for entry in group.entries:
            by_date.setdefault(entry.date, []).append(entry)
        for entries in by_date.values():
            period = mermaid_text(entries[0].when.short())
            events = []
            for entry in entries:
                if entry.kind == "event":
                    events.append(mermaid_text(f"{EVENT_MARK} {entry.title}"))
                elif entry.carrier is not None:
                    text = f"{entry.title} ({entry.id}, conveyed in {entry.carrier})"
                    events.append(mermaid_text(text))
                else:
                    events.append(mermaid_text(f"{entry.title} ({entry.id})"))
            lines.append(f"        {period} : " + " : ".join(events))
    return "\n".join(lines) + "\n"
