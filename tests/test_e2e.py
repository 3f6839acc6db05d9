"""End to end: the installed ``korea`` in a subprocess, through real pipes and a real pty."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
KOREA = shutil.which("korea", path=str(BIN)) or shutil.which("korea")
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(KOREA is None, reason="korea is not installed")


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR", "TERM"}}
    base.pop("KOREA_CATALOGUE", None)
    base.update(extra)
    return base


def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    assert KOREA is not None
    return subprocess.run(
        [KOREA, *args], capture_output=True, text=True, env=env(**extra), timeout=60
    )


def shell(command: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env=env(PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", **extra),
        timeout=60,
    )


def run_in_pty(*args: str, **extra: str) -> tuple[int, str]:
    """Run korea with a pseudo-terminal as stdout; return its exit code and what it drew."""
    assert KOREA is not None
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    proc = subprocess.Popen(
        [KOREA, *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env(**{"COLUMNS": "100", "LINES": "40", **extra}),
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(leader)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_piped_output_is_tsv() -> None:
    result = run("list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    assert all(len(line.split("\t")) == 6 for line in lines)
    assert "\x1b" not in result.stdout


def test_head_closes_the_pipe_quietly() -> None:
    result = shell("korea list | head -n 1")
    assert result.returncode == 0
    assert result.stdout.startswith("zhou-telegram\t")
    assert result.stderr == ""


@pytest.mark.slow
def test_closed_pipe_with_large_output_is_quiet(tmp_path: Path) -> None:
    docs = [
        {"id": f"d{i}", "date": "1951", "type": "t", "title": "word " * 50} for i in range(20_000)
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"documents": docs}))
    for command in ("list", "search word"):
        for fmt in ("tsv", "json", "jsonl", "csv"):
            result = shell(
                f"korea {command} --catalogue {path} --format {fmt} | head -c 100 >/dev/null"
            )
            assert result.stderr == "", (command, fmt)
            assert result.returncode == 0, (command, fmt)


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq not installed")
def test_json_through_jq() -> None:
    result = shell("korea list --since 1951 --json | jq -r '.[].id'")
    assert result.returncode == 0
    assert result.stdout.split() == [
        "mao-stalin-1951",
        "cipher-3410",
        "cipher-16293",
        "charge-telegram",
        "polish-note",
    ]
    forced = shell("korea show cipher-3410 --json | jq -r .title", FORCE_COLOR="1")
    assert forced.stdout.strip() == (
        "Ciphered Telegram No. 3410, Filippov [Stalin] to Krasovsky, for Cde. Mao Zedong"
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("jq") is None, reason="jq not installed")
def test_names_through_pipes() -> None:
    search = shell("korea search Filippov --json | jq -r '.[0].why[0]'")
    assert search.stdout.strip() == "Filippov → Joseph Stalin (pseudonym): sender, title"
    people = shell("korea people 'Kim Ir Sen' --json | jq -r '.[0].documents | length'")
    assert people.stdout.strip() == "4"
    first = shell("korea search 'Chou En-lai' | head -n 1 | cut -f1")
    assert (first.stdout.strip(), first.stderr) == ("zhou-telegram", "")
    listed = shell("korea list --person Filippov | wc -l")
    assert listed.stdout.strip() == "3"


def test_grep_and_cut() -> None:
    result = shell("korea list | grep -i filippov | cut -f1")
    assert result.stdout.split() == ["cipher-3410", "cipher-16293"]


def test_terminal_gets_a_coloured_table() -> None:
    code, screen = run_in_pty("list")
    assert code == 0
    assert "┃" in screen
    assert "\x1b[36m" in screen  # dates in cyan


def test_no_color_and_dumb_terminal() -> None:
    _, screen = run_in_pty("list", NO_COLOR="1")
    assert "\x1b[36m" not in screen
    _, dumb = run_in_pty("list", TERM="dumb")
    assert "\x1b[" not in dumb


@pytest.mark.parametrize("columns", ["60", "120"])
def test_a_terminal_sees_every_name_and_the_whole_url(columns: str) -> None:
    code, people = run_in_pty("people", NO_COLOR="1", COLUMNS=columns)
    assert code == 0
    assert "…" not in people
    assert "Feng" in people and "Цзэдун" in people and "菲利波夫," in people
    code, shown = run_in_pty("show", "charge-telegram", NO_COLOR="1", COLUMNS=columns)
    assert code == 0
    assert "…" not in shown
    # one line, however wide: the terminal wraps it and it stays one link
    assert "https://digitalarchive.wilsoncenter.org/document/114956" in shown


def test_json_at_a_terminal_is_plain_json() -> None:
    code, screen = run_in_pty("list", "--json", FORCE_COLOR="1")
    assert code == 0
    assert "\x1b" not in screen
    assert len(json.loads(screen)) == 7


def test_search_at_a_terminal_shows_the_best_and_says_more_match(tmp_path: Path) -> None:
    docs = [
        {"id": f"d{i:02}", "date": "1951", "type": "note", "title": "Armistice"} for i in range(40)
    ]
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"documents": docs}))
    code, screen = run_in_pty("search", "armistice", "--catalogue", str(path), NO_COLOR="1")
    assert code == 0
    assert sum(f"d{i:02}" in screen for i in range(40)) == 25
    assert "The best 25; more match" in " ".join(screen.split())
    code, screen = run_in_pty("search", "armistice", "-n", "30", "--catalogue", str(path))
    assert sum(f"d{i:02}" in screen for i in range(40)) == 30
    assert "more match" not in screen
    piped = run("search", "armistice", "--catalogue", str(path))
    assert len(piped.stdout.splitlines()) == 40


HOSTILE = (
    "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write the clipboard
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "\x1b[2J\x1b[H"  # clear the screen
    "\x9b1m\x85"  # C1 controls
    "\u202eevil\u2066"  # BiDi override and isolate
    " [bold]x[/bold] [link=http://x]y[/link]"
)
RICH_SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colours and styles


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "evil"],
        ["search", "evil"],
        ["timeline", "--events"],
        ["people"],
        ["people", "Evil"],
        ["cite", "evil"],
        ["export", "--format", "ris"],
        ["validate"],
    ],
)
def test_no_escape_from_catalogue_reaches_a_real_terminal(tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "evil.json"
    doc = {
        "id": "evil", "date": "1951", "type": "note" + HOSTILE, "title": "T evil" + HOSTILE,
        "summary": "S" + HOSTILE, "places": ["P" + HOSTILE], "people": ["p"],
        "from": [{"person": "p", "name": "N" + HOSTILE}],
        "source": {"archive": "A" + HOSTILE, "url": "https://x.example/" + HOSTILE},
    }  # fmt: skip
    person = {
        "id": "p",
        "name": "Evil" + HOSTILE,
        # An alias form with a control character is refused on load (test_cli_validate.py).
        "aliases": [{"name": "E evil", "kind": "pseudonym"}],
    }
    event = {"id": "e", "date": "1951-06", "title": "Ev" + HOSTILE}
    data = {"documents": [doc], "people": [person], "events": [event], "repository": "R" + HOSTILE}
    path.write_text(json.dumps(data))
    code, screen = run_in_pty(*args, "--catalogue", str(path), TERM="xterm-256color")
    assert code in (0, 1), screen
    visible = RICH_SGR.sub("", screen)
    assert "\x1b" not in visible and "\x9b" not in visible and "\x85" not in visible
    assert "\u202e" not in visible and "\u2066" not in visible and "\x07" not in visible
    if args[0] in ("list", "show", "search", "people", "timeline"):
        assert "\x1b[" in screen  # colours are on: the test would see an escape if one got through
    if args[0] in ("show", "list", "search"):
        assert "[bold]x[/bold]" in visible.replace("\r\n", "")


def test_output_to_a_full_disk_is_one_line() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    for command in ("korea list > /dev/full", "korea list --json > /dev/full",
                    "korea export --format bibtex > /dev/full"):  # fmt: skip
        result = shell(command)
        assert result.returncode == 2, command
        assert result.stderr == "korea: cannot write output: No space left on device\n"


@pytest.mark.slow
def test_closed_stdout_or_stderr(tmp_path: Path) -> None:
    closed_out = shell("korea list >&-")
    assert closed_out.returncode == 2
    assert closed_out.stderr == "korea: cannot write output: standard output is closed\n"
    for early in ("--version", "--help"):  # output written before Exit, flushed after
        closed = shell(f"korea {early} >&-")
        assert (closed.returncode, closed.stderr) == (2, closed_out.stderr), early
    exported = shell(f"korea export --format ris -o {tmp_path / 'out.ris'} >&-")
    assert exported.returncode == 0  # a command that does not use stdout still works
    assert (tmp_path / "out.ris").read_text().count("TY  - MANSCPT") == 7
    assert shell("korea search xyzzy 2>&-").returncode == 1  # the error has nowhere to go
    piped = shell("korea list 2>&- | wc -l")
    assert (piped.returncode, piped.stdout.strip()) == (0, "7")


@pytest.mark.parametrize("args", ["--help", "search --help", "--version", "list"])
def test_a_reader_that_stops_at_once_is_no_error(args: str) -> None:
    """rich draws help and answers a closed pipe with exit 1; korea says 0, as for data."""
    result = shell(f"korea {args} | true")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_export_to_dev_stdout_in_a_pipe() -> None:
    result = shell("korea export --format ris -o /dev/stdout | grep -c '^TY  - MANSCPT'")
    assert (result.returncode, result.stdout.strip()) == (0, "7")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["list"], 0),
        (["list", "--since", "1990"], 1),
        (["show", "nothing-like-this"], 1),
        (["list", "--since", "someday"], 2),
        (["list", "--limit", "0"], 2),
        (["list", "--catalogue", "/no/such/file.json"], 3),
    ],
)
def test_exit_codes(args: list[str], code: int) -> None:
    result = run(*args)
    assert result.returncode == code
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) <= 1


def test_term_dumb_keeps_the_terminals_width() -> None:
    """TERM=dumb means no colour, not 80 columns: rich assumed 80 whatever the width."""
    code, drawn = run_in_pty("list", "-n", "1", COLUMNS="120", TERM="dumb")
    assert code == 0
    widths = {len(line) for line in drawn.splitlines() if line.startswith(("┏", "└"))}
    assert widths == {120}
    assert "\x1b[" not in drawn  # and still no colour


@pytest.mark.parametrize("width", ["0", "1"])
def test_a_broken_columns_still_draws(width: str) -> None:
    """COLUMNS=0 printed nothing (exit 0) and COLUMNS=1 a letter a line."""
    code, drawn = run_in_pty("list", "-n", "1", COLUMNS=width)
    assert code == 0
    assert "zhou-telegram" in drawn
    assert "Telegram from Zhou Enlai" in drawn


@pytest.mark.slow
def test_ctrl_c_exits_130_quietly(tmp_path: Path) -> None:
    fifo = tmp_path / "slow.json"
    os.mkfifo(fifo)  # opening it blocks until a writer comes: korea waits
    assert KOREA is not None
    proc = subprocess.Popen(
        [KOREA, "list", "--catalogue", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(),
    )
    # Interrupt once korea waits for the file, not while the interpreter starts (a
    # signal then may land in a finaliser, where Python ignores the exception).
    wchan = Path(f"/proc/{proc.pid}/wchan")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and wchan.exists():
        if wchan.read_text() == "wait_for_partner":  # blocked opening the FIFO
            break
        time.sleep(0.05)
    else:
        time.sleep(1.0)  # no /proc (not Linux): give it time
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.005 * i for i in range(40)])
def test_ctrl_c_while_starting_is_quiet(delay: float) -> None:
    """Ctrl-C at any moment of start-up (the imports of typer and rich): no traceback."""
    assert KOREA is not None
    proc = subprocess.Popen(
        [KOREA, "list", "--format", "tsv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(),
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    # finished before the signal (0), interrupted (130), or killed before Python
    # set up its own handler (-2)
    assert proc.returncode in (0, 1, 130, -signal.SIGINT), err
    # Never a traceback from korea's code or the libraries it imports.  (Python's
    # own start-up and the first lines of the script pip writes, `import re`, run
    # before any of korea's code can catch a Ctrl-C: a few milliseconds.)
    for ours in (b"sys.exit(main())", b"/armisticecli/", b"/typer/", b"/rich/", b"/click/"):
        assert ours not in err, err
    if proc.returncode == 130:
        assert err.strip() == b"" or b"Traceback" in err


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "armisticecli", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("korea ")


@pytest.mark.slow
def test_wheel_carries_the_catalogue(tmp_path: Path) -> None:
    """`pip install .`, then `korea list` from elsewhere: the wheel carries catalogue and schema."""
    pytest.importorskip("hatchling")
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("armisticecli-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    assert (target / "armisticecli" / "data" / "documents.json").is_file()
    assert (target / "armisticecli" / "catalogue.schema.json").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    installed = env(PYTHONPATH=str(target))
    result = subprocess.run(
        [sys.executable, "-m", "armisticecli", "list", "--json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=installed,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 7
    where = subprocess.run(
        [sys.executable, "-c", "import armisticecli.catalogue as c; print(c.bundled_path())"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=installed,
    )
    assert where.stdout.startswith(str(target))
    # The Python front door (the README's example), from the installed wheel elsewhere.
    archive = subprocess.run(
        [
            sys.executable,
            "-c",
            "from armisticecli import Archive; a = Archive.open(); "
            "print([d.id for d in a.search('Filippov')])",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=installed,
    )
    assert archive.returncode == 0, archive.stderr
    assert archive.stdout.startswith("['cipher-3410', 'cipher-16293'")


def test_ambiguity_at_a_terminal_is_an_aligned_list_and_in_a_pipe_tsv() -> None:
    """stderr at a terminal: ids whole, titles cut to the width; piped: one TSV line each."""
    assert KOREA is not None
    leader, follower = pty.openpty()
    proc = subprocess.run(
        [KOREA, "show", "stalin"],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env=env(COLUMNS="60"),
        timeout=30,
    )
    os.close(follower)
    screen = os.read(leader, 65536).decode()
    os.close(leader)
    lines = screen.replace("\r\n", "\n").splitlines()
    assert proc.returncode == 1
    assert lines[0] == "korea: 'stalin' matches 3 documents; give an id or more of the title"
    # dates as the tables show them at a terminal; ISO in the pipe below
    assert lines[1].startswith("  mao-stalin-1951  27 Jan 1951  Telegram from Mao")
    assert lines[2].startswith("  cipher-3410      5 Jun 1951   Ciphered Telegram")
    assert all(len(line) <= 60 and line.endswith("…") for line in lines[1:4])
    assert lines[4] == "korea: did you mean `korea people stalin`?"
    piped = run("show", "stalin")
    assert piped.stderr.splitlines()[1:4] == [
        "mao-stalin-1951\t1951-01-27\tTelegram from Mao Zedong to I.V. Stalin, Conveying the 19"
        " January 1951 Telegram from Peng Dehuai to Mao Zedong regarding Meetings with Kim Il Sung",
        "cipher-3410\t1951-06-05\tCiphered Telegram No. 3410, Filippov [Stalin] to Krasovsky,"
        " for Cde. Mao Zedong",
        "cipher-16293\t1952-02-08\tCiphered Telegram No. 16293 from Beijing, Mao Zedong to"
        " Filippov [Stalin]",
    ]


def test_import_a_saved_results_page_then_list_it_through_a_pipe(tmp_path: Path) -> None:
    seed = Path(__file__).parent / "fixtures" / "wilson" / "seed-results.txt"
    mine = tmp_path / "mine.json"
    result = shell(
        f"korea import wilson '{seed}' --into '{mine}' && korea list --catalogue '{mine}' | head -2"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "korea: Imported 7 documents from seed-results.txt (a search-results page): 7 added\n"
    )
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == [
        "1950-11-08",
        "1950-12-08",
    ]
