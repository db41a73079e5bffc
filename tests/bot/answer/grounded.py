"""The tutor's promise as a check on any answer: every quoted sentence stands verbatim in the
passage it cites, and every word it adds is a heading or a cell of the corpus, the learner's own
words for a part it does not cover, or one of its fixed phrases."""

from __future__ import annotations

import re

from bot.answer.answerer import Answerer
from bot.answer.cite import NOT_COVERED_PART, plain_label
from bot.answer.grounding import is_grounded
from bot.schemas import Answer
from index.chunk import BREADCRUMB_SEPARATOR


def corpus_labels(answerer: Answerer) -> tuple[set[str], set[str]]:
    """Every heading (and title › heading) and every table cell of the index."""
    headings: set[str] = set()
    cells: set[str] = set()
    for c in answerer.retriever.artifact.chunks:
        headings.update(c.breadcrumb)
        headings.add(c.title)
        if c.breadcrumb:
            headings.add(BREADCRUMB_SEPARATOR.join((c.breadcrumb[0], c.breadcrumb[-1])))
        if c.question:
            headings.add(c.question)
        cells.update((c.cells or {}).values())
    return {plain_label(h) for h in headings}, {plain_label(v) for v in cells}


def assert_grounded(answer: Answer, answerer: Answerer, question: str = "") -> None:
    question = answerer.clean(question) if question.strip() else question
    chunks = {c.id: c for c in answerer.retriever.artifact.chunks}
    for sentence in answer.sentences:
        citation = answer.citations[sentence.citation - 1]
        assert citation.n == sentence.citation
        assert is_grounded(sentence.text, chunks[citation.id]), (sentence.text, citation.id)
        if chunks[citation.id].kind != "row":
            assert sentence.text in citation.quote  # verbatim in the quoted passage
        assert f"{sentence.text} [{sentence.citation}]" in answer.answer
    headings, cells = corpus_labels(answerer)
    rest = answer.answer
    for s in answer.sentences:
        rest = rest.replace(f"{s.text} [{s.citation}]", "", 1)
    positions = [i for section in answer.sections for i in section.sentences]
    assert positions == list(range(len(answer.sentences)))  # every sentence in one section, in order
    for section in answer.sections:
        label = section.label
        if label is None:
            assert section.covered
            continue
        if section.source == "asked":
            assert not section.covered and label in plain_label(question), (label, question)
            rest = rest.replace(NOT_COVERED_PART.format(asked=label), "", 1)
            continue
        assert label in (cells if section.source == "cell" else headings), (label, section.source)
        rest = rest.replace(f"**{label}**", "", 1)
    # Nothing is left but bullets and line breaks: no word of the tutor's own making.
    assert re.sub(r"(?m)^- ", "", rest).strip() == "", rest
