"""`tutor --version`, `--log-format`, a port already in use, and the boolean flags in --help."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.testing import CliRunner

from bot.cli import app
from bot.config import Settings
from tests.conftest import tutor_env
from tests.terminal import Terminal

STORE_OPENED = "opened the store at"  # the INFO line `tutor serve` logs before it binds its port


@pytest.fixture
def env(base_settings: Settings, tmp_path: Path) -> dict[str, str]:
    return tutor_env(base_settings, tmp_path / "tutor.sqlite3")


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port another socket is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"tutor {version('mlops-tutor')}\n"


def test_a_taken_port_is_one_line_naming_it_and_the_setting(
    env: dict[str, str], taken_port: int, tmp_path: Path
) -> None:
    serve = [sys.executable, "-m", "bot", "serve", "--port", str(taken_port)]
    result = subprocess.run(
        serve, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if not line.startswith("{")]  # not the JSON logs
    assert errors == [
        f"error: port {taken_port} is already in use on 127.0.0.1: choose another with --port or TUTOR_PORT"
    ]


@pytest.mark.parametrize(("option", "as_json"), [([], True), (["--log-format", "text"], False)])
def test_logs_off_a_terminal_are_json_unless_told(
    env: dict[str, str], taken_port: int, tmp_path: Path, option: list[str], as_json: bool
) -> None:
    serve = [sys.executable, "-m", "bot", *option, "serve", "--port", str(taken_port)]
    result = subprocess.run(
        serve, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    line = next(line for line in result.stderr.splitlines() if STORE_OPENED in line)
    if as_json:
        entry = json.loads(line)
        assert entry["level"] == "INFO" and entry["logger"] == "bot.store.store" and "time" in entry
    else:
        assert line.split(" ", 1)[1].startswith("INFO bot.store.store: opened the store at")


@pytest.mark.parametrize(("option", "as_json"), [([], False), (["--log-format", "json"], True)])
def test_logs_on_a_terminal_are_readable_unless_told(
    env: dict[str, str], taken_port: int, tmp_path: Path, option: list[str], as_json: bool
) -> None:
    terminal = Terminal(
        [sys.executable, "-m", "bot", *option, "serve", "--port", str(taken_port)], env, tmp_path
    )
    terminal.expect("already in use")
    assert terminal.finish() == 2
    line = next(line for line in terminal.output.splitlines() if STORE_OPENED in line)
    assert line.startswith("{") == as_json and ("INFO bot.store.store: " in line) != as_json


def test_the_log_format_setting_is_validated(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["ask", "pass mark?"], env={**env, "TUTOR_LOG_FORMAT": "xml"})
    assert result.exit_code == 2 and "log_format" in result.output


def _options(command: TyperCommand) -> Iterator[tuple[str, TyperOption]]:
    for param in command.params:
        if isinstance(param, TyperOption):
            yield command.name or "tutor", param
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            yield from _options(sub)


def test_boolean_options_are_single_flags_with_no_value_shown() -> None:
    # typer's own --help, --install-completion and --show-completion keep typer's rendering.
    typers = {"help", "install_completion", "show_completion"}
    flags = [(n, p) for n, p in _options(typer.main.get_command(app)) if p.is_flag and p.name not in typers]
    assert len(flags) >= 10  # every command's were found
    for name, option in flags:
        assert not option.secondary_opts, f"tutor {name}: {option.opts} has a --no- twin"
        assert option.metavar == "", f"tutor {name}: {option.opts} shows a value to give"
    help_text = CliRunner().invoke(app, ["calibrate", "--help"], env={"COLUMNS": "120"}).output
    assert "--no-write" in help_text and "--write " not in help_text and "--no-additions" not in help_text
