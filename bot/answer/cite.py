"""Citations: number the passages an answer quotes and render its text with [n] markers."""

from __future__ import annotations

from bot.answer.plans import Picked
from bot.schemas import AnswerSentence, Citation, passage_fields


def cite(picked: list[Picked]) -> tuple[str, list[AnswerSentence], list[Citation]]:
    """Number the citations in order of first use and render the answer text with [n] markers."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    for p in picked:
        chunk = p.candidate.chunk
        if chunk.id not in numbers:
            numbers[chunk.id] = len(numbers) + 1
            citations.append(
                Citation(
                    n=numbers[chunk.id],
                    **passage_fields(chunk),
                    quote=chunk.text,
                    score=round(p.candidate.score, 4),
                )
            )
        sentences.append(AnswerSentence(text=p.text, citation=numbers[chunk.id]))
    lines: list[str] = []
    for p, s in zip(picked, sentences, strict=True):
        rendered = f"{s.text} [{s.citation}]"
        if p.is_item:
            lines.append(f"- {rendered}")
        elif lines and not lines[-1].startswith("- "):
            lines[-1] += f" {rendered}"
        else:
            lines.append(rendered)
    return "\n".join(lines), sentences, citations
