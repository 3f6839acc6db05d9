"""Completion in a real interactive bash: TAB in a pseudo-terminal, then the command run.

bash is started clean (no rc files, an empty inputrc), HOME in a temporary
folder; ``korea --install-completion`` (shell detected from the process
tree) installs the script there and ``~/.bashrc`` loads it.  After each TAB,
a key bound with ``bind -x`` prints readline's line, so the test reads the
command line exactly as bash holds it; Enter then runs it.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
KOREA = shutil.which("korea", path=str(BIN))
BASH = shutil.which("bash")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(KOREA is None or BASH is None, reason="needs bash and korea installed"),
]

SHOW_LINE = "\x18\x0c"  # C-x C-l, bound below to print readline's line
PROMPT = re.compile(rb"\[rc=(\d+)\]\$ ")


class Bash:
    """An interactive bash in a pseudo-terminal, typed into like a user would."""

    def __init__(self, env: dict[str, str]) -> None:
        assert BASH is not None
        self.leader, follower = os.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 250, 0, 0))

        def controlling_terminal() -> None:  # job control wants the pty as the session's
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            [BASH, "--norc", "--noprofile", "-i"],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=env,
            preexec_fn=controlling_terminal,
        )
        os.close(follower)
        self.seen = b""

    def send(self, text: str) -> None:
        os.write(self.leader, text.encode())

    def expect(self, pattern: re.Pattern[bytes], timeout: float = 60) -> re.Match[bytes]:
        """Wait for ``pattern`` in what bash writes from now on; return the match."""
        deadline = time.monotonic() + timeout
        while (found := pattern.search(self.seen)) is None:
            left = deadline - time.monotonic()
            assert left > 0, f"no {pattern.pattern!r} in {self.seen[-2000:]!r}"
            ready, _, _ = select.select([self.leader], [], [], min(left, 0.5))
            if ready:
                self.seen += os.read(self.leader, 65536)
        self.seen = self.seen[found.end() :]
        return found

    def run(self, command: str) -> tuple[int, str]:
        """Type ``command`` and Enter; its exit status and what it wrote."""
        self.send(command + "\r")
        found = self.expect(PROMPT)
        return int(found[1]), found.string[: found.start()].decode("utf-8", "replace")

    def complete(self, typed: str) -> str:
        """Type ``typed`` and TAB; the command line as readline then holds it."""
        self.send(typed + "\t" + SHOW_LINE)
        line = self.expect(re.compile(rb"<line>(.*?)</line>"))[1].decode()
        self.expect(PROMPT)  # readline draws the prompt and line again after a bind -x
        return line

    def close(self) -> None:
        self.send("\x15exit\r")  # C-u: whatever is typed goes
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.leader)


@pytest.fixture
def bash(isolated_env: Path) -> Iterator[Bash]:
    home = isolated_env / "home"
    home.mkdir()
    inputrc = isolated_env / "inputrc"
    inputrc.write_text("")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("PS1", "PROMPT_COMMAND")},
        "HOME": str(home),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "INPUTRC": str(inputrc),
        "TERM": "dumb",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HISTFILE": str(isolated_env / "history"),
    }
    shell = Bash(env)
    try:
        show_line = '"\\C-x\\C-l": printf "<line>%s</line>" "$READLINE_LINE"'
        shell.send(f"PS1='[rc=$?]$ '; bind -x '{show_line}'\r")
        shell.expect(PROMPT)
        yield shell
    finally:
        shell.close()


def test_completion_installed_for_the_detected_shell_quotes_names(bash: Bash) -> None:
    code, said = bash.run("korea --install-completion")
    assert code == 0, said
    assert "bash completion installed in" in said
    assert bash.run("source ~/.bashrc")[0] == 0

    assert bash.complete("korea list --person Pen") == "korea list --person Peng\\ Dehuai "
    code, listed = bash.run(" --format tsv")
    assert code == 0, listed
    assert re.findall(r"^(\S+)\t", listed, re.M) == [
        "zhou-telegram", "mao-stalin-1951", "cipher-3410", "cipher-16293", "charge-telegram",
        "polish-note",
    ]  # fmt: skip

    assert bash.complete("korea people Pe") == "korea people Peng\\ Dehuai "
    code, found = bash.run("--format tsv")
    assert code == 0, found
    assert "peng\tPeng Dehuai\t" in found


@pytest.fixture
def loaded(bash: Bash) -> Bash:
    """bash with korea's script sourced as `--show-completion bash` prints it."""
    assert bash.run("source <(korea --show-completion bash)")[0] == 0
    return bash


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ('korea list --person "Pen', 'korea list --person "Peng Dehuai" '),
        ("korea list --person 'Pen", "korea list --person 'Peng Dehuai' "),
        ("korea list --person Peng\\ D", "korea list --person Peng\\ Dehuai "),
        ("korea list --person=Pen", "korea list --person=Peng\\ Dehuai "),
        ("korea list --person Kim", "korea list --person Kim\\ Il\\ Sung "),
        ("korea people Peng D", "korea people Peng Dehuai "),
        ("korea show cipher-34", "korea show cipher-3410 "),
        ("korea list --format=js", "korea list --format=json"),  # json, jsonl: the common part
    ],
)
def test_what_was_typed_is_gone_on_from(loaded: Bash, typed: str, line: str) -> None:
    assert loaded.complete(typed) == line
    code, said = loaded.run("")
    assert code == 0, said


NASTY = {
    "p1": 'O\'Brien "Bud" (Jr.) & Co; $HOME `x` \\ *?[a] !bang #1 ~t {a,b} <x>|y',
    "p2": "Quux!",
    "p3": "Zed  Two  Spaces",
}


@pytest.mark.parametrize("start", ["", '"', "'"])
@pytest.mark.parametrize("typed", ["O", "Q", "Z"])
def test_any_name_completes_to_a_command_that_finds_it(
    loaded: Bash, tmp_path: Path, start: str, typed: str
) -> None:
    """Quotes, $, backquotes, globs, `!` (history expansion is on), `#`, `~`, braces."""
    people = [{"id": key, "name": name} for key, name in NASTY.items()]
    catalogue = tmp_path / "nasty.json"
    catalogue.write_text(
        json.dumps(
            {
                "people": people,
                "documents": [
                    {"id": f"doc-{p['id']}", "date": "1951", "type": "note", "title": "T",
                     "people": [p["id"]]}
                    for p in people
                ],
            }
        )
    )  # fmt: skip
    assert loaded.run(f"export KOREA_CATALOGUE='{catalogue}'")[0] == 0
    [key] = [k for k, n in NASTY.items() if n.startswith(typed)]
    line = loaded.complete(f"korea list --format tsv --person {start}{typed}")
    assert line.startswith("korea list --format tsv --person ")
    code, listed = loaded.run("")
    assert code == 0, (line, listed)
    assert re.findall(r"^(\S+)\t", listed, re.M) == [f"doc-{key}"], line
