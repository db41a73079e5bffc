"""The BM25 keyword index and the one tokenizer that both ingest and queries use."""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import Stemmer

from index.yaml_files import read_yaml

# bm25s imports scipy.sparse whenever scipy is installed (the ingest extra brings it), for a way of
# building that KeywordIndex.build does not take: scipy stays hidden while bm25s imports, so that a
# serving process never loads it (22 MiB and 0.08 s of a worker's start, bench/README.md). A module
# set to None in sys.modules raises ImportError when imported.
_HIDE_SCIPY = "scipy" not in sys.modules
if _HIDE_SCIPY:
    sys.modules["scipy"] = None  # type: ignore[assignment]
try:
    import bm25s
finally:
    if _HIDE_SCIPY:
        del sys.modules["scipy"]

_WORD = re.compile(r"[a-z0-9]+(?:[+#][a-z0-9+#]*)?")
# Function words only: content words such as "how long" or "who" are left to the dense side.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves s t d ll m re ve""".split()
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# Learners' spellings mapped to the curriculum's (see vocabulary.yaml); applied on both sides.
_VOCABULARY = read_yaml(Path(__file__).parent / "vocabulary.yaml")
ABBREVIATIONS: dict[str, str] = _VOCABULARY["words"]
_PHRASES: dict[str, str] = _VOCABULARY["phrases"]
_PHRASE = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)) + r")\b"
)


# How expand() applies the spellings: a change of it makes a built index stale, as an edit does.
_EXPANSION = "words-inside-punctuation"


def vocabulary_fingerprint() -> str:
    """What the keyword side of the index was tokenised with: the learners' spellings, read at call
    time, so that an edited vocabulary.yaml makes a built index stale (its BM25 terms were mapped)."""
    mapped = json.dumps([ABBREVIATIONS, _PHRASES, _EXPANSION], sort_keys=True).encode()
    return hashlib.sha256(mapped).hexdigest()[:16]


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


# One answer reads the same few texts many times over (the question's variants, the passages'
# sentences): about 16 tokenizations a question, of which 4 in 5 repeat a text (bench/README.md). The
# caches are small and bounded: a serving process's memory is budgeted.
TEXT_CACHE_SIZE = 1024


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def normalize(text: str) -> str:
    """Fold case, width and typographic quotes so that "you’ll" and "you'll" match."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()


def fold(text: str) -> str:
    """`normalize`d when that keeps the text's length, else only lower-cased: positions found in the
    folded text are positions in the text."""
    norm = normalize(text)
    return norm if len(norm) == len(text) else text.lower()


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def expand(text: str) -> str:
    """Normalised text with learners' short forms spelled out."""
    norm = _PHRASE.sub(lambda m: _PHRASES[m.group(1)], normalize(text))
    # Word by word, punctuation aside: "MCQs?" and "(k8s)" are short forms too.
    return " ".join(_WORD.sub(lambda m: ABBREVIATIONS.get(m.group(0), m.group(0)), norm).split())


def tokenize(text: str) -> list[str]:
    """Stemmed content words of a text, for BM25 on both sides (a new list: the caller's to change)."""
    return list(_tokens(text))


def tokenize_as_written(text: str) -> list[str]:
    """Stemmed content words of a text before learners' spellings are mapped: a learner's own
    "invigilated", which the keyword side reads as "proctored"."""
    return _stems(normalize(text))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_stems(expand(text)))


def _stems(norm: str) -> list[str]:
    """The stems of a normalised text's words, function words left out."""
    stems: list[str] = _stemmer().stemWords([w for w in _WORD.findall(norm) if w not in STOPWORDS])
    return stems


class KeywordIndex:
    """BM25 over chunk texts (bm25s), scoring every chunk so that scores can be fused and filtered."""

    def __init__(self, model: bm25s.BM25) -> None:
        self._model = model
        self._vocab: dict[str, int] = dict(model.vocab_dict)
        # Document frequency per token id: the column lengths of bm25s's sparse score matrix.
        self._df = np.diff(np.asarray(model.scores["indptr"]))
        self.num_docs = int(model.scores["num_docs"])

    @classmethod
    def build(cls, texts: Sequence[str]) -> KeywordIndex:
        # numpy's way of building the score matrix, as in the image, which has no scipy: every
        # environment writes the same index.
        model = bm25s.BM25(k1=1.2, b=0.75, csc_backend="numpy")
        # An empty token list would give an empty vocabulary row; a placeholder keeps rows aligned.
        model.index([tokenize(t) or ["\x00"] for t in texts], show_progress=False)
        return cls(model)

    def save(self, folder: Path) -> None:
        self._model.save(str(folder))

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        return cls(bm25s.BM25.load(str(folder)))

    def known(self, tokens: Sequence[str]) -> list[str]:
        """The tokens the corpus has seen; the rest cannot match anything."""
        return [t for t in tokens if t in self._vocab]

    def idf(self, token: str) -> float:
        """Inverse document frequency (BM25's form); a token the corpus never uses gets the most."""
        df = int(self._df[self._vocab[token]]) if token in self._vocab else 0
        return float(np.log(1.0 + (self.num_docs - df + 0.5) / (df + 0.5)))

    def scores(self, tokens: Sequence[str]) -> npt.NDArray[np.float32]:
        """BM25 score of every chunk for the query tokens (zeros when none is known)."""
        known = self.known(tokens)
        if not known:
            return np.zeros(self.num_docs, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)
