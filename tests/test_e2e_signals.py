"""SIGTERM and SIGHUP clean up as Ctrl-C does: no temporary file is left behind.

Each test holds korea inside the write it interrupts (a FIFO it waits on, as
tests/test_e2e.py does for Ctrl-C), so the signal lands where a file is half
written, every time, not in 3 runs of 40.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from armisticecli import files

BIN = Path(sys.executable).parent
KOREA = shutil.which("korea", path=str(BIN)) or shutil.which("korea")
SIGNALS = [
    pytest.param(signal.SIGTERM, 143, id="SIGTERM"),
    pytest.param(getattr(signal, "SIGHUP", signal.SIGTERM), 129, id="SIGHUP"),
]

pytestmark = [
    pytest.mark.skipif(KOREA is None, reason="korea is not installed"),
    pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and POSIX signals"),
]

HELD_WRITE = """
import sys, tempfile

fifo = sys.argv[1]
real = tempfile.NamedTemporaryFile


def held(*args, **kwargs):
    handle = real(*args, **kwargs)
    write = handle.write

    def waiting(text):
        open(fifo).close()  # blocks until the test opens the FIFO: korea is mid-write
        return write(text)

    handle.write = waiting
    return handle


tempfile.NamedTemporaryFile = held
from armisticecli.process import main

sys.argv = ["korea", *sys.argv[2:]]
main()
"""
"""korea's own entry point, with the export's write held open on a FIFO."""


def _env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("KOREA_")}
    base.update(extra)
    return base


def _wait_until(proc: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    """Until ``ready()`` and korea blocks opening the FIFO (Linux says so in wchan)."""
    wchan = Path(f"/proc/{proc.pid}/wchan")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if ready() and (not wchan.exists() or wchan.read_text() == "wait_for_partner"):
            time.sleep(0.05 if wchan.exists() else 0.5)
            return
        time.sleep(0.02)
    raise AssertionError(f"korea never got there (exit {proc.poll()})")


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_a_signal_during_export_leaves_no_part_file(tmp_path: Path, signum: int, code: int) -> None:
    fifo = tmp_path / "hold"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "refs.ris"
    target.write_text("the old export\n")
    proc = subprocess.Popen(
        [sys.executable, "-c", HELD_WRITE, str(fifo), "export", "-f", "ris", "-o", str(target)],
        stderr=subprocess.PIPE,
        env=_env(),
    )
    _wait_until(proc, lambda: any(p.name.endswith(".part") for p in out.iterdir()))
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert err == b""
    assert [p.name for p in out.iterdir()] == ["refs.ris"]
    assert target.read_text() == "the old export\n"


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_a_signal_during_an_index_build_leaves_no_temporary_index(
    tmp_path: Path, signum: int, code: int
) -> None:
    """The build makes its temporary file, then reads the catalogue: a FIFO holds it there."""
    assert KOREA is not None
    fifo = tmp_path / "catalogue.json"
    os.mkfifo(fifo)
    folder = tmp_path / "cache"
    proc = subprocess.Popen(
        [KOREA, "search", "telegram", "--catalogue", str(fifo)],
        stderr=subprocess.PIPE,
        env=_env(KOREA_CACHE_DIR=str(folder), KOREA_CACHE_MIN_BYTES="0"),
    )
    _wait_until(proc, lambda: folder.exists() and any(folder.glob(".building-*")))
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert err == b""
    assert list(folder.iterdir()) == []


@pytest.mark.slow
def test_a_signal_nohup_ignores_stays_ignored(tmp_path: Path) -> None:
    """Under nohup (SIGHUP ignored), a hangup does not stop korea."""
    fifo = tmp_path / "hold"
    os.mkfifo(fifo)
    target = tmp_path / "refs.ris"
    proc = subprocess.Popen(
        [sys.executable, "-c", HELD_WRITE, str(fifo), "export", "-f", "ris", "-o", str(target)],
        stderr=subprocess.PIPE,
        env=_env(),
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    _wait_until(proc, lambda: any(p.name.endswith(".part") for p in tmp_path.iterdir()))
    proc.send_signal(signal.SIGHUP)
    with open(fifo, "w"):
        pass  # let the write go on
    _, err = proc.communicate(timeout=30)
    assert (proc.returncode, err) == (0, b"")
    assert target.read_text().startswith("TY  - MANSCPT")


def test_a_killed_writers_leftovers_are_swept_and_a_live_ones_kept(tmp_path: Path) -> None:
    """A .part named after a process that is gone is removed by the next export there."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    here = files.host()
    dead = tmp_path / f".refs.ris.korea-{gone.pid}@{here}.k3j2h1g0.part"
    live = tmp_path / f".refs.ris.korea-{os.getpid()}@{here}.a1b2c3d4.part"
    elsewhere = tmp_path / f".refs.ris.korea-{gone.pid}@another-host.a1b2c3d4.part"
    mine = tmp_path / "notes.part"  # not korea's name: never touched
    for path in (dead, live, elsewhere, mine):
        path.write_text("half")
    assert KOREA is not None
    result = subprocess.run(
        [KOREA, "export", "-f", "ris", "-o", str(tmp_path / "other.ris")],
        capture_output=True,
        env=_env(),
        timeout=60,
    )
    assert result.returncode == 0
    assert not dead.exists()
    assert live.exists() and elsewhere.exists() and mine.exists()
