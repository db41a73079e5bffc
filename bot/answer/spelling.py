"""Typo repair against the curriculum's own words: "certifcation" finds "certification".

The vocabulary is the curriculum's words (its text, headings, provider names and level names),
each weighted by how often the curriculum uses it. A word is repaired only when it is neither a
curriculum word nor a whole word of the embedding model's vocabulary (a good stand-in for an
English dictionary), so real words the curriculum lacks ("price", "weather") stay as they are
and still count against confidence. Candidates come from SymSpell (symspellpy): the
vocabulary's deletions, looked up in a dictionary, compared by optimal string alignment. A word
no typo repair reaches may be a chat-speak short form ("lvl", "ldrship": bot/answer/short_forms.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import pairwise

from symspellpy import SymSpell, Verbosity
from symspellpy.editdistance import DistanceAlgorithm, EditDistance

from bot.answer.short_forms import VOWELS, ShortForms
from bot.answer.tuning import SpellingTuning
from index.keywords import ABBREVIATIONS, STOPWORDS

_WORD = re.compile(r"[A-Za-z]+")
# A question usually opens with a question word, so a misspelt first word that is one edit from
# one of these is that word ("wich roles…" is "which", not the commoner "with"). A closed class of
# English, not a list drawn from any question.
QUESTION_WORDS = frozenset({"what", "which", "who", "whom", "whose", "where", "when", "why", "how"})
_ASK_END = re.compile(r"[.?!;:]")
_EDITS = EditDistance(DistanceAlgorithm.DAMERAU_OSA)
# English's regular inflections (not derivations: "instructers" is a typo, not instruct + ers), the
# shortest stem that counts as a word before one, and the shortest known only as a verb form.
_INFLECTIONS = ("ing", "ed", "es", "s")
_MIN_STEM = 4
_MIN_VERB = 5
_PLURAL = re.compile(r"[^su]s$")  # "grads", not "class" or "status"


def _short_syllable(stem: str) -> bool:
    """A short stem ending consonant-vowel-consonant, which doubles its consonant before -ing/-ed."""
    return (
        len(stem) <= 4
        and stem[-1] not in VOWELS | {"w", "x", "y"}
        and stem[-2] in VOWELS
        and stem[-3] not in VOWELS
    )


def _bases(lower: str) -> list[str]:
    """The words a regular inflection could come from, by English spelling rules: "making" <-
    "make", "shipping" <- "ship" (and "scaning" from no "scan": it would double), "studies" <-
    "study" (the y only before -es/-ed: "vulnerabilites" is a typo)."""
    bases = []
    for suffix in _INFLECTIONS:
        stem = lower.removesuffix(suffix)
        if stem == lower or len(stem) < _MIN_STEM:
            continue
        if suffix in ("ing", "ed"):
            if not _short_syllable(stem):
                bases.append(stem)
            bases.append(stem + "e")
            if stem[-1] == stem[-2] and _short_syllable(stem[:-1]):
                bases.append(stem[:-1])
        else:
            bases.append(stem)
        if suffix in ("es", "ed") and stem.endswith("i"):
            bases.append(stem[:-1] + "y")
    return [b for b in bases if len(b) >= _MIN_STEM]


class Speller:
    """Repairs misspelt words of a question towards the corpus vocabulary."""

    def __init__(self, corpus_texts: Iterable[str], dictionary: set[str], tuning: SpellingTuning) -> None:
        counts: Counter[str] = Counter()
        self._pairs: set[tuple[str, str]] = set()  # words the curriculum writes side by side
        for text in corpus_texts:
            words = [w.lower() for w in _WORD.findall(text)]
            counts.update(w for w in words if len(w) >= 3)
            self._pairs.update(pairwise(words))
        self.words = frozenset(counts)
        self.dictionary = dictionary
        self.tuning = tuning
        self._symspell = SymSpell(max_dictionary_edit_distance=tuning.max_distance)
        for word, count in counts.items():
            self._symspell.create_dictionary_entry(word, count)
        function_words = (w for w in STOPWORDS if len(w) >= tuning.min_length)
        self.short_forms = ShortForms(counts, function_words, dictionary, tuning.short_forms)
        self.candidates = lru_cache(maxsize=4096)(self._candidates)
        # An answer repairs the same texts about twice (the question, its parts, its context).
        self.correct = lru_cache(maxsize=1024)(self._correct)

    def _candidates(self, word: str) -> tuple[str, ...]:
        """The repairs of a word, best first; empty when it is left as written."""
        lower = word.lower()
        tuning = self.tuning
        if len(lower) < tuning.min_length or lower in self.words or self.is_english(lower):
            return ()
        if word.isupper() and len(word) > 1:
            return ()  # capitals write an acronym or a name (SLO, CFO, PMP), not a typo
        limit = 1 if len(lower) < tuning.long_word_length else tuning.max_distance
        found = self._symspell.lookup(lower, Verbosity.CLOSEST, max_edit_distance=limit)
        if len(lower) < tuning.insertion_only_below:
            # A very short word is only missing a letter ("pth" -> "path"); changing one of its
            # few letters would reach too many other words.
            found = [s for s in found if len(s.term) == len(lower) + 1]
        if _PLURAL.search(lower) and lower[:-1] not in STOPWORDS:
            # A plural stays a plural: its "s" is an ending, not a typo ("grads" is no "grade"); a
            # function word takes no plural ("whats" is "what's").
            found = [s for s in found if s.term.endswith("s")]
        # The curriculum's most frequent word first; then alphabetical, so that a repair never
        # depends on the order the vocabulary was read in.
        repairs = tuple(s.term for s in sorted(found, key=lambda s: (-s.count, s.term)))
        # vocabulary.yaml's short forms are spelled out later, on both sides (index/keywords.py).
        short = None if lower in ABBREVIATIONS else self.short_forms.expand(lower)
        if short is None:
            return repairs
        others = tuple(w for w in repairs if w != short)
        # A typo that takes no more edits than the letters a short form drops is the likelier
        # reading ("prod" is one edit from "pros", six letters short of "production"); the short
        # form stays a candidate after it, for the neighbouring word to choose ("in production").
        if found and min(s.distance for s in found) <= len(short) - len(lower):
            return (*others, short)
        return (short, *others)

    def is_english(self, lower: str) -> bool:
        """A dictionary word, or a regular inflection of one, or of a longer word the dictionary
        knows as a verb: it holds "invented" but not "inventing", which is no typo of "investing"."""
        if lower in self.dictionary:
            return True
        return any(
            base in self.dictionary
            or (len(base) >= _MIN_VERB and any(base + ending in self.dictionary for ending in ("ed", "ing")))
            for base in _bases(lower)
            if base not in STOPWORDS  # function words do not inflect: "whats" is "what's", not what + s
        )

    def fix(self, word: str, before: str = "", after: str = "", opens: bool = False) -> str:
        """A word repaired, if it needs it. A word that `opens` an ask becomes a question word when
        one is among its repairs; otherwise, among equally close repairs, one that the curriculum
        writes next to the neighbouring word wins ("multiple choise" -> "multiple choice")."""
        found = self.candidates(word)
        if not found:
            return word
        if opens:
            found = self.with_question_words(word.lower(), found)
        for candidate in found:
            if (before, candidate) in self._pairs or (candidate, after) in self._pairs:
                return candidate
        return found[0]

    def with_question_words(self, lower: str, found: tuple[str, ...]) -> tuple[str, ...]:
        """The repairs of an ask's first word, question words one edit away first."""
        asks = sorted(w for w in QUESTION_WORDS if _EDITS.compare(lower, w, 1) >= 0)
        return (*asks, *(w for w in found if w not in asks))

    def _correct(self, text: str) -> str:
        """The text with each repairable word replaced; everything else kept as written (`correct`)."""
        matches = list(_WORD.finditer(text))
        out, last, before = [], 0, ""
        for i, m in enumerate(matches):
            after = matches[i + 1].group(0).lower() if i + 1 < len(matches) else ""
            opens = i == 0 or bool(_ASK_END.search(text[last : m.start()]))
            fixed = self.fix(m.group(0), before, after, opens)
            out.append(text[last : m.start()] + fixed)
            last, before = m.end(), fixed.lower()
        return "".join(out) + text[last:]


def as_written(text: str, written: str) -> Callable[[int], int] | None:
    """Maps a position in the typo-repaired text to the same place in the text as written: the
    speller replaces words one for one and leaves everything between them as it was."""
    repaired, original = list(_WORD.finditer(text)), list(_WORD.finditer(written))
    if len(repaired) != len(original):
        return None

    def move(position: int) -> int:
        shift = 0  # how much longer the written text is up to the last word before `position`
        for r, o in zip(repaired, original, strict=True):
            if r.start() >= position:
                break
            if r.end() > position:
                return o.start()  # inside a word: its start
            shift = o.end() - r.end()
        return position + shift

    return move
