from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from armisticecli.catalogue import bundled_path, load
from armisticecli.model import Document, Event
from armisticecli.render.mermaid import mermaid, mermaid_text
from armisticecli.render.terminal import make_console
from armisticecli.render.timeline import vertical
from armisticecli.timeline import Entry, build, gap, group

GOLDEN = Path(__file__).parent / "golden"


def doc(id_: str, date: str, title: str = "T") -> Document:
    return Document(id=id_, date=date, type="telegram", title=title)


def entry(date: str) -> Entry:
    return Entry("document", date, date, "x")


def test_partial_dates_sit_at_the_start_of_their_period() -> None:
    entries = build(
        [doc("day", "1951-10-15"), doc("month", "1951-10"), doc("year", "1951"), doc("a", "1950")]
    )
    assert [e.id for e in entries] == ["a", "year", "month", "day"]


def test_events_only_when_given_and_before_documents_on_the_same_day() -> None:
    events = [Event(id="e", date="1951-10-15", title="E")]
    assert [e.kind for e in build([doc("d", "1951-10-15")])] == ["document"]
    assert [e.id for e in build([doc("d", "1951-10-15")], events)] == ["e", "d"]


def test_group_by_year_and_month() -> None:
    entries = build(
        [doc("a", "1950-11-08"), doc("b", "1950-12"), doc("c", "1951"), doc("d", "1951-01-27")]
    )
    assert [(g.label, [e.id for e in g.entries]) for g in group(entries, "year")] == [
        ("1950", ["a", "b"]),
        ("1951", ["c", "d"]),
    ]
    assert [g.label for g in group(entries, "month")] == [
        "November 1950",
        "December 1950",
        "1951, month unknown",
        "January 1951",
    ]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("1950-11-08", "1950-11-08", "same day"),
        ("1950-11-08", "1950-11-11", "3 days"),
        ("1950-11-08", "1950-12-08", "1 month"),
        ("1951-01-27", "1951-06-05", "4 months"),
        ("1951-06-05", "1952-02-08", "8 months"),
        ("1952-02-08", "1953-07-03", "1 year 4 months"),
        ("1950-11-08", "1951-11-08", "1 year"),
        ("1953-07-03", "1953-07-27", "3 weeks"),
        ("1951-07-10", "1951-10", "~2 months"),
        ("1951-10", "1952-05", "~7 months"),
        ("1951", "1951-06-05", "~5 months"),
    ],
)
def test_gap(a: str, b: str, expected: str) -> None:
    assert gap(entry(a), entry(b)) == expected


def test_bundled_timeline_renders_as_golden_text() -> None:
    catalogue = load(bundled_path())
    entries = build(catalogue.documents, catalogue.events)
    buffer = io.StringIO()
    console = make_console(file=buffer, width=100)
    console.print(vertical(catalogue, group(entries, "year")))
    rendered = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
    golden = GOLDEN / "timeline-events-width100.txt"
    assert rendered == golden.read_text(encoding="utf-8")


# Mermaid's timeline lexer (timeline.jison): an event is ":" + whitespace, then text in
# which a colon may stand only when no whitespace follows it; "%%" starts a comment.
MERMAID_EVENT = re.compile(r":\s(?:[^:\n]|:(?!\s))+")


def mermaid_events(line: str) -> list[str]:
    _, _, rest = line.strip().partition(" ")
    return [m.group(0)[2:].strip() for m in MERMAID_EVENT.finditer(" " + rest)]


@pytest.mark.parametrize(
    "hostile",
    [
        "Note: truce : signed",
        "100%% sure %% comment",
        "a <br> b <script>x</script>",
        "line\nbreak\r\nand\ttab",
        "# not a comment",
        "ends with colon:",
        "\x1b[31mred\x1b[0m \u202eevil",
        "semi; colon",
    ],
)
def test_mermaid_text_is_one_event(hostile: str) -> None:
    text = mermaid_text(hostile)
    line = f"        8 Feb 1952 : {text}"
    assert mermaid_events(line) == [text]
    assert "%%" not in text
    assert "<" not in text and ">" not in text
    assert "\n" not in text and "\x1b" not in text and "\u202e" not in text


def test_mermaid_diagram_shape() -> None:
    catalogue = load(bundled_path())
    entries = build(catalogue.documents, catalogue.events)
    text = mermaid(catalogue, group(entries, "year"))
    lines = text.splitlines()
    assert lines[0] == "timeline"
    assert lines[1].startswith("    title ")
    assert [line.strip() for line in lines if "section" in line] == [
        "section 1950",
        "section 1951",
        "section 1952",
        "section 1953",
    ]
    assert "        25 Oct 1951 : ◆ Negotiations resume at a new site, Panmunjom" in lines
    assert "        May 1952 : ◆ Mark W. Clark succeeds Ridgway as UN commander" in lines
    events = [line for line in lines if line.startswith("        ")]
    assert sum(len(mermaid_events(line)) for line in events) == len(entries)
