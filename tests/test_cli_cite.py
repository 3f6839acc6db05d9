from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clihelp import korea
from conftest import (
    CONTROLS,
    FORMULA,
    controls_catalogue,
    csv_rows,
    formula_catalogue,
    raw_controls,
)


def test_cite_default_is_chicago() -> None:
    result = korea("cite", "114957")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        '"Note from the Embassy of the Polish Republic in Korea about the Korean War Armistice," '
        "August 1, 1953, History and Public Policy Program Digital Archive, "
        "Polish Foreign Ministry Archive. Obtained for NKIDP by Jakub Poprocki"
    )


@pytest.mark.parametrize(
    ("style", "start"),
    [("bibtex", "@misc{cipher-3410,"), ("ris", "TY  - MANSCPT"), ("csl-json", "[")],
)
def test_cite_styles(style: str, start: str) -> None:
    result = korea("cite", "ciphered telegram 3410", "--style", style)
    assert result.exit_code == 0
    assert result.stdout.startswith(start)


def test_cite_several() -> None:
    data = json.loads(korea("cite", "cipher-3410", "polish-note", "-s", "csl-json").stdout)
    assert [item["id"] for item in data] == ["cipher-3410", "polish-note"]


def test_cite_unknown_and_ambiguous_exit_1() -> None:
    assert korea("cite", "no-such-doc").exit_code == 1
    assert korea("cite", "ciphered telegram").exit_code == 1


def test_cite_bad_style_exit_2() -> None:
    assert korea("cite", "cipher-3410", "--style", "mla").exit_code == 2


@pytest.mark.parametrize(
    ("args", "count"),
    [
        ([], 7),
        (["--since", "1953"], 2),
        (["--person", "Filippov"], 3),
        (["--type", "note"], 1),
        (["Filippov"], 3),
        (["armistice", "--since", "1953-08"], 1),
    ],
)
def test_export_filters(args: list[str], count: int) -> None:
    result = korea("export", *args, "--format", "csl-json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == count


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("bibtex", "@misc{"), ("ris", "TY  - MANSCPT"), ("jsonl", '{"id":'), ("csv", "\n")],
)
def test_export_formats(fmt: str, marker: str) -> None:
    out = korea("export", "--format", fmt).stdout
    assert marker in out


