"""Numbers a text states, and whether an answer's numbers contradict the reference's.

"Every 6 months" agrees with "every six months", "1-2 weeks" with "7-14 Days" and "2-3 yrs" with
"two to three years"; "60%" contradicts "70%", and "4-6 months" contradicts "4-6 weeks". A number
must also be said of the right thing: "the foundation level takes 6 months" contradicts "the
foundation level in 4-6 weeks, while the manager track may take 6 months".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.keywords import expand

# "one" stays a word ("any one tool"); "one year" is read by _ONE like "a year".
_WORDS = {
    w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}
del _WORDS["one"]
_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")\b")
_DAYS = {"d": 1.0, "day": 1.0, "wk": 7.0, "week": 7.0, "mo": 30.0, "month": 30.0, "yr": 365.0, "year": 365.0}
_TIME = r"days?|d|weeks?|wks?|months?|mos?|years?|yrs?"
_UNIT = rf"((?:{_TIME})\b|%|percent\b)"
_NUMBER = r"(\d+(?:\.\d+)?)"
_RANGE_AFTER = re.compile(rf"{_NUMBER}(?:\s*(?:-|–|to)\s*{_NUMBER})?\s*(?:{_UNIT})?")
_RANGE_BEFORE = re.compile(rf"\b({_TIME})\s+{_NUMBER}(?:\s*(?:-|–|to)\s*{_NUMBER})?")
_ONE = re.compile(r"\b(half\s+(?:a|an)?|a|an|every|per|one)\s*\b(day|week|month|year)\b")
_SEGMENT = re.compile(r"[.;\n]+|,\s+|\s+(?:and|but|while|whereas|plus)\s+")
TIME_TOLERANCE = 0.1  # "30 days" is within "4-6 weeks"; a month is 30 days, a year 365


@dataclass(frozen=True)
class Quantity:
    """A number or a span, as written (`low`, `high`) and in the unit it compares in (days, percent)."""

    low: float
    high: float
    unit: str | None  # "days", "percent" or None for a bare number
    scale: float = 1.0  # days per written unit

    def holds(self, other: Quantity) -> bool:
        """Whether both ends of `other` fall within this quantity."""
        if other.unit is None or self.unit is None:
            return self.low <= other.low and other.high <= self.high  # bare numbers compare as written
        if other.unit != self.unit:
            return False
        slack = TIME_TOLERANCE if self.unit == "days" else 0.0
        low, high = self.low * self.scale * (1 - slack), self.high * self.scale * (1 + slack)
        return all(low <= v * other.scale <= high for v in (other.low, other.high))


def words_to_digits(text: str) -> str:
    """Number words as digits: "two to three years" -> "2 to 3 years"."""
    return _WORD.sub(lambda m: str(_WORDS[m.group(1)]), text.lower())


def _quantity(low: str, high: str | None, unit: str | None) -> Quantity:
    if unit is None:
        return Quantity(float(low), float(high or low), None)
    if unit in ("%", "percent"):
        return Quantity(float(low), float(high or low), "percent")
    key = unit if unit in _DAYS else unit.rstrip("s")
    return Quantity(float(low), float(high or low), "days", _DAYS[key])


def quantities(text: str) -> list[Quantity]:
    """The quantities a text states."""
    plain = words_to_digits(expand(text))
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE_BEFORE.finditer(plain):  # "weeks 1-2"
        found.append(_quantity(m.group(2), m.group(3), m.group(1)))
        taken.append(m.span())
    for m in _RANGE_AFTER.finditer(plain):
        if not any(start <= m.start() < end for start, end in taken):
            found.append(_quantity(m.group(1), m.group(2), m.group(3)))
    for m in _ONE.finditer(plain):
        found.append(_quantity("0.5" if m.group(1).startswith("half") else "1", None, m.group(2)))
    return found


def conflicts(stated: list[Quantity], reference: list[Quantity]) -> bool:
    """Whether the answer states a quantity that no quantity of the reference holds."""
    return any(not any(r.holds(q) for r in reference) for q in stated)


def agreement(stated: list[Quantity], reference: list[Quantity]) -> float:
    """Share of the reference's quantities that hold some stated quantity."""
    if not reference:
        return 0.0
    return sum(any(r.holds(q) for q in stated) for r in reference) / len(reference)


def misattributed(answer: str, reference: str, stems: Callable[[str], list[str]]) -> bool:
    """Whether the answer gives a number to the wrong thing: a clause of the answer whose words are
    closest to one quantity-bearing segment of the reference states a number that segment does not
    hold (while another segment does: a number found nowhere is `conflicts`' business)."""
    segments = [
        (qs, _words(s, stems)) for s in _SEGMENT.split(reference) if (qs := quantities(s)) and len(qs) == 1
    ]
    if len(segments) < 2:
        return False
    for clause in _SEGMENT.split(answer):
        said = quantities(clause)
        words = _words(clause, stems)
        if len(said) != 1 or not words:
            continue
        overlaps = [len(words & seg_words) for _, seg_words in segments]
        best = max(overlaps)
        if best == 0 or overlaps.count(best) > 1:
            continue  # the clause is about no segment, or as much about two
        closest = segments[overlaps.index(best)][0][0]
        if not closest.holds(said[0]) and any(qs[0].holds(said[0]) for qs, _ in segments):
            return True
    return False


def _words(text: str, stems: Callable[[str], list[str]]) -> set[str]:
    """Content stems without the numbers and units: what a clause is about."""
    units = set(_DAYS) | {u + "s" for u in _DAYS} | {"percent"}
    return {s for s in stems(re.sub(r"\d+", " ", words_to_digits(text))) if s not in units}
