"""Item validity: every practice item's reference answer is verbatim in its cited passage, and no
multiple-choice or cloze distractor is true according to the corpus. Checked over every item of the
index, independently of how ingest derived them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.chunk import Chunk
from index.practice import BLANK, Item


@dataclass
class ItemRun:
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (item id, why)

    @property
    def validity(self) -> float:
        return 1 - len({i for i, _ in self.invalid}) / self.total if self.total else 0.0


def _filled(prompt: str, value: str) -> str:
    """The blanked sentence of a prompt with a value in the blank, its articles read alike ("an SRE",
    "a Platform Engineer"), so that a true statement is found whatever article the blank came after."""
    sentence = prompt.split(": ", 1)[1] if prompt.startswith("Fill in the blank: ") else prompt
    sentence = sentence.removeprefix("Which fills the blank? ")
    return _articles(sentence.replace(BLANK, value, 1))


def _articles(sentence: str) -> str:
    return re.sub(r"\b(?:an?|An?)\s", "a ", sentence)


def _problems(item: Item, chunks: dict[str, Chunk], sentences: set[str]) -> list[str]:
    cited = [chunks.get(c) for c in item.chunks]
    if any(c is None for c in cited) or not cited:
        return ["cites a passage the index does not have"]
    passages = [c for c in cited if c is not None]
    text = "\n".join(c.text for c in passages)
    problems = []
    if item.kind == "order":
        for entry in item.order:
            if entry not in text:
                problems.append(f"order entry {entry!r} is not in the cited passages")
        if sorted(item.order) != sorted(item.choices):
            problems.append("the entries shown are not the entries ordered")
        if len(passages) == 1 and item.order:
            places = [text.find(e) for e in item.order]
            if places != sorted(places):
                problems.append("the order is not the passage's order")
        return problems
    if item.answer not in text:
        problems.append("the reference answer is not verbatim in the cited passage")
    if item.kind == "short":
        return problems
    if item.answer not in item.choices:
        problems.append("the right answer is not among the choices")
    true_sentence = _filled(item.prompt, item.answer)
    if item.kind == "choice" and true_sentence not in sentences:
        problems.append("the prompt filled with the answer is not a sentence of the passage")
    if item.kind == "cloze" and (
        item.sentence is None or item.sentence not in text or true_sentence != _articles(item.sentence)
    ):
        problems.append("the cloze sentence is not the passage's, or its blank is not the answer")
    for distractor in item.choices:
        if distractor == item.answer:
            continue
        if _filled(item.prompt, distractor) in sentences:
            problems.append(f"distractor {distractor!r} makes a sentence the corpus states")
        if item.kind == "cloze" and re.search(rf"(?<![\w-]){re.escape(distractor)}(?![\w-])", text, re.I):
            problems.append(f"distractor {distractor!r} is used by the passage itself")
    return problems


def check_items(items: list[Item], chunk_list: list[Chunk]) -> ItemRun:
    chunks = {c.id: c for c in chunk_list}
    sentences = {_articles(s) for c in chunk_list for s in c.sentences}
    run = ItemRun()
    for item in items:
        run.total += 1
        run.by_kind[item.kind] = run.by_kind.get(item.kind, 0) + 1
        run.invalid.extend((item.id, why) for why in _problems(item, chunks, sentences))
    return run
