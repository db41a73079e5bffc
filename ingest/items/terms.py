"""The curriculum's vocabulary, by kind: what a cloze item may blank, and where same-kind distractors
come from. Every term is read from the corpus's own structure, never listed by hand:

- table cells, by column (a cell listing several values gives each of them);
- the names that a document's sections are about (learning paths, providers), by document kind;
- the level names of the level guides;
- durations and percentages written in the text;
- terms the curriculum sets in quotation marks (“shift-left”, “Day 2”).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from index.chunk import Chunk
from ingest.items.rules import Rules, level_name

_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_QUANTITY = re.compile(
    rf"\b(?:(?:every|at least)\s+)?(?:\d+(?:-\d+)?|{_NUMBER_WORDS})(?:\s+to\s+(?:\d+|{_NUMBER_WORDS}))?"
    r"\s+(?:days?|weeks?|months?|years?)\b|\b\d+%",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"“([^”]{2,40})”")


_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
_WORD_NUMBERS = {w: n for n, w in enumerate(_NUMBER_WORDS.split("|"), start=1)}


def duration_days(text: str) -> tuple[float, float] | None:
    """The span of days a duration term means: "4-6 weeks" -> (28, 42), "at least 3 years" -> (1095, inf)."""
    words = text.lower().replace("-", " to ").split()
    numbers = [
        float(w) if w.isdigit() else float(_WORD_NUMBERS[w])
        for w in words
        if w.isdigit() or w in _WORD_NUMBERS
    ]
    unit = next((_UNIT_DAYS[w.rstrip("s")] for w in words if w.rstrip("s") in _UNIT_DAYS), None)
    if not numbers or unit is None:
        return None
    low, high = min(numbers) * unit, max(numbers) * unit
    return (low, float("inf")) if "least" in words else (low, high)


def overlaps(a: str, b: str) -> bool:
    """Whether two duration terms could mean the same time ("30 Days" and "4-6 weeks" do)."""
    x, y = duration_days(a), duration_days(b)
    return x is not None and y is not None and x[0] <= y[1] and y[0] <= x[1]


@dataclass(frozen=True)
class Term:
    text: str
    kind: str


def _add(found: dict[str, dict[str, str]], kind: str, text: str, rules: Rules) -> None:
    text = text.strip()
    if len(text) >= rules.cloze["min_term_chars"] and not text.isdigit():
        found[kind].setdefault(text.lower(), text)


def _named_sections(chunks: list[Chunk], rules: Rules, found: dict[str, dict[str, str]]) -> None:
    by_doc: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    for chunk in chunks:
        kind = chunk.meta.get("kind", "")
        if kind in rules.named_sections and len(chunk.breadcrumb) > 1:
            by_doc[chunk.source].add(chunk.breadcrumb[-1])
            kinds[chunk.source] = kind
    for source, headings in by_doc.items():
        # Words every sibling heading shares ("Path") are not part of the names.
        shared = set.intersection(*(set(h.split()) for h in headings)) if len(headings) > 1 else set()
        for heading in headings:
            _add(found, kinds[source], " ".join(w for w in heading.split() if w not in shared), rules)


def vocabulary(chunks: list[Chunk], rules: Rules) -> dict[str, list[str]]:
    """Terms by kind, each in the spelling the corpus first uses."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for chunk in chunks:
        for column, cell in (chunk.cells or {}).items():
            for value in cell.split(","):
                _add(found, column.lower(), value, rules)
        if chunk.meta.get("kind") == "guide":
            _add(found, "level", level_name(chunk), rules)
        for sentence in chunk.sentences:
            for match in _QUANTITY.finditer(sentence):
                kind = "percentage" if match.group().endswith("%") else "duration"
                _add(found, kind, match.group(), rules)
        for match in _QUOTED.finditer(chunk.text):
            # A quoted phrase is a term; a quoted single word ("why", "fuel") is the author's emphasis.
            if re.fullmatch(r"[\w-]+(?:[ -][\w-]+)+", match.group(1)):
                _add(found, "quoted", match.group(1), rules)
    _named_sections(chunks, rules, found)
    return {kind: sorted(terms.values(), key=str.lower) for kind, terms in sorted(found.items())}


_CAPITALISED = re.compile(r"[A-Z][\w-]*")


def _inside_name(sentence: str, start: int, end: int) -> bool:
    """Whether a match is part of a longer capitalised name ("Site Reliability Engineering",
    "Cloud Security Professional") or of a label ("Leadership option:"): a capitalised word right
    after it, or right before it unless that word starts the sentence, or a colon after the word."""
    if re.match(r"[\w ]*:", sentence[end:]) and " " not in sentence[end:].split(":")[0].strip():
        return True
    before = sentence[:start].rstrip()
    after = sentence[end:].lstrip()
    words_before = before.split()
    if words_before and _CAPITALISED.fullmatch(words_before[-1]) and len(words_before) > 1:
        return True
    return bool(after[:1].isupper() and _CAPITALISED.match(after) and sentence[end : end + 1] == " ")


def occurrences(sentence: str, vocabulary: dict[str, list[str]]) -> list[tuple[Term, int, int]]:
    """Where terms occur in a sentence as the corpus spells them (case and all), as whole words and not
    inside a longer name; a longer term wins over one inside it."""
    spans: list[tuple[Term, int, int]] = []
    for kind, terms in vocabulary.items():
        for text in terms:
            for m in re.finditer(rf"(?<![\w-]){re.escape(text)}(?![\w-])", sentence):
                if not _inside_name(sentence, m.start(), m.end()):
                    spans.append((Term(text, kind), m.start(), m.end()))
    spans.sort(key=lambda s: (-(s[2] - s[1]), s[1]))
    kept: list[tuple[Term, int, int]] = []
    for span in spans:
        if all(span[2] <= k[1] or span[1] >= k[2] for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s[1])
