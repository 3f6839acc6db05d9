"""A progress bar on stderr while the search index is built (only at a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def build_progress() -> Iterator[Callable[[int, int], None] | None]:
    """Yield a callback(done, total) drawing a bar on stderr, or None when stderr is not a tty.

    Rich is imported only when the first chunk reports, so a current index costs nothing.
    """
    if not sys.stderr.isatty():
        yield None
        return
    state: dict[str, object] = {}

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
            state["progress"] = progress
            state["task"] = progress.add_task("index", total=total)
        bar = state["progress"]
        bar.update(state["task"], completed=done)  # type: ignore[attr-defined]

    try:
        yield report
    finally:
        if "progress" in state:
            state["progress"].stop()  # type: ignore[attr-defined]
