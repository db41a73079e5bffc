"""Words that say how to answer, not what about: "List the…", "Quick question: …", "Briefly, …".

A learner who writes "Briefly, what is the main focus of the program?" asks what "What is the
main focus of the program?" asks. Left in, "briefly" is a word the curriculum never uses, which
confidence reads as a sign of a question it does not cover, and "list" or "name" match passages
by accident. Requests are recognised where English puts them, at the opening of an ask ("can you
explain…"), so that the same verb inside an ask ("how do I explain AI value?") stays.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.answer.entities import DIRECTIONS, alternation


def _alternation(phrases: list[str]) -> str:
    # Words of a phrase are written apart ("i m curious"): "I'm" and "i m" both say it.
    return alternation(phrases, between=r"[\s'’]+")


# At the start of the text or of a sentence in it: asides and politeness, then the request itself.
_JOIN = r"(?![\w'’-])[\s,:\-–—]*"  # a whole word or phrase, and the commas or dashes after it
_OPENING = re.compile(
    rf"(?:^|(?<=[.?!;:]))\s*(?:(?:{_alternation(DIRECTIONS['asides'] + DIRECTIONS['politeness'])}){_JOIN})*"
    rf"(?:(?:{_alternation(DIRECTIONS['openings'])})(?:\s+(?:me|us))?{_JOIN})?",
    re.IGNORECASE,
)
_REPEATED = re.compile(r"([?!.])[?!.]+")
_ADVERBIAL = re.compile(rf"(?<![\w'’-])(?:{_alternation(DIRECTIONS['adverbials'])}){_JOIN}", re.IGNORECASE)


@lru_cache(maxsize=1024)  # an answer strips the same texts two or three times (bench/README.md)
def without_directions(text: str, whole: bool = True) -> str:
    """The text without its requests and adverbials of answering. A `whole` question is kept as
    written when nothing else would be left ("explain?"); the context around one is not."""
    # Emoji and other symbols, and punctuation said twice ("??", "!!!"), say how the learner feels,
    # not what they ask.
    text = _REPEATED.sub(r"\1", "".join(" " if unicodedata.category(c) == "So" else c for c in text))
    # (An opening may match nothing, as in "finopsschool.com": only what it matched is replaced.)
    opened = _OPENING.sub(lambda m: " " if m.group(0) else "", text)
    stripped = " ".join(_ADVERBIAL.sub(" ", opened).split())
    return stripped if any(c.isalnum() for c in stripped) or not whole else text


def asks_nothing(text: str) -> bool:
    """Whether a text says only how to ask ("Do you know?", "Any idea?", "Can you tell me?"): what it
    asks is in the sentences before it."""
    return not any(c.isalnum() for c in without_directions(text, whole=False))
