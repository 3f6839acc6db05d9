"""The JSON Schema of the catalogue format, generated from the model.

The schema ships inside the package as ``catalogue.schema.json`` so that
``korea schema`` and editors can use it without importing the model; a test
keeps the shipped file equal to :func:`generate`.  Regenerate it with
``python -m armisticecli.schema > src/armisticecli/catalogue.schema.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("catalogue.schema.json")
SCHEMA_ID = "urn:armisticecli:catalogue:1"


def generate() -> dict[str, Any]:
    """The schema as msgspec derives it from :class:`~armisticecli.model.CatalogueFile`."""
    import msgspec

    from armisticecli.model import CatalogueFile

    body = msgspec.json.schema(CatalogueFile)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "korea catalogue",
        "description": (
            "A catalogue of archival documents for the korea command line: documents, "
            "a name authority file (people) and dated context events."
        ),
        **json.loads(json.dumps(body)),  # tuples (defaults) become lists, as in the file
    }
    # What msgspec cannot say: an inferred link or name form must say why it is believed.
    for name in ("Party", "Alias", "Role"):
        schema["$defs"][name]["if"] = {
            "properties": {"inferred": {"const": True}},
            "required": ["inferred"],
        }
        schema["$defs"][name]["then"] = {"required": ["basis"]}
    return schema


def render() -> str:
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


def shipped() -> str:
    """The schema file as shipped with the package."""
    return SCHEMA_PATH.read_text(encoding="utf-8")


if __name__ == "__main__":
    print(render(), end="")
