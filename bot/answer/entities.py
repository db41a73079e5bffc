"""Query understanding: which level, track, role, section or part of the curriculum a text is about.

The same detector reads a learner's question and a chunk's label (its headings, table cells and
front matter), so "common mistakes at the professional level" meets the chunk
"Professional Level › Common mistakes" without a hand-made mapping per chunk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from index.chunk import Chunk
from index.keywords import normalize, tokenize
from index.yaml_files import read_yaml

EntityType = str  # "level", "track", "role", "section", "part", "intent", "document"
# The kinds of entity that say what a question is about; the others ("section", "part", "intent")
# say which aspect of it.
SUBJECTS = frozenset({"level", "track", "role"})

# Phrases per entity value, kept as data in lexicon.yaml. Matched on normalised text at word
# boundaries, longest phrase first. The product's own name ("Certified MLOps Manager") is removed
# before matching, so that "manager" there is not read as the managerial level.
_DATA = read_yaml(Path(__file__).parent / "lexicon.yaml")
# Besides the entities: learners' everyday words for the curriculum's (applied to questions), and
# the positions and nouns with which learners name a level ("the top tier", "the entry stage").
SYNONYMS: dict[str, str] = _DATA.pop("synonyms")
# How a question asks to be answered (bot.answer.directions), and the closed classes never read
# as a curriculum word (bot.answer.bridge).
DIRECTIONS: dict[str, list[str]] = _DATA.pop("directions")
UNBRIDGED: frozenset[str] = frozenset(_DATA.pop("unbridged"))
_POSITIONS: dict[str, list[str]] = _DATA.pop("level_positions")
_LEVEL_NOUNS: list[str] = _DATA.pop("level_nouns")
LEVEL_NOUNS: tuple[str, ...] = tuple(_LEVEL_NOUNS)  # the shape reads "entry" before one as a level
_NUMBERS: dict[str, list[str]] = _DATA.pop("level_numbers")
_RELATIONS: dict[str, list[str]] = _DATA.pop("level_relations")
LEXICON: dict[EntityType, dict[str, tuple[str, ...]]] = {
    kind: {value: tuple(phrases) for value, phrases in values.items()} for kind, values in _DATA.items()
}
for _level, _positions in _POSITIONS.items():
    _named = [f"{p}{sep}{n}" for p in _positions for n in _LEVEL_NOUNS for sep in (" ", "-")]
    _named += [f"{p} one" for p in _positions if p not in UNBRIDGED and not p[0].isdigit()]  # not ordinals
    _named += [f"{n} {number}" for n in _LEVEL_NOUNS for number in _NUMBERS[_level]]
    LEXICON["level"][_level] += tuple(n for n in _named if n not in LEXICON["level"][_level])
LADDER: tuple[str, ...] = tuple(LEXICON["level"])  # the levels in the curriculum's order
# The stems of each two-word run of an entity's phrases ("top tier"): named, they are entities,
# boosted as such, not rare word pairs (bot/answer/pairs.py).
ENTITY_PAIRS: frozenset[tuple[str, str]] = frozenset(
    pair
    for values in LEXICON.values()
    for phrases in values.values()
    for p in phrases
    for pair in pairwise(tokenize(p))
)


def alternation(phrases: list[str], between: str = r"\s+") -> str:
    """A regex alternation of phrases, longest first (so the longest that fits wins), with
    `between` where a phrase has a space between its words."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(phrase).replace(r"\ ", between) for phrase in ordered)


# A level named by its neighbour, read in the text just before a level phrase: "the stage after"
# + "beginner". The noun follows a determiner, so "the foundation exam before the professional
# one" names both levels and "the next step after foundation" asks what follows foundation.
_NEIGHBOUR = re.compile(
    rf"\b(?:the|a|which|what|that)\s+(?:{alternation([*_LEVEL_NOUNS, 'one'])})s?\s+"
    r"(?:(?:right|directly|immediately|just)\s+)?"  # "the level right after foundation"
    rf"(?:(?P<next>{alternation(_RELATIONS['next'])})|(?P<previous>{alternation(_RELATIONS['previous'])}))"
    r"\s+(?:the\s+|my\s+)?$"
)

# Going straight to a level is about the levels it skips as well: "can I jump straight to
# professional?", "skip to the top tier", "go directly for the managerial level".
# ("jump into the middle tier" only starts it.)
_SKIP_AHEAD = re.compile(
    r"\b(?:(?:skip|skipping)\s+(?:(?:straight|directly|right|ahead)\s+)*"
    r"|(?:jump|jumping|go|going|head|heading|move|moving|start|starting)\s+(?:straight|directly|right|ahead)\s+)"
    r"(?:to|into|for|at|with|on)\s+(?:the\s+|my\s+)?$"
)

