"""The tutor's one promise, checked: every answer sentence stands in the passage it cites."""

from __future__ import annotations

from index.chunk import Chunk


def is_grounded(sentence: str, chunk: Chunk) -> bool:
    """True when the sentence is verbatim in the chunk, or is the chunk's row rendered from its own cells."""
    if chunk.kind == "row":
        cells = chunk.cells or {}
        return sentence in chunk.sentences and all(value in sentence for value in cells.values())
    return sentence in chunk.sentences and sentence in chunk.text
