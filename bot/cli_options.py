"""The `tutor` command's own options (--version, --log-format) and its one way to declare a flag."""

from __future__ import annotations

from importlib.metadata import version
from typing import Annotated, Any

import typer

from bot.logs import LogFormat

DISTRIBUTION = "mlops-tutor"


def flag(*names: str, help: str) -> Any:
    """A boolean option shown in --help as the one flag that changes it: `--trace`, or `--no-gate` where
    the default is on; no `--x / --no-x` pair and no value to give (typer would show `<bool>`)."""
    return typer.Option(*names, help=help, metavar="", show_default=False)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"tutor {version(DISTRIBUTION)}")
        raise typer.Exit()


class _Given:
    """What this invocation's options said (the callback runs first, on every invocation)."""

    log_format: LogFormat | None = None


def main_options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_print_version,
            is_eager=True,
            metavar="",
        ),
    ] = False,
    log_format: Annotated[
        LogFormat | None,
        typer.Option(
            "--log-format",
            help="auto: readable lines on a terminal, JSON lines otherwise; or text, or json (TUTOR_LOG_FORMAT).",
        ),
    ] = None,
) -> None:
    """A tutor for the Certified MLOps Manager curriculum."""
    _Given.log_format = log_format


def log_format_option() -> LogFormat | None:
    """The --log-format given before the command, if any (load_settings passes it to Settings)."""
    return _Given.log_format


def register(app: typer.Typer) -> None:
    """Add the options that come before the command: `tutor --version`, `tutor --log-format json serve`."""
    app.callback()(main_options)
