"""One reading of a learner's question, prepared once and passed to every stage of answering.

Retrieval, confidence, follow-up resolution and composition all read the same Query, so the
question is cleaned, repaired, expanded, tokenised and understood exactly once. A follow-up's
resolved reading is a second Query, derived from the first.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass

from bot.answer.answer_type import ANSWER_TYPES, STEERING_TYPES, AnswerType, countries, wanted_types
from bot.answer.asks import without_restated_ask
from bot.answer.bridge import Bridge
from bot.answer.claims import is_tag, read_claim
from bot.answer.context import ASKER, colon_labels, separate
from bot.answer.corrections import corrected
from bot.answer.directions import asks_nothing, without_directions
from bot.answer.ellipsis import is_elliptical
from bot.answer.entities import SYNONYMS, Entities, detect, levels_done
from bot.answer.experience import stated_years
from bot.answer.language import LanguageGuard
from bot.answer.order import read_order
from bot.answer.other_certs import names_other_certification, without_held_credentials
from bot.answer.shape import Shape, read_shape
from bot.answer.smalltalk import small_talk, without_closing, without_opening
from bot.answer.spelling import Speller
from bot.schemas import ReplyKind
from index.keywords import expand, normalize, tokenize

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_WORD = re.compile(r"[a-z0-9]+")  # a word of a normalised text, punctuation aside

# What a learner's context may tell that steers retrieval: who they are, what they aim for, and
# which document they mean ("…but I'm not sure the FAQ says so").
CONTEXT_KINDS = frozenset({"level", "track", "role", "document"})


def _asks_for_a_level(entities: Entities) -> bool:
    """Whether a question asks which level to take, from nowhere named ("which cert fits me?"), not
    what comes after one."""
    return (
        "recommend" in entities.get("intent")
        and not entities.get("level")
        and "next" not in entities.get("section")
    )


def _places_the_learner(asked: str, entities: Entities) -> bool:
    """Whether an ask names no level and is about the learner or which level to take."""
    return not entities.get("level") and ("recommend" in entities.get("intent") or bool(ASKER.search(asked)))


class InvalidQuestion(ValueError):
    """A question the tutor refuses before retrieval: empty, or too long."""


def reworded(text: str, curriculum: frozenset[str]) -> str:
    """A question with learners' short forms spelled out and their everyday words read as the
    curriculum's ("is the test supervised" -> "is the exam proctored"). A word the curriculum uses
    itself ("roadmap", "assessment") is its own and stays."""
    # Word by word, punctuation aside: "is it a hard test?" says "test" too.
    return _WORD.sub(lambda m: m[0] if m[0] in curriculum else SYNONYMS.get(m[0], m[0]), expand(text))


def clean_question(text: str, max_chars: int) -> str:
    """Strip control characters and extra whitespace; refuse empty or over-long questions."""
    cleaned = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())
    if not cleaned:
        raise InvalidQuestion("the question is empty")
    if len(cleaned) > max_chars:
        raise InvalidQuestion(f"the question is {len(cleaned)} characters long; the limit is {max_chars}")
    return cleaned


@dataclass(frozen=True)
class Query:
    """A question as every stage of answering reads it.

    Two texts: `asked` is the question as written (cleaned, without a small-talk opening or the
    personal context around it), which follow-up resolution reads; `text` is the same with typos
    repaired, which retrieval, confidence and composition read. `reply` is set when the message
    is not a question to search the curriculum for (small talk, another language, another
    certification): then nothing is retrieved.
    """

    asked: str
    asked_tokens: tuple[str, ...]  # content words as written: is it a short, bare follow-up?
    entities: Entities  # the level, track, role, section or part the question (or its context) names
    elliptical: bool  # leans on an earlier turn: continues, points back, or names only an aspect
    text: str  # typos repaired towards the curriculum's words
    expanded: str  # the message (context too) reworded in the curriculum's words: what the model embeds
    tokens: tuple[str, ...]  # stemmed content words of `text`: coverage, sentence overlap
    keywords: tuple[str, ...]  # stemmed content words of the message, context too: what BM25 searches
    wanted: tuple[AnswerType, ...]  # kinds of fact asked for that a passage must hold to answer
    steering: tuple[AnswerType, ...]  # kinds of fact the curriculum states, which steer ranking
    places: frozenset[str]  # countries named: a passage must name one of them too
    shape: Shape  # its asks, compared subjects, listing, "which" and order: what the planner reads
    reply: ReplyKind | None = None  # the tutor's own reply instead of an answer from the curriculum
    context: str = ""  # what the learner told about themselves around the question
    years: float | None = None  # the years of experience the message states (bot/answer/experience.py)


class QueryReader:
    """Reads questions into Queries for one index: its speller repairs typos towards its words."""

    def __init__(
        self, speller: Speller, language: LanguageGuard, max_chars: int, bridge: Bridge | None = None
    ) -> None:
        self.speller = speller
        self.language = language
        self.max_chars = max_chars
        self.bridge = bridge  # everyday words read as the curriculum's nearest (none: as written)

    def read(self, question: str) -> Query:
        """A learner's message, cleaned first (InvalidQuestion when it is empty or too long), and
        understood: small talk, another language or another certification get a reply kind."""
        message = corrected(clean_question(question, self.max_chars))
        chat = small_talk(message)
        if chat is not None:
            return self.reading(message, reply=chat)
        message = without_restated_ask(without_closing(without_opening(message)))
        if self.language.is_foreign(message, self.speller.correct(message)):
            return self.reading(message, reply="language")
        parts = separate(message)
        if parts.context and (is_elliptical(parts.ask) or asks_nothing(parts.ask) or is_tag(parts.ask)):
            # "What was it called?" points back at what the learner just told, and "Do you know?"
            # asks what it says ("…asked which regulations the plan names. Do you know?"): read them together.
            parts = separate(message, whole=True)
        query = self.reading(parts.ask, context=parts.context)
        if names_other_certification(f"{colon_labels(message)} {parts.lead} {parts.ask}"):
            return dataclasses.replace(query, reply="other_certification")
        return query

    def reading(
        self,
        asked: str,
        entities: Entities | None = None,
        reply: ReplyKind | None = None,
        context: str = "",
    ) -> Query:
        """A reading of a question: the question itself, or a follow-up resolved against its topic
        (then `entities` are the merged ones, not those the text names). The level, track or role
        the learner's `context` tells fills what the question leaves open."""
        text = self.speller.correct(asked)
        resolved = entities is not None  # a follow-up with the topic's words added: one ask
        claim = read_claim(text) if not resolved else None
        if claim is not None:
            text = claim.text  # what is asked is the claim without the learner's guess
        # What the learner told, without the names of credentials they hold ("GCP Associate Cloud
        # Engineer" says no role): its entities, and both retrievers read it as well. It says what
        # the learner's situation is about (a role, a tool, a goal), which the question itself often
        # only points at ("someone in my seat", "this problem"). Confidence and composition read the
        # question alone.
        told_text = self.speller.correct(without_held_credentials(context)) if context else ""
        if entities is None:
            found = detect(told_text).found if told_text else {}
            own = detect(text) if claim is None else claim.entities
            # A question asking which level to take has the level as its answer: one the context
            # names ("friends say start at the entry level") is an alternative, not its subject,
            # unless the learner is done with it ("I passed foundation. What do you recommend?").
            alternative = _asks_for_a_level(own) and not levels_done(told_text)
            kept = CONTEXT_KINDS - ({"level"} if alternative else set())
            told = Entities({kind: values for kind, values in found.items() if kind in kept})
            entities = own.merged_over(told) if told else own
        whole = f"{told_text} {text}" if context else text
        # What they read leaves out how the learner asks to be answered ("briefly", "list the…").
        whole, searched = without_directions(whole), without_directions(text)
        situation = without_directions(told_text, whole=False)
        # The ask's everyday words count as the curriculum words nearest them; the context's stay
        # as told ("my mentor says…" is not about the mentorship programme).
        ask = reworded(searched, self.speller.words)
        # (A reply of the tutor's own reaches neither the model nor the index.)
        tokens = tuple(tokenize(self.bridge.text(ask) if self.bridge and reply is None else ask))
        shape = read_shape(text, whole=not resolved, told=context, written=asked)
        if claim is not None and shape.order is not None and read_order(normalize(claim.said)) is not None:
            # "Security is third in the recommended order, right?": the position is the guess
            shape = dataclasses.replace(shape, order=None)
        done = levels_done(text) if shape.which else frozenset()
        if len(done) == 1 and not entities.get("section") - {"next"}:
            # "After the mid-level exam, which people-leadership cert…?": what to take after a level
            # is that level's next step; a later level word names what is asked for, not the subject.
            entities = Entities({"level": done, "section": entities.get("section") | {"next"}}).merged_over(
                entities
            )
        return Query(
            asked=asked,
            asked_tokens=tuple(tokenize(asked)),
            entities=entities,
            elliptical=is_elliptical(asked),
            text=text,
            expanded=reworded(whole, self.speller.words),
            tokens=tokens,
            keywords=(*tokenize(reworded(situation, self.speller.words)), *tokens) if context else tokens,
            wanted=tuple(wanted_types(text, ANSWER_TYPES)),
            steering=tuple(wanted_types(text, STEERING_TYPES)),
            places=countries(text),
            shape=shape,
            reply=reply,
            context=context,
            # Years place a learner among levels only when the message names none ("am I ready for
            # the professional level?" is answered by what that level asks, whatever they have), and
            # only when the ask is about the learner or which level to take ("I have 5 years. Does the
            # certification expire?" is not).
            years=stated_years(f"{context} {asked}") if _places_the_learner(asked, entities) else None,
        )
