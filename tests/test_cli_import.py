"""korea import frus: through the command line, as a new user runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clihelp import korea
from frusvolumes import FIXTURES, V07, V12

SUMMARY_V07 = (
    "korea: Imported 3 documents from frus1951v07p2 (0 people added, 5 notes); "
    "0 undated skipped; 0 updated\n"
)


def test_import_into_a_new_catalogue(tmp_path: Path) -> None:
    target = tmp_path / "it.json"
    result = korea("import", "frus", str(V07), str(V12), "--into", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == SUMMARY_V07 + (
        "korea: Imported 2 documents from frus1952-54v12p2 (0 people added, 13 notes); "
        "0 undated skipped; 0 updated\n"
    )
    assert korea("validate", str(target)).exit_code == 0


def test_a_new_user_lists_filters_and_shows_what_was_imported(tmp_path: Path) -> None:
    target = str(tmp_path / "it.json")
    assert korea("import", "frus", str(V07), str(V12), "--into", target).exit_code == 0
    listed = korea("list", "--catalogue", target)
    assert [line.split("\t")[:2] for line in listed.stdout.splitlines()] == [
        ["frus1951v07p2-d1", "1951-01-02"],
        ["frus1951v07p2-d22", "1951-02-01"],
        ["frus1951v07p2-d23", "1951-02-02"],
        ["frus1952-54v12p2-d1", "1952-01-10"],
        ["frus1952-54v12p2-d2", "1952-01-15"],
    ]
    marshall = korea("list", "--catalogue", target, "--since", "1951-01", "--person", "Marshall")
    assert [line.split("\t")[0] for line in marshall.stdout.splitlines()] == ["frus1951v07p2-d1"]
    acheson = korea("list", "--catalogue", target, "--person", "Acheson")
    assert [line.split("\t")[0] for line in acheson.stdout.splitlines()] == [
        "frus1951v07p2-d23",
        "frus1952-54v12p2-d2",
    ]
    timeline = korea("timeline", "--catalogue", target, "--by", "month")
    assert timeline.exit_code == 0
    assert "Secretary of State (Dean Acheson, inferred)" in timeline.stdout
    shown = json.loads(korea("show", "--catalogue", target, "frus1951v07p2-d23", "--json").stdout)
    assert shown["datetime"] == "1951-02-02T15:00:00"
    assert shown["source"]["pages"] == "1552–1553"


def test_dry_run_lists_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "it.json"
    result = korea("import", "frus", str(V07), "--into", str(target), "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "add\tpublication\tfrus1951v07p2\t1983\tForeign Relations of the United States, 1951,"
        " Korea and China, Volume VII, Part 2",
        "add\tdocument\tfrus1951v07p2-d1\t1951-01-02\tMemorandum by the Joint Chiefs of Staff"
        " to the Secretary of Defense (Marshall)",
        "add\tdocument\tfrus1951v07p2-d22\t1951-02-01\tMemorandum of Telephone Conversation,"
        " Prepared in the Department of State",
        "add\tdocument\tfrus1951v07p2-d23\t1951-02-02\tThe Consul General at Hong Kong"
        " (McConaughy) to the Secretary of State",
    ]
    assert result.stderr.startswith("korea: Would import 3 documents from frus1951v07p2")
    assert result.stderr.endswith(f"korea: dry run: {target} was not created\n")
    assert not target.exists()


def test_a_second_import_skips_and_update_replaces(tmp_path: Path) -> None:
    target = str(tmp_path / "it.json")
    korea("import", "frus", str(V07), "--into", target)
    again = korea("import", "frus", str(V07), "--into", target)
    assert again.exit_code == 0
    assert again.stderr == (
        "korea: Imported 0 documents from frus1951v07p2 (0 people added, 0 notes); "
        "0 undated skipped; 0 updated; 3 already in it.json, kept (--update replaces them)\n"
    )
    updated = korea("import", "frus", str(V07), "--into", target, "--update")
    assert updated.exit_code == 0
    assert "0 updated; 3 unchanged" in updated.stderr


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("xxe.xml", "declares a DTD"),
        ("bomb.xml", "not well-formed XML"),
        ("truncated.xml", "not well-formed XML"),
        ("not-tei.xml", "not a TEI file"),
        ("no-documents.xml", "no documents"),
        ("noncharacter.xml", "document d22 holds a Unicode noncharacter"),
    ],
)
def test_hostile_or_broken_volumes_are_one_line_and_exit_3(
    tmp_path: Path, name: str, message: str
) -> None:
    target = tmp_path / "it.json"
    result = korea("import", "frus", str(FIXTURES / name), "--into", str(target))
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"korea: {FIXTURES / name}")
    assert message in result.stderr
    assert not target.exists()


def test_an_invalid_catalogue_is_one_line_and_exit_3(tmp_path: Path) -> None:
    target = tmp_path / "bad.json"
    target.write_text('{"documents": [}', encoding="utf-8")
    result = korea("import", "frus", str(V07), "--into", str(target))
    assert result.exit_code == 3
    assert re.fullmatch(r"korea: .*bad\.json: .*\n", result.stderr)
    assert target.read_text(encoding="utf-8") == '{"documents": [}'


def test_usage_errors_are_exit_2(tmp_path: Path) -> None:
    missing = korea("import", "frus", str(V07))
    assert (missing.exit_code, missing.stderr) == (
        2,
        "korea: --into: missing (see `korea import frus --help`)\n",
    )
    assert korea("import", "frus", "--into", str(tmp_path / "x.json")).exit_code == 2
    assert korea("import", "frus", str(V07), "--into", str(tmp_path) + "/").exit_code == 2
    assert korea("import").exit_code == 2  # the group's help


def test_offline_without_the_volume_in_the_cache(tmp_path: Path) -> None:
    result = korea(
        "import", "frus", "frus1951v07p2", "--into", str(tmp_path / "x.json"), "--offline"
    )
    assert result.exit_code != 0
    assert result.stderr.startswith("korea: --offline: frus1951v07p2")
    assert result.stderr.count("\n") == 1


def test_help_has_examples_and_the_readme_says_so() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "korea import frus" in readme
    group = korea("import", "--help")
    assert group.exit_code == 0 and "frus" in group.stdout
    shown = [line.strip(" │") for line in korea("import", "frus", "--help").stdout.splitlines()]
    from armisticecli.cli import import_frus

    assert import_frus.__doc__
    examples = [
        line.strip()
        for line in import_frus.__doc__.splitlines()
        if line.strip().startswith("korea ")
    ]
    assert examples
    for example in examples:
        assert len(example) <= 76 and example in shown


# -- korea import wilson -------------------------------------------------------------------

WILSON = Path(__file__).parent / "fixtures" / "wilson"


def test_wilson_a_new_user_imports_a_results_page_and_lists_it(tmp_path: Path) -> None:
    target = str(tmp_path / "mine.json")
    result = korea("import", "wilson", str(WILSON / "seed-results.txt"), "--into", target)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "korea: Imported 7 documents from seed-results.txt (a search-results page): 7 added\n"
    )
    listed = korea("list", "--catalogue", target)
    assert len(listed.stdout.splitlines()) == 7
    assert listed.stdout.splitlines()[0].split("\t")[1] == "1950-11-08"
    # a results page names no sender: the titles are searched, names resolved
    found = korea("search", "--catalogue", target, "Filippov")
    assert found.exit_code == 0
    assert {line.split("\t")[0] for line in found.stdout.splitlines()} >= {
        "1951-06-05-ciphered-telegram-no-3410",
        "1952-02-08-ciphered-telegram-no-16293",
    }


def test_wilson_a_record_page_then_its_conflict_in_a_dry_run(tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    page = str(WILSON / "record-113636.txt")
    assert korea("import", "wilson", page, "--into", str(target)).exit_code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    data["documents"][0]["summary"] = "Mine."
    target.write_text(json.dumps(data), encoding="utf-8")
    result = korea("import", "wilson", page, "--into", str(target), "--dry-run")
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    assert line.startswith("conflict\tdocument\tda-113636\t1952-02-03\tsummary: 'Mine.' -> ")
    assert "1 already in mine.json (1 conflicting value kept: --dry-run lists them" in (
        result.stderr
    )
    shown = json.loads(korea("show", "--catalogue", str(target), "da-113636", "--json").stdout)
    assert (shown["record_id"], shown["type"]) == ("113636", "Telegram")


@pytest.mark.parametrize("content", ["hello\n", "<html><body>page</body></html>\n"])
def test_wilson_not_a_page_is_exit_3_and_one_line(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(content, encoding="utf-8")
    result = korea("import", "wilson", str(bad), "--into", str(tmp_path / "mine.json"))
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "Digital Archive page" in result.stderr
    assert not (tmp_path / "mine.json").exists()


def test_import_help_explains_each_source_with_an_example() -> None:
    result = korea("import", "--help", whole_app=True)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for source in ("frus", "wilson", "csl-json", "ris", "bibtex"):
        assert f"korea import {source} " in text or source in text
    assert "korea import wilson results.txt --into mine.json" in text
    assert "korea import frus frus1951v07p2 --into mine.json" in text


# -- korea import csl-json / ris / bibtex --------------------------------------------------

REFERENCES = Path(__file__).parent / "fixtures" / "references"


def test_a_zotero_csl_json_export_imported_and_listed(tmp_path: Path) -> None:
    target = str(tmp_path / "mine.json")
    items = str(REFERENCES / "zotero-items.json")
    result = korea("import", "csl-json", items, "--into", target)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "korea: Imported 3 documents from zotero-items.json (a CSL-JSON file): 3 added"
    )
    listed = korea("list", "--catalogue", target)
    assert [line.split("\t")[1] for line in listed.stdout.splitlines()] == [
        "1949-08",
        "1951-06-05",
        "1953-07-03",
    ]
    stalin = korea("list", "--catalogue", target, "--person", "Stalin")
    assert stalin.stdout.split("\t")[1] == "1951-06-05"


@pytest.mark.parametrize("fmt", ["csl-json", "ris", "bibtex"])
def test_export_then_import_into_the_bundled_catalogue_changes_nothing(
    tmp_path: Path, fmt: str
) -> None:
    exported = tmp_path / f"k.{fmt}"
    exported.write_text(korea("export", "--format", fmt).stdout, encoding="utf-8")
    copy = tmp_path / "documents.json"
    from armisticecli.catalogue import bundled_path

    copy.write_bytes(bundled_path().read_bytes())
    result = korea("import", fmt, str(exported), "--into", str(copy))
    assert result.exit_code == 0, result.stderr
    assert "0 added" in result.stderr and "7 already in documents.json" in result.stderr
    assert "conflict" not in result.stderr  # the same people, whatever form the export gives
    assert copy.read_bytes() == bundled_path().read_bytes()


def test_a_broken_reference_file_is_exit_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bib"
    bad.write_text("@misc{k, title = {open\n", encoding="utf-8")
    result = korea("import", "bibtex", str(bad), "--into", str(tmp_path / "mine.json"))
    assert result.exit_code == 3
    assert result.stderr == f"korea: {bad}:1: not BibTeX: an unclosed brace\n"
