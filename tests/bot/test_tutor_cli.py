"""`tutor plan` and `tutor quiz` through typer's CLI runner, on the real index and a SQLite file: a local
profile goes from a plan to practice at its level to progress, and bad input is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import Settings
from bot.tutor_cli import learner_for


@pytest.fixture
def env(base_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # no stray .env
    return {
        "TUTOR_INDEX_DIR": str(base_settings.index_dir),
        "TUTOR_CACHE_DIR": str(base_settings.cache_dir),
        "TUTOR_DATABASE_PATH": str(tmp_path / "tutor.sqlite3"),
    }


def test_plan_then_quiz_at_its_level_then_progress(env: dict[str, str]) -> None:
    runner = CliRunner()
    planned = runner.invoke(app, ["plan", "Cloud engineer, 2 years on AWS.", "--profile", "ana"], env=env)
    assert planned.exit_code == 0, planned.output
    assert "Certified MLOps Manager – Foundation" in planned.output
    assert "start at: Foundation" in planned.output and "track: Operations" in planned.output
    assert planned.output.count("↳") >= 5  # every line cites its passage
    practised = runner.invoke(app, ["quiz", "--profile", "ana"], input="1\nq\n", env=env)
    assert practised.exit_code == 0, practised.output
    assert "Multiple choice · Foundation" in practised.output
    assert ("Correct" in practised.output) or ("Not yet. The curriculum says" in practised.output)
    foundation = next(line for line in practised.output.splitlines() if "│ Foundation" in line)
    assert foundation.split("│")[2].strip() == "1"  # seen


def test_an_order_item_takes_the_numbers_in_order(env: dict[str, str]) -> None:
    # Kinds take turns: choice, short, cloze, order; the fourth item of the foundation level is an order.
    script = "1\nDocker\n1\n3 1\n1 2 3\nq\n"
    result = CliRunner().invoke(
        app, ["quiz", "--level", "foundation", "--profile", "bo"], input=script, env=env
    )
    assert result.exit_code == 0, result.output
    assert "Put in order" in result.output
    assert "Give each number from 1 to 3 once." in result.output  # "3 1" is refused, not graded


def test_unknown_role_is_asked_back(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["plan", "Where do I even begin?"], env=env)
    assert result.exit_code == 0, result.output
    assert (
        "Which of these roles is closest to yours?" in result.output
        and "• FinOps Practitioner" in result.output
    )


def test_bad_input_is_named(env: dict[str, str]) -> None:
    runner = CliRunner()
    level = runner.invoke(app, ["quiz", "--level", "wizard"], env=env)
    assert level.exit_code == 2 and "unknown level 'wizard'" in level.output
    empty = runner.invoke(app, ["plan", "  "], env=env)
    assert empty.exit_code == 2 and "tell me a little about yourself" in empty.output


def test_the_local_profile_is_a_safe_learner_id() -> None:
    assert learner_for("ana") == "cli:ana"
    assert learner_for("Ana Lopez/../x") == "cli:Ana-Lopez-..-x"
