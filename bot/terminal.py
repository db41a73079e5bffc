"""An answer as the terminal shows it (`tutor ask`, `tutor chat`): labels in bold on lines of their
own, quoted sentences plain with their [n], a part the curriculum does not cover in yellow, then
the numbered sources."""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

from bot.schemas import Answer

_LABEL = re.compile(r"^\*\*(.+)\*\*$")


def answer_text(answer: Answer) -> Text:
    """The answer's text with its Markdown labels shown as bold and its notes as the tutor's."""
    if answer.abstained:
        return Text(answer.answer, style="yellow")
    paragraphs = answer.answer.split("\n\n")
    covered = [s.covered for s in answer.sections] if len(answer.sections) == len(paragraphs) else []
    text = Text()
    for i, paragraph in enumerate(paragraphs):
        if i:
            text.append("\n\n")
        if covered and not covered[i]:
            text.append(paragraph, style="yellow")
            continue
        for j, line in enumerate(paragraph.split("\n")):
            label = _LABEL.match(line)
            text.append(
                ("\n" if j else "") + (label.group(1) if label else line), style="bold" if label else ""
            )
    return text


def print_answer(answer: Answer, console: Console) -> None:
    """An answer for the terminal: the text, then its numbered sources."""
    console.print(answer_text(answer), highlight=False)
    for suggestion in answer.suggestions:
        console.print(f"  • {suggestion}", style="cyan", highlight=False, markup=False)
    for c in answer.citations:
        console.print(
            f"[{c.n}] {c.title} › {c.section.split(' › ')[-1]} — {c.source}:{c.lines[0]}-{c.lines[1]}",
            style="dim",
            highlight=False,
            markup=False,
        )
    if answer.kind in ("answer", "not_covered"):  # the tutor's own replies sought no passage
        console.print(f"confidence {answer.confidence:.2f}", style="dim", highlight=False)
