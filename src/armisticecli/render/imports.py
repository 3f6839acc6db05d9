"""What an import did (or, with --dry-run, would do): one summary line per volume on
stderr, and for a dry run one tab-separated line per record on stdout."""

from __future__ import annotations

import sys

from armisticecli.importers.merge import ImportReport
from armisticecli.importers.merge import SourceReport as VolumeReport
from armisticecli.render.messages import say
from armisticecli.text import clean


def report(result: ImportReport, dry_run: bool) -> None:
    """Print the dry run's plan (``action, kind, id, date, title or name``) and the summary."""
    if dry_run:
        sys.stdout.writelines(
            "\t".join(clean(cell) for cell in (c.action, c.kind, c.id, c.date, c.label)) + "\n"
            for c in result.changes
        )
    for volume in result.volumes:
        say(summary(volume, result, dry_run))
    if dry_run:
        say(f"dry run: {result.path} was not {'created' if result.created else 'changed'}")


def summary(volume: VolumeReport, result: ImportReport, dry_run: bool = False) -> str:
    """ "Imported 1,032 documents from frus1951v07p2 (3 people added, 2,544 notes); 4 undated
    skipped; 0 updated", and what else was kept or skipped."""
    verb = "Would import" if dry_run else "Imported"
    if volume.kind != "a FRUS volume":
        return _matched_summary(volume, result, verb)
    added = f"{volume.people_added:,} {_plural(volume.people_added, 'person', 'people')} added"
    line = (
        f"{verb} {volume.added:,} {_plural(volume.added, 'document')} from {volume.volume} "
        f"({added}, {volume.notes:,} {_plural(volume.notes, 'note')}); "
        f"{volume.undated:,} undated skipped; {volume.updated:,} updated"
    )
    if volume.unchanged:
        line += f"; {volume.unchanged:,} unchanged"
    if volume.existing:
        line += (
            f"; {volume.existing:,} already in {result.path.name}, kept (--update replaces them)"
        )
    if volume.unreadable:
        line += f"; {volume.unreadable:,} skipped for a date not on the calendar or no title"
    return line


def _plural(count: int, one: str, many: str | None = None) -> str:
    return one if count == 1 else (many or one + "s")


def _matched_summary(report: VolumeReport, result: ImportReport, verb: str) -> str:
    """ "Imported 7 documents from results.txt (a search-results page): 5 added, 2 already
    in mine.json (1 gained fields; 1 conflicting value kept, --update replaces it)"."""
    line = (
        f"{verb} {report.documents:,} {_plural(report.documents, 'document')} from "
        f"{report.volume} ({report.kind}): {report.added:,} added"
    )
    if report.people_added:
        line += f", {report.people_added:,} {_plural(report.people_added, 'person', 'people')}"
        line += " added"
    if report.matched:
        detail = [f"{report.enriched:,} gained fields"] if report.enriched else []
        if report.unchanged:
            detail.append(f"{report.unchanged:,} unchanged")
        if report.conflicts and result.changes and not _replaced(result):
            detail.append(
                f"{report.conflicts:,} conflicting {_plural(report.conflicts, 'value')} kept: "
                "--dry-run lists them, --update replaces them"
            )
        elif report.conflicts:
            detail.append(
                f"{report.conflicts:,} conflicting {_plural(report.conflicts, 'value')} replaced"
            )
        line += f"; {report.matched:,} already in {result.path.name}"
        if detail:
            line += f" ({'; '.join(detail)})"
    return line


def _replaced(result: ImportReport) -> bool:
    return any(c.action == "conflict" and c.label.endswith("(replaced)") for c in result.changes)
