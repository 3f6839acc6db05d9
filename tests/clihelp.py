"""Run the Typer app in-process, as the CLI tests do."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from armisticecli.cli import app

runner = CliRunner()


def korea(*args: str, input_: str | None = None) -> Result:
    return runner.invoke(app, list(args), input=input_)
