"""What a free-text answer is graded on: how much of the passage's key terms it covers, how close it
is in meaning (the tutor's own encoder), and whether it rather says what another passage says.

Every feature is a number in a fixed range, so that the thresholds fitted on labelled answers
(grading.yaml, `tutor fit-grading`) read the same way for every item.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

from bot.practice.quantities import agreement, conflicts, misattributed, quantities, words_to_digits
from index.artifact import Artifact
from index.keywords import expand, tokenize
from index.practice import Item

Vector = npt.NDArray[np.float32]
Encode = Callable[[list[str]], Vector]

_CLAUSE = re.compile(r"[.;\n]+|,\s+|\s+(?:and|but|while|plus)\s+|\s+[-–—+]\s+")
# Term kinds that name things (a level, a track, a provider); numbers are judged by quantities.
_UNNAMED_KINDS = ("duration", "percentage", "quoted")


def terms(text: str) -> list[str]:
    """Stemmed content words, with number words as digits ("six months" ~ "6 months")."""
    return tokenize(words_to_digits(text))


def clauses(text: str) -> list[str]:
    """The answer's clauses: a learner lists key points with commas, semicolons and "and"."""
    return [c.strip() for c in _CLAUSE.split(text) if terms(c)]


@dataclass(frozen=True)
class Features:
    """The measurements of one answer against one item's reference."""

    coverage: float  # idf-weighted share of the reference's key terms the answer uses (0..1)
    points: float  # short: share of key points covered; cloze: 1 when the answer is part of the term
    similarity: float  # short: answer ~ reference answer; cloze: the sentence filled in ~ the sentence
    best_point: float  # short: closest clause ~ closest key point; cloze: answer ~ blanked term
    rival: float  # semantic: how much closer the answer is to another item's reference (0..1)
    lexical: float  # keyword: how much better another passage explains the answer's words (0..1)
    foreign: float  # idf-weighted share of the answer's curriculum words its passage never uses
    names: float  # 1 when the answer names a level, track, path, role or provider its passage does not
    numbers: float  # 1 when the answer states a quantity the reference contradicts, or of the wrong thing
    agree: float  # share of the reference's quantities the answer states
    spelling: float  # cloze: closeness of the answer's letters to the blanked term's (0..1)
    words: float  # content words in the answer (capped at 10, /10)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


