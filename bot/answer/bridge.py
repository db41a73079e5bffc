"""Everyday words read as the curriculum's: a question's word that the curriculum never uses is
read, for the keyword search and the confidence's word counts, as the curriculum word nearest to it
in meaning.

"Which path should I pick?" shares only "path" with "Choose your learning path"; "pick" is
nearest "choose", which BM25 then finds, and the confidence no longer counts a word the curriculum
lacks. The nearness is the serving model's own: each curriculum word and each English word the
curriculum lacks are embedded alone at ingest, and the nearest of each is looked up here
(index/vocabulary.py), so no word list is written by hand. Only ordinary English words are read
this way (whole words of the model's vocabulary): a product name such as "Kubeflow" is the
learner's subject, never a neighbour's. Closed classes (indefinite pronouns, numbers) are left as
they are, and so is the text the model embeds: it reads the question as written.
"""

from __future__ import annotations

from bot.answer.entities import UNBRIDGED
from bot.answer.tuning import BridgeTuning
from index.vocabulary import Vocabulary

_PUNCTUATION = ",.;:!?\"'()"


class Bridge:
    """Maps a word the curriculum never uses to its nearest curriculum word, or to None."""

    def __init__(self, vocabulary: Vocabulary, tuning: BridgeTuning) -> None:
        self.vocabulary = vocabulary
        self.tuning = tuning

    def nearest(self, word: str) -> str | None:
        """The curriculum word nearest an English word, when near enough; None for any other word."""
        return self.vocabulary.nearest(word, self.tuning.min_cosine)

    def read(self, word: str) -> str:
        """The word as the curriculum would say it: itself, or its nearest curriculum word."""
        # Only English content words the curriculum lacks have a neighbour to look up.
        if word in UNBRIDGED:
            return word
        return self.nearest(word) or word

    def text(self, text: str) -> str:
        """A text with each of its plain words read as the curriculum would say it ("hands-on" and
        "what's" are left as written)."""
        out = []
        for token in text.split():
            bare = token.strip(_PUNCTUATION)
            word = bare.lower()
            read = self.read(word) if word.isalpha() else word
            # Punctuation stays: the tokenizer's short forms apply to bare words only ("certified").
            out.append(token if read == word else token.replace(bare, read))
        return " ".join(out)
