"""Fetching a FRUS volume: from a local test server (never the network), then the cache."""

from __future__ import annotations

import http.server
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from armisticecli import download
from armisticecli.cache import cache_dir
from armisticecli.download import DownloadError, cached_path, fetch_volume, volume_url
from armisticecli.errors import ExitCode, UsageError
from armisticecli.files import host

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "frus"
SAMPLE = (FIXTURES / "frus1951v07p2-sample.xml").read_bytes()
VOLUME = "frus1951v07p2"
Serve = Callable[[str], None]
"""Points KOREA_FRUS_URL at one mode of the test server."""
HTML = b"<!DOCTYPE html>\n<html><body>Rate limit exceeded</body></html>\n"


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``/{mode}/{volume}.xml``; the mode says how (whole, cut off, as HTML...)."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        mode, _, name = self.path.strip("/").partition("/")
        if name != f"{VOLUME}.xml" or mode == "missing":
            self.send_error(404)
            return
        body = HTML if mode == "html" else SAMPLE
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if mode == "html" else "application/xml")
        if mode == "cutoff":
            self.send_header("Content-Length", str(len(body) + 1000))
        elif mode != "nolength":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "stall":
            self.wfile.write(body[:1000])
            self.wfile.flush()
            time.sleep(0.5)
            return
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: nothing on the test's stderr."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def serve(server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    """Point KOREA_FRUS_URL at a mode of the test server; returns a setter."""
    Handler.requests.clear()

    def use(mode: str) -> None:
        monkeypatch.setenv("KOREA_FRUS_URL", f"{server}/{mode}")

    use("ok")
    yield use


def frus_folder() -> Path:
    return cache_dir() / "frus"


def left_in_cache() -> list[str]:
    folder = frus_folder()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_cache_is_the_tests_own() -> None:
    assert "korea-cache" in str(cache_dir())  # conftest's sandbox, never the user's
    assert cached_path(VOLUME) == cache_dir() / "frus" / f"{VOLUME}.xml"


def test_first_fetch_downloads_with_progress_then_the_cache_answers(serve: Serve) -> None:
    calls: list[tuple[int, int | None]] = []
    path = fetch_volume(VOLUME, progress=lambda done, total: calls.append((done, total)))
    assert path == cached_path(VOLUME)
    assert path.read_bytes() == SAMPLE
    assert calls[0] == (0, len(SAMPLE))
    assert calls[-1] == (len(SAMPLE), len(SAMPLE))
    assert all(total == len(SAMPLE) for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(Handler.requests) == 1

    again: list[tuple[int, int | None]] = []
    assert fetch_volume(VOLUME, progress=lambda d, t: again.append((d, t))) == path
    assert len(Handler.requests) == 1  # not asked again
    assert again == []
    assert fetch_volume(VOLUME, offline=True) == path
    assert len(Handler.requests) == 1
    assert left_in_cache() == [f"{VOLUME}.xml"]


def test_offline_without_the_volume_is_refused(serve: Serve) -> None:
    with pytest.raises(UsageError) as caught:
        fetch_volume(VOLUME, offline=True)
    assert caught.value.exit_code == ExitCode.USAGE
    assert caught.value.field == "offline"  # the command line says "--offline: ..."
    assert VOLUME in caught.value.message
    assert "downloading is forbidden" in caught.value.message
    assert "\n" not in str(caught.value)
    assert Handler.requests == []
    assert not frus_folder().exists()


def test_without_content_length_the_total_is_none(serve: Serve) -> None:
    serve("nolength")
    calls: list[tuple[int, int | None]] = []
    path = fetch_volume(VOLUME, progress=lambda done, total: calls.append((done, total)))
    assert path.read_bytes() == SAMPLE
    assert all(total is None for _, total in calls[:-1])
    assert calls[-1] == (len(SAMPLE), len(SAMPLE))  # the end, said once


def test_an_unknown_volume_is_a_404(serve: Serve, server: str) -> None:
    serve("missing")
    with pytest.raises(DownloadError) as caught:
        fetch_volume(VOLUME)
    assert str(caught.value) == f"no FRUS volume {VOLUME} at {server}/missing/{VOLUME}.xml"
    assert caught.value.exit_code == ExitCode.CATALOGUE
    assert left_in_cache() == []


def test_a_download_cut_off_keeps_nothing(serve: Serve) -> None:
    serve("cutoff")
    with pytest.raises(DownloadError) as caught:
        fetch_volume(VOLUME)
    assert str(caught.value) == (
        f"download of {VOLUME} cut off at {len(SAMPLE):,} of {len(SAMPLE) + 1000:,} bytes; "
        "nothing kept"
    )
    assert caught.value.exit_code == ExitCode.CATALOGUE
    assert left_in_cache() == []
    serve("ok")
    assert fetch_volume(VOLUME).read_bytes() == SAMPLE  # and the next try starts afresh


def test_html_instead_of_xml_is_refused(serve: Serve) -> None:
    serve("html")
    with pytest.raises(DownloadError, match=r"is not an XML file \(it begins '<!DOCTYPE html>"):
        fetch_volume(VOLUME)
    assert left_in_cache() == []


def test_a_stalled_download_times_out_and_keeps_nothing(
    serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download, "TIMEOUT", 0.1)
    serve("stall")
    with pytest.raises(
        DownloadError, match=r"stalled at 1,000 bytes: nothing came for 0.1 seconds; nothing kept$"
    ):
        fetch_volume(VOLUME)
    assert left_in_cache() == []


def test_a_refused_connection_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("KOREA_FRUS_URL", f"http://127.0.0.1:{port}/volumes")
    with pytest.raises(DownloadError) as caught:
        fetch_volume(VOLUME)
    assert str(caught.value).startswith(f"download of {VOLUME} failed: Connection refused")
    assert "\n" not in str(caught.value)


def test_an_interrupted_download_leaves_no_temporary_file(serve: Serve) -> None:
    def interrupt(done: int, total: int | None) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch_volume(VOLUME, progress=interrupt)
    assert left_in_cache() == []


def test_a_killed_downloads_leftover_is_swept(serve: Serve) -> None:
    frus_folder().mkdir(parents=True, mode=0o700)
    leftover = frus_folder() / f".{VOLUME}.xml.korea-999999999@{host()}.abc123.part"
    leftover.write_bytes(SAMPLE[:100])
    fetch_volume(VOLUME)
    assert left_in_cache() == [f"{VOLUME}.xml"]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="modes say who may write on POSIX")
