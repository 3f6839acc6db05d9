"""`korea validate FILE` as it was before issue 14: the quadratic check of reported places.

    python benchmarks/validate_before.py FILE

benchmarks/run.py times this against today's `korea validate` in the same run, so the
ratio is measured, not remembered.  Only the two functions that changed are put back.
"""

from __future__ import annotations

import sys
from typing import Any

import msgspec

from armisticecli import validate
from armisticecli.process import run


def _under(path: str, places: set[str]) -> bool:
    """Every place compared with every problem."""
    return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") for p in places)


def _fields(struct: Any) -> dict[str, Any]:
    """The fields worked out again on every call, as msgspec does."""
    return {f.encode_name: f for f in msgspec.structs.fields(struct)}


if __name__ == "__main__":
    validate._under = _under
    validate._fields = _fields  # type: ignore[assignment]
    sys.exit(run(["validate", *sys.argv[1:]]))