# "who's it for?" reads as "who is it for?": phrases are written in full words.
_CONTRACTIONS = {
    "'s": " is",
    "'re": " are",
    "'m": " am",
    "'ll": " will",
    "'ve": " have",
    "'d": " would",
    "n't": " not",
}
_CONTRACTION = re.compile(r"('s|'re|'m|'ll|'ve|'d|n't)\b")

PRODUCT_NAME = re.compile(r"\b(?:certified\s+)?mlops\s+managers?\b(?!\s+(?:level|track))")

# One alternation of every phrase, longest first, so that at any position the longest phrase
# wins: "sre path" is the SRE track, not the SRE role; "security engineer" is a role, not the
# security track.
_MEANINGS: dict[str, list[tuple[EntityType, str]]] = {}
for _kind, _values in LEXICON.items():
    for _value, _phrases in _values.items():
        for _phrase in _phrases:
            _MEANINGS.setdefault(_phrase, []).append((_kind, _value))
# "What is the foundation level?" asks what a level is (the guides' "What it is" section) and
# names the level: one phrase, two meanings.
for _lead in ("what is the", "what is", "about the", "explain the", "describe the"):
    for _word, _level in (
        ("foundation", "foundation"),
        ("professional", "professional"),
        ("managerial", "manager"),
        ("manager", "manager"),
        ("leadership", "manager"),
    ):
        _MEANINGS[f"{_lead} {_word} level"] = [("section", "what"), ("level", _level)]
# Questions that ask about an aspect with words in between, which no single phrase can hold:
# "who is the foundation level for?" asks who a level is for; "what do I need to have done
# before it?" asks for prerequisites.
_FRAMES: tuple[tuple[EntityType, str, re.Pattern[str]], ...] = (
    ("section", "who", re.compile(r"\bwho (?:is|are) [^?.]{1,40}? for\W*$")),
    ("section", "who", re.compile(r"^(?:is|are) [^?.]{1,40}? for (?:me|someone like me|people like me)\W*$")),
    ("section", "what", re.compile(r"\bwhat (?:is|are) [^?.]{1,40}? about\W*$")),
    # "After the middle tier, what should I aim for?": an ask that opens on what it follows.
    ("section", "next", re.compile(r"^after [^,?.]{1,40}, (?:what|where|which)\b")),
    (
        "section",
        "prereq",
        re.compile(r"\b(?:to have (?:done|completed|passed)|(?:do|done|know|need|needed) before)\b"),
    ),
)
# At every position, the longest phrase that starts there (a lookahead, so matches may overlap).
_PHRASES = re.compile(
    r"(?=\b(" + "|".join(re.escape(p) for p in sorted(_MEANINGS, key=len, reverse=True)) + r")\b)"
)


@dataclass(frozen=True)
class Entities:
    """What a text is about, by entity type."""

    found: Mapping[EntityType, frozenset[str]] = field(default_factory=dict)

    def get(self, kind: EntityType) -> frozenset[str]:
        return self.found.get(kind, frozenset())

    def __bool__(self) -> bool:
        return any(self.found.values())

    def merged_over(self, earlier: Entities) -> Entities:
        """These entities, with each type that this text leaves open taken from `earlier`."""
        merged = dict(earlier.found)
        merged.update({k: v for k, v in self.found.items() if v})
        return Entities(merged)

    def as_dict(self) -> dict[str, list[str]]:
        return {k: sorted(v) for k, v in self.found.items() if v}

    @classmethod
    def from_dict(cls, data: Mapping[str, list[str]]) -> Entities:
        return cls({k: frozenset(v) for k, v in data.items() if v})


def _entity_text(text: str) -> str:
    """A text as its entity phrases are matched: normalised, contractions in full words ("who's it
    for?" reads "who is it for?"), this curriculum's own name left out."""
    norm = PRODUCT_NAME.sub(" ", _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group(1)], normalize(text)))
    return norm.replace("'", " ")


