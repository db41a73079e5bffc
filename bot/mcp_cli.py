"""`tutor mcp`: the MCP server over stdio, for an MCP host (a desktop assistant, an IDE) that starts the
tutor as a subprocess. stdout carries the protocol alone; logs go to stderr."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `tutor mcp` to the CLI."""
    app.command(name="mcp")(mcp)


def mcp() -> None:
    """Serve the tutor to an MCP host over stdio: ask, search_curriculum, get_passage, practice_next,
    practice_answer, and the corpus files as resources. The same server is at /mcp on `tutor serve`."""
    # Imported here: bot.cli imports this module to register the command.
    from bot.cli import fail, load_settings
    from bot.mcp.server import Fronts, build_server
    from bot.runtime import started
    from bot.store import StoreError
    from index.artifact import IndexUnavailable

    settings = load_settings(quiet=True)
    try:
        with started(settings, wait_for_index=True, watch=True, sweep=False) as runtime:
            fronts = Fronts(lambda: runtime.conversations, lambda: runtime.practice)
            build_server(fronts, settings.corpus_dir, settings.public_url).run("stdio")
    except (IndexUnavailable, StoreError) as exc:  # no index, or a store that cannot be opened: named
        fail(str(exc))
