"""A real browser on `datasette serve`: the page of one exported document loads.

Runs where Debian's chromium is installed (.ci/run installs it when it can)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from clihelp import korea

CHROMIUM = shutil.which("chromium")
DATASETTE = Path(sys.executable).with_name("datasette")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_browser_loads_a_document_page(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    database = tmp_path / "korea.db"
    assert korea("export", "--format", "sqlite", "-o", str(database)).exit_code == 0
    port = free_port()
    server = subprocess.Popen(
        [str(DATASETTE), "serve", str(database), "-m", str(tmp_path / "korea.metadata.json"),
         "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/korea/documents/cipher-3410"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        page = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert "Ciphered Telegram No. 3410" in page.stdout
        shot = tmp_path / "page.png"
        subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}",
             "--window-size=1200,900", f"--screenshot={shot}", url],
            capture_output=True, timeout=120,
        )  # fmt: skip
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        server.terminate()
        server.wait(timeout=10)
