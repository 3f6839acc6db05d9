"""Progress bars on stderr (only at a terminal): an index build, a FRUS download."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

_DRAWING: list[Any] = []
"""Bars being drawn, so that an interrupted build can put them away (:func:`stop_all`)."""


def index_progress() -> Callable[[int, int], None] | None:
    """A callback(done, total) drawing a bar on stderr, or None when stderr is not a tty.

    Rich is imported only when the first chunk reports, so a current index
    costs nothing; the bar goes away by itself when ``done`` reaches ``total``.
    """
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def report(done: int, total: int) -> None:
        if "progress" not in state:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            progress = Progress(
                TextColumn("Indexing the catalogue for search"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            progress.start()
            _DRAWING.append(progress)
            state["progress"] = progress
            state["task"] = progress.add_task("index", total=total)
        state["progress"].update(state["task"], completed=done)
        if done >= total:
            state.pop("progress").stop()
            _DRAWING.clear()

    return report


def download_progress(what: str = "the FRUS volume") -> Callable[[int, int | None], None] | None:
    """A callback(bytes so far, total or None) drawing a download on stderr, or None when
    stderr is not a tty.

    Shows ``Downloading {what}``, a bar (pulsing while the total is unknown), the bytes
    so far of the total and the transfer speed.  Rich is imported at the first report;
    the bar goes away by itself when the bytes reach the total.  ``what`` (a volume id)
    is cleaned and never read as markup.
    """
    if not sys.stderr.isatty():
        return None
    from armisticecli.text import clean

    label = clean(what)
    state: dict[str, Any] = {}

    def report(done: int, total: int | None) -> None:
        if state.get("finished"):
            return
        if "progress" not in state:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TransferSpeedColumn,
            )

            progress = Progress(
                TextColumn("Downloading {task.description}", markup=False),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            progress.start()
            _DRAWING.append(progress)
            state["progress"] = progress
            state["task"] = progress.add_task(label, total=total)
        state["progress"].update(state["task"], completed=done, total=total)
        if total is not None and done >= total:
            progress = state.pop("progress")
            progress.stop()
            if progress in _DRAWING:
                _DRAWING.remove(progress)
            state["finished"] = True

    return report


def stop_all() -> None:
    """Stop every bar still drawing (after Ctrl-C or an error mid-build)."""
    while _DRAWING:
        _DRAWING.pop().stop()
