"""Hostile input: every command and option, generated catalogues, and generated queries.

Whatever arrives, korea answers with a result or one line and an exit code in
{0, 1, 2, 3}: never a traceback, never an internal error, never a control
character from the input on the terminal.
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clihelp import korea

HOSTILE = [
    "",
    " ",
    "\t\n",
    "x" * 100_000,
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\u202eevil\u202c",
    "\x00\x01\x7f\x9b",
    "🇰🇷👍🏽",
    "--",
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999",
    "0000-00-00",
    "99999",
    "1951-02-30",
    "[bold]x[/bold]",
    '"',
    "'",
    "%s%n{0}",
]
ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

COMMAND_ARGS: list[list[str]] = [
    ["list", "--since", "{}"],
    ["list", "--until", "{}"],
    ["list", "--type", "{}"],
    ["list", "--person", "{}"],
    ["list", "--place", "{}"],
    ["list", "--limit", "{}"],
    ["list", "--sort", "{}"],
    ["list", "--format", "{}"],
    ["list", "--catalogue", "{}"],
    ["show", "{}"],
    ["search", "{}"],
    ["search", "Filippov", "--person", "{}"],
    ["search", "telegram", "--limit", "{}"],
    ["people", "{}"],
    ["people", "Filippov", "--on", "{}"],
    ["timeline", "--by", "{}"],
    ["timeline", "--since", "{}"],
    ["timeline", "--format", "{}"],
    ["cite", "{}"],
    ["cite", "cipher-3410", "--style", "{}"],
    ["export", "{}", "--format", "ris"],
    ["export", "--format", "{}"],
    ["validate", "{}"],
]


def check(args: list[str]) -> None:
    result = korea(*args)
    assert result.exit_code in (0, 1, 2, 3), (args[:3], result.exit_code, result.stderr[-300:])
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert not ANY_CONTROL.search(result.stderr), result.stderr[:200]
    if result.exit_code and "matches" not in result.stderr and "could be" not in result.stderr:
        assert len(result.stderr.strip().splitlines()) <= 1, result.stderr[:500]


# The nastiest values, each tried with every template: nothing, a huge value, every
# kind of terminal escape with markup and format strings at once, a dash-led number.
NASTIEST = [
    "",
    "x" * 100_000,
    "\x1b]52;c;cHduZWQ=\x07\x1b[31m\u202eevil\u202c\x00\x9b[bold]x[/bold]%s%n{0}",
    "-99999999999999999999",
]

# Pieces that generated values are built from, beside arbitrary text.
NASTY_PIECES = [
    *HOSTILE[4:9],
    "\x1b[",
    "\x1b]8;;",
    "\x1b\\",
    "\x07",
    "\x00",
    "\x9b",
    "\r",
    "\n",
    "\u2066",
    "\u2069",
    "\ufeff",
    "[bold]",
    "[/]",
    "[link=http://evil.example]",
    "%s",
    "%(x)s",
    "{0}",
    "{}",
    "{x.__class__}",
    "\\",
    '"',
    "'",
    "-",
    "--",
    "=",
    ",",
    "*",
]
CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F)]]
pieced = st.lists(
    st.one_of(st.sampled_from(NASTY_PIECES), st.text(max_size=6)), min_size=1, max_size=10
).map("".join)
hostile_values = st.one_of(
    st.sampled_from(HOSTILE),
    pieced,
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.text(alphabet=st.sampled_from(CONTROLS), min_size=1, max_size=8),
    st.tuples(st.sampled_from(["-", "--", "---"]), pieced).map("".join),  # leading dashes
    st.tuples(
        st.sampled_from(["x", "é", "\x1b[", "-", "[b]", "9", " "]), st.integers(1_000, 100_000)
    ).map(lambda t: t[0] * t[1]),  # huge
    st.integers().map(str),
    st.floats().map(str),  # with nan, inf and 1e+300
    st.dates().map(lambda d: d.isoformat()),
    st.tuples(st.integers(-1, 99_999), st.integers(-1, 13), st.integers(-1, 32)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
    ),  # dates that are not
)


def fill(template: list[str], value: str) -> list[str]:
    return [value if part == "{}" else part for part in template]


@pytest.mark.parametrize("template", COMMAND_ARGS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("value", NASTIEST, ids=["empty", "huge", "escapes", "dash-number"])
def test_every_option_with_the_nastiest_values(template: list[str], value: str) -> None:
    check(fill(template, value))


@pytest.mark.parametrize("template", COMMAND_ARGS, ids=lambda a: " ".join(a))
def test_every_option_with_an_undecodable_argv_byte(template: list[str]) -> None:
    """`korea show $'\\xff'`: Python hands the byte on as a lone surrogate."""
    check(fill(template, "a\udcffb"))


def with_every_hostile_value(test: Any) -> Any:
    """Hypothesis examples: each HOSTILE value at least once, the templates in turn."""
    for number, value in enumerate(HOSTILE):
        test = example(template=COMMAND_ARGS[number % len(COMMAND_ARGS)], value=value)(test)
    return test


@pytest.mark.slow
@given(template=st.sampled_from(COMMAND_ARGS), value=hostile_values)
@with_every_hostile_value
@settings(max_examples=250, deadline=None, derandomize=True, database=None)
def test_hostile_values(template: list[str], value: str) -> None:
    check(fill(template, value))


@pytest.mark.slow
def test_double_dash_then_hostile_positional() -> None:
    for value in HOSTILE:
        check(["search", "--", value])
        check(["show", "--", value])


# -- generated catalogues -------------------------------------------------

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
ids = st.text(alphabet=string.ascii_lowercase + string.digits + "-_[]\x1b", min_size=1, max_size=8)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
    st.tuples(st.integers(1, 9999), st.integers(0, 13)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
    text,
)
party = st.fixed_dictionaries({}, optional={"person": ids, "name": text})
document = st.fixed_dictionaries(
    {"id": ids, "date": dates, "type": text, "title": text},
    optional={
        "summary": text,
        "from": st.lists(party, max_size=2),
        "to": st.lists(party, max_size=2),
        "people": st.lists(ids, max_size=3),
        "places": st.lists(text, max_size=2),
    },
)
role = st.fixed_dictionaries({"title": text}, optional={"from": dates, "to": dates})
alias = st.fixed_dictionaries(
    {"name": text, "kind": st.sampled_from(["pseudonym", "transliteration", "native", "bogus"])}
)
person = st.fixed_dictionaries(
    {"id": ids, "name": text},
    optional={"aliases": st.lists(alias, max_size=3), "roles": st.lists(role, max_size=2)},
)
event = st.fixed_dictionaries({"id": ids, "date": dates, "title": text})
catalogue = st.fixed_dictionaries(
    {"documents": st.lists(document, max_size=6)},
    optional={"people": st.lists(person, max_size=4), "events": st.lists(event, max_size=3)},
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=20,
)

COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["list", "--format", "table"],
    ["search", "a"],
    ["people"],
    ["people", "a", "--format", "table"],
    ["timeline", "--events", "--format", "table"],
    ["timeline", "--format", "mermaid"],
    ["export", "--format", "bibtex"],
    ["export", "--format", "ris"],
    ["validate"],
]


@pytest.mark.slow
@given(catalogue, st.sampled_from(COMMANDS))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_generated_catalogues(tmp_path: Path, data: dict[str, Any], command: list[str]) -> None:
    path = tmp_path / "generated.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    check(
        [*command, "--catalogue", str(path)] if command[0] != "validate" else [*command, str(path)]
    )


@st.composite
def valid_catalogues(draw: st.DrawFn) -> dict[str, Any]:
    """Catalogues that pass validation, with hostile text everywhere text may go."""
    hostile_text = st.one_of(text, st.sampled_from(HOSTILE[4:10] + HOSTILE[17:])).filter(str.strip)
    visible_text = text.map(lambda t: "".join(c for c in t if not _hidden(c))).filter(str.strip)
    valid_dates = st.one_of(
        st.dates().map(lambda d: d.isoformat()),
        st.integers(1, 9999).map(lambda y: f"{y:04d}"),
        st.tuples(st.integers(1, 9999), st.integers(1, 12)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
    )
    person_ids = draw(st.lists(st.sampled_from(["p1", "p2", "p3", "p4"]), unique=True, max_size=4))
    people = [
        {
            "id": pid,
            "name": draw(hostile_text),
            # An alias form with a control or invisible character is refused on load.
            "aliases": [{"name": draw(visible_text), "kind": "pseudonym"}],
            "roles": [
                {
                    "title": draw(hostile_text),
                    "from": "1900",
                    "to": draw(valid_dates.filter(lambda d: d >= "1900")),
                }
            ],
        }
        for pid in person_ids
    ]
    count = draw(st.integers(0, 6))
    documents = []
    for number in range(count):
        doc: dict[str, Any] = {
            "id": f"d{number}{draw(st.sampled_from(['', '-x', '[b]', 'é']))}",
            "date": draw(valid_dates),
            "type": draw(hostile_text),
            "title": draw(hostile_text),
            "summary": draw(text),
            "places": draw(st.lists(hostile_text, max_size=2)),
        }
        if person_ids:
            doc["from"] = [
                {"person": draw(st.sampled_from(person_ids)), "name": draw(hostile_text)}
            ]
            doc["people"] = draw(st.lists(st.sampled_from(person_ids), max_size=2))
        documents.append(doc)
    events = [{"id": "e1", "date": draw(valid_dates), "title": draw(hostile_text)}]
    return {
        "documents": documents,
        "people": people,
        "events": events,
        "repository": draw(hostile_text),
    }


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf") or char in "\u2028\u2029"


VALID_COMMANDS = [
    *COMMANDS[:-1],
    ["show", "d0"],
    ["show", "d0", "--format", "table"],
    ["search", "Filippov [Stalin]"],
    ["search", "p1", "--format", "table"],
    ["list", "--person", "p1"],
    ["cite", "d0", "--style", "chicago"],
    ["cite", "d0", "--style", "bibtex"],
    ["export", "--format", "csl-json"],
    ["export", "--format", "csv"],
    ["timeline", "--by", "month", "--events", "--json"],
]


@pytest.mark.slow
@given(valid_catalogues(), st.sampled_from(VALID_COMMANDS))
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_valid_generated_catalogues(
    tmp_path: Path, data: dict[str, Any], command: list[str]
) -> None:
    path = tmp_path / "valid.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = korea(*command, "--catalogue", str(path))
    assert result.exit_code in (0, 1), (command, result.exit_code, result.stderr[-400:])
    assert "Traceback" not in result.stderr
    if "--json" not in command and "csl-json" not in command:
        assert not ANY_CONTROL.search(result.stdout.replace("\n", "")), command


@pytest.mark.slow
@given(json_values)
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_json_value_as_a_catalogue(tmp_path: Path, value: Any) -> None:
    path = tmp_path / "value.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    check(["list", "--catalogue", str(path)])
    check(["validate", str(path)])


@pytest.mark.slow
@given(st.binary(max_size=300))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_bytes_as_a_catalogue(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bytes.json"
    path.write_bytes(raw)
    check(["list", "--catalogue", str(path)])


@pytest.mark.slow
@given(st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_any_query_through_the_cli(query: str) -> None:
    check(["search", "--", query])
    check(["people", "--", query])


# -- a hostile catalogue on stderr ------------------------------------------------------

ON_STDERR_NEVER = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""C0 controls but tab (newlines end the lines), DEL, C1 and BiDi controls."""
ESCAPES = {
    "osc52": "\x1b]52;c;cHduZWQ=\x07",  # write the clipboard
    "osc0": "\x1b]0;pwned\x07",  # set the window title
    "osc8": "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",  # a hyperlink
    "csi": "\x1b[2J\x1b[H",  # clear the screen
    "c1": "\x9b31m\x9d0;t\x9c",  # CSI, OSC and ST as C1 controls
    "bidi": "\u202eevil\u2066",  # reorder what is shown
}


