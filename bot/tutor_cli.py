"""`tutor quiz` and `tutor plan`: tutor mode in the terminal, with rich. The learner is a local profile,
`cli:<name>` (your user name unless --profile says otherwise), kept in the same store as every surface."""

from __future__ import annotations

import getpass
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from bot.cli_options import flag

if TYPE_CHECKING:  # tutor mode is imported by its commands, not by every `tutor` command (tutor serve)
    from bot.practice import Item, Outcome, Plan, Practice, Progress

console = Console()
STYLES = ("bold green", "bold yellow", "bold red")  # of bot.practice.GRADES, in their order
KIND_NAMES = {
    "short": "Short answer",
    "choice": "Multiple choice",
    "cloze": "Fill in the blank",
    "order": "Put in order",
}
QUIT = ("q", "quit", "exit")


def learner_for(profile: str | None) -> str:
    """The local profile's learner id: letters, digits and ._@- of the name given or the user's own."""
    name = profile or getpass.getuser() or "default"
    return "cli:" + (re.sub(r"[^A-Za-z0-9._@-]", "-", name)[:100] or "default")


ProfileOption = Annotated[
    str | None, typer.Option("--profile", help="Local learner profile (default: your user name).")
]


def quiz(
    level: Annotated[
        str | None, typer.Option("--level", help="foundation, professional, manager(ial) or general.")
    ] = None,
    profile: ProfileOption = None,
) -> None:
    """Practise: questions from the curriculum, graded with the passage, repeated when they come due. q to stop."""
    from bot.cli import _runtime, fail, load_settings
    from bot.practice import InvalidLevel

    learner = learner_for(profile)
    with _runtime(load_settings(quiet=True)) as runtime:
        practice = runtime.practice
        try:
            served = practice.next_item(learner, level=level, source="cli")
        except InvalidLevel as exc:
            fail(str(exc))
        console.print(f"Practising as [bold]{learner}[/]. Type q to stop.", style="dim")
        while served is not None:
            item = served.item
            show_item(item, practice.levels().get(item.level, item.level), served.status)
            outcome = ask_until_graded(practice, learner, item)
            if outcome is None:
                break
            show_outcome(outcome)
            served = practice.next_item(learner, source="cli")
        show_progress(practice.progress(learner), practice.levels())


def show_item(item: Item, level_name: str, status: str) -> None:
    review = " · review" if status == "due" else ""
    lines = [f"[bold]{item.prompt}[/]"]
    lines += [f"  {n}. {choice}" for n, choice in enumerate(item.choices, start=1)]
    title = f"{KIND_NAMES[item.kind]} · {level_name} · {item.section}{review}"
    console.print(Panel("\n".join(lines), title=title, title_align="left", expand=False), markup=True)


