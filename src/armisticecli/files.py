"""Writing a user's file safely: whole or not at all, and nothing left behind."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from armisticecli.errors import UsageError
from armisticecli.text import clean

PART = re.compile(r"\..+\.korea-(?P<pid>[0-9]+)@(?P<host>[A-Za-z0-9-]*)\.[A-Za-z0-9_]+\.part")
"""A temporary file of :func:`write_text`: it names the process that writes it."""


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path``: atomically for a regular file, straight through otherwise.

    A regular file is written beside itself and renamed into place, keeping
    the old file's mode (or the umask's default), so a full disk, Ctrl-C,
    SIGTERM or SIGHUP leaves the old file as it was and no ``.part`` file
    behind (one left by a process killed outright is removed by the next
    write to that folder: its name holds the writer's pid and host, so a live
    writer's is kept).  A symlink is followed, and a device or pipe
    (/dev/stdout, /dev/full, a FIFO) is written directly.  Raises UsageError
    naming the file.
    """
    target = Path(path)
    try:
        existing = target.stat() if target.exists() else None  # follows symlinks
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            # Opened by the name given: /dev/stdout in a pipe resolves to no real path.
            with target.open("w", encoding="utf-8") as stream:
                stream.write(text)
            return
        resolved = target.resolve()
        sweep_leftovers(resolved.parent)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, removed on failure)
            "w",
            encoding="utf-8",
            dir=resolved.parent,
            prefix=f".{resolved.name[:80]}.korea-{os.getpid()}@{host()}.",
            suffix=".part",
            delete=False,
        )
        try:
            with handle:
                handle.write(text)
            os.chmod(handle.name, _mode(existing))
            Path(handle.name).replace(resolved)
        except BaseException:  # a full disk, Ctrl-C, SIGTERM: no .part is left behind
            Path(handle.name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"cannot write {clean(str(path))}: {exc.strerror or exc}") from None


def _mode(existing: os.stat_result | None) -> int:
    """The old file's mode, or what the umask gives a new file."""
    if existing is not None:
        return stat.S_IMODE(existing.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def host() -> str:
    """This machine's name as it can stand in a file name (letters, digits and -)."""
    import socket

    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:63]


def alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (True when unsure)."""
    if pid <= 0 or pid == os.getpid():
        return pid > 0
    if os.name == "nt":
        return True  # os.kill(pid, 0) would end the process there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


def sweep_leftovers(folder: Path, pattern: re.Pattern[str] = PART) -> list[Path]:
    """Remove the temporary files of korea processes of this machine that were killed
    before they could (SIGKILL, a power cut); return what was removed.

    Only files of the current user whose name matches ``pattern`` and names
    this host and a process that no longer runs: a file written by a live
    process, or by one on another machine sharing the folder, is kept.
    """
    removed: list[Path] = []
    if os.name == "nt":
        return removed
    here = host()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or match["host"] != here or alive(int(match["pid"])):
            continue
        try:
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(status.st_mode) and status.st_uid == os.geteuid():
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
