"""Cloze items from key sentences: a term of the curriculum's vocabulary is blanked, and the
distractors are terms of the same kind that the passage does not use."""

from __future__ import annotations

import re

from index.chunk import Chunk
from index.keywords import tokenize
from index.practice import BLANK, Item, item_id
from ingest.items.rules import Rules, about, pick, shuffled
from ingest.items.terms import occurrences, overlaps


def cloze_prompt(sentence: str, start: int, end: int) -> str:
    return f"Fill in the blank: {sentence[:start]}{BLANK}{sentence[end:]}"


def _rivals(term: str, kind: str, passage: str, vocabulary: dict[str, list[str]]) -> list[str]:
    """Same-kind terms the passage never uses, that share no word with the term and, for durations,
    cannot mean the same time."""
    own = set(tokenize(term))
    lowered = passage.lower()
    return [
        t
        for t in vocabulary.get(kind, [])
        if not re.search(rf"(?<![\w-]){re.escape(t.lower())}(?![\w-])", lowered)
        and not own & set(tokenize(t))
        and not overlaps(t, term)
    ]


def cloze_items(chunk: Chunk, rules: Rules, levels: set[str], vocabulary: dict[str, list[str]]) -> list[Item]:
    """Up to `per_passage` items: the first term of each sentence that has enough same-kind rivals."""
    if chunk.kind == "row":
        return []  # table rows are practised as multiple choice
    items: list[Item] = []
    for sentence in chunk.sentences:
        for term, start, end in occurrences(sentence, vocabulary):
            answer = sentence[start:end]
            seed = f"{chunk.id}\x00{sentence}\x00{answer}"
            rivals = _rivals(answer, term.kind, chunk.embed_text, vocabulary)
            distractors = pick(rivals, rules.cloze["distractors"], seed)
            if len(distractors) < rules.cloze["min_distractors"]:
                continue
            prompt = cloze_prompt(sentence, start, end)
            items.append(
                Item(
                    id=item_id("cloze", chunk.id, sentence, answer),
                    kind="cloze",
                    prompt=prompt,
                    answer=answer,
                    **about(chunk, rules, levels),
                    choices=tuple(shuffled([answer, *distractors], seed + "\x00order")),
                    sentence=sentence,
                    term_kind=term.kind,
                )
            )
            break  # one blank per sentence
        if len(items) >= rules.cloze["per_passage"]:
            break
    return items
