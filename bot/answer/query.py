"""One reading of a learner's question, prepared once and passed to every stage of answering.

Retrieval, confidence, follow-up resolution and composition all read the same Query, so the
question is cleaned, repaired, expanded, tokenised and understood exactly once. A follow-up's
resolved reading is a second Query, derived from the first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.answer.answer_type import ANSWER_TYPES, STEERING_TYPES, AnswerType, countries, wanted_types
from bot.answer.entities import Entities, detect
from bot.answer.shape import Shape, read_shape
from bot.answer.spelling import Speller
from index.keywords import expand, normalize, tokenize

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
# Openings and pronouns that only make sense with an earlier turn.
_CUE = re.compile(
    r"^\s*(and|what about|how about|same for|what of|also|then|likewise|ok(ay)?,? (and|what about))\b"
    r"|\b(there|that level|this level|that one|this one|that track|this track|that path|this path"
    r"|it|its|them|those|these|that|same question|same thing|in that case)\b"
    r"|\bthen\W*$"
)


class InvalidQuestion(ValueError):
    """A question the tutor refuses before retrieval: empty, or too long."""


def clean_question(text: str, max_chars: int) -> str:
    """Strip control characters and extra whitespace; refuse empty or over-long questions."""
    cleaned = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())
    if not cleaned:
        raise InvalidQuestion("the question is empty")
    if len(cleaned) > max_chars:
        raise InvalidQuestion(f"the question is {len(cleaned)} characters long; the limit is {max_chars}")
    return cleaned


def has_cue(text: str) -> bool:
    """Whether a text opens or points like a follow-up ("and the professional level?", "there")."""
    return _CUE.search(normalize(text)) is not None


@dataclass(frozen=True)
class Query:
    """A question as every stage of answering reads it.

    Two texts: `asked` is the question as written (cleaned), which follow-up resolution reads;
    `text` is the same with typos repaired, which retrieval, confidence and composition read.
    """

    asked: str
    asked_tokens: tuple[str, ...]  # content words as written: is it a short, bare follow-up?
    entities: Entities  # the level, track, role, section or part the question names (as written)
    cue: bool  # opens or points like a follow-up
    text: str  # typos repaired towards the curriculum's words
    expanded: str  # `text` with learners' short forms spelled out: what the model embeds
    tokens: tuple[str, ...]  # stemmed content words of `text`: BM25, coverage, sentence overlap
    wanted: tuple[AnswerType, ...]  # kinds of fact asked for that a passage must hold to answer
    steering: tuple[AnswerType, ...]  # kinds of fact the curriculum states, which steer ranking
    places: frozenset[str]  # countries named: a passage must name one of them too
    shape: Shape  # its asks, compared subjects, listing, "which" and order: what the planner reads


class QueryReader:
    """Reads questions into Queries for one index: its speller repairs typos towards its words."""

    def __init__(self, speller: Speller, max_chars: int) -> None:
        self.speller = speller
        self.max_chars = max_chars

    def read(self, question: str) -> Query:
        """A learner's question, cleaned first (InvalidQuestion when it is empty or too long)."""
        return self.reading(clean_question(question, self.max_chars))

    def reading(self, asked: str, entities: Entities | None = None) -> Query:
        """A reading of a question: the question itself, or a follow-up resolved against its topic
        (then `entities` are the merged ones, not those the text names)."""
        text = self.speller.correct(asked)
        return Query(
            asked=asked,
            asked_tokens=tuple(tokenize(asked)),
            entities=detect(asked) if entities is None else entities,
            cue=has_cue(asked),
            text=text,
            expanded=expand(text),
            tokens=tuple(tokenize(text)),
            wanted=tuple(wanted_types(text, ANSWER_TYPES)),
            steering=tuple(wanted_types(text, STEERING_TYPES)),
            places=countries(text),
            shape=read_shape(text, whole=entities is None),
        )
