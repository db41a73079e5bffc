"""What the tutor says when the curriculum does not cover a question: that it won't guess, and the
covered topics nearest the question, as questions a learner can ask next."""

from __future__ import annotations

from bot.answer.candidate import Candidate
from bot.schemas import Answer, TraceEntry
from index.chunk import Chunk

NOT_COVERED = "The curriculum does not cover this question, so I won't guess."


def suggestion_label(chunk: Chunk) -> str:
    """A topic the curriculum covers, as a question a learner can ask to find that passage: the FAQ's
    own question, else one that names the passage's heading and what it is about."""
    heading = chunk.breadcrumb[-1] if chunk.breadcrumb else chunk.title
    if chunk.question or heading.endswith("?"):
        return chunk.question or heading
    if chunk.cells:
        return f"What does “{heading}” say about {next(iter(chunk.cells.values()))}?"
    if len(chunk.breadcrumb) >= 2:
        return f"What does “{chunk.breadcrumb[-2]}” say about {heading}?"
    return f"What does the curriculum say about {heading}?"


def suggestions(candidates: list[Candidate], count: int) -> list[str]:
    """The covered topics nearest the question, in the retrieval's (learned) order, without
    repeats: by cosine alone the answering topic came first less often (evals/README.md)."""
    labels: list[str] = []
    for c in candidates:
        label = suggestion_label(c.chunk)
        if label not in labels:
            labels.append(label)
        if len(labels) == count:
            break
    return labels


def not_covered(
    confidence: float, nearest: list[str], resolved: str, traced: list[TraceEntry] | None
) -> Answer:
    """The abstention. The nearby topics travel once, as `suggestions`: buttons on the page and in
    Slack, a list in text."""
    return Answer(
        answer=NOT_COVERED,
        kind="not_covered",
        abstained=True,
        confidence=confidence,
        suggestions=nearest,
        resolved_query=resolved,
        trace=traced,
    )
