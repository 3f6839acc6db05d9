"""The korea process: run the command line once, map every way it can end to an exit code.

:func:`run` is one ``try``: the command runs with Click's standalone mode
off, so every ending reaches it as an exception, and each becomes one line
on stderr and a named exit code (README, "Exit codes"):

- a :class:`~armisticecli.errors.KoreaError` from the library (its own code;
  the CLI adds the option a field came from: "--since: ...");
- a usage error from Click (2), Ctrl-C (130);
- a reader that closed the pipe early (``korea list | head -1``): success,
  quietly; output that cannot be written otherwise (2);
- anything else is a bug: one line asking for a report (70).

:func:`main` is the console script: it runs, flushes and leaves with
``os._exit``, skipping the interpreter's teardown (see :func:`_exit_now`).
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from armisticecli.errors import AmbiguousError, ExitCode, KoreaError
from armisticecli.text import clean

if TYPE_CHECKING:
    from typer._click.core import Command
    from typer.models import CommandInfo

OPTION_OF_FIELD: dict[str, str | None] = {
    "type": "--type",
    "person": "--person",
    "place": "--place",
    "name": None,  # `people NAME`: the argument itself; "no person matches" says enough
    "query": None,  # `search QUERY...`: the message names the query
}
"""A library field and the option it comes from, where the two names differ in more than
the leading dashes ("since" is --since); None for an argument, named by the message."""


def main() -> NoReturn:
    """Entry point of the ``korea`` console script: run, then exit at once."""
    # A closed stream (`korea list >&-`, `2>&-`) is None in Python: errors then go
    # nowhere but still set the exit code, and output that cannot be written is exit 2.
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (open until os._exit)
    if sys.stdout is None:  # `export -o FILE` still works; any write to stdout is exit 2
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8")
    _exit_now(run(sys.argv[1:]))


def run(args: Sequence[str], *, whole_app: bool = False) -> int:
    """Run korea with ``args`` (without the program name); return its exit code.

    ``whole_app`` builds every command, as help and shell completion do;
    otherwise only the command named is built (:func:`command_for`).
    """
    # Typer vendors click from 0.28 on: its exceptions live in typer._click and typer.
    from typer import Abort, Exit
    from typer._click import exceptions as click

    stdout_before = _stdout_identity()
    try:
        command = command_for(args, whole_app)
        if _completing():
            command.main(list(args), prog_name="korea")  # completion answers and exits itself
        with command.make_context("korea", list(args)) as context:
            command.invoke(context)
        return _flushed(ExitCode.OK)
    except AmbiguousError as exc:
        _say(_message(exc))
        sys.stderr.writelines(f"  {line}\n" for line in exc.candidates)
        return exc.exit_code
    except KoreaError as exc:
        _say(_message(exc))
        return exc.exit_code
    except Exit as exc:  # --help, --version: their output is written already
        return _flushed(exc.exit_code)
    except click.NoArgsIsHelpError as exc:
        # `korea` alone: the help is the answer (Typer has printed it already).
        if exc.message.strip():
            sys.stderr.write(exc.message.rstrip("\n") + "\n")
        return ExitCode.USAGE
    except click.UsageError as exc:
        command_path = exc.ctx.command_path if exc.ctx is not None else "korea"
        _say(f"{exc.format_message()} (see `{command_path} --help`)")
        return ExitCode.USAGE
    except click.ClickException as exc:
        _say(exc.format_message())
        return exc.exit_code
    except (Abort, KeyboardInterrupt):
        sys.stderr.write("\n")
        return ExitCode.INTERRUPTED
    except OSError as exc:
        return _write_failed(exc)
    except SystemExit as exc:
        # Rich, drawing Typer's help into a closed pipe, points stdout at /dev/null and
        # raises SystemExit(1) (Console.on_broken_pipe).  Only that is success.
        if exc.code == 1 and _stdout_identity() != stdout_before and _stdout_is_devnull():
            return ExitCode.OK
        if exc.code is None:
            return ExitCode.OK
        if isinstance(exc.code, int):
            return exc.code
        _say(str(exc.code))  # sys.exit("message"): said, and exit 1, as Python does
        return 1
    except Exception as exc:  # the last resort: a bug, reported in one line
        if os.environ.get("KOREA_DEBUG"):
            raise
        _say(
            f"internal error ({type(exc).__name__}: {exc}); please report it, "
            "with KOREA_DEBUG=1 for a traceback"
        )
        return ExitCode.INTERNAL
    finally:
        _stop_progress()


def _flushed(code: int) -> int:
    """``code``, once what was written to stdout is out (or the failure to write it)."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        return _write_failed(exc)
    return code


