"""The korea process: run the command line once, map every way it can end to an exit code.

:func:`run` is one ``try``: the command runs with Click's standalone mode
off, so every ending reaches it as an exception, and each becomes one line
on stderr and a named exit code (README, "Exit codes"):

- a :class:`~armisticecli.errors.KoreaError` from the library (its own code;
  the CLI adds the option a field came from: "--since: ...");
- a usage error from Click (2), Ctrl-C (130), SIGHUP (129) or SIGTERM (143):
  each unwinds the program (:class:`Terminated`), so a half-written file or
  index is removed on the way out;
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
import re
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from armisticecli.errors import AmbiguousError, ExitCode, KoreaError, UsageError
from armisticecli.render.messages import say, write_lines
from armisticecli.text import clean

if TYPE_CHECKING:
    from typer._click.core import Command
    from typer.models import CommandInfo

OPTION_OF_FIELD: dict[str, str | None] = {
    "type": "--type",
    "person": "--person",
    "place": "--place",
    # Arguments: the message names them ("no person matches", "an empty query").
    "name": None,
    "ref": None,
    "query": None,
}
"""A library field and the option it comes from, where the two names differ in more than
the leading dashes ("since" is --since); None for an argument, named by the message."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised wherever korea was, as Ctrl-C raises KeyboardInterrupt.

    The default action of those signals ends the process on the spot, leaving
    a temporary file behind (``export -o``, an index build); raised instead,
    every ``finally`` and cleanup runs.  Not an ``Exception``: nothing that
    handles errors catches it by mistake.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as a shell reports a process it ended."""
        if self.signum == getattr(signal, "SIGHUP", None):
            return ExitCode.HANGUP
        return ExitCode.TERMINATED


STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Signals that ask korea to stop (SIGHUP does not exist on Windows)."""


def _raise_terminated(signum: int, frame: object) -> None:
    # Once: a second signal while the first unwinds must not cut its cleanup short.
    for caught in STOP_SIGNALS:
        signal.signal(caught, signal.SIG_IGN)
    raise Terminated(signum)