def hostile_people_and_titles() -> dict[str, Any]:
    """Six people called Pak and six telegrams, each name and title carrying an escape.

    Ids and alias forms cannot carry one: the loader refuses them (test_cli_validate.py).
    """
    people = [
        {"id": f"pak-{n}", "name": f"Pak {escape} {n}", "roles": [{"title": f"T {escape}"}]}
        for n, escape in enumerate(ESCAPES.values())
    ]
    documents = [
        {
            "id": f"tel-{n}",
            "date": "1951-06-05",
            "type": "telegram",
            "title": f"Telegram {escape} {n}",
            "people": [f"pak-{n}"],
            "from": [{"person": f"pak-{n}", "name": f"Pak {escape}"}],
        }
        for n, escape in enumerate(ESCAPES.values())
    ]
    return {"documents": documents, "people": people}


AMBIGUOUS = [
    ["list", "--person", "Pak"],
    ["search", "telegram", "--person", "Pak"],
    ["timeline", "--person", "Pak"],
    ["export", "--person", "Pak"],
    ["show", "telegram"],
    ["cite", "telegram"],
]
ECHOED = [
    ["list", "--person", "{}"],
    ["list", "--type", "{}"],
    ["list", "--since", "{}"],
    ["show", "{}"],
    ["cite", "{}"],
    ["search", "{}"],
    ["search", "telegram", "--person", "{}"],
    ["timeline", "--person", "{}"],
    ["export", "--person", "{}"],
    ["people", "{}"],
    ["list", "{}"],
    ["{}"],
]


