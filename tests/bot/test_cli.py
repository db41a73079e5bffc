"""The `tutor` command through typer's CLI runner: ask, chat, settings errors, slack without tokens."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.answer.replies import Replies
from bot.cli import app
from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(base_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # no stray .env
    return {"TUTOR_INDEX_DIR": str(base_settings.index_dir), "TUTOR_CACHE_DIR": str(base_settings.cache_dir)}


def test_ask_prints_the_answer_and_its_sources(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["ask", "What is the passing score for the exams?"], env=env)
    assert result.exit_code == 0, result.output
    assert "70%" in result.output and "[1]" in result.output
    assert "corpus/faq-general.md:24-26" in result.output


def test_ask_json_prints_the_answer_object(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["ask", "--json", "--trace", "pass mark?"], env=env)
    data = json.loads(result.stdout)
    assert data["question"] == "pass mark?" and data["abstained"] is False
    assert data["citations"][0]["n"] == 1 and data["sentences"][0]["citation"] == 1
    assert data["trace"][0]["rank"] == 1


def test_ask_json_reads_one_question_per_line(env: dict[str, str]) -> None:
    stdin = "pass mark?\n\nHow much does the exam cost?\n" + "x" * 3000 + "\n"
    result = CliRunner().invoke(app, ["ask", "--json", "-"], input=stdin, env=env)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"][:10] for line in lines] == ["pass mark?", "How much d", "x" * 10]
    assert lines[0]["abstained"] is False and lines[1]["abstained"] is True
    assert "limit is 2000" in lines[2]["error"]


def test_ask_refuses_an_empty_question(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["ask", "   "], env=env)
    assert result.exit_code == 2 and "the question is empty" in result.output


def test_chat_follows_up_on_the_same_topic(env: dict[str, str]) -> None:
    script = "What skills will I gain at the foundation level?\nand the professional level?\n"
    result = CliRunner().invoke(app, ["chat"], input=script, env=env)
    assert result.exit_code == 0, result.output
    assert "Version control for both code and large datasets" in result.output
    assert "Advanced Kubernetes orchestration" in result.output


def test_chat_offers_help_and_ends_on_quit(env: dict[str, str]) -> None:
    script = "help\nquit\nWhat is the passing score for the exams?\n"
    result = CliRunner().invoke(app, ["chat"], input=script, env=env)
    assert result.exit_code == 0, result.output
    assert "I answer questions about the Certified MLOps Manager curriculum" in result.output
    for starter in Replies().starters:
        assert starter in result.output  # offered as questions to try
    assert "Goodbye" in result.output
    assert "70%" not in result.output  # the session ended at "quit"


def test_chat_ends_on_exit_too(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["chat"], input="exit\npass mark?\n", env=env)
    assert result.exit_code == 0 and "Goodbye" in result.output and "70%" not in result.output


def test_invalid_settings_are_reported_by_name(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TUTOR_RATE_LIMIT_PER_MINUTE=zero\n", encoding="utf-8")  # .env is honoured
    result = CliRunner().invoke(app, ["ask", "pass mark?"], env=env)
    assert result.exit_code == 2
    assert "invalid settings" in result.output and "rate_limit_per_minute" in result.output


def test_slack_without_tokens_says_what_is_missing(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["slack"], env={**env, "SLACK_APP_TOKEN": "", "SLACK_BOT_TOKEN": ""})
    assert result.exit_code == 2 and "SLACK_APP_TOKEN" in result.output


def test_a_short_admin_token_stops_serve(env: dict[str, str]) -> None:
    result = CliRunner().invoke(
        app, ["serve", "--port", "0"], env={**env, "TUTOR_ADMIN_TOKEN": "short-password"}
    )
    assert result.exit_code == 2 and "admin_token: must be at least 32 characters" in result.output


def test_a_read_only_data_folder_stops_serve_naming_it(env: dict[str, str]) -> None:
    """In a process of its own, whose view of the folder is a read-only mount (root writes through modes)."""
    folder = Path(tempfile.mkdtemp(prefix="tutor-read-only-"))
    try:
        folder.chmod(0o555)
        database = folder / "data" / "tutor.sqlite3"
        command = [sys.executable, "-m", "bot", "serve", "--port", "0"]
        if os.geteuid() == 0:
            remount = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
            command = ["unshare", "--mount", "sh", "-c", remount, str(folder), *command]
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "SLACK_"))}
        result = subprocess.run(
            command,
            cwd=folder,
            env={**clean, **env, "TUTOR_DATABASE_PATH": str(database), "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert result.returncode == 2, result.stderr
    assert f"cannot open the conversation store at {database}" in result.stderr
    assert "TUTOR_DATABASE_PATH" in result.stderr and "Traceback" not in result.stderr
