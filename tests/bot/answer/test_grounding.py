"""The grounding check: an answer sentence must stand, verbatim, in the passage it cites."""

from __future__ import annotations

from dataclasses import replace

from bot.answer.grounding import is_grounded
from index.chunk import Chunk

SECTION = "learning-paths/choose-your-learning-path/sre-path#0"
ROW = "roles/role-recommended-certified-mlops-manager-certifications#row-2"


def test_a_quoted_sentence_is_grounded_and_an_edited_one_is_not(chunks: dict[str, Chunk]) -> None:
    chunk = chunks[SECTION]
    sentence = chunk.sentences[0]
    assert is_grounded(sentence, chunk)
    assert not is_grounded(sentence.replace("the", "a", 1), chunk)
    assert not is_grounded(sentence, chunks[ROW])  # verbatim, but in another passage


def test_a_sentence_must_be_one_of_the_chunks_quotable_sentences(chunks: dict[str, Chunk]) -> None:
    chunk = chunks[SECTION]
    fragment = chunk.sentences[0][:20]
    assert fragment in chunk.text and not is_grounded(fragment, chunk)


def test_a_row_is_grounded_by_its_own_cells(chunks: dict[str, Chunk]) -> None:
    row = chunks[ROW]
    (sentence,) = row.sentences
    assert sentence not in row.text  # rendered from the cells, not quoted
    assert is_grounded(sentence, row)
    assert row.cells is not None
    tampered = replace(row, cells={**row.cells, "Role": "Astronaut"})
    assert not is_grounded(sentence, tampered)
