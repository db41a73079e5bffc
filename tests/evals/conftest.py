"""Fixtures of the eval tools' tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.config import Settings

Printed = Callable[[Callable[[list[str]], int], list[str]], str]


@pytest.fixture
def printed(
    base_settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Printed:
    """Runs a `python -m evals.…` command's main on the test index and returns what it printed."""
    monkeypatch.setenv("TUTOR_INDEX_DIR", str(base_settings.index_dir))

    def run(main: Callable[[list[str]], int], argv: list[str]) -> str:
        assert main(argv) == 0
        return capsys.readouterr().out

    return run
