"""The `tutor` command: ingest, ask, chat, serve, slack, mcp, eval, calibrate."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot import cli_options, mcp_cli, tutor_cli
from bot.cli_options import flag
from bot.config import Settings
from bot.logs import configure_logging

if TYPE_CHECKING:
    from bot.runtime import Runtime

app = typer.Typer(help="A tutor for the Certified MLOps Manager curriculum.", no_args_is_help=True)
cli_options.register(app)  # --version, --log-format
tutor_cli.register(app)  # tutor mode's commands: quiz, plan, eval-tutor, fit-grading (bot/tutor_cli.py)
mcp_cli.register(app)  # `tutor mcp`: the MCP server over stdio (bot/mcp_cli.py)
console = Console()
errors = Console(stderr=True)
log = logging.getLogger(__name__)


def fail(message: str, code: int = 2) -> NoReturn:
    errors.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


def load_settings(quiet: bool = False, **overrides: object) -> Settings:
    """Settings from the environment and .env, with command-line overrides; bad values exit cleanly."""
    try:
        overrides["log_format"] = cli_options.log_format_option()
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = [
            (f"{'.'.join(str(p) for p in e['loc'])}: " if e["loc"] else "")
            + e["msg"].removeprefix("Value error, ")
            for e in exc.errors()
        ]
        fail("invalid settings:\n  " + "\n  ".join(lines))
    # Commands that print answers keep the terminal for answers: only warnings are logged.
    level = "WARNING" if quiet and settings.log_level == "INFO" else settings.log_level
    configure_logging(level, settings.log_format)
    return settings


class _BarProgress:
    """Embedding progress as a rich bar; nothing is shown when nothing needs embedding."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: object = None

    def start(self, total: int) -> None:
        if total:
            self._task = self._progress.add_task("embedding", total=total)

    def advance(self, n: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)  # type: ignore[arg-type]


@app.command()
def ingest(
    check: Annotated[
        bool, flag("--check", help="Only say whether the index is stale; exit 1 if so.")
    ] = False,
    corpus: Annotated[Path | None, typer.Option(help="Corpus folder (TUTOR_CORPUS_DIR).")] = None,
    index: Annotated[Path | None, typer.Option(help="Index folder (TUTOR_INDEX_DIR).")] = None,
    model: Annotated[Path | None, typer.Option(help="Local model folder (TUTOR_EMBEDDING_MODEL).")] = None,
    if_stale: Annotated[bool, flag("--if-stale", help="Build only when the index is stale.")] = False,
    allow_older: Annotated[bool, flag("--allow-older", help="Publish even an older corpus.")] = False,
) -> None:
    """Build the index from corpus/ (only changed chunks are embedded again)."""
    import os
    from dataclasses import replace

    from bot.runtime import build_options
    from index.errors import InputError
    from ingest.build import build
    from ingest.publish import PublishRefused
    from ingest.stale import stale_reasons

    settings = load_settings(corpus_dir=corpus, index_dir=index, embedding_model=model)
    # Ingest is a batch job: use every core for embedding, unlike the server's one thread per request.
    options = build_options(settings, threads=max(settings.encoder_threads, os.cpu_count() or 1))
    options = replace(options, allow_older=allow_older)
    try:
        if check or if_stale:
            reasons = stale_reasons(options)
            if not reasons:
                console.print(f"index is current ({settings.index_dir}/)")
                return
            if check:
                for reason in reasons:
                    errors.print(f"stale: {reason}", highlight=False)
                raise typer.Exit(1)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=errors,
            transient=True,
        ) as progress:
            report = build(options, progress=_BarProgress(progress))
    except InputError as exc:
        fail(f"{exc}\nnothing was built; the previous index is unchanged")
    except PublishRefused as exc:
        fail(str(exc), code=3)
    table = Table(title=f"index {report.build_id}")
    counts = ("added", "changed", "removed", "unchanged")
    for column in ("file", *counts):
        table.add_column(column, justify="left" if column == "file" else "right")
    for change in report.files:
        table.add_row(change.path, *(str(getattr(change, count)) for count in counts))
    console.print(table)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(report.manifest.chunks_by_kind.items()))
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in report.timings.items())
    console.print(
        f"{report.manifest.chunks} chunks ({kinds}); embedded {report.embedded}, reused {report.reused}; "
        f"{report.manifest.items} practice items ({report.items_kept} kept, {report.items_made} new); "
        f"{report.size_bytes / 1024:.0f} KiB; {timings}",
        highlight=False,
    )


@contextmanager
def _runtime(settings: Settings) -> Iterator[Runtime]:
    """The one start-up, for a command: the index loaded before answering, no watcher, no sweeper."""
    from bot.runtime import started
    from bot.store import StoreError
    from index.artifact import IndexUnavailable

    try:
        with started(settings, wait_for_index=True, watch=False, sweep=False) as runtime:
            yield runtime
    except (IndexUnavailable, StoreError) as exc:  # no index, or a store that cannot be opened: named
        fail(str(exc))