def ask_until_graded(practice: Practice, learner: str, item: Item) -> Outcome | None:
    """Read answers until one can be graded; None when the learner stops."""
    from bot.practice import InvalidAnswer

    hint = {
        "choice": "the number of your choice",
        "cloze": "a number or the missing words",
        "order": "the numbers in order, e.g. 2 3 1",
        "short": "your answer",
    }[item.kind]
    while True:
        try:
            text = console.input(f"[bold]{hint}>[/] ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return None
        if text.lower() in QUIT:
            return None
        if not text:
            continue
        answer: str | list[str] = text
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        if item.kind == "order":
            if sorted(numbers) != list(range(1, len(item.choices) + 1)):
                console.print(f"Give each number from 1 to {len(item.choices)} once.", style="yellow")
                continue
            answer = [item.choices[n - 1] for n in numbers]
        elif item.kind in ("choice", "cloze") and text.isdigit():
            if not 1 <= int(text) <= len(item.choices):
                console.print(f"Choose 1 to {len(item.choices)}.", style="yellow")
                continue
            answer = item.choices[int(text) - 1]
        try:
            return practice.answer(learner, item.id, answer, source="cli")
        except InvalidAnswer as exc:
            console.print(f"{exc}.", style="yellow")


def show_outcome(outcome: Outcome) -> None:
    from bot.practice import GRADES

    g = outcome.graded
    style = dict(zip(GRADES, STYLES, strict=True))[g.grade]
    console.print(g.feedback, style=style, highlight=False, markup=False)
    console.print(
        Panel(g.quote, title=f"{g.title} › {g.section.split(' › ')[-1]}", title_align="left"), markup=False
    )
    console.print(f"passage {g.passage_id} · comes back {_when(outcome.due)}", style="dim", highlight=False)


def _when(due: datetime) -> str:
    minutes = round((due - datetime.now(UTC)).total_seconds() / 60)
    if minutes < 90:
        return f"in {max(minutes, 1)} min"
    hours = round(minutes / 60)
    return f"in {hours} h" if hours < 36 else f"in {round(hours / 24)} days"


def show_progress(progress: Progress, names: dict[str, str]) -> None:
    table = Table(title=f"progress of {progress.learner_id}")
    for column in ("level", "seen", "retained", "due", "items"):
        table.add_column(column, justify="left" if column == "level" else "right")
    for lp in progress.levels:
        t = lp.tally
        table.add_row(names.get(lp.level, lp.level), str(t.seen), str(t.retained), str(t.due), str(t.total))
    console.print(table)


def plan(
    about: Annotated[str, typer.Argument(help="About you: your role, years of experience and goal.")],
    profile: ProfileOption = None,
) -> None:
    """A learning plan from what you say about yourself; every line cites the curriculum."""
    from bot.cli import _runtime, fail, load_settings
    from bot.practice import InvalidProfile

    with _runtime(load_settings(quiet=True)) as runtime:
        try:
            made = runtime.practice.plan(about, learner_for(profile), source="cli")
        except InvalidProfile as exc:
            fail(str(exc))
    show_plan(made)


def show_plan(made: Plan) -> None:
    for name, value in (
        ("role", made.role),
        ("certification", made.certification),
        ("start at", made.level_name),
        ("track", made.track),
    ):
        if value:
            console.print(f"[bold]{name}:[/] {value}", highlight=False)
    for n, line in enumerate(made.lines, start=1):
        console.print(f"{n}. {line.text}", highlight=False, markup=False)
        for source in line.sources:
            console.print(f"   ↳ {source.title} › {source.section.split(' › ')[-1]} ({source.id})", style="dim",
                          highlight=False, markup=False)  # fmt: skip
    if made.ask is not None:
        console.print(made.ask.question, style="yellow", highlight=False)
        for role in made.ask.choices:
            console.print(f"  • {role}", style="cyan", highlight=False, markup=False)
    if made.level_name:
        console.print(
            f"Practise at this level: tutor quiz --level {made.level}", style="dim", highlight=False
        )


def eval_tutor(
    reports: Annotated[Path | None, typer.Option(help="Folder for tutor.json and tutor.md.")] = None,
    no_gate: Annotated[bool, flag("--no-gate", help="Exit zero even below a threshold.")] = False,
) -> None:
    """Tutor mode's eval: item validity, grading on held-out answers, plans on held-out profiles; gated."""
    from bot.cli import _runtime, load_settings
    from evals.tutor_command import run_tutor_eval

    with _runtime(load_settings(quiet=True)) as runtime:
        ok = run_tutor_eval(runtime.holder.artifact, runtime.holder.encoder, console, reports)
    if not no_gate and not ok:
        raise typer.Exit(1)


def fit_grading(
    no_write: Annotated[bool, flag("--no-write", help="Do not write bot/practice/grading.yaml.")] = False,
) -> None:
    """Fit the grading model's thresholds on evals/tutor/grading_fit.yaml (never on the eval set)."""
    from bot.cli import _runtime, load_settings
    from evals.fit_grading import run_fit

    with _runtime(load_settings(quiet=True)) as runtime:
        run_fit(runtime.holder.artifact, runtime.holder.encoder, console, write=not no_write)


def register(app: typer.Typer) -> None:
    """Add tutor mode's commands to the `tutor` command."""
    app.command()(quiz)
    app.command()(plan)
    app.command(name="eval-tutor")(eval_tutor)
    app.command(name="fit-grading")(fit_grading)
