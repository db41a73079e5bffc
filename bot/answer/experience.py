"""Years of experience: how many the learner says they have, and the range a passage asks for.

"I've been in IT support for about a year. What level is realistic for me?" is answered by the
passage whose range holds one year ("0-2 years of experience"), not by the one that asks for "at
least 3 years", however close the two are in meaning. Only numbers are read: "senior" or "fresh
grad" say nothing here.
"""

from __future__ import annotations

import math
import re

_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_WORDS |= {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
_NUMBER = rf"(?P<n>\d+(?:\.\d+)?|{'|'.join(_WORDS)})"
# A span of time the learner has had, said as experience: "3 yrs as a platform engineer", "two
# years in ops", "for about a year", "5 years' experience". Not one ahead ("in two years"), not a
# duration asked about ("is half a year a fair estimate?"), not a rate ("twice a year").
_AMOUNT = rf"{_NUMBER}\+?\s*(?P<unit>years?|yrs?|months?)'?"
_STATED = (
    re.compile(rf"\b(?:for|been)\s+(?:about |around |almost |nearly |over |roughly |like )?{_AMOUNT}", re.I),
    re.compile(
        rf"(?<!\bin )(?<!\bwithin )(?<!\bnext )(?<!\bevery )(?<!\bper )\b{_AMOUNT}(?=\s+(?:of|as|in|at|on"
        r"|with|doing|working|experience|exp|xp|into|under|now|so far|total)\b)",
        re.I,
    ),
)
# What a passage asks for: "0-2 years of experience", "at least 3 years of industry experience".
_OF = r"\s*(?:years?|yrs?) of\b"
_SPAN = re.compile(rf"\b(\d+)\s*[-–]\s*(\d+){_OF}", re.IGNORECASE)
_FROM = re.compile(
    rf"\b(?:at least|more than|over|a minimum of|minimum of) (\d+){_OF}|\b(\d+)\+{_OF}", re.IGNORECASE
)
_UP_TO = re.compile(rf"\b(?:up to|less than|under|at most) (\d+){_OF}", re.IGNORECASE)
# "about a year" holds 1 year; a learner's round number is read with this much slack either way.
_SLACK = 0.5

Span = tuple[float, float]


def stated_years(text: str) -> float | None:
    """The years of experience a learner's message states, or None when it states none (or several
    that disagree: "two years in support, one in DevOps" is not one number)."""
    found = {
        (float(n) if n[0].isdigit() else float(_WORDS[n])) / (12 if m.group("unit").startswith("m") else 1)
        for pattern in _STATED
        for m in pattern.finditer(text)
        if (n := m.group("n").lower())
    }
    return found.pop() if len(found) == 1 else None


def asked_spans(text: str) -> tuple[Span, ...]:
    """The ranges of years of experience a passage asks for."""
    spans = [(float(a), float(b)) for a, b in _SPAN.findall(text)]
    spans += [(float(a or b), math.inf) for a, b in _FROM.findall(text)]
    spans += [(0.0, float(b)) for b in _UP_TO.findall(text)]
    return tuple(spans)


def fits(years: float, spans: tuple[Span, ...]) -> bool | None:
    """Whether the years fall in one of the passage's ranges; None when it states none."""
    if not spans:
        return None
    return any(low - _SLACK <= years <= high + _SLACK for low, high in spans)
