"""`tutor chat`: a conversation in the terminal, with line editing and a history kept across sessions.

On a terminal, Python's readline gives the line editing (arrows, Ctrl-A/E, Ctrl-R search) and the
history, which is read from and written back to a file. Piped input is read line by line, as typed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from rich.console import Console

from bot.conversations import Conversations, InvalidQuestion
from bot.terminal import print_answer

log = logging.getLogger(__name__)
HISTORY_LINES = 1000
WELCOME = (
    "Ask about the Certified MLOps Manager curriculum. help for examples; quit, exit or Ctrl-D to leave."
)
# readline counts the prompt's width to redraw the line: \001 and \002 fence off the invisible escapes.
_BOLD_PROMPT = "\001\033[1m\002you>\001\033[0m\002 "


def _readline() -> ModuleType | None:
    try:
        import readline
    except ImportError:  # a Python built without it: plain input, still usable
        return None
    return readline


@contextmanager
def line_reader(console: Console, history: Path) -> Iterator[Callable[[], str]]:
    """A function that reads one line; on a terminal with editing and the history in `history`."""
    readline = _readline() if sys.stdin.isatty() else None
    if readline is None:
        yield lambda: console.input("[bold]you>[/] ")
        return
    readline.set_history_length(HISTORY_LINES)
    if history.is_file():
        readline.read_history_file(history)
    try:
        yield lambda: input(_BOLD_PROMPT)
    finally:
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history)
        except OSError as exc:  # a history that cannot be kept is no reason to fail the session
            log.warning("chat history not saved to %s: %s", history, exc.strerror)


def chat(conversations: Conversations, console: Console, errors: Console, history: Path) -> None:
    """Ask until an exit word (the tutor's goodbye: quit, exit, bye), Ctrl-D or Ctrl-C."""
    conversation_id: str | None = None
    console.print(WELCOME, style="dim")
    with line_reader(console, history) as read:
        while True:
            try:
                question = read()
            except (EOFError, KeyboardInterrupt):
                console.print()
                return
            if not question.strip():
                continue
            try:
                reply = conversations.ask(question, conversation_id, source="cli")
            except InvalidQuestion as exc:
                errors.print(f"error: {exc}", highlight=False)
                continue
            conversation_id = reply.conversation_id
            print_answer(reply.answer, console)
            if reply.answer.kind == "goodbye":  # the exit words end the session with the tutor's goodbye
                return
