"""The order a question asks about: the first, the last, the nth, the one after or before a
row ("what comes after Engineering?"), or all in order; and the words that name a table's rows.

Read from the grammar of ordinal and positional words alone, as the rest of a question's shape is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.answer.entities import LEVEL_NOUNS, alternation

OrderKind = Literal["first", "last", "after", "before", "all", "nth"]
_ORDINALS = {
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "6th": 6,
    "7th": 7,
    "8th": 8,
    "9th": 9,
    "10th": 10,
}
# A row counted from the top ("row two", "entry 3", "line #4"): a cardinal after a row noun.
_CARDINALS = {word: n for n, word in enumerate("one two three four five six seven eight nine ten".split(), 1)}
# Nouns for a table and a line of one ("the chart", "row two", "the last entry"): saying one asks about a table of the
# curriculum (the planner reads which). "entry" before a level noun or "one" is a level ("the entry one"), not a row.
TABLE_NOUN = r"(?:table|chart|grid|matrix|spreadsheet)s?"
_ROW_NOUN = (
    rf"(?:rows?|entr(?:y(?! one\b)|ies)|lines?|items?|records?)(?![\s-]*(?:{alternation(list(LEVEL_NOUNS))}))"
)
_TIME_UNIT = r"(?:years?|weeks?|months?|days?|hours?|minutes?)"  # "the second week" is no position
ROW_NUMBER = re.compile(
    rf"\b{_ROW_NOUN}\s*(?:no\.?\s*|number\s+|#\s*)?(?P<n>\d{{1,2}}|{'|'.join(_CARDINALS)})\b"
    rf"(?!\s*{_TIME_UNIT}\b)"  # a count of something: "entry 2 years"
    # …or a number in an order ("what's number 4 in the order", "#2 in the sequence")
    rf"|(?:\bnumber\s+|\bno\.\s*|#\s*)(?P<place>\d{{1,2}}|{'|'.join(_CARDINALS)})\b(?=\s+(?:in|on)\b)"
)

# Position in a sequence: "comes after X", "the row just before X", "is first", "the last one" ("the first
# level" or "the final stretch" name a thing: lexicon.yaml reads a position before a level noun as that level).
_SEQUENCE_VERB = (  # …or a participle of putting in order: "is ordered just before", "is taken after"
    rf"(?:comes?|is|'s|are|goes|go|sits?|falls?|{_ROW_NOUN}|one)\s+(?:(?:ordered|listed|placed|ranked|positioned|"
    r"slotted|sequenced|scheduled|taken|done) )?(?:(?:right|directly|immediately|just) )?"
)
_ANCHOR = r"(?:the\s+)?(?P<anchor>[\w/&.-]+(?: [\w/&.-]+)?)"
_AFTER = re.compile(rf"\b(?:{_SEQUENCE_VERB}after|follows?|next after)\s+{_ANCHOR}")
_BEFORE = re.compile(rf"\b(?:{_SEQUENCE_VERB}before|precedes?)\s+{_ANCHOR}")
_POSITION_END = (
    r"(?=\s*(?:$|[?.!,;]|one\b|ones\b|in\b|on\b|of\b|place\b|position\b|and\b|or\b|by\b|"
    rf"{_ROW_NOUN}\b))"
)
# The next or previous one with no anchor of its own, or with a pointer for one ("which one comes
# next?", "and the one before that?"): the anchor is the row the conversation is on, which a
# follow-up fills in (bot/answer/followup.py).
_NEXT_ONE = re.compile(
    r"\b(?:(?:comes?|is|goes|follows?) next|what(?:'s|s) next|the next one|next in (?:the )?(?:order|line|sequence))\b"
    r"|\bthe (?:one|track|row|level) after(?: that| it| this)?\W*$"
)
_PREVIOUS_ONE = re.compile(
    r"\b(?:the (?:one|track|row|level) before(?: that| it| this)?|the previous one|(?:comes?|is|goes) before)\W*$"
)
_POINTER = re.compile(r"^(?:that|it|this|these|those|them|that one|this one)$")
# "after Engineering, which track is next?": the next one's anchor, said before the ask
_AFTER_ANCHOR = re.compile(rf"\bafter\s+{_ANCHOR}\s*,")
# A comparative picks the first or last of the rows it asks of ("which one is taken earlier?")
_FIRST = re.compile(  # ("start with the entry-level cert" names what it starts with: no position)
    rf"\b(?:(?:first|1st|earlier|sooner){_POSITION_END}|(?:start|begin) with(?!\s+(?:the|a|an|my|this|that)\b)"
    rf"|earliest|top {_ROW_NOUN}\b)"
)
_LAST = re.compile(rf"\b(?:(?:last|final|later){_POSITION_END}|finish with|end with|bottom {_ROW_NOUN}\b)")
_ALL_ORDER = re.compile(
    r"\b(?:in (?:what|which|the recommended|recommended|the right|the)? ?order|what order|which order"
    r"|sequence|ordered|order of)\b"
)
_NTH = re.compile(
    r"\b(" + "|".join(_ORDINALS) + rf"){_POSITION_END}"
    # "what's the 5th role listed?": an ordinal before a noun that is no level's ("the second
    # level" is the professional level) nor a span of time ("the second week")
    rf"|\b(?P<nth>{'|'.join(_ORDINALS)}) (?!(?:{alternation(list(LEVEL_NOUNS))}|{_TIME_UNIT})\b)"
    r"[a-z]+s?(?=\s+(?:listed|shown|in the|on the|of the)\b|\W*$)"
)


@dataclass(frozen=True)
class Order:
    """An ordinal or positional ask: the first, the last, the nth, the one after or before an
    anchor, or all in order."""

    kind: OrderKind
    # The words naming the row it is relative to ("leadership" in "what comes after Leadership?");
    # "" for the row the conversation is on ("which one comes next?").
    anchor: str = ""
    n: int = 0


_RELATIVE: tuple[tuple[OrderKind, re.Pattern[str], re.Pattern[str]], ...] = (
    ("after", _AFTER, _NEXT_ONE),
    ("before", _BEFORE, _PREVIOUS_ONE),
)


def read_order(norm: str) -> Order | None:
    """The order a normalised question asks about, if any."""
    for kind, pattern, relative in _RELATIVE:
        m = pattern.search(norm)
        if m:
            return Order(kind, "" if _POINTER.match(m.group("anchor")) else m.group("anchor"))
        if relative.search(norm):
            said = _AFTER_ANCHOR.search(norm) if kind == "after" else None
            return Order(
                kind, said.group("anchor") if said and not _POINTER.match(said.group("anchor")) else ""
            )
    m = ROW_NUMBER.search(norm)
    if m:
        number: str = m.group("n") or m.group("place")
        n = int(number) if number.isdigit() else _CARDINALS[number]
        return Order("first") if n == 1 else Order("nth", n=n)
    if _LAST.search(norm):
        return Order("last")
    m = _NTH.search(norm)
    if m:
        return Order("nth", n=_ORDINALS[m.group(1) or m.group("nth")])
    if _FIRST.search(norm):
        return Order("first")
    if _ALL_ORDER.search(norm):
        return Order("all")
    return None