@pytest.fixture
def hostile_catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile_people_and_titles()), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [None, 100], ids=["piped", "terminal"])
@pytest.mark.parametrize("args", AMBIGUOUS, ids=" ".join)
def test_candidates_from_a_hostile_catalogue_reach_stderr_clean(
    hostile_catalogue: Path, args: list[str], width: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("armisticecli.process._stderr_width", lambda: width)
    result = korea(*args, "--catalogue", str(hostile_catalogue))
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) >= 1 + len(ESCAPES) - 1, result.stderr  # the message and the candidates
    assert not ON_STDERR_NEVER.search(result.stderr.replace("\n", "")), result.stderr
    assert "]52;c;cHduZWQ=" in result.stderr  # what remains is shown, inert
    assert ("\t" in result.stderr) == (width is None)  # a pipe gets one TSV line each


@pytest.mark.parametrize("escape", ESCAPES.values(), ids=ESCAPES.keys())
@pytest.mark.parametrize("template", ECHOED, ids=" ".join)
def test_an_argument_is_echoed_clean(
    hostile_catalogue: Path, template: list[str], escape: str
) -> None:
    result = korea(*fill(template, f"x{escape}y"), "--catalogue", str(hostile_catalogue))
    assert result.exit_code in (0, 1, 2), result.stderr  # "xevily" may be near a name
    assert not ON_STDERR_NEVER.search(result.stderr.replace("\n", "")), result.stderr


@pytest.mark.slow
@given(
    names=st.lists(pieced, min_size=2, max_size=4),
    argument=hostile_values,
    template=st.sampled_from([*AMBIGUOUS, *ECHOED]),
)
@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_no_stderr_line_holds_a_control_whatever_the_names_and_arguments(
    tmp_path: Path, names: list[str], argument: str, template: list[str]
) -> None:
    """People and titles named by hostile text, and a hostile argument, in every path
    that prints candidates or echoes an argument."""
    data = {
        "people": [{"id": f"p{n}", "name": f"Pak {name}"} for n, name in enumerate(names)],
        "documents": [
            {"id": f"d{n}", "date": "1951", "type": "telegram", "title": f"Telegram {name}"}
            for n, name in enumerate(names)
        ],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = korea(*fill(template, argument), "--catalogue", str(path))
    assert result.exit_code in (0, 1, 2), (template, result.stderr[-300:])
    assert not ON_STDERR_NEVER.search(result.stderr.replace("\n", "")), result.stderr[:300]
