"""Fetching a FRUS volume's TEI file by its id, kept in the cache folder for next time.

The Office of the Historian publishes every volume of *Foreign Relations of
the United States* as one TEI XML file in the repository HistoryAtState/frus;
:func:`fetch_volume` downloads ``volumes/{id}.xml`` from it once and keeps it
in ``frus/`` under the cache folder (:func:`armisticecli.cache.cache_dir`),
so that an import can be run again, or offline, without the network.

A file in the cache is always whole: the download is written under a
temporary name (which names the process, so a killed download is swept away
by the next) and renamed into place only once its size matches the
Content-Length and its bytes read as a TEI file from its first tag to its
closing ``</TEI>``.  The cache folder's rules are those of the search index
(:func:`armisticecli.cache.untrusted`): a folder another user could write is
neither read nor written.
"""

from __future__ import annotations

import os
import re
import stat as stat_
from collections.abc import Callable
from pathlib import Path
from typing import IO, Protocol

from armisticecli.errors import CatalogueError, UsageError
from armisticecli.text import clean

Progress = Callable[[int, int | None], None]
"""Receives (bytes so far, total from Content-Length or None) as a download goes on."""

URL_ENV = "KOREA_FRUS_URL"
DEFAULT_URL = "https://raw.githubusercontent.com/HistoryAtState/frus/master/volumes"
VOLUME_ID = re.compile(r"frus(?:18|19|20)[0-9]{2}(?:-[0-9]{2})?v[0-9]{2}(?:p[0-9]{1,2})?")
"""A volume's id as the Office of the Historian writes it: frus1950v07, frus1951v07p2,
frus1952-54v15p1.  Nothing else reaches a URL or a file name."""
TIMEOUT = 30.0
"""Seconds to wait for the connection, and then for each block of the download."""
BLOCK = 1 << 16
MAX_BYTES = 1 << 28
"""256 MiB: far more than any FRUS volume (the largest are some tens of MB); a source
that sends more is not a FRUS volume and must not fill the disk."""
_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(?:\?xml\s|(?:[A-Za-z_][\w.-]*:)?TEI[\s>])")
_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?TEI>\s*\Z")
_TAIL = 4096


class _Response(Protocol):
    def read1(self, size: int = ..., /) -> bytes: ...


class DownloadError(CatalogueError):
    """A volume could not be downloaded, or what came is not a whole FRUS volume (exit 3)."""


def is_volume_id(text: str) -> bool:
    """Whether ``text`` is a FRUS volume id (frus1951v07p2), rather than a file's path."""
    return VOLUME_ID.fullmatch(text) is not None


def volume_url(volume_id: str) -> str:
    """Where a volume is downloaded from: ``$KOREA_FRUS_URL/{id}.xml`` or HistoryAtState's."""
    _check_id(volume_id)
    base = os.environ.get(URL_ENV, "") or DEFAULT_URL
    if not base.lower().startswith(("https://", "http://", "file:")):
        raise UsageError(f"{URL_ENV}={clean(base)!r}: not an https://, http:// or file: URL")
    return f"{base.rstrip('/')}/{volume_id}.xml"


def cached_path(volume_id: str) -> Path:
    """The file a volume is kept in once downloaded (whether it is there or not)."""
    from armisticecli.cache import cache_dir

    _check_id(volume_id)
    return cache_dir() / "frus" / f"{volume_id}.xml"


def fetch_volume(
    volume_id: str, *, offline: bool = False, progress: Progress | None = None
) -> Path:
    """The path of a FRUS volume's TEI file in the cache, downloaded first if need be.

    A volume already in the cache is used as it is, without the network.
    Otherwise it is downloaded from
    ``https://raw.githubusercontent.com/HistoryAtState/frus/master/volumes/{id}.xml``,
    or from ``$KOREA_FRUS_URL/{id}.xml`` when that environment variable is set
    (a mirror, a local clone as ``file:///path/to/frus/volumes``, a test server).
    ``progress`` is called with (bytes so far, total or None) as blocks arrive,
    and once more with (size, size) at the end when no total was known.

    Raises :class:`UsageError` (exit 2) for a malformed id, a bad
    ``KOREA_FRUS_URL``, or ``offline`` with the volume not in the cache
    (field ``offline``); :class:`DownloadError` (exit 3) when the volume cannot
    be had: no such volume at the URL, a network failure, a download cut off
    or not a TEI file (nothing is kept), or a cache folder that cannot be
    written or could have been written by another user.
    """
    target = cached_path(volume_id)
    folder = target.parent
    if _cached(target):
        return target
    if offline:
        raise UsageError(
            f"{volume_id} has not been downloaded yet (it would be kept in {folder}), "
            "and downloading is forbidden",
            field="offline",
        )
    url = volume_url(volume_id)
    _prepare(folder, volume_id)
    _download(volume_id, url, target, progress)
    return target


def _check_id(volume_id: str) -> None:
    if not is_volume_id(volume_id):
        raise UsageError(
            f"{clean(volume_id)!r} is not a FRUS volume id "
            "(they read like frus1950v07, frus1951v07p2, frus1952-54v15p1)"
        )


def _cached(target: Path) -> bool:
    """Whether ``target`` is a whole downloaded volume that may be read.

    Only whole downloads are ever renamed into place, so a file there is whole.
    Raises :class:`DownloadError` when the folder or the file could have been
    written by another user.
    """
    from armisticecli.cache import untrusted

    for path in (target.parent.parent, target.parent):
        try:
            problem = untrusted(path.stat())
        except OSError:
            return False  # no folder yet: nothing downloaded
        if problem is not None:
            raise DownloadError(f"{path}: not used for downloads: {problem}")
    try:
        status = target.lstat()
    except OSError:
        return False
    problem = untrusted(status)
    if not stat_.S_ISREG(status.st_mode) or problem is not None:
        raise DownloadError(f"{target}: not used: {problem or 'not a regular file'}")
    return True


