"""export -o writes a user's file as `>` would, but whole or not at all where it can."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from armisticecli import files
from armisticecli.errors import UsageError
from clihelp import korea

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
STRANGER = 54321


def _export(target: Path | str, *extra: str) -> tuple[int, str]:
    result = korea("export", "--format", "ris", "-o", str(target), *extra)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("suffix", ["/", "/.", "/..", "//"])
def test_a_name_that_ends_as_a_folder_is_refused(tmp_path: Path, suffix: str) -> None:
    """`-o x.json/` used to write x.json: a trailing slash names a folder."""
    name = f"{tmp_path / 'x.json'}{suffix}"
    code, stderr = _export(name)
    assert code == 2
    assert stderr == f"korea: --output: {name!r} names a folder, not a file: give a file name\n"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_name_is_refused_even_when_nothing_matches(tmp_path: Path) -> None:
    code, stderr = _export(f"{tmp_path}/x.json/", "zzzzqq")
    assert code == 2 and "names a folder" in stderr


def test_hard_links_keep_sharing_the_file(tmp_path: Path) -> None:
    """A rename would leave the other name with the old text: written in place instead."""
    target = tmp_path / "refs.ris"
    target.write_text("old\n")
    other = tmp_path / "same-file.ris"
    os.link(target, other)
    inode = target.stat().st_ino
    assert _export(target) == (0, "")
    assert target.stat().st_ino == inode
    assert other.read_text() == target.read_text()
    assert other.read_text().startswith("TY  - MANSCPT")
    assert target.stat().st_nlink == 2


def test_a_single_file_is_replaced_atomically_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "refs.ris"
    target.write_text("old\n")
    target.chmod(0o640)
    inode = target.stat().st_ino
    assert _export(target) == (0, "")
    assert target.stat().st_ino != inode  # a new file renamed into place: never half-written
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.read_text().startswith("TY  - MANSCPT")


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another user")
def test_another_users_file_stays_theirs(tmp_path: Path) -> None:
    """root exporting over a user's file: the new file is given back to its owner."""
    target = tmp_path / "refs.ris"
    target.write_text("old\n")
    os.chown(target, STRANGER, STRANGER)
    assert _export(target) == (0, "")
    status = target.stat()
    assert (status.st_uid, status.st_gid) == (STRANGER, STRANGER)
    assert target.read_text().startswith("TY  - MANSCPT")


@pytest.mark.skipif(not hasattr(os, "fchown"), reason="POSIX owners")
def test_an_owner_that_cannot_be_kept_is_written_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of another owner that you may write (its group's): it is not made yours."""
    target = tmp_path / "refs.ris"
    target.write_text("old\n")
    inode = target.stat().st_ino
    real_fstat = os.fstat

    def not_allowed(*_: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    def other_owner(descriptor: int) -> os.stat_result:
        status = real_fstat(descriptor)
        fields = list(status)
        fields[4] = STRANGER  # the temporary file is the writer's, not the old file's owner
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fchown", not_allowed)
    monkeypatch.setattr(os, "fstat", other_owner)
    assert _export(target) == (0, "")
    assert target.stat().st_ino == inode
    assert target.read_text().startswith("TY  - MANSCPT")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.ris"]


def test_a_writable_file_in_a_folder_that_is_not_is_written_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "refs.ris"
    target.write_text("old\n")

    def read_only_folder(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", read_only_folder)
    assert _export(target) == (0, "")
    assert target.read_text().startswith("TY  - MANSCPT")
    missing = tmp_path / "new.ris"  # a new file needs the folder: the error says so
    assert _export(missing) == (2, f"korea: cannot write {missing}: Permission denied\n")


def _unprivileged() -> list[str] | None:
    """A command prefix that runs korea without root's right to write any folder."""
    if not ROOT:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX modes")
def test_a_writable_file_in_a_read_only_folder_end_to_end(tmp_path: Path) -> None:
    """Where `korea export > refs.ris` works, `-o refs.ris` works too."""
    prefix = _unprivileged()
    korea_bin = shutil.which("korea", path=str(Path(sys.executable).parent))
    if prefix is None or korea_bin is None:
        pytest.skip("needs setpriv as root, and korea installed")
    folder = tmp_path / "read-only"
    folder.mkdir()
    target = folder / "refs.ris"
    target.write_text("old\n")
    target.chmod(0o666)
    folder.chmod(0o555)
    try:
        result = subprocess.run(
            [*prefix, korea_bin, "export", "-f", "ris", "-o", str(target)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        folder.chmod(0o755)
    assert (result.returncode, result.stderr) == (0, "")
    assert target.read_text().startswith("TY  - MANSCPT")


def test_check_target() -> None:
    files.check_target("refs.bib")
    files.check_target("/dev/stdout")
    with pytest.raises(UsageError, match="names a folder"):
        files.check_target("refs.bib/")
