"""Run korea in-process, as the CLI tests do: Typer's CliRunner isolation around the
real process entry (:func:`armisticecli.process.run`), so every test sees the exit
codes and stderr lines a user sees."""

from __future__ import annotations

import sys

from typer.testing import CliRunner, Result

from armisticecli.process import run

runner = CliRunner()


def korea(*args: str, input_: str | None = None, whole_app: bool = False) -> Result:
    """Run ``korea ARGS``; ``whole_app`` builds every command, as help and completion do."""
    exception: BaseException | None = None
    with runner.isolation(input=input_) as (stdout, stderr, output):
        try:
            code = run(list(args), whole_app=whole_app)
        except Exception as exc:  # KOREA_DEBUG=1 lets a bug through: the test reads it
            exception, code = exc, 70
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        result = Result(
            runner=runner,
            stdout_bytes=stdout.getvalue(),
            stderr_bytes=stderr.getvalue(),
            output_bytes=output.getvalue(),
            return_value=None,
            exit_code=code,
            exception=exception,
        )
    return result