def test_export_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    result = korea("export", "--format", "bibtex", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").count("@misc{") == 7
    assert not list(tmp_path.glob("*.part"))


def test_export_unwritable_is_exit_2(tmp_path: Path) -> None:
    result = korea("export", "-o", str(tmp_path / "missing" / "x.bib"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_export_nothing_is_exit_1() -> None:
    result = korea("export", "--since", "1990", "--format", "csl-json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_export_with_no_match_leaves_the_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "keep.bib"
    target.write_text("precious\n")
    result = korea("export", "zzzzqq", "--format", "bibtex", "-o", str(target))
    assert result.exit_code == 1
    assert target.read_text() == "precious\n"


def test_export_writes_through_a_symlink_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "target.bib"
    target.write_text("")
    target.chmod(0o644)
    link = tmp_path / "link.bib"
    link.symlink_to(target)
    assert korea("export", "--format", "ris", "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_text().startswith("TY  - MANSCPT")
    assert (target.stat().st_mode & 0o777) == 0o644


def test_export_to_a_full_device_is_exit_2() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    result = korea("export", "-o", "/dev/full")
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert Path("/dev/full").is_char_device()


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt])
def test_a_failed_export_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    import tempfile

    real = tempfile.NamedTemporaryFile

    def failing(*args: object, **kwargs: object) -> object:
        handle = real(*args, **kwargs)  # type: ignore[call-overload]

        def write(_: str) -> int:
            raise failure

        handle.write = write
        return handle

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", failing)
    target = tmp_path / "out.ris"
    result = korea("export", "--format", "ris", "-o", str(target))
    assert result.exit_code != 0
    if isinstance(failure, OSError):
        assert result.exit_code == 2
        assert "No space left on device" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_incomplete_citations_are_named_on_stderr_and_quiet_hides_it() -> None:
    result = korea("cite", "cipher-3410", "charge-telegram")
    assert result.exit_code == 0
    assert result.stderr == (
        "korea: 1 of 2 citations are incomplete, not verified: source line, record id, "
        "translator (cipher-3410); --quiet hides this\n"
    )
    quiet = korea("cite", "cipher-3410", "charge-telegram", "--quiet")
    assert quiet.stderr == "" and quiet.stdout == result.stdout
    assert korea("cite", "charge-telegram").stderr == ""  # complete: nothing to say


def test_an_inferred_recipient_never_reaches_a_citation_as_archive_data() -> None:
    for style in ("csl-json", "bibtex", "ris", "chicago"):
        out = korea("cite", "charge-telegram", "--style", style).stdout
        assert "Georgy Malenkov" not in out.split("identified as")[0], style
    csl = json.loads(korea("cite", "charge-telegram", "--style", "csl-json").stdout)[0]
    assert csl["recipient"] == [{"literal": "Chairman of the USSR Council of Ministers"}]
    assert "identified as Georgy Malenkov by inference" in csl["note"]


def test_a_document_named_twice_is_cited_once() -> None:
    result = korea("cite", "cipher-3410", "114956", "cipher-3410", "--style", "bibtex")
    assert result.exit_code == 0
    assert result.stdout.count("@misc{cipher-3410,") == 1
    assert "1 of 2 citations" in result.stderr


@pytest.mark.parametrize("raw", [False, True])
def test_export_csv_shows_formulas_instead_of_running_them(
    raw: bool, write_catalogue: Callable[[Any], Path], tmp_path: Path
) -> None:
    path = str(write_catalogue(formula_catalogue()))
    out = tmp_path / "export.csv"
    args = ("export", "--format", "csv", "--catalogue", path, "-o", str(out))
    result = korea(*args, *(["--csv-raw"] * raw))
    assert result.exit_code == 0
    (row,) = csv_rows(out.read_text(encoding="utf-8"))
    assert row["title"] == ("" if raw else "'") + FORMULA
    assert row["from"] == ("" if raw else "'") + "@SUM(1+1)"


def test_csl_json_escapes_c1_and_bidi_controls(write_catalogue: Callable[[Any], Path]) -> None:
    path = str(write_catalogue(controls_catalogue()))
    out = korea("cite", "d1", "--style", "csl-json", "--catalogue", path).stdout
    assert raw_controls(out) == set()
    assert json.loads(out)[0]["title"] == f"Title {CONTROLS}"


@pytest.mark.parametrize("fmt", ["csl-json", "json", "jsonl"])
def test_export_json_escapes_c1_and_bidi_controls(
    fmt: str, write_catalogue: Callable[[Any], Path], tmp_path: Path
) -> None:
    path = str(write_catalogue(controls_catalogue()))
    out = korea("export", "--format", fmt, "--catalogue", path).stdout
    assert raw_controls(out) == set()
    assert json.loads(out.splitlines()[0] if fmt == "jsonl" else out) is not None
    written = tmp_path / "out.json"
    assert korea("export", "--format", fmt, "--catalogue", path, "-o", str(written)).exit_code == 0
    assert written.read_text(encoding="utf-8") == out


FRUS = str(Path(__file__).parent / "fixtures" / "cite" / "frus.json")
FRUS_D1 = "frus1951v07p2-d1"


def test_cite_a_frus_document_in_the_office_of_the_historian_form() -> None:
    result = korea("cite", "--catalogue", FRUS, FRUS_D1)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        '"Memorandum by the Joint Chiefs of Staff to the Secretary of Defense (Marshall)," '
        "January 2, 1951, in Foreign Relations of the United States, 1951, Korea and China, "
        "Volume VII, Part 2, eds. John P. Glennon, Harriet D. Schwar, and Paul Claussen "
        "(Washington: Government Printing Office, 1983), Document 1, 1474–1476, "
        "https://history.state.gov/historicaldocuments/frus1951v07p2/d1.\n"
    )
    # a record id and a translator are no part of a citation from a printed volume
    assert result.stderr == ""


def test_cite_frus_documents_as_bibtex() -> None:
    from pybtex.database import parse_string

    result = korea("cite", "--catalogue", FRUS, FRUS_D1, "Chargé in Burma", "--style", "bibtex")
    assert result.exit_code == 0, result.stderr
    entries = parse_string(result.stdout, "bibtex").entries
    assert list(entries) == [FRUS_D1, "frus1952-54v12p2-d1"]
    d1 = entries[FRUS_D1]
    assert d1.type == "incollection"
    assert d1.fields["booktitle"] == (
        "{Foreign Relations of the United States, 1951, Korea and China, Volume VII, Part 2}"
    )
    assert [str(editor) for editor in d1.persons["editor"]] == [
        "Glennon, John P.",
        "Schwar, Harriet D.",
        "Claussen, Paul",
    ]
    assert (d1.fields["year"], d1.fields["pages"], d1.fields["chapter"]) == (
        "1983",
        "1474--1476",
        "1",
    )


@pytest.mark.parametrize(
    ("style", "start"),
    [("ris", "TY  - CHAP\nID  - frus1951v07p2-d1\n"), ("csl-json", "[\n  {\n")],
)
def test_cite_a_frus_document_in_other_styles(style: str, start: str) -> None:
    result = korea("cite", "--catalogue", FRUS, FRUS_D1, "--style", style)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(start)
    if style == "csl-json":
        (item,) = json.loads(result.stdout)
        assert (item["type"], item["issued"], item["original-date"]) == (
            "chapter",
            {"date-parts": [[1983]]},
            {"date-parts": [[1951, 1, 2]]},
        )


def test_export_frus_documents_as_ris() -> None:
    result = korea("export", "--catalogue", FRUS, "--format", "ris")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("TY  - CHAP\n") == 2
    assert "DA  - " not in result.stdout
