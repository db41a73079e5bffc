"""Pseudo-relevance feedback: BM25's query widened with the words of the passages closest in meaning.

A learner who says "will my certificate stop counting at some point?" shares no word with the
passage that answers it ("Does the certification expire?"). BM25 then ranks whatever shares an
incidental word ("point"), and reciprocal rank fusion lets that outvote the passage the dense
side found. RM3-style feedback adds to BM25's query the salient words (tf·idf) of the few
passages closest in meaning, weighted by their cosine, so that BM25 votes on the question's
topic rather than on its incidental words.

Feedback is weighted by how little of the question BM25 found by itself: the share of the score
its words could reach (the sum of each word's best score in any passage) that the best passage
reaches. A question in the curriculum's own words is matched by them and left as it is;
"everyday words" lean on the passages found by meaning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from bot.answer.tuning import RetrievalTuning
from index.chunk import Chunk
from index.keywords import KeywordIndex, tokenize

Scores = npt.NDArray[np.float32]


class Feedback:
    """Expands BM25's scores for one index; the per-word scores are computed once and kept."""

    def __init__(self, chunks: Sequence[Chunk], keywords: KeywordIndex, tuning: RetrievalTuning) -> None:
        self.keywords = keywords
        self.tuning = tuning
        counted = [Counter(tokenize(c.embed_text)) for c in chunks]
        # Each passage's words with their counts and idf, and its length: what `salient` reads per question.
        idf = {term: keywords.idf(term) for terms in counted for term in terms}
        self._weighed = [
            (sum(terms.values()) or 1, [(term, tf, idf[term]) for term, tf in terms.items()])
            for terms in counted
        ]
        self._scores: dict[str, Scores] = {}  # one word's BM25 score in every passage

    def word_scores(self, word: str) -> Scores:
        found = self._scores.get(word)
        if found is None:
            found = self.keywords.scores([word])
            self._scores[word] = found  # a race only computes the same scores twice
        return found

    def strength(self, words: Sequence[str], scores: Scores) -> float:
        """The share of the score the question's words could reach that its best passage reaches
        (0 when the curriculum has none of its words)."""
        known = self.keywords.known(list(dict.fromkeys(words)))
        attainable = sum(float(self.word_scores(w).max()) for w in known)
        return min(1.0, float(scores.max()) / attainable) if attainable > 0 else 0.0

    def weight(self, words: Sequence[str], scores: Scores) -> float:
        """How much the feedback words count: the more, the less the question's own words found."""
        missed = 1.0 - self.strength(words, scores)
        return float(self.tuning.feedback_weight * missed**self.tuning.feedback_gate)

    def salient(self, words: Sequence[str], closest: Sequence[tuple[int, float]]) -> list[tuple[str, float]]:
        """The feedback words: the passages' most salient words (tf·idf), each passage counting by
        its cosine, the question's own words left out; weights sum to 1."""
        total = sum(max(cosine, 0.0) for _, cosine in closest) or 1.0
        own = set(words)
        weights: dict[str, float] = {}
        for number, cosine in closest:
            length, terms = self._weighed[number]
            for term, tf, idf in terms:
                if term not in own:
                    share = max(cosine, 0.0) / total * tf / length * idf
                    weights[term] = weights.get(term, 0.0) + share
        chosen = sorted(weights.items(), key=lambda tw: -tw[1])[: self.tuning.feedback_terms]
        mass = sum(w for _, w in chosen) or 1.0
        return [(t, w / mass) for t, w in chosen]

    def __call__(self, words: Sequence[str], scores: Scores, dense: dict[int, float]) -> Scores:
        """BM25 scores for the question's `words` (`scores`), interpolated with those of the
        feedback words of the `dense` passages (best first): (1 − λ)·own/|words| + λ·feedback."""
        if not self.tuning.feedback_weight or not dense:
            return scores
        weight = self.weight(words, scores)
        closest = list(dense.items())[: self.tuning.feedback_passages]
        salient = self.salient(words, closest)
        if not weight or not salient:
            return scores
        expansion = sum(w * self.word_scores(t) for t, w in salient)
        own = len(set(words)) or 1
        return ((1.0 - weight) * scores / own + weight * expansion).astype(np.float32)
