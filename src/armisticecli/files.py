"""Writing a user's file safely: whole or not at all, and nothing left behind."""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

from armisticecli.errors import UsageError
from armisticecli.text import clean

PART = re.compile(r"\..+\.korea-(?P<pid>[0-9]+)@(?P<host>[A-Za-z0-9-]*)\.[A-Za-z0-9_]+\.part")
"""A temporary file of :func:`write_text`: it names the process that writes it."""
UNWRITABLE_FOLDER = (errno.EACCES, errno.EPERM, errno.EROFS)


def check_target(path: str | os.PathLike[str], field: str | None = None) -> None:
    """Refuse a name that can only be a folder (``x.json/``, ``out/.``), which the path
    machinery would quietly read as the file ``x.json``."""
    name = os.fspath(path)
    if os.path.basename(name) in ("", ".", ".."):
        raise UsageError(
            f"{clean(name)!r} names a folder, not a file: give a file name", field=field
        )


def read_utf8(path: str | os.PathLike[str], expected: str = "") -> str:
    """A source file's text (an import's input); CatalogueError, one line, when it cannot be
    read or is not UTF-8 (``expected`` says what the file should have been)."""
    from armisticecli.errors import CatalogueError

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = f": {expected}" if expected else ""
        raise CatalogueError(f"{path}: not UTF-8 text (byte {exc.start}){hint}") from None


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` as ``> path`` would, but whole or not at all where it can.

    A regular file is written beside itself under a temporary name, then
    renamed over the old one: a full disk, Ctrl-C, SIGTERM or SIGHUP leaves
    the old file as it was and no temporary file behind (one left by a
    process that was killed outright is removed by the next write to that
    folder; its name holds the writer's pid and host, so a live writer's is
    kept).  The new file keeps the old one's mode, owner and group.

    The file is written in place instead, as ``>`` does and as vim's
    ``backupcopy=auto`` decides, when a rename would change what the file
    is or cannot be done:

    - it has other hard links: a new file would leave them holding the old
      text, so all the names get the new text instead;
    - its owner or group cannot be given to a new file (another user's file
      you may write): it stays theirs;
    - its folder cannot be written (a writable file in a read-only folder).

    Writing in place is not atomic: interrupted, it leaves part of the text.
    A symlink is followed, and a device or pipe (/dev/stdout, /dev/full, a
    FIFO) is written directly.  Raises UsageError naming the file.
    """
    check_target(path)
    target = Path(path)
    try:
        existing = target.stat() if target.exists() else None  # follows symlinks
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            # Opened by the name given: /dev/stdout in a pipe resolves to no real path.
            _write_in_place(target, text)
            return
        resolved = target.resolve()
        if existing is not None and existing.st_nlink > 1:
            _write_in_place(resolved, text)
            return
        sweep_leftovers(resolved.parent)
        try:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, removed on failure)
                "w",
                encoding="utf-8",
                dir=resolved.parent,
                prefix=f".{resolved.name[:80]}.korea-{os.getpid()}@{host()}.",
                suffix=".part",
                delete=False,
            )
        except OSError as exc:
            if existing is None or exc.errno not in UNWRITABLE_FOLDER:
                raise
            _write_in_place(resolved, text)  # `>` works where the folder is read-only
            return
        try:
            with handle:
                if existing is not None and not _same_owner(handle.fileno(), existing):
                    raise _KeepOwner
                handle.write(text)
            os.chmod(handle.name, _mode(existing))
            Path(handle.name).replace(resolved)
        except _KeepOwner:
            Path(handle.name).unlink(missing_ok=True)
            _write_in_place(resolved, text)
        except BaseException:  # a full disk, Ctrl-C, SIGTERM: no .part is left behind
            Path(handle.name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"cannot write {clean(str(path))}: {exc.strerror or exc}") from None


class _KeepOwner(Exception):
    """The new file could not be given the old one's owner: write in place."""


def _write_in_place(target: Path, text: str) -> None:
    with target.open("w", encoding="utf-8") as stream:
        stream.write(text)


def _mode(existing: os.stat_result | None) -> int:
    """The old file's mode, or what the umask gives a new file."""
    if existing is not None:
        return stat.S_IMODE(existing.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _same_owner(descriptor: int, existing: os.stat_result) -> bool:
    """Give the new file the old one's owner and group; False when that is not allowed."""
    if not hasattr(os, "fchown"):
        return True  # Windows: a new file's owner is the writer, as for any editor
    status = os.fstat(descriptor)
    if (status.st_uid, status.st_gid) == (existing.st_uid, existing.st_gid):
        return True
    try:
        os.fchown(descriptor, existing.st_uid, existing.st_gid)
    except PermissionError:
        return False
    return True


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
