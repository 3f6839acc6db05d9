"""Renderers: one module per output family.  Only this package imports rich.

Importing this package itself is cheap: rich is imported by
:mod:`armisticecli.render.terminal` alone, on the code paths that draw.
The closed sets of output formats live here, as ``Literal`` types that the
command line offers as choices and mypy checks everywhere they are used.
"""

from __future__ import annotations

from typing import Literal, overload

OutputFormat = Literal["table", "tsv", "json", "jsonl", "csv"]
TimelineFormat = Literal["table", "tsv", "json", "jsonl", "csv", "mermaid"]
CiteStyle = Literal["chicago", "bibtex", "csl-json", "ris"]
ExportFormat = Literal["csl-json", "bibtex", "ris", "csv", "jsonl", "json", "sqlite"]
ProblemFormat = Literal["text", "json"]
NetworkFormat = Literal["table", "tsv", "json", "graphml", "gexf", "dot", "mermaid", "cmif"]
FORMATS: tuple[OutputFormat, ...] = ("table", "tsv", "json", "jsonl", "csv")
CITE_STYLES: tuple[CiteStyle, ...] = ("chicago", "bibtex", "csl-json", "ris")


@overload
def choose_format(format_: OutputFormat | None, json_: bool, isatty: bool) -> OutputFormat: ...
@overload
def choose_format(format_: TimelineFormat | None, json_: bool, isatty: bool) -> TimelineFormat: ...


def choose_format(format_: TimelineFormat | None, json_: bool, isatty: bool) -> TimelineFormat:
    """The output format: --json, or --format, else table at a terminal and TSV in a pipe.

    --json with another --format is a usage error, not a silent choice.
    """
    if json_ and format_ not in (None, "json"):
        from armisticecli.errors import UsageError

        raise UsageError(f"{format_} conflicts with --json; give one of them", field="format")
    if json_:
        return "json"
    if format_:
        return format_
    return "table" if isatty else "tsv"
