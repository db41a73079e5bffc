"""Chat-speak short forms read as the curriculum words they shorten: "lvl" is "level", "mgmt" is
"management", "ldrship" is "leadership", "foun" is "foundation".

A short form keeps a word's first letter and drops letters, mostly vowels: it is a subsequence of
the word, and its consonant skeleton (first letter, then consonants) holds most of the word's
("mgr" has three of the four of "manager"). A truncation ("foun") is a prefix of a few letters or
more that ends in a consonant. A plural short form is read as a plural ("execs" -> "executives").
No list of short forms: any word of the curriculum (and any English function word, which the
curriculum may not write: "shld" is "should") can be shortened so. Among the words a short form
fits, those it spells most completely win, then the one the curriculum uses most; when another
word (of another stem: "level" and "levels" are one) is used about as often, the short form is
ambiguous and stays as written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

import Stemmer

from bot.answer.tuning import ShortFormTuning

VOWELS = frozenset("aeiou")


def skeleton(word: str) -> str:
    """A word's first letter and the consonants after it: "manager" -> "mngr"."""
    return word[:1] + "".join(c for c in word[1:] if c not in VOWELS)


def is_subsequence(short: str, word: str) -> bool:
    """Whether `short`'s letters all appear in `word` in the same order."""
    rest = iter(word)
    return all(letter in rest for letter in short)


@dataclass(frozen=True)
class _Word:
    """A word a short form may stand for, with what matching needs of it (computed once)."""

    word: str
    skeleton: str
    stem: str
    count: int


class ShortForms:
    """Finds the curriculum word a short form stands for; built once per index."""

    def __init__(
        self,
        counts: Mapping[str, int],
        function_words: Iterable[str],
        dictionary: Set[str],
        tuning: ShortFormTuning,
    ) -> None:
        # Function words the curriculum never writes still count once: a real word, but never
        # preferred over one the curriculum uses.
        words = {**dict.fromkeys(function_words, 1), **counts}
        stem = Stemmer.Stemmer("english").stemWord
        self._by_first: dict[str, list[_Word]] = defaultdict(list)
        for word, count in words.items():
            self._by_first[word[:1]].append(_Word(word, skeleton(word), stem(word), count))
        self._known = frozenset(dictionary) | words.keys()  # the words a plural may be of
        self.tuning = tuning

    def _fits(self, short: str) -> Iterable[tuple[_Word, float]]:
        """The words `short` may shorten, each with how completely it spells them (1: wholly)."""
        tuning = self.tuning
        letters = skeleton(short)
        # Words are cut before a vowel ("prof", "foun", "exec"); "desi" is a word of its own.
        truncates = len(short) >= tuning.min_prefix and short[-1] not in VOWELS
        for word in self._by_first.get(short[:1], ()):
            if word.word == short:
                continue
            if truncates and word.word.startswith(short):
                yield word, 1.0  # a truncation says which word it starts as plainly as a skeleton
            elif len(letters) >= tuning.min_skeleton and is_subsequence(short, word.word):
                share = len(letters) / len(word.skeleton)
                if share >= tuning.min_share and is_subsequence(letters, word.skeleton):
                    yield word, share

    def expand(self, short: str) -> str | None:
        """The word a lower-case short form stands for, or None when none fits or it is ambiguous."""
        singular = short[:-1] if short.endswith("s") else ""
        if singular in self._known:
            return None  # the plural of a real word ("tutors", "alerts"), not a short form
        # A plural short form is its singular's plural ("execs" -> "executives"): read both. A fit
        # of the form as written outranks an equal one of its singular.
        fits: dict[_Word, tuple[float, bool]] = {}
        for form in (short, singular) if singular else (short,):
            for word, share in self._fits(form):
                fits[word] = max((share, form == short), fits.get(word, (0.0, False)))
        if not fits:
            return None
        best_share = max(share for share, _ in fits.values())
        by_stem: dict[str, list[_Word]] = defaultdict(list)
        for word, (share, _) in fits.items():
            if share == best_share:
                by_stem[word.stem].append(word)
        totals = sorted((sum(w.count for w in group) for group in by_stem.values()), reverse=True)
        if len(totals) > 1 and totals[0] < self.tuning.min_lead * totals[1]:
            return None
        group = max(by_stem.values(), key=lambda g: sum(w.count for w in g))
        # The stem's commonest form; alphabetical among equals, so reading order never decides.
        chosen = min(group, key=lambda w: (-w.count, w.word))
        if all(fits[w] == (best_share, True) for w in group):
            return chosen.word  # the form as written fits ("profes" is a truncation, not a plural)
        # Read through its singular, a plural stays plural, whether or not the curriculum says so.
        plurals = [w for w in group if w.word.endswith("s")]
        if plurals:
            return min(plurals, key=lambda w: (-w.count, w.word)).word
        return f"{chosen.word}s"
