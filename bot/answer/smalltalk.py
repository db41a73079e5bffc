"""Small talk: greetings, thanks, goodbyes and requests for help, recognised before any retrieval.

A message made only of small-talk phrases (and words that carry no request, such as "bot" or
"so much") gets a short reply of the tutor's own instead of a search of the curriculum; a
question that merely opens with them ("hi, what is the pass mark?") is answered without them.
"""

from __future__ import annotations

import re
from typing import Literal, cast, get_args

from bot.answer.phrases import PhraseTable, load_intents, words

SmallTalk = Literal["greeting", "thanks", "help", "goodbye"]
KINDS: tuple[SmallTalk, ...] = get_args(SmallTalk)
FILLER = "filler"
# A slash command typed into a chat box ("/tutor help", "/help") is read as its words.
_SLASH = re.compile(r"^\s*/(?:tutor\b)?\s*")
# Where an opening can end or a closing start: after a comma, full stop, exclamation or question
# mark, colon, semicolon or dash.
_BREAK = re.compile(r"[,.!?;:]+\s+|\s+[-–—]+\s+")

_DATA = load_intents()
_TABLE = PhraseTable({**_DATA["smalltalk"], FILLER: _DATA["fillers"]})
_PRECEDENCE: tuple[SmallTalk, ...] = tuple(cast(SmallTalk, k) for k in _DATA["precedence"])
if set(_PRECEDENCE) != set(KINDS) or set(_DATA["smalltalk"]) != set(KINDS):
    raise ValueError(f"intents.yaml: smalltalk and precedence must name exactly {', '.join(KINDS)}")


def _kinds(text: str) -> set[str] | None:
    """The small-talk kinds a text is made of, or None when some word of it is a request."""
    tokens = words(_SLASH.sub("", text))
    kinds: set[str] = set()
    i = 0
    while i < len(tokens):
        hit = _TABLE.match_at(tokens, i)
        if hit is None:
            return None
        kinds.add(hit[0])
        i += hit[1]
    return kinds - {FILLER}


def small_talk(text: str) -> SmallTalk | None:
    """The kind of small talk a whole message is, or None for anything else.

    A message of punctuation alone that asks ("?") asks for help.
    """
    if not any(c.isalnum() for c in text):
        return "help" if "?" in text else None
    kinds = _kinds(text)
    if not kinds:
        return None
    return next(kind for kind in _PRECEDENCE if kind in kinds)


def without_closing(text: str) -> str:
    """The question without a small-talk closing: "which provider…? Thanks!" -> "which provider…?".

    The longest closing that starts at a break and is small talk throughout is dropped.
    """
    for found in _BREAK.finditer(text):
        before, closing = text[: found.end()].rstrip(), text[found.end() :]
        if any(c.isalnum() for c in before) and _kinds(closing) and small_talk(before) is None:
            return before
    return text


def without_opening(text: str) -> str:
    """The question without a small-talk opening: "ok thanks. Now, which provider…" -> "which provider…".

    The longest opening that ends at a break and is small talk throughout is dropped; a text that
    is small talk as a whole, or has no such opening, is returned as it is.
    """
    rest = text
    for found in _BREAK.finditer(text):
        opening, after = text[: found.start()], text[found.end() :]
        if after.strip() and _kinds(opening) and small_talk(after) is None:
            rest = after
    return rest
