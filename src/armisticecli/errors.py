"""The one family of user-facing errors, each carrying its exit code."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, as documented in the README."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    CATALOGUE = 3
    INTERNAL = 70
    """A bug in korea itself (EX_SOFTWARE): one line asking for a report, no traceback."""
    HANGUP = 129
    """SIGHUP (128 + 1): the terminal went away; korea cleaned up, as for Ctrl-C."""
    INTERRUPTED = 130
    TERMINATED = 143
    """SIGTERM (128 + 15): asked to stop; korea cleaned up, as for Ctrl-C."""


class KoreaError(Exception):
    """An error the user can act on: shown as one line on stderr.

    ``field`` names the input that was wrong ("since", "person", "by") when
    there is one: the library says which field and value, and the command
    line adds the option it came from ("--since: ...").
    """

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message

    def in_field(self, field: str) -> KoreaError:
        """This error, said of ``field`` (unless it already names one)."""
        if self.field is None:
            self.field = field
        return self


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
    """Several records match where one was wanted (exit 1).

    ``candidates`` holds one row of fields per record, the id first
    (for a document: id, date, title); ``hint`` is one line on what to type
    instead, when there is something better to say than the message.
    """

    def __init__(
        self,
        message: str,
        candidates: Sequence[tuple[str, ...]],
        *,
        hint: str | None = None,
        field: str | None = None,
        date_column: int | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.candidates = list(candidates)
        self.hint = hint
        self.date_column = date_column
        """Which field of a row is an ISO date ("1951-06-05"), shown as a reader's
        date ("5 Jun 1951") at a terminal, as tables show it."""
