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
