"""Renderers: one module per output family.  Only this package imports rich.

Importing this package itself is cheap: rich is imported by
:mod:`armisticecli.render.terminal` alone, on the code paths that draw.
"""

from __future__ import annotations

FORMATS = ("table", "tsv", "json", "jsonl", "csv")


def choose_format(format_: str | None, json_: bool, isatty: bool) -> str:
    """The output format: --json wins, then --format, then table at a terminal, else TSV."""
    if json_:
        return "json"
    if format_:
        return format_
    return "table" if isatty else "tsv"
