"""How wide the terminal is: COLUMNS when it is sane, else the terminal's own size.

COLUMNS=0 made rich print nothing at all, and COLUMNS=1 a letter a line: a
width below :data:`MIN_WIDTH` is taken as a broken environment, not a wish.
"""

from __future__ import annotations

import os

MIN_WIDTH = 20
"""The narrowest width korea draws for; a narrower COLUMNS or terminal is raised to it."""


def columns(fd: int, environ: dict[str, str] | None = None) -> int:
    """The width to draw for on the terminal ``fd``: COLUMNS first, at least MIN_WIDTH."""
    given = (os.environ if environ is None else environ).get("COLUMNS", "")
    if given.isdigit() and int(given) >= MIN_WIDTH:
        return int(given)
    try:
        size = os.get_terminal_size(fd).columns
    except (OSError, ValueError):
        size = 80
    return max(size or 80, MIN_WIDTH)
