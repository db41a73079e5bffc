"""An answer in the terminal: labels bold on their own lines, notes in yellow, quotes plain."""

from __future__ import annotations

from rich.console import Console

from bot.answer.answerer import Answerer
from bot.terminal import answer_text, print_answer


def spans(text: object) -> dict[str, str]:
    """Each styled stretch of a rich Text, by its words."""
    from rich.text import Text

    assert isinstance(text, Text)
    return {text.plain[s.start : s.end]: str(s.style) for s in text.spans}


def test_a_comparison_shows_its_labels_bold_and_no_markdown(answerer: Answerer) -> None:
    answer, _ = answerer.answer("DevSecOps path vs FinOps path")
    text = answer_text(answer)
    assert "**" not in text.plain
    styles = spans(text)
    assert styles["DevSecOps Path"] == "bold" and styles["FinOps Path"] == "bold"
    assert text.plain.startswith("DevSecOps Path\n") and "[1]" in text.plain and "[2]" in text.plain


def test_an_uncovered_part_is_the_tutors_note_in_yellow(answerer: Answerer) -> None:
    answer, _ = answerer.answer("How much does the exam cost in euros, and is the exam proctored?")
    styles = spans(answer_text(answer))
    note = next(words for words, style in styles.items() if "does not cover" in words)
    assert styles[note] == "yellow" and styles["Is the exam proctored?"] == "bold"


def test_the_printed_answer_ends_with_its_sources(answerer: Answerer) -> None:
    answer, _ = answerer.answer("SRE path vs AIOps path")
    console = Console(record=True, width=200, color_system=None)
    print_answer(answer, console)
    out = console.export_text()
    assert (
        out.startswith("SRE Path\n")
        and "\n[1] Choose Your Learning Path › SRE Path — corpus/learning-paths.md" in out
    )