def catch_stop_signals() -> None:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` (signals the parent ignored,
    as ``nohup`` does for SIGHUP, stay ignored)."""
    for caught in STOP_SIGNALS:
        if signal.getsignal(caught) is not signal.SIG_IGN:
            signal.signal(caught, _raise_terminated)


def main() -> NoReturn:
    """Entry point of the ``korea`` console script: run, then exit at once."""
    try:
        # From here on Ctrl-C is KeyboardInterrupt, which run (or the except below)
        # turns into exit 130 once what a command was writing is cleaned up; SIGTERM
        # and SIGHUP are Terminated, cleaned up the same way.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        catch_stop_signals()
        # A closed stream (`korea list >&-`, `2>&-`) is None in Python: errors then go
        # nowhere but still set the exit code, and output that cannot be written is exit 2.
        if sys.stderr is None:
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (open until os._exit)
        if sys.stdout is None:  # `export -o FILE` still works; any write to stdout is exit 2
            sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8")
        code = run(sys.argv[1:])
    except KeyboardInterrupt:
        # Ctrl-C while typer and rich are still being imported, before run's own
        # handler: the same quiet exit 130, not a traceback from inside an import.
        write_lines([""])
        code = ExitCode.INTERRUPTED
    except Terminated as exc:  # arrived before run() was in its try (importing typer)
        code = exc.exit_code
    for caught in STOP_SIGNALS:  # nothing is left to clean up: a signal now just ends it
        signal.signal(caught, signal.SIG_DFL)
    _exit_now(code)


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
        args = hoist_catalogue(args)
        command = command_for(args, whole_app)
        if _completing():
            command.main(list(args), prog_name="korea")  # completion answers and exits itself
        with command.make_context("korea", list(args)) as context:
            command.invoke(context)
        return _flushed(ExitCode.OK)
    except AmbiguousError as exc:
        say(_message(exc))
        from armisticecli.render.messages import candidate_lines

        write_lines(candidate_lines(exc.candidates, _stderr_width(), exc.date_column))
        if exc.hint:
            say(exc.hint)
        return exc.exit_code
    except KoreaError as exc:
        say(_message(exc))
        return exc.exit_code
    except Exit as exc:  # --help, --version: their output is written already
        return _flushed(exc.exit_code)
    except click.NoArgsIsHelpError as exc:
        # `korea` alone: the help is the answer (Typer has printed it already).
        if exc.message.strip():
            write_lines(exc.message.rstrip("\n").split("\n"))
        return ExitCode.USAGE
    except click.UsageError as exc:
        command_path = exc.ctx.command_path if exc.ctx is not None else _path_of(args)
        say(f"{_usage_message(exc, args)} (see `{command_path} --help`)")
        return ExitCode.USAGE
    except click.ClickException as exc:
        say(exc.format_message())
        return exc.exit_code
    except Terminated as exc:  # quietly: no ^C was echoed that a new line should end
        return exc.exit_code
    except (Abort, KeyboardInterrupt):
        write_lines([""])
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
        say(str(exc.code))  # sys.exit("message"): said, and exit 1, as Python does
        return 1
    except Exception as exc:  # the last resort: a bug, reported in one line
        if os.environ.get("KOREA_DEBUG"):
            raise
        say(
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
    say(f"cannot write output: {exc.strerror or exc}")
    return ExitCode.USAGE


def _usage_message(exc: Exception, args: Sequence[str] = ()) -> str:
    """Click's complaint about the command line, in korea's style: "--limit: ...".

    The option (or argument) first, then what is wrong with the value, as the
    library's own errors read; other usage errors keep click's wording.
    """
    from typer._click import exceptions as click

    if isinstance(exc, click.NoSuchOption) and exc.option_name in CATALOGUE_OPTIONS:
        return f"{exc.option_name}: give it a file and a command: korea --catalogue FILE list"
    if isinstance(exc, click.NoSuchOption):
        import difflib

        # click offers every option difflib finds at 0.6 (--sinc: --json or --since)
        near = difflib.get_close_matches(exc.option_name, exc.possibilities or (), 3, 0.75)
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        return f"{clean(exc.option_name)}: no such option{hint}"
    if isinstance(exc, click.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"{clean(exc.option_name)}: needs a value"
        if "does not take a value" in exc.message:  # --reverse=yes
            return f"{clean(exc.option_name)}: takes no value; give {exc.option_name} alone"
        return f"{clean(exc.option_name)}: {exc.message.rstrip('.')}"
    if isinstance(exc, click.BadParameter | click.MissingParameter) and exc.param is not None:
        param = exc.param
        longs = [o for o in param.opts if o.startswith("--")]
        name = longs[0] if longs else (param.opts or [param.human_readable_name])[0]
        if param.param_type_name == "argument":
            name = param.human_readable_name.strip("[].")  # QUERY..., [NAME]...: the name
        if isinstance(exc, click.MissingParameter):
            return f"{name}: missing"
        number = re.match(r"'(.*)' is not a valid (int|integer)\.?$", exc.message, re.S)
        if number:
            return f"{name}: must be a whole number, got {number.group(1)!r}"
        return f"{name}: {exc.message.rstrip('.')}"
    assert isinstance(exc, click.UsageError)
    message = exc.format_message()
    extra = message.removeprefix("Got unexpected extra argument")
    if extra != message:  # "Got unexpected extra argument(s) (Dehuai)"
        words = extra.removeprefix("s").removeprefix("(s)").strip().removeprefix("(")
        first = words.removesuffix(")").split(" ")[0]
        return f"unexpected argument '{first}'{_quote_hint(args, first)}"
    command = re.match(r"No such command '(.*)'\.(?: Did you mean '(.*)'\?)?$", message, re.S)
    if command:  # "No such command 'lst'. Did you mean 'list'?"
        offer = f"; did you mean `korea {command.group(2)}`?" if command.group(2) else ""
        return f"no such command '{command.group(1)}'{offer}"
    return message


def _quote_hint(args: Sequence[str], word: str) -> str:
    """How to quote the option value that ``word`` was meant to be part of.

    `--person Kim Il Sung`: "Il" follows the value of --person, so the hint is
    `--person "Kim Il Sung"`, the user's own words quoted.
    """
    hint = ': an option value with spaces needs quotes ({} "{}")'
    args = list(args)
    at = args.index(word) if word in args else 0
    start = at - 1
    while start > 0 and not args[start].startswith("-"):
        start -= 1
    option = args[start] if start >= 0 else ""
    if not option.startswith("--") or "=" in option or start >= at - 1:
        return ""  # not after an option's value: nothing to quote
    end = at
    while end < len(args) and not args[end].startswith("-"):
        end += 1
    return hint.format(clean(option), clean(" ".join(args[start + 1 : end])))


def _path_of(args: Sequence[str]) -> str:
    """The command a command line names ("korea list"), for an error without a context."""
    from armisticecli.cli import app

    names = {_command_name(info) for info in app.registered_commands}
    return f"korea {args[0]}" if args and args[0] in names else "korea"


CATALOGUE_OPTIONS = ("--catalogue", "--catalog")


def hoist_catalogue(args: Sequence[str]) -> list[str]:
    """``korea --catalogue FILE list`` means ``korea list --catalogue FILE``; ``--catalog``
    means ``--catalogue``.

    Every command that reads a catalogue takes the option; a user who puts it
    first, as git and docker allow for their global options, gets what they meant.
    """
    rest = [_full_option(arg) for arg in _until_dashes(args)] + list(args[_dashes(args) :])
    moved: list[str] = []
    while rest and rest[0].split("=", 1)[0] in CATALOGUE_OPTIONS:
        if "=" in rest[0]:
            moved.append(rest.pop(0))
        elif len(rest) >= 2:
            moved += [rest.pop(0), rest.pop(0)]
        else:
            break
    given = [arg for arg in [*moved, *_until_dashes(rest)] if _is_catalogue_option(arg)]
    if len(given) > 1:  # click would take the last one, silently
        raise UsageError("given twice: give one catalogue", field="catalogue")
    if not moved or not rest or rest[0].startswith("-"):
        return [*moved, *rest]
    return [rest[0], *moved, *rest[1:]]


def _is_catalogue_option(arg: str) -> bool:
    return arg.split("=", 1)[0] in CATALOGUE_OPTIONS


def _dashes(args: Sequence[str]) -> int:
    """Where ``--`` is (after it every word is an argument), or the end."""
    return list(args).index("--") if "--" in args else len(args)


def _until_dashes(args: Sequence[str]) -> Sequence[str]:
    return args[: _dashes(args)]


def _full_option(arg: str) -> str:
    """``--catalog`` (American spelling) is ``--catalogue``; help shows one of them."""
    if arg == "--catalog" or arg.startswith("--catalog="):
        return "--catalogue" + arg[len("--catalog") :]
    return arg


def _message(exc: KoreaError) -> str:
    """The library's message, with the option the faulty field came from."""
    if exc.field is None:
        return exc.message
    option = OPTION_OF_FIELD.get(exc.field, "--" + exc.field.replace("_", "-"))
    return exc.message if option is None else f"{option}: {exc.message}"


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


def _stderr_width() -> int | None:
    """The width of the terminal stderr writes to (COLUMNS first), or None when not one."""
    try:
        if not sys.stderr.isatty():
            return None
    except (ValueError, AttributeError):
        return None
    from armisticecli.screen import columns

    try:
        return columns(sys.stderr.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # no file descriptor
        return 80


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
