"""Other certifications: a question whose subject is another certification gets no curriculum facts.

"Is the PMP exam multiple choice?" is close in meaning to this curriculum's exam FAQ, and
answering it with that FAQ would look authoritative and be wrong. A question names another
certification when it names a credential (an acronym such as CKA, an exam code such as AZ-900,
"Certified <Name>"), a body that exists to certify (PMI, CompTIA…), or a technology vendor with a
credential noun attached ("the AWS Solutions Architect exam"). Naming a vendor as a tool ("is it
built around Azure?"), comparing with this curriculum ("how is this different from an AWS
certification?") or holding another credential ("I have a CKA; can I skip…?") stays in scope.
"""

from __future__ import annotations

import re

from bot.answer.phrases import PhraseTable, load_intents, words
from index.keywords import STOPWORDS

_DATA = load_intents()
_NAMES = PhraseTable(
    {
        "credential": _DATA["credentials"],
        "body": _DATA["certifying_bodies"],
        "vendor": _DATA["vendors"],
        "self": _DATA["self_reference"],
    }
)
_NOUNS = frozenset(_DATA["credential_nouns"])
_HELD = frozenset(_DATA["held"])
_HOLDER = frozenset(_DATA["holder"])
_PEOPLE = frozenset(_DATA["holder_people"])
_SUBJECTS = frozenset(_DATA["held_subjects"])
_DETERMINERS = frozenset(_DATA["determiners"])
# Exam codes: two or three letters, a dash, three digits or C and two digits (AZ-900, SAA-C03).
_EXAM_CODE = re.compile(r"\b[a-z]{2,3} ?- ?(?:\d{3}|c\d\d)\b", re.IGNORECASE)
# "Certified <Name>" in the learner's capitals, other than this curriculum's own name, with the
# capitalised words of the name before it ("FinOps Certified Practitioner").
_CERTIFIED_NAME = re.compile(r"\b(?:[A-Z][A-Za-z+]*[ -]){0,3}Certified[ -](?!MLOps\b)[A-Z][A-Za-z]+")
_CLAUSE = re.compile(r"[,;:.!?()]")
# How far after a vendor's name a credential noun may come ("AWS Certified Machine Learning …").
_NAME_SPAN = 6


def _attached_noun(tokens: tuple[str, ...], end: int) -> bool:
    """Whether a credential noun follows a vendor's name as part of one name, with no function
    word between ("Google Cloud Digital Leader certification", not "Kubernetes for the exam")."""
    for token in tokens[end : end + _NAME_SPAN]:
        if token in _NOUNS:
            return True
        if token in STOPWORDS and token != "s":  # a possessive "'s" does not end the name
            return False
    return False


def _held(tokens: tuple[str, ...], start: int) -> bool:
    """Whether the learner says they already have the credential named at `start`: a verb of
    having comes right before it, but for determiners ("I have already passed the CKA")."""
    i = start - 1
    while i >= 0 and tokens[i] in _DETERMINERS:
        i -= 1
    return i >= 0 and tokens[i] in _HELD


def _name_words(tokens: tuple[str, ...], end: int) -> int:
    """Where a name that runs on past `end` ends: at its first function word, within _NAME_SPAN
    ("Azure certs | i did", "CompTIA Security+ person | here")."""
    stop = end
    while stop < min(len(tokens), end + _NAME_SPAN) and tokens[stop] not in STOPWORDS:
        stop += 1
    return stop


def _owned_after(tokens: tuple[str, ...], end: int, *, holder: bool = True) -> bool:
    """Whether what follows a credential makes it the learner's own: a word for its `holder`
    ("PMP-certified", "CKA holder"; not after a vendor, whose names go on "AWS Certified …"), a
    person named by it ("Security+ person"), or a relative clause of having it ("the Azure certs I
    did", "the CKA that we've passed")."""
    if holder and end < len(tokens) and tokens[end] in _HOLDER:
        return True
    stop = _name_words(tokens, end)
    if any(token in _PEOPLE for token in tokens[end:stop]):
        return True
    rest = tokens[stop : stop + 4]
    if rest[:1] in (("that",), ("which",)):
        rest = rest[1:]
    rest = tuple(token for token in rest if token not in _DETERMINERS and token != "ve")  # "we've"
    return len(rest) >= 2 and rest[0] in _SUBJECTS and rest[1] in _HELD


def names_other_certification(text: str) -> bool:
    """True when another certification, not this curriculum, is what the question asks about."""
    tokens = words(text)
    found = _NAMES.find(tokens)
    if any(label == "self" for _, _, label in found):
        return False
    own_until = 0  # where the name of a credential the learner holds ends: "CompTIA Cloud+" is one
    for start, end, label in sorted(found):
        if start < own_until or (label == "vendor" and not _attached_noun(tokens, end)):
            continue
        if _owned_after(tokens, end, holder=label != "vendor") or _held(tokens, start):
            own_until = _name_words(tokens, end)  # "a PMP-certified project manager": context
            continue
        return True
    named = (*_EXAM_CODE.finditer(text), *_CERTIFIED_NAME.finditer(text))
    for m in named:
        start, end = len(words(text[: m.start()])), len(words(text[: m.end()]))
        if not (_held(tokens, start) or _owned_after(tokens, end)):
            return True
    return False


def without_held_credentials(text: str) -> str:
    """The text's words without the names of credentials the learner says they hold ("I've got
    GCP Associate Cloud Engineer", "I already did the AWS DevOps Engineer Pro"): a role in such a
    name is the credential's, not the learner's own. A name ends with its clause. Only a verb of
    having marks it here: the other forms of owning (a holder word, a relative clause) leave a name
    in the story (evals/README.md, stop 33: leaving them out broke a held-out question)."""
    kept: list[str] = []
    for clause in _CLAUSE.split(text):
        tokens = words(clause)
        dropped: set[int] = set()
        for start, end, label in _NAMES.find(tokens):
            if label != "self" and _held(tokens, start):
                dropped.update(range(start, _name_words(tokens, end)))
        kept.extend(t for i, t in enumerate(tokens) if i not in dropped)
    masked = " ".join(kept)
    return text if masked == " ".join(words(text)) else masked