def test_a_cache_folder_others_can_write_is_not_used(serve: Serve) -> None:
    frus_folder().mkdir(parents=True, mode=0o700)
    (frus_folder() / f"{VOLUME}.xml").write_bytes(b"<TEI>forged</TEI>")
    frus_folder().chmod(0o777)
    with pytest.raises(DownloadError, match=r"not used for downloads: every user can write it"):
        fetch_volume(VOLUME, offline=True)
    assert Handler.requests == []


@pytest.mark.parametrize(
    "volume",
    ["frus1951v7p2", "FRUS1951v07p2", "frus1951v07p2.xml", "../frus1951v07p2", "frus1951",
     "frus1951v07p2 ", "frus1952-1954v15p1", "", "frus1951v07p2/../../x", "volumes"],
)  # fmt: skip
def test_a_malformed_volume_id_is_refused(serve: Serve, volume: str) -> None:
    with pytest.raises(UsageError, match="is not a FRUS volume id") as caught:
        fetch_volume(volume)
    assert caught.value.exit_code == ExitCode.USAGE
    assert Handler.requests == []


@pytest.mark.parametrize("volume", ["frus1950v07", "frus1951v07p2", "frus1952-54v15p1"])
def test_volume_ids_and_their_urls(volume: str) -> None:
    assert download.is_volume_id(volume)
    assert volume_url(volume) == (
        f"https://raw.githubusercontent.com/HistoryAtState/frus/master/volumes/{volume}.xml"
    )


def test_the_url_can_be_a_mirror_but_not_any_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOREA_FRUS_URL", "https://mirror.example/frus/volumes/")
    assert volume_url(VOLUME) == f"https://mirror.example/frus/volumes/{VOLUME}.xml"
    monkeypatch.setenv("KOREA_FRUS_URL", "ftp://mirror.example/volumes")
    with pytest.raises(UsageError, match="KOREA_FRUS_URL="):
        volume_url(VOLUME)


def test_a_local_clone_serves_as_a_mirror(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / f"{VOLUME}.xml").write_bytes(SAMPLE)
    monkeypatch.setenv("KOREA_FRUS_URL", tmp_path.as_uri())
    assert fetch_volume(VOLUME).read_bytes() == SAMPLE
    with pytest.raises(DownloadError, match="no FRUS volume frus1950v07 at file:"):
        fetch_volume("frus1950v07")


@pytest.mark.parametrize(
    ("content", "whole"),
    [
        (SAMPLE, True),
        (b"\xef\xbb\xbf\n  " + SAMPLE, True),  # a byte-order mark and blank lines first
        (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"></TEI>\n', True),
        (b"<tei:TEI></tei:TEI>", True),
        (SAMPLE[:-20], False),  # cut off: no closing </TEI>
        (HTML, False),
        (b"", False),
        (b"404: Not Found", False),
    ],
)
def test_what_counts_as_a_whole_tei_file(tmp_path: Path, content: bytes, whole: bool) -> None:
    path = tmp_path / "volume.xml"
    path.write_bytes(content)
    if whole:
        download._check(VOLUME, path, len(content), None)
    else:
        with pytest.raises(DownloadError, match=r"; nothing kept$"):
            download._check(VOLUME, path, len(content), None)


def test_download_progress_draws_only_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from armisticecli.render import progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert progress.download_progress(VOLUME) is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    report = progress.download_progress("[bold]x")  # never read as markup
    assert report is not None
    report(0, None)
    report(1000, None)
    assert len(progress._DRAWING) == 1
    report(2000, 2000)  # done: the bar goes
    assert progress._DRAWING == []
    report(2000, 2000)  # a last report after the end draws nothing again
    assert progress._DRAWING == []
