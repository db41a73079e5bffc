"""Short-answer items: a FAQ's own question, and one question per section of a level guide."""

from __future__ import annotations

from index.chunk import Chunk
from index.practice import Item, item_id
from ingest.items.rules import Rules, about, level_name


def answer_text(chunk: Chunk) -> str:
    """The passage's answer, verbatim: a FAQ without its question line, a section whole."""
    if chunk.kind == "faq" and chunk.question and chunk.text.startswith(chunk.question):
        return chunk.text[len(chunk.question) :].strip()
    return chunk.text


def short_prompt(chunk: Chunk, rules: Rules) -> str | None:
    """The question a passage answers, or None when it is not a short-answer passage."""
    if chunk.kind == "faq" and chunk.question:
        return chunk.question
    if chunk.kind == "section" and chunk.meta.get("kind") == "guide" and len(chunk.breadcrumb) > 1:
        heading = chunk.breadcrumb[-1]
        template = rules.guide_prompts.get(heading, rules.guide_prompt_fallback)
        return template.format(level=level_name(chunk), heading=heading)
    return None


def short_items(chunk: Chunk, rules: Rules, levels: set[str]) -> list[Item]:
    prompt = short_prompt(chunk, rules)
    if prompt is None or not chunk.sentences:
        return []
    answer = answer_text(chunk)
    return [
        Item(
            id=item_id("short", chunk.id, prompt, answer),
            kind="short",
            prompt=prompt,
            answer=answer,
            **about(chunk, rules, levels),
            points=chunk.sentences,
        )
    ]
