"""What a learner's description of themselves says now: their role, their years of experience, and
the phrases that can match an audience the curriculum names ("Directors of AI", "Technical leads").

Clauses that are wishes ("I want to lead a team"), the past ("before that I was a DevOps engineer")
or denials ("I'm not planning to move into management") say nothing about who the learner is now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bot.practice.quantities import quantities
from index.keywords import tokenize
from index.yaml_files import read_yaml

SETTINGS_FILE = Path(__file__).with_name("plan.yaml")
_CLAUSE = re.compile(r"(?<!\d)\.|\.(?!\d)|[;:!?\n]+|,\s+|\s+[-–—]\s+|\s+(?:and|but|so)\s+")


@cache
def plan_settings() -> dict[str, Any]:
    """plan.yaml, read once."""
    return read_yaml(SETTINGS_FILE)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Clause:
    text: str
    mood: str  # "now", "wish", "past" or "denial"


@dataclass(frozen=True)
class Reading:
    """The learner's text, read: clauses by mood, the experience stated about now."""

    text: str
    clauses: tuple[Clause, ...]
    years: float | None = None
    roles: tuple[str, ...] = field(default_factory=tuple)  # table roles said of now, first first

    def now(self) -> list[str]:
        return [c.text for c in self.clauses if c.mood == "now"]

    def wishes(self) -> list[str]:
        return [c.text for c in self.clauses if c.mood == "wish"]


def _mood(clause: str, settings: dict[str, Any]) -> str:
    padded = f" {clause.lower()} "
    if any(marker in padded for marker in settings["denial"]):
        return "denial"
    if any(marker in padded for marker in settings["past"]):
        return "past"
    if any(marker in padded for marker in settings["wish"]):
        return "wish"
    return "now"


def split_clauses(text: str) -> list[Clause]:
    settings = plan_settings()
    parts = [p.strip() for p in _CLAUSE.split(text) if p and p.strip()]
    clauses: list[Clause] = []
    for part in parts:
        mood = _mood(part, settings)
        # "I want to get into this, where do I start": a wish carries over to the clause it runs into
        # only when that clause says nothing of its own; here every clause is judged alone.
        clauses.append(Clause(part, mood))
    return clauses


def experience_years(clauses: list[str]) -> float | None:
    """The most years of experience stated about now ("6 years", "about a year", "zero experience")."""
    settings = plan_settings()
    found: list[float] = []
    for clause in clauses:
        lowered = clause.lower()
        if re.search(r"\b(?:zero|no)\s+(?:\w+\s+)?experience\b", lowered):
            found.append(0.0)
        for m in re.finditer(r"(?:(\w+)\s+)?((?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|"
                             r"nine|ten|eleven|twelve|half a)(?:\s*-\s*\d+)?\s*(?:years?|yrs?|months?)\b)"
                             r"(?:\s+(\w+))?", lowered):  # fmt: skip
            before, amount, after = m.group(1), m.group(2), m.group(3)
            if before in settings["not_experience_before"] or after in settings["not_experience_after"]:
                continue
            for q in quantities(amount):
                if q.unit == "days":
                    found.append(q.high * q.scale / 365.0)
    return max(found) if found else None


def role_pattern(role: str) -> re.Pattern[str]:
    """How a table role is said: the cell itself (plural too), its acronym or the words of an acronym
    ("site reliability engineer" for SRE, "EM" for Engineering Manager), or its field with the head
    noun's family ("platform team", "FinOps team" for FinOps Practitioner)."""
    heads: dict[str, list[str]] = plan_settings()["heads"]
    words = role.split()
    options = [re.escape(role) + "s?"]
    if len(words) == 1 and role.isupper():
        letters = list(role.lower())
        options.append(r"\s+".join(rf"{c}\w+" for c in letters))
    elif len(words) > 1:
        options.append("(?-i:" + "".join(w[0].upper() for w in words) + r")s?")
        head = words[-1].lower()
        if head in heads:
            field_words = r"\s+".join(re.escape(w) for w in words[:-1])
            options.append(field_words + r"\s+(?:" + "|".join(heads[head]) + ")")
    return re.compile(r"(?<![\w-])(?:" + "|".join(options) + r")(?![\w-])", re.IGNORECASE)


def read_profile(text: str, roles: list[str]) -> Reading:
    """Read the learner's text against the roles the curriculum's table names."""
    clauses = split_clauses(text)
    now = [c.text for c in clauses if c.mood == "now"]
    found: list[tuple[int, str]] = []
    joined = " | ".join(now)
    for role in roles:
        m = role_pattern(role).search(joined)
        if m:
            found.append((m.start(), role))
    return Reading(text, tuple(clauses), experience_years(now), tuple(r for _, r in sorted(found)))


def phrase_matches(phrase: str, clauses: list[str], wishes: list[str], share: float) -> bool:
    """Whether an audience phrase of the curriculum describes the learner: enough of its content words
    are in one clause about now. "Aspiring X" is also met by a wish to become X."""
    wanted = [t for t in tokenize(phrase)]
    if not wanted:
        return False
    aspiring = wanted[0] == "aspir"
    for clause in clauses + (wishes if aspiring else []):
        have = set(tokenize(clause))
        rest = wanted[1:] if aspiring else wanted
        if aspiring and clause not in wishes:
            rest = wanted
        hits = sum(t in have for t in rest)
        if rest and hits / len(rest) >= share:
            return True
    return False
