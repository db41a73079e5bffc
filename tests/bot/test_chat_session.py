"""`tutor chat` on a real terminal: line editing recalls the history, which outlives the session."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.config import Settings
from tests.conftest import tutor_env
from tests.terminal import Terminal

UP = "\x1b[A"


def test_chat_recalls_the_history_with_the_arrow_keys_and_keeps_it(
    base_settings: Settings, tmp_path: Path
) -> None:
    history = tmp_path / "state" / "chat_history"
    env = tutor_env(base_settings, tmp_path / "tutor.sqlite3", TUTOR_CHAT_HISTORY_PATH=str(history))
    terminal = Terminal([sys.executable, "-m", "bot", "chat"], env, tmp_path)
    at = terminal.expect("you>")
    terminal.send("What is the passing score?\r")
    at = terminal.expect("you>", start=terminal.expect("70%", start=at))
    before = terminal.send(UP + "\r")  # the previous question, recalled and asked again
    recalled = terminal.expect("70%", start=before)
    assert "What is the passing score?" in terminal.output[before:recalled]
    terminal.send("quit\r")
    terminal.expect("Goodbye", start=recalled)
    assert terminal.finish() == 0
    assert "What is the passing score?" in history.read_text(encoding="utf-8").splitlines()
