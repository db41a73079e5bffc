"""The answer object and its parts: what every front end (CLI, HTTP, Slack) renders."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from index.chunk import Chunk


def passage_fields(chunk: Chunk) -> dict[str, Any]:
    """Where a passage is and what it says, as citations, search hits and passage lookups show it."""
    return {
        "id": chunk.id,
        "title": chunk.title,
        "section": chunk.section,
        "source": f"corpus/{chunk.source}",
        "lines": chunk.lines,
    }


class Passage(BaseModel):
    """One passage of the index, verbatim: where a citation leads."""

    id: str
    title: str
    section: str
    source: str  # corpus path, e.g. corpus/faq-general.md
    lines: tuple[int, int]
    text: str

    @classmethod
    def of(cls, chunk: Chunk) -> Passage:
        return cls(**passage_fields(chunk), text=chunk.text)


class Citation(BaseModel):
    """A numbered source: the passage an answer sentence was taken from."""

    n: int
    id: str
    title: str
    section: str  # heading breadcrumb, "A › B"
    source: str  # corpus path, e.g. corpus/faq-general.md
    lines: tuple[int, int]
    quote: str  # the passage, exactly as in the corpus
    score: float


class AnswerSentence(BaseModel):
    """One sentence of an answer and the citation it stands in."""

    text: str
    citation: int


class AnswerSection(BaseModel):
    """One labelled block of an answer: a part, a compared subject, one item of a list.

    The label is the tutor's, never a quote: a heading or a table cell of the corpus that names
    what the sentences under it are about, or, for a part of the question the curriculum does
    not cover (`covered` false, no sentences), the learner's own words for that part.
    """

    label: str | None = None
    source: Literal["heading", "cell", "asked"] | None = None  # where the label's words come from
    covered: bool = True
    sentences: list[int] = Field(default_factory=list)  # positions in Answer.sentences


class TraceEntry(BaseModel):
    """One ranked candidate with both retrievers' scores, for "why did it answer that?"."""

    rank: int
    id: str
    section: str
    score: float
    fused: float
    dense: float
    dense_rank: int | None
    bm25: float
    bm25_rank: int | None
    boost: float


# What kind of reply an answer is: a cited answer from the curriculum, a refusal because the
# curriculum does not cover the question, or one of the tutor's own replies, decided before any
# retrieval: to small talk, to a request for help, to a question in another language, or to a
# question about another certification.
ReplyKind = Literal["greeting", "thanks", "help", "goodbye", "language", "other_certification"]
AnswerKind = Literal["answer", "not_covered"] | ReplyKind


class Answer(BaseModel):
    answer: str  # Markdown: quoted sentences with [n] markers, bold labels on lines of their own
    kind: AnswerKind = "answer"
    sentences: list[AnswerSentence] = Field(default_factory=list)
    # How the answer is built ("passage", "name", "concise", "parts", "compare", "list", "table") and its
    # labelled blocks, in order; a plain one-passage answer has one unlabelled section.
    plan: str = "passage"
    sections: list[AnswerSection] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool
    confidence: float
    suggestions: list[str] = Field(default_factory=list)
    resolved_query: str | None = None  # the question after follow-up resolution, when it changed
    topic: dict[str, list[str]] = Field(default_factory=dict)
    trace: list[TraceEntry] | None = None
