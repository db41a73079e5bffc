"""Words that say how to answer, not what about: "List the…", "Quick question: …", "Briefly, …".

A learner who writes "Briefly, what is the main focus of the program?" asks what "What is the
main focus of the program?" asks. Left in, "briefly" is a word the curriculum never uses, which
confidence reads as a sign of a question it does not cover, and "list" or "name" match passages
by accident. Requests are recognised where English puts them, at the opening of an ask ("can you
explain…"), so that the same verb inside an ask ("how do I explain AI value?") stays.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_DATA: dict[str, list[str]] = yaml.safe_load(
    (Path(__file__).parent / "lexicon.yaml").read_text(encoding="utf-8")
)["directions"]


def _alternation(phrases: list[str]) -> str:
    # Words of a phrase are written apart ("i m curious"): "I'm" and "i m" both say it.
    return "|".join(re.escape(p).replace(r"\ ", r"[\s'’]+") for p in sorted(phrases, key=len, reverse=True))


# At the start of the text or of a sentence in it, after any politeness: the request itself.
_OPENING = re.compile(
    rf"(?:^|(?<=[.?!;:]))\s*(?:(?:{_alternation(_DATA['politeness'])})[\s,]+)*"
    rf"(?:(?:{_alternation(_DATA['openings'])})\b(?:\s+(?:me|us))?|(?:{_alternation(_DATA['asides'])})\b)"
    r"[\s,:\-–—]*",
    re.IGNORECASE,
)
_ADVERBIAL = re.compile(rf"(?<![\w-])(?:{_alternation(_DATA['adverbials'])})(?![\w-])[\s,:]*", re.IGNORECASE)


def without_directions(text: str) -> str:
    """The text without its requests and adverbials of answering; the text itself when nothing
    else would be left ("explain?")."""
    stripped = " ".join(_ADVERBIAL.sub(" ", _OPENING.sub(" ", text)).split())
    return stripped if any(c.isalnum() for c in stripped) else text
