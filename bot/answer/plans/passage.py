"""The passage plan: the best passage's own sentences, closest to the question first (the default plan)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bot.answer.cite import Picked
from bot.answer.query import Query
from bot.answer.retrieve import Candidate
from index.artifact import Artifact
from index.chunk import Chunk
from index.keywords import tokenize

MAX_SENTENCES = 4
# A passage of up to MAX_SENTENCES sentences is about one thing (a path, a level's "what it is"),
# and is answered whole. A longer one is cut to its sentences closest to the question, dropping
# any that fall this far below the best.
SENTENCE_MARGIN = 0.25
FIRST_SENTENCE_BONUS = 0.03  # topic sentences come first in this curriculum's prose
LEXICAL_WEIGHT = 0.1
# A question that names only the section's subject ("What does DevOpsSchool offer?") asks for
# what the curriculum says about it: a short section is then answered whole, however long the
# limit. At most this many sentences, and at most this many of the question's content words that
# are not already in the section's headings.
WHOLE_SECTION_SENTENCES = 6
WHOLE_SECTION_EXTRA_WORDS = 1


def is_list_item(chunk: Chunk, sentence: str) -> bool:
    return f"- {sentence}" in chunk.text


def asks_about_the_section(chunk: Chunk, query_tokens: set[str]) -> bool:
    """Whether the question's content words are (nearly) all in the section's title and headings."""
    headings = set(tokenize(" ".join((chunk.title, *chunk.breadcrumb))))
    return len(query_tokens - headings) <= WHOLE_SECTION_EXTRA_WORDS


def pick_sentences(
    artifact: Artifact, candidate: Candidate, query: Query, vector: npt.NDArray[np.float32], limit: int
) -> list[Picked]:
    """The sentences of one chunk that answer the question, in the chunk's own order."""
    chunk = candidate.chunk
    sentences = list(chunk.sentences)
    items = [is_list_item(chunk, s) for s in sentences]
    query_tokens = set(query.tokens)
    # FAQ answers, table rows and lists are answers as a whole: a learner who asks for the
    # common mistakes wants the list, not the one item closest to their wording.
    if chunk.kind in ("faq", "row") or all(items) or len(sentences) <= limit:
        chosen = list(range(min(limit, len(sentences))))
    elif len(sentences) <= WHOLE_SECTION_SENTENCES and asks_about_the_section(chunk, query_tokens):
        chosen = list(range(len(sentences)))
    else:
        sims = artifact.sentence_rows(candidate.number) @ vector
        scores = []
        for i, sentence in enumerate(sentences):
            overlap = len(query_tokens & set(tokenize(sentence))) / max(1, len(query_tokens))
            scores.append(float(sims[i]) + LEXICAL_WEIGHT * overlap + (FIRST_SENTENCE_BONUS if i == 0 else 0))
        best = max(scores)
        ranked = sorted(range(len(sentences)), key=lambda i: -scores[i])
        chosen = sorted([i for i in ranked if scores[i] >= best - SENTENCE_MARGIN][:limit])
    return [Picked(sentences[i], candidate, items[i]) for i in chosen]


def compose(
    artifact: Artifact, candidates: list[Candidate], query: Query, vector: npt.NDArray[np.float32]
) -> list[Picked]:
    """Sentences from the best passage only: a second passage would mix topics into one answer."""
    if not candidates:
        return []
    return pick_sentences(artifact, candidates[0], query, vector, MAX_SENTENCES)
