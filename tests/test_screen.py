"""screen.columns: COLUMNS when sane, else the terminal's own width, never below 20."""

from __future__ import annotations

import os
import pty
from collections.abc import Iterator

import pytest

from armisticecli.screen import MIN_WIDTH, columns


@pytest.fixture
def terminal() -> Iterator[tuple[int, int]]:
    leader, follower = pty.openpty()  # a fresh pty reports 0 x 0
    yield leader, follower
    os.close(leader)
    os.close(follower)


@pytest.mark.parametrize(("given", "width"), [("120", 120), ("20", 20), ("45", 45)])
def test_columns_is_taken_when_sane(terminal: tuple[int, int], given: str, width: int) -> None:
    assert columns(terminal[1], {"COLUMNS": given}) == width


@pytest.mark.parametrize("given", ["0", "1", "19", "", "abc", "-5"])
def test_a_broken_columns_falls_back(terminal: tuple[int, int], given: str) -> None:
    assert columns(terminal[1], {"COLUMNS": given}) == 80  # the pty says 0: the default


def test_never_narrower_than_the_minimum() -> None:
    leader, follower = pty.openpty()
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 5, 0, 0))
        assert columns(follower, {}) == MIN_WIDTH
    finally:
        os.close(leader)
        os.close(follower)