def _prepare(folder: Path, volume_id: str) -> None:
    """Make the cache's ``frus/`` folder (private), check it, and sweep killed downloads."""
    from armisticecli.cache import untrusted
    from armisticecli.files import sweep_leftovers

    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path in (folder.parent, folder):
            problem = untrusted(path.stat())
            if problem is not None:
                raise DownloadError(f"{path}: not used for downloads: {problem}")
    except OSError as exc:
        raise DownloadError(f"cannot keep {volume_id} in {folder}: {exc.strerror or exc}") from None
    sweep_leftovers(folder)


def _download(volume_id: str, url: str, target: Path, progress: Progress | None) -> None:
    """Stream ``url`` into a temporary file beside ``target``; rename it once checked."""
    import http.client
    import tempfile
    import urllib.error
    import urllib.request

    from armisticecli.files import host

    try:
        response = urllib.request.urlopen(url, timeout=TIMEOUT)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 404:
            raise DownloadError(f"no FRUS volume {volume_id} at {url}") from None
        raise DownloadError(
            f"download of {volume_id} failed: HTTP {exc.code} {exc.reason} from {url}"
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, FileNotFoundError):  # a file: mirror without it
            raise DownloadError(f"no FRUS volume {volume_id} at {url}") from None
        raise DownloadError(f"download of {volume_id} failed: {_why(exc.reason)} ({url})") from None
    except (OSError, http.client.HTTPException) as exc:  # a timeout, a reset, a bad reply
        raise DownloadError(f"download of {volume_id} failed: {_why(exc)} ({url})") from None
    with response:
        total = _length(response.headers.get("Content-Length"))
        if total is not None and total > MAX_BYTES:
            raise DownloadError(
                f"{url} is {total:,} bytes, more than any FRUS volume "
                f"({MAX_BYTES:,}); nothing downloaded"
            )
        prefix = f".{target.name}.korea-{os.getpid()}@{host()}."
        try:
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".part")
        except OSError as exc:
            raise DownloadError(
                f"cannot keep {volume_id} in {target.parent}: {exc.strerror or exc}"
            ) from None
        temporary = Path(name)
        try:  # whatever stops the download (Ctrl-C, SIGTERM too), no .part is left behind
            with os.fdopen(handle, "wb") as out:
                size = _stream(volume_id, response, out, total, progress)
            _check(volume_id, temporary, size, total)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    if progress is not None and total is None:
        progress(size, size)


def _stream(
    volume_id: str,
    response: _Response,
    out: IO[bytes],
    total: int | None,
    progress: Progress | None,
) -> int:
    """Copy the response into ``out`` block by block; return the bytes copied."""
    import http.client

    size = 0
    if progress is not None:
        progress(0, total)
    while True:
        try:
            block = response.read1(BLOCK)  # what has come, not a full block: progress moves
        except TimeoutError:
            raise DownloadError(
                f"download of {volume_id} stalled at {size:,} bytes: nothing came for "
                f"{TIMEOUT:g} seconds; nothing kept"
            ) from None
        except http.client.IncompleteRead:
            break  # said below, with the sizes
        except (OSError, http.client.HTTPException) as exc:
            raise DownloadError(
                f"download of {volume_id} failed at {size:,} bytes: {_why(exc)}; nothing kept"
            ) from None
        if not block:
            return size
        size += len(block)
        if size > MAX_BYTES:
            raise DownloadError(
                f"download of {volume_id} passed {MAX_BYTES:,} bytes, more than any FRUS "
                "volume; nothing kept"
            )
        try:
            out.write(block)
        except OSError as exc:
            raise DownloadError(
                f"cannot keep {volume_id}: {exc.strerror or exc}; nothing kept"
            ) from None
        if progress is not None:
            progress(size, total)
    return size


def _check(volume_id: str, path: Path, size: int, total: int | None) -> None:
    """Refuse a download that is cut off or is not a TEI file (an HTML error page)."""
    if total is not None and size != total:
        raise DownloadError(
            f"download of {volume_id} cut off at {size:,} of {total:,} bytes; nothing kept"
        )
    with path.open("rb") as stream:
        head = stream.read(_TAIL)
        stream.seek(max(0, size - _TAIL))
        tail = stream.read(_TAIL)
    if not _START.match(head):
        raise DownloadError(
            f"download of {volume_id} is not an XML file (it begins {_sample(head)}); nothing kept"
        )
    if not _END.search(tail):
        raise DownloadError(
            f"download of {volume_id} ends before its closing </TEI> (cut off at "
            f"{size:,} bytes?); nothing kept"
        )


def _length(header: str | None) -> int | None:
    """The Content-Length, when there is one that reads as a number."""
    if header is None or not header.strip().isdigit():
        return None
    return int(header)


def _sample(head: bytes) -> str:
    """The first few characters of a file, quoted, to say what it was instead."""
    text = head[:40].decode("utf-8", "replace").strip()
    return repr(clean(text)) if text else "with nothing"


def _why(reason: object) -> str:
    """A network failure in a few words ("timed out", "Connection refused")."""
    if isinstance(reason, TimeoutError):
        return f"no answer for {TIMEOUT:g} seconds"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return clean(str(reason)) or type(reason).__name__
