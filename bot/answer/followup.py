"""Follow-up questions: "and the professional level?" leans on the topic of the turns before it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from bot.answer.asks import starts_ask
from bot.answer.entities import LEXICON, SUBJECTS, Entities, detect
from bot.answer.query import Query, QueryReader
from index.chunk import Chunk
from index.keywords import normalize, tokenize

_DEGREE = re.compile(r"\bhow (\w+)")  # "how often", "how long", "how hard"


@dataclass(frozen=True)
class Topic:
    """What a conversation is currently about: named entities, and a hint from the last passage."""

    entities: Entities = field(default_factory=Entities)
    hint: str = ""  # the last answer's heading (or FAQ question), in the curriculum's words
    siblings: tuple[str, ...] = ()  # the headings beside it: naming one asks about that one instead
    row: str = ""  # the table row the last answer ended on, by its first cell ("Engineering")

    def as_dict(self) -> dict[str, Any]:
        data = {"entities": self.entities.as_dict(), "hint": self.hint, "siblings": list(self.siblings)}
        return {**data, "row": self.row} if self.row else data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Topic | None:
        if not data:
            return None
        return cls(
            Entities.from_dict(data.get("entities", {})),
            str(data.get("hint", "")),
            tuple(data.get("siblings", ())),
            str(data.get("row", "")),
        )

    @property
    def hint_is_subject(self) -> bool:
        """Whether the last passage's heading names what it is about (a provider, a path), rather
        than an aspect: a section of a subject named otherwise ("What it is" of the professional
        level), an FAQ's question, or a heading that asks ("Why … Is Valuable")."""
        hint = self.hint.rstrip()
        if not hint or hint.endswith("?") or starts_ask(hint) or self.entities.found.keys() & SUBJECTS:
            return False
        return not detect(self.hint).get("section")

    def subject_only(self, kind: str | None = None) -> Topic:
        """The topic without the aspect that was asked of it: its subject, and the row it is on. With
        the `kind` of subject a question points at, the subject of that kind alone: after "For a
        Platform Engineer, the curriculum recommends: … Professional", "that level" is the
        professional level, not the role's row."""
        found = {k: v for k, v in self.entities.found.items() if k not in ("intent", "section")}
        if kind is not None and found.get(kind):
            return Topic(Entities({k: v for k, v in found.items() if k == kind or k not in SUBJECTS}))
        if self.row:
            # A row's first cell is its key; what else it names is its value: after "For a Cloud
            # Engineer, the curriculum recommends: … Foundation", what comes next is about the level.
            key = detect(self.row).found.keys() & SUBJECTS
            values = {k: v for k, v in found.items() if k not in key}
            if values.keys() & SUBJECTS:
                return Topic(Entities(values))
        return Topic(Entities(found), self.hint if self.hint_is_subject else "", row=self.row)

    def names_a_sibling(self, question: Query) -> bool:
        """True when the question names a heading beside the hint ("what about sreschool.com?",
        "is it proctored?" after the exam's format). A word after "how" asks a degree of the same
        topic, not another one: "how often then?" after "does it expire?"."""
        degrees = " ".join(_DEGREE.findall(normalize(question.asked)))
        asked = set(question.asked_tokens) - set(tokenize(self.hint)) - set(tokenize(degrees))
        words = [set(tokenize(sibling)) for sibling in self.siblings]
        # Only a word that one sibling alone has picks it out ("sreschool", not "school").
        return any(asked & (mine - set().union(*(w for w in words if w is not mine))) for mine in words)


def topic_hint(chunk: Chunk) -> str:
    """The words that name a passage's topic: its question, or its nearest heading."""
    return chunk.question or (chunk.breadcrumb[-1] if chunk.breadcrumb else chunk.title)


def siblings(chunk: Chunk, chunks: Sequence[Chunk]) -> tuple[str, ...]:
    """The topics beside a chunk's: the other headings under the same parent (other providers,
    paths, FAQ questions or sections of the same guide)."""
    if chunk.kind == "row":
        return ()  # a row keeps its topic; levels, tracks and roles name what changes
    parent = chunk.breadcrumb[:-1]
    names = {topic_hint(c) for c in chunks if c.kind == chunk.kind and c.breadcrumb[:-1] == parent}
    return tuple(sorted(names - {topic_hint(chunk)}))


@cache
def _entity_phrases(kind: str) -> list[re.Pattern[str]]:
    """One entity type's phrases as whole-word patterns, longest first within a value, compiled once
    (on first use, not at import: a worker's start is import-bound). Built per call they were more
    patterns than re's cache holds, so every follow-up compiled them all again."""
    return [
        re.compile(rf"\b{re.escape(phrase)}\b")
        for phrases in LEXICON[kind].values()
        for phrase in sorted(phrases, key=len, reverse=True)
    ]


def _strip_entities(text: str, kinds: set[str]) -> str:
    """Remove from a hint the words of entity types the new question names itself."""
    out = normalize(text)
    for kind in kinds:
        for pattern in _entity_phrases(kind):
            out = pattern.sub(" ", out)
    return re.sub(r"\s+", " ", out).strip()


def resolve(question: Query, previous: Topic, reader: QueryReader) -> Query:
    """The question made self-contained: what a follow-up leaves out, filled from the previous topic."""
    own = question.entities
    earlier = previous.entities
    if own.found.keys() & SUBJECTS:
        # A new subject (level, track or role) replaces the old one; only the aspect carries over:
        # "and for the security track?" after a professional-level question is not about both.
        earlier = Entities({k: v for k, v in earlier.found.items() if k not in SUBJECTS})
    # A kind of fact asked ("how long…", "what pass mark…") is an aspect of its own.
    new_aspect = bool(own.get("section") or own.get("part") or question.steering or question.wanted)
    if new_aspect:
        # A new aspect replaces the old, and with it the old request for a recommendation:
        # "and what does that level cover?" after "what's recommended for a cloud engineer?";
        # "how long does that take?" after "who is it for?" is about the level, not its audience.
        earlier = Entities({k: v for k, v in earlier.found.items() if k not in ("intent", "section")})
    merged = own.merged_over(earlier)
    hint = _strip_entities(previous.hint, {k for k, v in own.found.items() if v})
    if (new_aspect and not previous.hint_is_subject) or previous.names_a_sibling(question):
        hint = ""
    text = f"{question.asked} {hint}".strip() if hint else question.asked
    # The row is a subject, not an aspect: "what are its prerequisites?" after "which track comes
    # next?" is about the row that answer ended on, unless the question names a subject itself.
    row = previous.row if not own.found.keys() & SUBJECTS else ""
    if row:
        text += f" {row}"
    inherited = merged.found.keys() - {k for k, v in own.found.items() if v}
    for kind in sorted(inherited):
        # Name inherited entities in the text too, so both retrievers see them (by their first,
        # least ambiguous phrase: "managerial" rather than "manager").
        text += " " + " ".join(LEXICON[kind][value][0] for value in sorted(merged.get(kind)))
    resolved = reader.reading(text, merged)
    order = question.shape.order
    if row and order is not None and order.kind in ("after", "before") and not order.anchor:
        # "Which one comes next?": next after the row the conversation is on.
        shape = dataclasses.replace(resolved.shape, order=dataclasses.replace(order, anchor=row))
        resolved = dataclasses.replace(resolved, shape=shape)
    return resolved


def is_follow_up(question: Query, previous: Topic | None) -> bool:
    """Whether to read a question against the conversation's topic: only when there is one and
    the question leans on it (bot/answer/ellipsis.py); a complete question is answered on its own."""
    return previous is not None and question.elliptical
