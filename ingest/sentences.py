"""Sentence splitting that returns exact substrings, so an answer can quote them verbatim."""

from __future__ import annotations

import re

# A boundary: terminal punctuation, optional closing quote/bracket, whitespace, then a capital,
# a digit or an opening quote. Lower-case continuations ("vs. buying") are not boundaries.
_BOUNDARY = re.compile(r"(?<=[.!?])[”\"’')\]]?\s+(?=[A-Z0-9“\"‘(])")
# Abbreviations that end in a period but do not end a sentence.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "No.", "approx.")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; each is a substring of `text`."""
    sentences: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.start() + len(m.group(0).rstrip())  # keep a closing quote with its sentence
        candidate = text[start:end]
        if candidate.endswith(_ABBREVIATIONS):
            continue
        if candidate.strip():
            sentences.append(candidate.strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences
