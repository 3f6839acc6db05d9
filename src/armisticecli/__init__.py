"""korea: an offline command-line catalogue of archival documents on the Korean War.

The front door for Python is :class:`Archive`::

    from armisticecli import Archive

    archive = Archive.open()               # or Archive.open("mine.json")
    for hit in archive.search("Filippov"):
        print(hit.score, hit.document.title)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Archive", "Filter", "__version__"]

if TYPE_CHECKING:
    from armisticecli.archive import Archive
    from armisticecli.filters import Filter


def __getattr__(name: str) -> Any:
    # Imported on first use: `korea --version` and the command line pay nothing for it.
    if name == "Archive":
        from armisticecli.archive import Archive

        return Archive
    if name == "Filter":
        from armisticecli.filters import Filter

        return Filter
    raise AttributeError(f"module 'armisticecli' has no attribute {name!r}")