def _write_failed(exc: OSError) -> int:
    """Output that could not be written: a closed pipe is success, anything else exit 2."""
    if isinstance(exc, BrokenPipeError):  # a reader that stopped early got what it wanted
        _quiet_stdout()
        return ExitCode.OK
    _say(f"cannot write output: {exc.strerror or exc}")
    return ExitCode.USAGE


def _message(exc: KoreaError) -> str:
    """The library's message, with the option the faulty field came from."""
    if exc.field is None:
        return exc.message
    option = OPTION_OF_FIELD.get(exc.field, "--" + exc.field.replace("_", "-"))
    return exc.message if option is None else f"{option}: {exc.message}"


def _say(message: str) -> None:
    sys.stderr.write(f"korea: {clean(message)}\n")
    sys.stderr.flush()


COMPLETE_VAR = "_KOREA_COMPLETE"
"""Set by the shell completion script (Typer's name for a program called korea)."""


def _completing() -> bool:
    # As click decides: an empty value is no request (`_KOREA_COMPLETE= korea list`).
    return bool(os.environ.get(COMPLETE_VAR))


def command_for(args: Sequence[str], whole_app: bool = False) -> Command:
    """The click command to run: the app cut down to the one command named in ``args``.

    Typer inspects every command's signature to build the click group, which
    costs more than running `korea list --json`.  When the first argument
    names a command (and no shell completion is asking), only that command is
    built; help, completion and unknown commands get the whole app.  A test
    checks that both give the same help and results for every command.
    """
    import typer

    from armisticecli.cli import app

    if whole_app or not args or _completing():
        return typer.main.get_command(app)
    chosen = [info for info in app.registered_commands if _command_name(info) == args[0]]
    if not chosen:
        return typer.main.get_command(app)
    single = typer.Typer(
        name=app.info.name,
        help=app.info.help,
        add_completion=False,  # completion runs through the whole app (see above)
        pretty_exceptions_enable=False,
        rich_markup_mode=app.rich_markup_mode,
        context_settings=app.info.context_settings,
    )
    single.registered_callback = app.registered_callback
    single.registered_commands = chosen
    return typer.main.get_command(single)


def _command_name(info: CommandInfo) -> str:
    if info.name:
        return info.name
    callback = info.callback
    name = callback.__name__ if callback is not None else ""
    return name.strip("_").replace("_", "-")


# -- the standard streams -----------------------------------------------------------


def _stdout_identity() -> tuple[int, int] | None:
    try:
        status = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None
    return status.st_dev, status.st_ino


def _stdout_is_devnull() -> bool:
    try:
        null = os.stat(os.devnull)
    except OSError:
        return False
    return _stdout_identity() == (null.st_dev, null.st_ino)


def _quiet_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so the final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _stop_progress() -> None:
    """A progress bar left drawing by an interrupted index build is put away."""
    progress = sys.modules.get("armisticecli.render.progress")
    if progress is not None:
        progress.stop_all()


class _ClosedOutput(io.RawIOBase):
    """Standard output when its descriptor is closed: every write fails, as it would."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _exit_now(code: int) -> NoReturn:
    """Exit without tearing the interpreter down, as mypy does.

    Python's shutdown frees every object one by one: about 10 ms of a 70 ms
    `korea list --json`, and 0.3 s after listing 100,000 documents.  Nothing
    is lost by skipping it: :func:`run` has flushed stdout and reported any
    error, files are closed by their ``with`` blocks, and korea registers no
    exit handlers (a test checks that every command leaves none).
    """
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        # run() has reported a failed write already; output lost unreported is no success.
        code = code or ExitCode.USAGE
    os._exit(code)
