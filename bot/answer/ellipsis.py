"""Elliptical questions: those that only make sense with an earlier turn.

A question that is complete on its own is answered on its own, even inside a conversation:
"is there an alumni community?" after a question about the SRE path is a new topic. Only a
question that opens like a continuation ("and for the Professional level?", "what about…"),
points back ("how long does that take?", "who is it for?", "what do they teach there?"), or
names nothing but an aspect ("prerequisites?", "how often?") is read against the topic.
"""

from __future__ import annotations

import re

from bot.answer.answer_type import STEERING_TYPES
from bot.answer.entities import LEXICON, SUBJECTS, detect
from index.keywords import normalize, tokenize

# Openings that continue the conversation.
_OPENING = re.compile(
    r"^\s*(and|what about|how about|same for|same question|what of|also|then|likewise|ok(ay)?,? (and|what about))\b"
    r"|\bthen\W*$"
)
# Words that point back at what was just said. "there" points only when it is not the
# existential "is there / there are"; "this" points only at a part of the curriculum ("this level"),
# since "this certification" is the curriculum itself.
_POINTER = re.compile(
    # (not "the same-track option": a hyphen makes "same" part of a compound adjective)
    r"\b(it|its|they|them|their|theirs|same thing|the same)\b(?!-)"
    r"|\b(that|those|these|this) (level|track|path|stage|tier|school|provider|role|section|table|one|ones)s?\b"
    r"|\b(is|was|does|do|did|about|for|after|before|like|of|in|with|than) (that|those|these)\b"
    r"|\b(that|those)\s*\W*$"
    r"|(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b(?! (is|are|was|were|be|s)\b|['\u2019](s|re)\b)"
)
# A tag question checks the statement it ends ("SREs start at the entry tier — is that right?"): its
# "that" points at that statement, not at an earlier turn. English grammar, not any one question.
_TAG = re.compile(
    r"(?:^|[,;:.!?\u2014\u2013]|\s-+)\s*(?:or\s+)?(?:(?:is|was|isn't|wasn't)\s+(?:that|this|it)\s+"
    r"(?:right|true|correct|accurate|so|the case)|right|true|correct|isn't it|aren't they|no)\s*\W*$"
)
_TAGGED_WORDS = 3  # words a statement needs before its tag to be a statement at all


def without_tag(text: str) -> str:
    """The text without a closing tag question, when a statement comes before it."""
    norm = normalize(text)
    tag = _TAG.search(norm)
    if tag is None or len(norm[: tag.start()].split()) < _TAGGED_WORDS:
        return norm
    return norm[: tag.start()]


# Words that ask "how much" of whatever the topic is: "how often?", "how long?".
_DEGREE = frozenset(tokenize("often long much many soon quickly fast far"))
# Entity kinds that name an aspect of a subject rather than a subject of its own.
ASPECTS = ("section", "part", "intent")


# "that level", "this track": a pointer with the kind of subject it points at
_POINTED = re.compile(r"\b(?:that|this|the same|said) (level|track|path|role)s?\b")
_POINTED_KIND = {"level": "level", "track": "track", "path": "track", "role": "role"}


def pointed_kind(text: str) -> str | None:
    """The kind of subject a question points back at by name ("what does that level expect?"), if any."""
    m = _POINTED.search(normalize(text))
    return _POINTED_KIND[m.group(1)] if m else None


def opens_as_continuation(text: str) -> bool:
    return _OPENING.search(normalize(text)) is not None


# "Does the training include labs, or is it reading only?": the second half of an alternative
# question restates the subject of the first by a pronoun, which points at nothing said before.
_ALTERNATIVE = re.compile(r",?\s+or\s+(?:is|are|was|were|does|do|did|can|will|would)\s+(?:it|they)\b")


# An "it" that stands for what follows, not for anything said: "how long does it take to complete
# the certification?", "is it possible to skip the foundation level?" (English's anticipatory "it").
_ANTICIPATORY_IT = re.compile(
    r"\b(?:(?:does|do|did|will|would|should|can|could)\s+it\s+take\b(?=[^?.]*?\bto\s+\w)"
    r"|(?:is|was|will|would)\s+it\s+(?:be\s+)?(?:possible|hard|easy|difficult|necessary|required|realistic"
    r"|mandatory|okay|ok|allowed|enough)\s+to\b)"
)


def points_back(text: str) -> bool:
    untagged = _ANTICIPATORY_IT.sub(" ", without_tag(text))
    alternative = _ALTERNATIVE.search(untagged)
    return _POINTER.search(untagged[: alternative.start()] if alternative else untagged) is not None


def names_only_an_aspect(text: str) -> bool:
    """True when a question names no subject and no words beyond an aspect: "pass mark?",
    "prerequisites?", "how often?"."""
    found = detect(text)
    if any(found.get(kind) for kind in SUBJECTS):
        return False
    words = set(tokenize(text)) - _DEGREE
    for kind in ASPECTS:
        for value in found.get(kind):
            for phrase in LEXICON[kind][value]:
                words -= set(tokenize(phrase))
    norm = normalize(text)
    for steering in STEERING_TYPES:
        for match in steering.asks.finditer(norm):
            words -= set(tokenize(match.group(0)))
    return not words


# "how many for the foundation level?": "how many" needs the noun it counts, and when a preposition,
# a verb or the end follows it, that noun was said before ("how many years … and how many for…").
_ELIDED_COUNT = re.compile(
    r"\bhow many\b(?=\s*\W*$|\s+(?:for|in|at|of|on|with|about|after|before|does|do|is|are|would|will|should)\b)"
)


def elides_its_noun(text: str) -> bool:
    """Whether a question counts something it leaves unnamed: "and how many for the foundation level?"."""
    return _ELIDED_COUNT.search(normalize(text)) is not None


def is_elliptical(text: str) -> bool:
    """Whether a question leans on an earlier turn: it continues, points back, names only an aspect,
    or counts what it does not name."""
    return (
        opens_as_continuation(text)
        or points_back(text)
        or names_only_an_aspect(text)
        or elides_its_noun(text)
    )
