"""The ``korea`` console script's first lines: Ctrl-C while it starts is a quiet exit 130.

Python turns Ctrl-C into KeyboardInterrupt from its first instruction, and
importing typer and rich takes tens of milliseconds: without this, a Ctrl-C
then prints a traceback from inside an import.  Until :func:`main` hands
over to :mod:`armisticecli.process` (which makes Ctrl-C KeyboardInterrupt
again, to clean up what a command was writing), Ctrl-C leaves at once:
nothing has been written yet.

Nothing is imported before the handler but ``os`` (loaded by Python's own
start-up) and ``_signal``, the C half of ``signal``: ``import signal`` builds
enums for several milliseconds, long enough to be interrupted itself.
"""

import _signal  # type: ignore[import-not-found]  # (no stub; signal.py wraps it)
import os


def _interrupted(signum: int, frame: object) -> None:
    os.write(2, b"\n")
    os._exit(128 + signum)


_signal.signal(_signal.SIGINT, _interrupted)

from armisticecli.process import main as _main  # noqa: E402 (the handler comes first)


def main() -> None:
    """Entry point of ``korea``."""
    _main()