def print_answer(answer: object) -> None:
    """An answer for the terminal (bot/terminal.py)."""
    from bot.schemas import Answer
    from bot.terminal import print_answer as show

    assert isinstance(answer, Answer)
    show(answer, console)


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help="The question, or - to read one question per line from stdin.")
    ],
    as_json: Annotated[bool, flag("--json", help="Print the answer object as JSON.")] = False,
    trace: Annotated[bool, flag("--trace", help="Include the ranked candidates and their scores.")] = False,
) -> None:
    """Answer one question (or, with -, one per line from stdin) and show its sources."""
    from bot.conversations import InvalidQuestion

    questions = (line.rstrip("\n") for line in sys.stdin) if question == "-" else iter([question])
    failed = False
    with _runtime(load_settings(quiet=True)) as runtime:
        for q in questions:
            if question == "-" and not q.strip():
                continue
            try:
                answer = runtime.conversations.ask(q, source="cli", trace=trace).answer
            except InvalidQuestion as exc:
                failed = True
                if as_json:
                    sys.stdout.write(json.dumps({"question": q, "error": str(exc)}) + "\n")
                else:
                    errors.print(f"error: {exc}", highlight=False)
                continue
            if as_json:
                payload = answer.model_dump(mode="json", exclude_none=True)
                sys.stdout.write(json.dumps({"question": q, **payload}, ensure_ascii=False) + "\n")
            else:
                print_answer(answer)
    if failed and question != "-":
        raise typer.Exit(2)


@app.command()
def chat() -> None:
    """An interactive conversation; follow-up questions continue the topic. quit, exit or Ctrl-D to leave."""
    from bot.chat_session import chat as converse

    settings = load_settings(quiet=True)
    with _runtime(settings) as runtime:
        converse(runtime.conversations, console, errors, settings.chat_history_path.expanduser())


@app.command()
def calibrate(
    no_write: Annotated[
        bool, flag("--no-write", help="Do not write bot/answer/calibration.yaml and evals/calibration.md.")
    ] = False,
    keep_ranking: Annotated[
        bool, flag("--keep-ranking", help="Keep the shipped ranking; fit only the confidence model.")
    ] = False,
) -> None:
    """Fit the candidates' ranking on the adapter's tuning files, then the confidence model and the
    abstention threshold on evals/calibration.yaml and those files' questions, out of fold."""
    from evals.calibrate import run_calibration

    settings = load_settings(quiet=True)
    with _runtime(settings) as runtime:
        run_calibration(
            runtime.holder.answerer,
            console,
            settings.adapter_questions,
            write=not no_write,
            keep_ranking=keep_ranking,
        )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (TUTOR_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (TUTOR_PORT); 0 picks a free one.")] = None,
    workers: Annotated[int | None, typer.Option(help="Serving processes (TUTOR_WORKERS).")] = None,
) -> None:
    """Serve the HTTP API, the web chat page and (when configured) the Slack endpoint."""
    from bot.api.serving import PortUnavailable, run
    from bot.store import StoreError

    settings = load_settings(host=host, port=port, workers=workers)
    try:  # a store that cannot be opened (a read-only folder) stops here, named, not in a traceback
        run(settings)
    except (StoreError, PortUnavailable) as exc:
        fail(str(exc))


@app.command(name="eval")
def evaluate(
    modes: Annotated[
        list[str] | None, typer.Option("--mode", help="Retriever configuration(s): bm25, dense, hybrid.")
    ] = None,
    update_baseline: Annotated[
        bool, flag("--update-baseline", help="Rewrite evals/baseline.json on purpose.")
    ] = False,
    reports: Annotated[
        Path | None, typer.Option(help="Folder for the JSON, Markdown, PNG and JUnit reports.")
    ] = None,
    no_gate: Annotated[
        bool, flag("--no-gate", help="Exit zero even below a threshold or on a regression.")
    ] = False,
    baseline: Annotated[
        Path | None, typer.Option(help="Baseline file (default evals/baseline.json).")
    ] = None,
) -> None:
    """Run the eval dataset against each retriever configuration; gate the shipped one."""
    from evals.command import EvalOptions, StaleDataset, UnknownMode, run_eval

    options = EvalOptions(
        modes=tuple(modes or ()), update_baseline=update_baseline, reports=reports, baseline=baseline
    )
    with _runtime(load_settings(quiet=True)) as runtime:
        try:
            ok = run_eval(runtime.holder.answerer, console, options)
        except (StaleDataset, UnknownMode) as exc:
            fail(str(exc))
    if not no_gate and not ok:
        raise typer.Exit(1)


@app.command()
def slack() -> None:
    """Answer Slack over Socket Mode (SLACK_APP_TOKEN and SLACK_BOT_TOKEN), for workspaces without a public URL."""
    from bot.slack.socket import SlackNotConfigured, run_socket_mode
    from index.artifact import IndexUnavailable

    settings = load_settings()
    try:
        run_socket_mode(settings)
    except (SlackNotConfigured, IndexUnavailable) as exc:
        fail(str(exc))
