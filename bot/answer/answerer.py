"""The answering core: clean the question, resolve follow-ups, retrieve, decide, compose, check."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from time import perf_counter

from bot.answer.abstention import not_covered, suggestions
from bot.answer.bridge import Bridge
from bot.answer.candidate import Candidate, Filters, Mode
from bot.answer.cite import cite
from bot.answer.confidence import Calibration, features
from bot.answer.context import separate
from bot.answer.ellipsis import pointed_kind
from bot.answer.entities import SUBJECTS, Entities, detect
from bot.answer.followup import Topic, is_follow_up, resolve, siblings, topic_hint
from bot.answer.grounding import is_grounded
from bot.answer.language import LanguageGuard
from bot.answer.plans import Composition, Found
from bot.answer.plans.planner import Planner
from bot.answer.query import Query, QueryReader, clean_question
from bot.answer.replies import Replies
from bot.answer.retrieve import Retriever
from bot.answer.spelling import Speller
from bot.answer.tuning import Tuning
from bot.answer.vector_cache import Vector
from bot.metrics.record import COMPOSE, EMBED, RECORDER, SEARCH
from bot.schemas import Answer, TraceEntry
from index.chunk import Chunk
from index.vocabulary import english_words

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswererConfig:
    """What the answerer is given at start-up: tuning and calibration from their data files, and
    the deployment's settings."""

    tuning: Tuning
    calibration: Calibration
    abstain_threshold: float  # the calibrated threshold, unless the operator overrides it
    max_question_chars: int
    mode: Mode = "hybrid"  # which retrievers vote (the eval compares all three)


@dataclass(frozen=True)
class Attempt:
    """One reading of the question, retrieved and scored."""

    query: Query
    vector: Vector
    candidates: list[Candidate]
    features: list[float]
    confidence: float

    @property
    def best_id(self) -> str | None:
        """The best-ranked passage's id, if any."""
        return self.candidates[0].chunk.id if self.candidates else None


@dataclass(frozen=True)
class Parts:
    """Looks up a piece of the question (a part, a compared subject) on the same path, with the
    same filters and retriever mode, as the question itself."""

    answerer: Answerer
    filters: Filters | None
    mode: Mode | None

    def find(self, text: str) -> Found | None:
        answerer = self.answerer
        query = answerer.reader.read(text)
        if query.reply is not None:
            return None  # small talk inside a question asks nothing of the curriculum
        attempt = answerer.attempt(query, self.filters, self.mode)
        return None if answerer.abstains(attempt) else attempt

    def read(self, text: str) -> Found:
        return self.answerer.attempt(self.answerer.reader.read(text), self.filters, self.mode)

    def follow(
        self, text: str, after: Found, passage: str | None = None, *, subject_only: bool = False
    ) -> Found | None:
        answerer = self.answerer
        if not isinstance(after, Attempt) or not after.candidates:
            return None
        reader = answerer.reader
        topic = answerer.topic_after(after, cited=passage)
        if subject_only:
            topic = topic.subject_only(pointed_kind(text))
        resolved = resolve(reader.read(text), topic, reader)
        attempt = answerer.attempt(resolved, self.filters, self.mode)
        return None if answerer.abstains(attempt) else attempt


