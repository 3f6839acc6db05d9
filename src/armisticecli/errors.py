"""The one family of user-facing errors, each carrying its exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, as documented in the README."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    CATALOGUE = 3
    INTERNAL = 70
    """A bug in korea itself (EX_SOFTWARE): one line asking for a report, no traceback."""
    INTERRUPTED = 130


class KoreaError(Exception):
    """An error the user can act on: shown as one line on stderr."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(KoreaError):
    """A bad option or argument value (exit 2)."""

    exit_code = ExitCode.USAGE


class DateError(UsageError):
    """A date the user typed cannot be read (exit 2)."""


class NotFoundError(KoreaError):
    """Nothing matched: an unknown document, person, or an empty search (exit 1)."""

    exit_code = ExitCode.NOT_FOUND


class CatalogueError(KoreaError):
    """The catalogue file cannot be read or is invalid (exit 3)."""

    exit_code = ExitCode.CATALOGUE


class AmbiguousError(NotFoundError):
    """Several records match where one was wanted (exit 1); ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates
