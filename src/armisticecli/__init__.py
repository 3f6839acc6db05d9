"""korea: an offline command-line catalogue of archival documents on the Korean War.

The front door for Python is :class:`Archive`::

    from armisticecli import Archive

    archive = Archive.open()               # or Archive.open("mine.json")
    for hit in archive.search("Filippov"):
        print(hit.score, hit.document.title)
"""

# Neither `from __future__ import annotations` nor `from typing import ...`: both
# are imports (typing ~10 ms), and `korea` imports this
# package before it can make Ctrl-C quiet (armisticecli._start).  mypy reads a
# constant named TYPE_CHECKING as typing's.
TYPE_CHECKING = False

__version__ = "0.1.0"
__all__ = ["Archive", "Filter", "__version__"]

if TYPE_CHECKING:
    from armisticecli.archive import Archive
    from armisticecli.filters import Filter


def __getattr__(name: str) -> object:
    # Imported on first use: `korea --version` and the command line pay nothing for it.
    if name == "Archive":
        from armisticecli.archive import Archive

        return Archive
    if name == "Filter":
        from armisticecli.filters import Filter

        return Filter
    raise AttributeError(f"module 'armisticecli' has no attribute {name!r}")