class Answerer:
    """Answers one question against one loaded index; stateless, so it can be swapped live."""

    def __init__(self, retriever: Retriever, config: AnswererConfig) -> None:
        self.retriever = retriever
        self.config = config
        self._by_id = {c.id: c for c in retriever.artifact.chunks}
        artifact, english = retriever.artifact, english_words(retriever.encoder.info.path)
        speller = Speller((c.embed_text for c in artifact.chunks), english, config.tuning.spelling)
        language = LanguageGuard(config.tuning.language, frozenset(speller.words))
        bridge = Bridge(artifact.vocabulary, config.tuning.bridge)
        self.reader = QueryReader(speller, language, config.max_question_chars, bridge)
        self.replies = Replies()
        self.planner = Planner(artifact, config.tuning, retriever.embed)

    def clean(self, question: str) -> str:
        """The question as the answerer reads it; InvalidQuestion when it is empty or too long."""
        return clean_question(question, self.config.max_question_chars)

    def passage(self, passage_id: str) -> Chunk | None:
        """One chunk of this index by id."""
        return self._by_id.get(passage_id)

    def attempt(self, query: Query, filters: Filters | None = None, mode: Mode | None = None) -> Attempt:
        """Retrieve for one reading of the question and score how confident the best passage is."""
        # The model sees short forms spelled out too ("MCQ" -> "multiple choice").
        started = perf_counter()
        plain = self.retriever.embed(query.expanded)
        # Only retrieval reads the adapted vector: the bridge and the plans compare words with words.
        vector = self.retriever.artifact.adapter(plain)
        embedded = perf_counter()
        candidates = self.retriever.search(
            query, vector, mode or self.config.mode, filters, plain, self.config.calibration.ranking
        )
        RECORDER.observe(EMBED, embedded - started)
        RECORDER.observe(SEARCH, perf_counter() - embedded)
        feats = self.confidence_features(query, candidates, vector)
        return Attempt(query, plain, candidates, feats, self.config.calibration.probability(feats))

    def confidence_features(self, query: Query, candidates: list[Candidate], vector: Vector) -> list[float]:
        """The confidence model's features for one retrieval (`vector`: the adapted question)."""
        artifact, neighbours = self.retriever.artifact, self.config.tuning.retrieval.example_neighbours
        bank = artifact.examples
        return features(
            query, candidates, artifact.keywords, bank.outside_nearest(vector, neighbours), bank.words
        )

    def attempt_as_asked(self, question: str) -> Attempt | None:
        """The attempt for a question on its own; None when the tutor replies before retrieval."""
        query = self.reader.read(question)
        return None if query.reply is not None else self.attempt(query)

    def choose(
        self,
        question: str | Query,
        topic: Topic | None = None,
        filters: Filters | None = None,
        mode: Mode | None = None,
    ) -> Attempt:
        """Retrieve for the question as asked, or, for an elliptical question in a conversation, as
        resolved against the topic; the literal reading stays only when it answers and the
        resolved one would not ("is it worth it?" may be about the whole certification)."""
        query = self.reader.read(question) if isinstance(question, str) else question
        chosen = self.attempt(query, filters, mode)
        if self.abstains(chosen):
            chosen = self.without_the_story(query, chosen, filters, mode)
        if topic is not None and is_follow_up(query, topic):
            other = self.attempt(resolve(query, topic, self.reader), filters, mode)
            threshold = self.config.abstain_threshold
            if not (chosen.confidence >= threshold > other.confidence):
                chosen = other
        return chosen

    def without_the_story(
        self, query: Query, told: Attempt, filters: Filters | None, mode: Mode | None
    ) -> Attempt:
        """The ask alone, for an abstention read with the learner's story: the story can outweigh the
        ask ("already hold the CKA and run k8s… what's the first two weeks of prep for the professional
        level?") or, read with an ask that points back at it, blur it ("the AWS ML cert was all
        SageMaker. is this one tied to a specific cloud like that?"). The ask alone answers when it
        names its subject or finds the same passage; one that does neither ("is there a level that
        would help?") needs the story, and the abstention stays."""
        ask = query.asked if query.context else separate(query.asked).ask
        if ask == query.asked and not query.context:
            return told  # no story to leave out
        alone = self.attempt(self.reader.reading(ask), filters, mode)
        same = alone.best_id is not None and alone.best_id == told.best_id
        names = bool(query.context) and bool(detect(query.text))
        return alone if not self.abstains(alone) and (same or names) else told

    def topic_after(self, attempt: Attempt, answer: Answer | None = None, cited: str | None = None) -> Topic:
        """The topic an answered attempt leaves: what it named, and the passage it answered from
        (the first one it cites; a plan may answer from another than the best-ranked).

        Where the question left it open, the topic is what the answer is about: after "which
        level teaches feature stores?", "it" is the professional level.
        """
        # A table's answer ends on the row it found ("what comes after Operations?" cites
        # Operations, then Engineering), which is the subject now: "its" means Engineering.
        table = answer is not None and answer.plan == "table"
        if answer is not None and answer.citations:
            cited = answer.citations[-1 if table else 0].id
        top = next((c for c in attempt.candidates if c.chunk.id == cited), attempt.candidates[0])
        owned = self.retriever.entities[top.number].owned
        subjects = Entities({kind: owned.get(kind) for kind in SUBJECTS if owned.get(kind)})
        named = attempt.query.entities
        entities = subjects.merged_over(named) if table else named.merged_over(subjects)
        row = next(iter(top.chunk.cells.values()), "") if top.chunk.cells else ""
        return Topic(
            entities, topic_hint(top.chunk), siblings(top.chunk, self.retriever.artifact.chunks), row
        )

    def answer(
        self,
        question: str,
        topic: Topic | None = None,
        filters: Filters | None = None,
        trace: bool = False,
        mode: Mode | None = None,
    ) -> tuple[Answer, Topic | None]:
        """Answer a question, given the conversation's topic so far; returns the answer and the new topic.

        Small talk, a request for help, another language or another certification get the tutor's
        own reply, decided before retrieval; they leave the topic as it was.
        """
        query = self.reader.read(question)
        if query.reply is not None:
            return self.replies.answer(query.reply), topic
        chosen = self.choose(query, topic, filters, mode)
        started = perf_counter()
        answer = self.decide(chosen, trace, filters, mode)
        RECORDER.observe(COMPOSE, perf_counter() - started)
        if answer.abstained or not chosen.candidates:
            return answer, topic  # an unanswered question does not move the topic
        new_topic = self.topic_after(chosen, answer)
        return answer.model_copy(update={"topic": new_topic.entities.as_dict()}), new_topic

    def abstains(self, attempt: Attempt) -> bool:
        return attempt.confidence < self.config.abstain_threshold or not attempt.candidates

    def decide(
        self, attempt: Attempt, trace: bool, filters: Filters | None = None, mode: Mode | None = None
    ) -> Answer:
        traced = self.trace(attempt.candidates[: self.config.tuning.answer.trace_depth]) if trace else None
        resolved = attempt.query.text
        confidence = round(attempt.confidence, 4)
        # A question of several parts, or comparing subjects, is judged piece by piece: one
        # uncovered piece does not decline the others.
        covered = not self.abstains(attempt)
        composition = self.planner.compose(attempt, Parts(self, filters, mode), covered)
        picked = composition.picked
        grounded = [p for p in picked if is_grounded(p.text, p.candidate.chunk)]
        if len(grounded) != len(picked):  # cannot happen by construction; never show it if it does
            log.error("dropped %d ungrounded sentence(s) for %r", len(picked) - len(grounded), resolved)
            composition = Composition(composition.plan, ())
        if not composition.picked or not attempt.candidates:
            return self.abstention(attempt, traced)
        text, sentences, citations, sections = cite(composition)
        return Answer(
            answer=text,
            sentences=sentences,
            citations=citations,
            plan=composition.plan,
            sections=sections,
            abstained=False,
            confidence=confidence,
            resolved_query=resolved,
            trace=traced,
        )

    def abstention(self, attempt: Attempt, traced: list[TraceEntry] | None) -> Answer:
        """The curriculum does not cover it: say so, with the covered topics nearest it."""
        count = self.config.tuning.answer.suggestions
        query, confidence = attempt.query, round(attempt.confidence, 4)
        return not_covered(confidence, suggestions(attempt.candidates, count), query.text, traced)

    @staticmethod
    def trace(candidates: list[Candidate]) -> list[TraceEntry]:
        """The ranked candidates with every score, for debugging and for /search."""
        return [
            TraceEntry(
                rank=rank,
                id=c.chunk.id,
                section=c.chunk.section,
                score=round(c.score, 4),
                fused=round(c.fused, 4),
                dense=round(c.dense, 4),
                dense_rank=c.dense_rank,
                bm25=round(c.bm25, 4),
                bm25_rank=c.bm25_rank,
                boost=c.boost,
            )
            for rank, c in enumerate(candidates, start=1)
        ]
