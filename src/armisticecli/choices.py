"""The closed sets of values that options take, outside the output formats.

Kept in a module that imports nothing of korea: the command line needs these
``Literal`` types to declare its options, and must not pay for loading the
catalogue code to do so (``korea --version``).  The output formats live in
:mod:`armisticecli.render`.
"""

from __future__ import annotations

from typing import Literal

SortKey = Literal["date", "title"]
SORT_KEYS: tuple[SortKey, ...] = ("date", "title")
Grouping = Literal["year", "month"]
GROUPINGS: tuple[Grouping, ...] = ("year", "month")
