"""A learner's repair of their own words: "after the second level, sorry, I mean the third" asks about
the third level.

Chat has no backspace once a line is sent, so learners correct themselves in place: a marker ("I
mean", "I meant", "or rather", perhaps after "sorry" or "no") and the words that replace what they
said. The replacement opens with a determiner ("the third"); it takes the place of the words said
before from that same determiner on, word for word, so "the second row in the order, sorry, I mean
the third" reads "the third row in the order". Where the determiner comes more than once, the one
whose next word is of the replacement's kind (a number or a position) is the one repaired. Words
that say more than those they would replace gloss them, and stay.
"""

from __future__ import annotations

import re

# "…, sorry, I mean", " — no wait, I meant", ", or rather": the marker, with what surrounds it
_MARKER = re.compile(
    r"\s*[,;:\u2013\u2014-]*\s*(?:(?:sorry|oops|no|wait|no wait|err|erm)\s*[,.!]?\s*)*"
    r"\b(?:i mean|i meant|or rather)\b\s*,?\s*",
    re.IGNORECASE,
)
# What replaces: a determiner and the words after it, up to the end of its phrase
_REPLACEMENT = re.compile(
    r"(?:the|a|an|that)\s+[^,.;:?!\u2013\u2014]+?(?=\s*(?:[,.;:?!\u2013\u2014]|\s-\s|$))", re.I
)
_PLACES = frozenset(
    "first second third fourth fifth last final 1st 2nd 3rd 4th 5th one two three four five 1 2 3 4 5".split()
)


def corrected(message: str) -> str:
    """The message with each self-repair applied ("the second level, sorry, I mean the third" ->
    "the third level"); as written where a repair does not say which words it replaces."""
    for marker in _MARKER.finditer(message):
        replacement = _REPLACEMENT.match(message, marker.end())
        if replacement is None:
            continue
        said = _repaired(message[: marker.start()], replacement.group(0).split())
        if said is not None:
            return corrected(f"{said}{message[replacement.end() :]}")
    return message


def _repaired(before: str, words: list[str]) -> str | None:
    """The text before a marker with the words from the replacement's determiner on replaced; None
    when the text has no such determiner."""
    spans = list(re.finditer(rf"\b{re.escape(words[0])}\s+(\S+)", before, re.IGNORECASE))
    if not spans:
        return None
    kind = len(words) > 1 and words[1].lower() in _PLACES
    fitting = [m for m in spans if (m.group(1).lower().strip(",.") in _PLACES) == kind] or spans
    start = fitting[-1].start()
    rest = before[start:].split()
    if len(words) > len(rest):
        return None  # says more than it would replace: a gloss ("the middle one, I mean the one between…")
    return f"{before[:start]}{' '.join([*words, *rest[len(words) :]])}"
