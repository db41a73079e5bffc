"""`python -m bot` is the `tutor` command."""

from bot.cli import app

app()
