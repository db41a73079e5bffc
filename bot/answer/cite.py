"""Citations: number the passages an answer quotes and render its text with [n] markers.

The text is Markdown. A block's label is bold on a line of its own, so it reads as the tutor's
heading and never as a quote; a part the curriculum does not cover is one fixed sentence of the
tutor's that names the part in the learner's words.
"""

from __future__ import annotations

from bot.answer.plans import Block, Composition, Picked
from bot.schemas import AnswerSection, AnswerSentence, Citation, passage_fields

NOT_COVERED_PART = "The curriculum does not cover “{asked}”, so I won't guess."


def plain_label(label: str) -> str:
    """A label as one line of plain words: no Markdown emphasis or line breaks of its own."""
    return " ".join(label.replace("*", "").replace("_", " ").split())


def _lines(picked: list[Picked], sentences: list[AnswerSentence]) -> list[str]:
    lines: list[str] = []
    for p, s in zip(picked, sentences, strict=True):
        rendered = f"{s.text} [{s.citation}]"
        if p.is_item:
            lines.append(f"- {rendered}")
        elif lines and not lines[-1].startswith("- "):
            lines[-1] += f" {rendered}"
        else:
            lines.append(rendered)
    return lines


def cite(
    composition: Composition,
) -> tuple[str, list[AnswerSentence], list[Citation], list[AnswerSection]]:
    """Number the citations in order of first use; render the text; describe the labelled sections."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    sections: list[AnswerSection] = []
    paragraphs: list[str] = []
    for block in composition.blocks:
        own: list[AnswerSentence] = []
        for p in block.picked:
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
            own.append(AnswerSentence(text=p.text, citation=numbers[chunk.id]))
        sections.append(section(block, range(len(sentences), len(sentences) + len(own))))
        sentences.extend(own)
        paragraphs.append(render(block, own))
    return "\n\n".join(p for p in paragraphs if p), sentences, citations, sections


def section(block: Block, positions: range) -> AnswerSection:
    label = plain_label(block.label) if block.label else None
    return AnswerSection(label=label, source=block.source, covered=block.covered, sentences=list(positions))


def render(block: Block, sentences: list[AnswerSentence]) -> str:
    """One block as Markdown: its label in bold on a line of its own, then its quoted sentences."""
    if not block.covered:
        return NOT_COVERED_PART.format(asked=plain_label(block.label or "this part"))
    lines = _lines(list(block.picked), sentences)
    if block.label:
        lines.insert(0, f"**{plain_label(block.label)}**")
    return "\n".join(lines)
