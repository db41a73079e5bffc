"""The passage plan: the best passage's own sentences, closest to the question first (the default plan)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer.candidate import Candidate
from bot.answer.plans import Picked
from bot.answer.plans.catalog import leans_back
from bot.answer.query import Query
from bot.answer.tuning import PassageTuning
from bot.answer.vector_cache import Vector
from index.artifact import Artifact
from index.chunk import Chunk
from index.keywords import tokenize


def is_list_item(chunk: Chunk, sentence: str) -> bool:
    return f"- {sentence}" in chunk.text


def beyond_headings(chunk: Chunk, query_tokens: set[str]) -> set[str]:
    """The question's content words that the section's title and headings do not have."""
    return query_tokens - set(tokenize(" ".join((chunk.title, *chunk.breadcrumb))))


def asks_about_the_section(chunk: Chunk, query_tokens: set[str], extra_words: int) -> bool:
    """Whether the question's content words are (nearly) all in the section's title and headings:
    at most `extra_words` of them are not."""
    return len(beyond_headings(chunk, query_tokens)) <= extra_words


def sentence_scores(
    artifact: Artifact, candidate: Candidate, query_tokens: set[str], vector: Vector, tuning: PassageTuning
) -> list[float]:
    """How closely each sentence of a passage answers the question (its content words and its
    vector): its cosine to the question, plus the share of the question's words it has, plus a
    little for the topic sentence."""
    sims = artifact.sentence_rows(candidate.number) @ vector
    scores = []
    for i, sentence in enumerate(candidate.chunk.sentences):
        overlap = len(query_tokens & set(tokenize(sentence))) / max(1, len(query_tokens))
        bonus = tuning.first_sentence_bonus if i == 0 else 0
        scores.append(float(sims[i]) + tuning.lexical_weight * overlap + bonus)
    return scores


def pick_sentences(
    artifact: Artifact,
    candidate: Candidate,
    query: Query,
    vector: Vector,
    tuning: PassageTuning,
) -> list[Picked]:
    """The sentences of one chunk that answer the question, in the chunk's own order."""
    chunk = candidate.chunk
    sentences = list(chunk.sentences)
    items = [is_list_item(chunk, s) for s in sentences]
    query_tokens = set(query.tokens)
    # FAQ answers, table rows and lists are answers as a whole: a learner who asks for the
    # common mistakes wants the list, not the one item closest to their wording.
    limit = tuning.max_sentences
    if chunk.kind in ("faq", "row") or all(items) or len(sentences) <= limit:
        chosen = list(range(min(limit, len(sentences))))
    elif len(sentences) <= tuning.whole_section_sentences and asks_about_the_section(
        chunk, query_tokens, tuning.whole_section_extra_words
    ):
        chosen = list(range(len(sentences)))
    else:
        scores = sentence_scores(artifact, candidate, query_tokens, vector, tuning)
        best = max(scores)
        ranked = sorted(range(len(sentences)), key=lambda i: -scores[i])
        chosen = sorted([i for i in ranked if scores[i] >= best - tuning.sentence_margin][:limit])
        # A sentence that carries on from a chosen one ("…a simple badge to post on social media,
        # this isn't it. This certification requires a genuine commitment…") comes with it.
        for i in list(chosen):
            if (
                len(chosen) < limit
                and i + 1 < len(sentences)
                and i + 1 not in chosen
                and leans_back(sentences[i + 1])
            ):
                chosen = sorted({*chosen, i + 1})
    return [Picked(sentences[i], candidate, items[i]) for i in chosen]


class PassagePlan:
    """Sentences from the best passage only: a second passage would mix topics into one answer."""

    def __init__(self, artifact: Artifact, tuning: PassageTuning) -> None:
        self.artifact = artifact
        self.tuning = tuning

    def __call__(self, query: Query, candidates: Sequence[Candidate], vector: Vector) -> list[Picked]:
        if not candidates:
            return []
        return pick_sentences(self.artifact, candidates[0], query, vector, self.tuning)