class Measure:
    """Computes Features over one index build; built once with it and passed down."""

    def __init__(self, artifact: Artifact) -> None:
        bank = artifact.practice
        self.keywords = artifact.keywords
        self.passages = {c.id: (n, c.embed_text) for n, c in enumerate(artifact.chunks)}
        shorts = [item for item in bank.items if item.kind == "short"]
        self._short_row = {item.id: n for n, item in enumerate(shorts)}
        dim = artifact.sentence_vectors.shape[1] if artifact.sentence_vectors.ndim == 2 else 1
        self._answers = (
            np.stack([bank.vectors(item.id)[0] for item in shorts])
            if shorts
            else np.zeros((0, dim), np.float32)
        )
        # Names of things, from the items' own choices: table cells and cloze terms, by kind.
        names = {
            choice.lower()
            for item in bank.items
            if item.kind in ("choice", "cloze") and item.term_kind not in _UNNAMED_KINDS
            for choice in item.choices
            if not choice.isdigit() and "," not in choice
        }
        self._names = [re.compile(rf"(?<![\w-]){re.escape(n)}s?(?![\w-])") for n in sorted(names)]

    def idf(self, term: str) -> float:
        return self.keywords.idf(term)

    def _recall(self, reference: list[str], answer: set[str]) -> float:
        wanted = set(reference)
        total = sum(self.idf(t) for t in wanted)
        return sum(self.idf(t) for t in wanted if t in answer) / total if total else 0.0

    def _foreign_names(self, answer: str, passage: str) -> float:
        said, own = expand(answer), expand(passage)
        return float(any(p.search(said) and not p.search(own) for p in self._names))

    def _lexical(self, tokens: list[str], chunk_id: str) -> float:
        """How far the best-scoring other passage outscores the item's own for the answer's words."""
        scores = self.keywords.scores(tokens)
        number = self.passages[chunk_id][0] if chunk_id in self.passages else -1
        own = float(scores[number]) if number >= 0 else 0.0
        if number >= 0:
            scores = scores.copy()
            scores[number] = 0.0
        other = float(scores.max()) if len(scores) else 0.0
        return max(0.0, other - own) / (other + own) if other + own > 0 else 0.0

    def measure(
        self, item: Item, answer: str, references: Vector, encode: Encode
    ) -> tuple[Features, tuple[str, ...]]:
        """The features of `answer` to `item` (whose reference vectors are `references`), and the key
        points the answer did not cover."""
        tokens = terms(answer)
        answer_terms = set(tokens)
        passage = self.passages.get(item.chunk_id, (-1, item.answer))[1] + "\n" + item.prompt
        known = set(self.keywords.known(sorted(answer_terms)))
        weight = sum(self.idf(t) for t in known)
        own = set(terms(passage))
        foreign = sum(self.idf(t) for t in known - own) / weight if weight else 0.0
        common = {
            "lexical": self._lexical(tokens, item.chunk_id),
            "foreign": foreign,
            "names": self._foreign_names(answer, passage),
            "words": min(len(tokens), 10) / 10,
        }
        if item.kind == "cloze":
            return self._cloze(item, answer, answer_terms, references, encode, common)
        parts = clauses(answer) or [answer]
        vectors = encode([answer, *parts])
        whole, pieces = vectors[0], vectors[1:]
        similarity = float(whole @ references[0])
        point_sims = pieces @ references[1:].T if len(references) > 1 else np.zeros((len(pieces), 0))
        recalls = [self._recall(terms(p), answer_terms) for p in item.points]
        covered = [
            r >= 0.5 or bool(point_sims.shape[0] and float(point_sims[:, n].max()) >= 0.75)
            for n, r in enumerate(recalls)
        ]
        rival = 0.0
        if len(self._answers):
            others = self._answers @ whole
            if item.id in self._short_row:
                others[self._short_row[item.id]] = -1.0
            rival = max(0.0, float(others.max()) - similarity)
        stated, reference = quantities(answer), quantities(item.answer)
        missing = tuple(p for p, done in zip(item.points, covered, strict=True) if not done)
        return Features(
            coverage=self._recall(terms(item.answer), answer_terms),
            points=sum(covered) / len(covered) if covered else 0.0,
            similarity=similarity,
            best_point=float(point_sims.max()) if point_sims.size else similarity,
            rival=rival,
            numbers=float(conflicts(stated, reference) or misattributed(answer, item.answer, terms)),
            agree=agreement(stated, reference),
            spelling=0.0,
            **common,
        ), missing

    def _cloze(
        self,
        item: Item,
        answer: str,
        answer_terms: set[str],
        references: Vector,
        encode: Encode,
        common: dict[str, float],
    ) -> tuple[Features, tuple[str, ...]]:
        blank, sentence = item.answer, item.sentence or item.answer
        filled = sentence.replace(blank, answer.strip(), 1)
        filled_vector, answer_vector, blank_vector = encode([filled, answer, blank])
        wanted = set(terms(blank))
        stated, reference = quantities(answer), quantities(blank)
        return Features(
            coverage=self._recall(sorted(wanted), answer_terms),
            points=float(bool(answer_terms) and answer_terms < wanted),
            similarity=float(filled_vector @ references[0]) if len(references) else 0.0,
            best_point=float(answer_vector @ blank_vector),
            rival=0.0,
            numbers=float(conflicts(stated, reference)),
            agree=agreement(stated, reference),
            spelling=difflib.SequenceMatcher(None, _letters(answer), _letters(blank)).ratio(),
            **common,
        ), (blank,)


def _letters(text: str) -> str:
    """Letters and digits only, lower-cased: "non-deterministic outputs" ~ "nondeterministic output"."""
    return re.sub(r"[^a-z0-9]", "", expand(words_to_digits(text)))
