"""Writing a user's file safely: whole or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from armisticecli.errors import UsageError
from armisticecli.text import clean


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path``: atomically for a regular file, straight through otherwise.

    A regular file is written beside itself and renamed into place, keeping
    the old file's mode (or the umask's default), so a full disk or Ctrl-C
    leaves the old file as it was and no ``.part`` file behind.  A symlink
    is followed, and a device or pipe (/dev/stdout, /dev/full, a FIFO) is
    written directly.  Raises UsageError naming the file.
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
        if existing is not None:
            mode = stat.S_IMODE(existing.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, removed on failure)
            "w", encoding="utf-8", dir=resolved.parent, delete=False, suffix=".part"
        )
        try:
            with handle:
                handle.write(text)
            os.chmod(handle.name, mode)
            Path(handle.name).replace(resolved)
        except BaseException:  # a full disk, Ctrl-C: no half-written .part is left behind
            Path(handle.name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"cannot write {clean(str(path))}: {exc.strerror or exc}") from None