# An answer reads the same texts about twice (bench/README.md); what it returns is never changed.
@lru_cache(maxsize=1024)
def detect(text: str) -> Entities:
    """Entities named in a text: every phrase found, except those inside a longer phrase."""
    norm = _entity_text(text)
    found: dict[EntityType, set[str]] = {}
    spans = [(m.start(), m.start() + len(m.group(1)), m.group(1)) for m in _PHRASES.finditer(norm)]
    for start, end, phrase in spans:
        # A phrase inside a longer one is part of it ("sre" in "sre path", "security" in "security
        # engineer"); phrases that merely overlap ("should i take" / "take after") both count.
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans):
            continue
        for kind, value in _MEANINGS[phrase]:
            if kind == "level":
                value = _neighbour(value, norm[:start])
                if _SKIP_AHEAD.search(norm[:start]):  # "jump straight to professional" skips foundation
                    found.setdefault(kind, set()).update(LADDER[: LADDER.index(value)])
            found.setdefault(kind, set()).add(value)
    for kind, value, frame in _FRAMES:
        if frame.search(norm):
            found.setdefault(kind, set()).add(value)
    return Entities({k: frozenset(v) for k, v in found.items()})


def without_names(text: str, kinds: frozenset[EntityType]) -> str:
    """A text (as entities read it) without its phrases that name something of these kinds: "the
    DataOps path" without its track is "the path"."""
    norm = _entity_text(text)
    cut = [
        (m.start(), m.start() + len(m.group(1)))
        for m in _PHRASES.finditer(norm)
        if any(kind in kinds for kind, _ in _MEANINGS[m.group(1)])
    ]
    for start, end in reversed(cut):
        norm = f"{norm[:start]} {norm[end:]}"
    return " ".join(norm.split())


# A level the learner is done with, or will be, when they ask what to take: "after the mid-level
# exam", "once someone completes the professional tier", "If I finish the Foundation".
_DONE_WITH = re.compile(
    r"\b(?:after|(?:finish|finishes|finished|finishing|complete|completes|completed|completing|pass|passes|passed"
    r"|passing|done with|through)(?:\s+with)?)\s+(?:the\s+|my\s+|their\s+|his\s+|her\s+|your\s+)?$"
)


def levels_done(text: str) -> frozenset[str]:
    """The levels a text says someone is done with ("after the professional level")."""
    norm = _entity_text(text)
    done = {
        value
        for m in _PHRASES.finditer(norm)
        # ("the step after beginner" names the level after it: _neighbour)
        if _DONE_WITH.search(norm[: m.start()]) and not _NEIGHBOUR.search(norm[: m.start()])
        for kind, value in _MEANINGS[m.group(1)]
        if kind == "level"
    }
    return frozenset(done)


def _neighbour(level: str, before: str) -> str:
    """The level that the text before a level phrase points to: "the tier above" + "beginner" is
    the professional level. Past either end of the ladder it stays the level named."""
    relation = _NEIGHBOUR.search(before)
    if relation is None:
        return level
    at = LADDER.index(level) + (1 if relation.group("next") else -1)
    return LADDER[at] if 0 <= at < len(LADDER) else level


_LEVEL_META = {"foundation": "foundation", "professional": "professional", "manager": "manager"}
_PART_META = {"providers": "providers", "path": "path"}


def chunk_label(chunk: Chunk) -> str:
    """The text that says what a chunk is: its title, headings, and a table row's columns and cells."""
    parts = [chunk.title, *chunk.breadcrumb]
    if chunk.cells:
        parts.extend(chunk.cells.values())
    return " | ".join(parts)


@dataclass(frozen=True)
class ChunkEntities:
    """What a chunk is about (its label and front matter) and what it merely mentions (its text)."""

    owned: Entities
    mentioned: Entities
    # Kinds the chunk cannot answer a value of, as if it owned another: a table row whose columns
    # name no section ("skills" asked of the roles table).
    closed: frozenset[str] = frozenset()


def chunk_entities(chunk: Chunk) -> ChunkEntities:
    """Entities a chunk owns, from its label and front matter, and those its text mentions."""
    found = dict(detect(chunk_label(chunk)).found)
    level = _LEVEL_META.get(chunk.meta.get("level", ""))
    if level:
        found["level"] = frozenset({level})
    part = _PART_META.get(chunk.meta.get("kind", ""))
    if part:
        found["part"] = frozenset({part})
    # Every passage is of one document, by its front matter's kind: one a question names as its
    # source ("the FAQ says…") is preferred over the others.
    if chunk.meta.get("kind"):
        found["document"] = frozenset({chunk.meta["kind"]})
    # An FAQ entry is about what its question names (its heading); its answer only mentions.
    mentioned = chunk.text
    if chunk.cells:
        # A row is about its cells; its column names ("Prerequisites", "Skills Covered") say what
        # it also tells, as mentions.
        mentioned += " | " + " | ".join(chunk.cells)
    told = detect(mentioned)
    # A row whose columns name no section ("Role", "Recommended Certifications") answers none.
    closed = frozenset({"section"} if chunk.cells and not told.get("section") else ())
    return ChunkEntities(owned=Entities(found), mentioned=told, closed=closed)
