"""armisticecli.sqlite_export, and `korea export --format sqlite`: opened as Datasette and
sqlite-utils open it."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from clihelp import korea


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    path = tmp_path / "korea.db"
    result = korea("export", "--format", "sqlite", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"korea: wrote 11 documents to {path}, and {tmp_path / 'korea.metadata.json'}\n"
    )
    return path


def test_tables_rows_and_foreign_keys(exported: Path) -> None:
    db = sqlite_utils.Database(exported)
    assert {"documents", "people", "aliases", "roles", "document_people", "events",
            "relations", "documents_fts"} <= set(db.table_names())  # fmt: skip
    assert db["documents"].count == 11  # seven documents and four they carry
    keys = {(fk.column, fk.other_table) for fk in db["document_people"].foreign_keys}
    assert keys == {("document_id", "documents"), ("person_id", "people")}
    assert {(fk.column, fk.other_table) for fk in db["aliases"].foreign_keys} == {
        ("person_id", "people")
    }
    db.conn.execute("PRAGMA foreign_keys = ON")
    assert list(db.conn.execute("PRAGMA foreign_key_check")) == []


def test_partial_dates_facet_honestly(exported: Path) -> None:
    db = sqlite_utils.Database(exported)
    draft = db["documents"].get("kim-peng-clark-draft-1953")
    assert (draft["date"], draft["year"], draft["month"], draft["day"]) == (
        "1953",
        1953,
        None,
        None,
    )
    assert draft["carried_in"] == "charge-telegram"


def test_full_text_search_finds_filippov_through_the_aliases(exported: Path) -> None:
    db = sqlite_utils.Database(exported)
    assert db["documents"].detect_fts() == "documents_fts"
    found = {row["id"] for row in db["documents"].search("Filippov")}
    assert found == {"mao-stalin-1951", "cipher-3410", "cipher-16293"}
    # "I.V. Stalin" in mao-stalin-1951's title: the index holds Stalin's other names
    assert "Filippov" not in db["documents"].get("mao-stalin-1951")["title"]


def test_the_name_form_each_document_uses(exported: Path) -> None:
    db = sqlite_utils.Database(exported)
    rows = db.query(
        "select role, name_form from document_people where document_id = 'cipher-3410' "
        "and person_id = 'stalin'"
    )
    assert list(rows) == [{"role": "sender", "name_form": "Filippov [Stalin]"}]


def datasette_get(path: Path, url: str) -> Any:
    from datasette.app import Datasette

    metadata = json.loads(path.with_name("korea.metadata.json").read_text(encoding="utf-8"))

    async def fetch() -> Any:
        response = await Datasette([str(path)], metadata=metadata).client.get(url)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_datasette_facets_search_and_canned_queries(exported: Path) -> None:
    page = datasette_get(exported, "/korea/documents.json?_shape=objects")
    facets = page["facet_results"]
    assert {"type", "year", "people"} <= set(facets)
    years = {item["value"]: item["count"] for item in facets["year"]["results"]}
    assert years[1951] == 3  # two documents and the telegram one of them carries
    found = datasette_get(exported, "/korea/documents.json?_search=Filippov&_shape=objects")
    assert {row["id"] for row in found["rows"]} == {
        "mao-stalin-1951", "cipher-3410", "cipher-16293",
    }  # fmt: skip
    person = datasette_get(
        exported, "/korea/documents_of_a_person.json?name=Filippov&_shape=objects"
    )
    assert {row["id"] for row in person["rows"]} == {
        "mao-stalin-1951", "cipher-3410", "cipher-16293",
    }  # fmt: skip
    pairs = datasette_get(exported, "/korea/who_wrote_to_whom.json?_shape=objects")
    assert pairs["rows"][0]["documents"] == 2


def test_reexport_replaces_the_file_atomically(exported: Path) -> None:
    before = exported.stat().st_mode & 0o777
    assert before & 0o044  # readable by a web server, not mkstemp's 0600
    result = korea("export", "--format", "sqlite", "-o", str(exported), "--since", "1953")
    assert result.exit_code == 0
    count = sqlite3.connect(exported).execute("select count(*) from documents").fetchone()[0]
    assert count == 3  # the chargé's telegram, the note, and the draft it carries
    assert not list(exported.parent.glob(".korea.db.*"))  # no temporary file left


def test_sqlite_needs_a_file(tmp_path: Path) -> None:
    result = korea("export", "--format", "sqlite")
    assert result.exit_code == 2 and "give -o korea.db" in result.stderr
    other = korea("export", "--datasette-metadata", str(tmp_path / "m.json"))
    assert other.exit_code == 2


def test_relays_and_copies_have_their_part(exported: Path) -> None:
    db = sqlite_utils.Database(exported)
    parts = {
        (row["document_id"], row["person_id"]): row["role"]
        for row in db.query("select document_id, person_id, role from document_people")
    }
    assert parts[("cipher-3410", "krasovsky")] == "relay"
    assert parts[("cipher-3410", "mao")] == "recipient"
    assert parts[("peng-mao-1951-01-19", "gao-gang")] == "copy"
