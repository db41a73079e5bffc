"""Claims a learner asks to have checked: "foundation takes two weeks and there are no prereqs. both
right?" asks whether each claim holds, so each is an ask of its own.

A message is a check when a sentence of claims closes with a tag ("…, right?", "…, can you confirm
both"), is followed by one ("Still accurate?", "correct me"), or opens as one and asks ("confirm
for me: …?", "so…?"). Its claims are the clauses joined by "and": each has a verb of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.entities import SUBJECTS, Entities, detect, without_names
from index.keywords import fold, normalize

Span = tuple[int, int]

# The ways of asking whether what was just said holds.
_TAG = (
    r"(?:(?:is|are)\s+(?:that|this|it|these|those|they|both|all)\s+)?(?:(?:both|all|still)\s+)*"
    r"(?:right|correct|true|accurate)"
    r"|correct me(?: if i'?m wrong)?|(?:can|could)\s+(?:u|you)\s+confirm(?:\s+(?:both|that|these|this))?"
    r"|(?:just\s+|pls\s+|please\s+)?confirm(?:\s+(?:both|that|these|this))?|am i right|am i wrong|true or false"
    r"|(?:pls\s+|please\s+)?(?:fix|check)(?:\s+(?:my understanding|that|this|it|me))?(?:\s+(?:pls|please))?"
    r"|isn'?t it|aren'?t they|yes|yeah"
)
_TAG_ONLY = re.compile(rf"^(?:{_TAG})[\s?!.]*$")
_TAG_END = re.compile(rf"[,;]?\s*\b(?:{_TAG})[\s?!.]*$")
_CHECK_OPENER = re.compile(
    r"(?:so|confirm(?:\s+for\s+me)?\s*:|my\s+(?:notes|understanding)(?:\s+is)?:?|i\s+(?:heard|read|was\s+told)"
    r"|correct\s+me\s+if\s+(?:i'?m\s+|i\s+am\s+)?wrong\s*[,:]?(?:\s+but)?)\s"
)
# "and" joins claims; "while" and "whereas" join claims that contrast
_AND = re.compile(r",?\s+(?:and|while|whereas)\s+(?:that\s+)?")
# A finite verb, enough to tell a clause from a noun phrase: "… and there are zero prereqs" against
# "… ethics and compliance".
_VERB = re.compile(
    r"\b(?:is|are|isn'?t|aren'?t|was|were|has|have|can|can'?t|cannot|could|will|won'?t|would|should|must"
    r"|does|doesn'?t|do|don'?t|gets?|takes?|covers?|includes?|needs?|requires?|sees?|see|expires?|offers?"
    r"|teaches?|gives?|lasts?|pays?)\b|\b\w+'(?:s|re)\b"
)
# …or a pronoun subject and its verb, whatever the verb: "… and nobody supervises it"
_PRONOUN_SUBJECT = re.compile(
    r"(?:it|they|he|she|we|you|nobody|no one|everyone|everybody|someone|somebody)(?:'[a-z]+)?\s+[a-z]"
)
# A claim before "and" has a verb of the list, or this many words: "for eng managers both tables point
# to the top tier, and…" (not "the pro and manager exams…": "the pro" is no claim)
_CLAIM_WORDS = 4
# A claim's verb comes within this many words of its start ("the pro and manager exams are")
_SUBJECT_WORDS = 6


def is_tag(sentence: str) -> bool:
    """Whether a sentence only asks whether what was said holds ("both right?", "correct me")."""
    return _TAG_ONLY.match(normalize(sentence).strip()) is not None


def checks(sentence: str, followed_by_tag: bool) -> bool:
    """Whether a sentence states claims for the tutor to check: a tag closes it or follows it, or it
    opens as a check and ends as a question ("so I work with data and my team is on AWS." tells)."""
    folded = normalize(sentence).strip()
    opens = _CHECK_OPENER.match(folded) is not None and folded.endswith("?")
    return followed_by_tag or opens or _TAG_END.search(folded) is not None


def claims(sentence: str) -> list[Span]:
    """The claims of a sentence, where it joins two or more clauses by "and" (without its closing
    tag); [] when it states one."""
    folded = fold(sentence)
    tag = _TAG_END.search(folded)
    end = tag.start() if tag else len(folded)
    cuts, start = [], 0
    for m in _AND.finditer(folded, 0, end):
        head = folded[m.end() : end].split(",")[0].split()[:_SUBJECT_WORDS]
        # "… and that the DataOps path handles GPU costs": "that" opens a clause whatever its verb
        clause = _VERB.search(" ".join(head)) or _PRONOUN_SUBJECT.match(" ".join(head)) or "that" in m.group()
        before = folded[start : m.start()]
        if clause and (_VERB.search(before) or len(before.split()) >= _CLAIM_WORDS):
            cuts.append((start, m.start()))
            start = m.end()
    if not cuts:
        return []
    return [*cuts, (start, end)]


_COPULA = re.compile(r"\s(?:is|are|was|were)\s")
_AUDIENCE = re.compile(r"(?:(?:meant|aimed|designed|intended|made|built)\s+)?(?:for|at)\s+(?!\d)")
_SENTENCE = re.compile(r"\s*([^.!?]+[.!?]*)")


def claimed(text: str) -> tuple[str, str] | None:
    """A checked claim's subject and what it claims of it ("the level that expects Docker/K8s" and
    "the Foundation one"), split at its first "is"/"are"; None when the text checks nothing. The
    claim is the last sentence that is not a tag ("… is the DataOps path. true?")."""
    folded = normalize(text)
    # (an ask cut from a checked sentence keeps its opener but not the tag: "so foundation is for…")
    if not (_TAG_END.search(folded) or _CHECK_OPENER.match(folded)) or len(folded) != len(text):
        return None
    sentences = [(m.start(1), m.end(1)) for m in _SENTENCE.finditer(folded)]
    a, b = next(((a, b) for a, b in reversed(sentences) if not is_tag(folded[a:b])), (0, len(folded)))
    # "correct me if I'm wrong:", "my understanding is": how the claim is put, not what it is about
    opener = _CHECK_OPENER.match(folded, a)
    start = opener.end() if opener else a
    copula = _COPULA.search(folded, max(a, start - 1), b)
    if copula is None:
        return None
    return text[start : copula.start()], text[copula.end() :]


@dataclass(frozen=True)
class Claim:
    """A checked claim as the tutor reads it: "So the level that expects Docker/K8s is the Foundation
    one, right?" asks what the level that expects Docker/K8s is. A level, track or role named only in
    what the claim says of its subject is the learner's guess at the answer, not what it is about."""

    said: str  # what the claim says of its subject, as written ("the Foundation one, right?")
    text: str  # the claim without the guess's names, for retrieval and the plans
    entities: Entities  # the subject's entities, and the rest of what is said but the guess


def read_claim(text: str) -> Claim | None:
    """The claim a text asks to have checked, if it checks one."""
    claim = claimed(text)
    if claim is None:
        return None
    subject, said = (detect(side) for side in claim)
    guessed = frozenset(k for k in SUBJECTS if said.get(k) and not subject.get(k))
    kept = {k: v for k, v in said.found.items() if k not in SUBJECTS and not subject.get(k)}
    if _AUDIENCE.match(normalize(claim[1])) and any(subject.get(k) for k in SUBJECTS):
        # "so foundation is for beginners, right?" says who the level is for: its "who" section
        kept["section"] = kept.get("section", frozenset()) | {"who"}
    asked = f"{claim[0]} is {without_names(claim[1], guessed)}" if guessed else text
    return Claim(claim[1], asked, Entities({**kept, **subject.found}))


def stated_claims(text: str, sentences: list[Span]) -> tuple[list[Span], str] | None:
    """A message of one sentence that asks nothing but states claims asks to have them checked ("My
    boss says the track takes 2 months and that 60% passes."): the claims (no context); None when it
    states one."""
    if len(sentences) != 1:
        return None  # more sentences may ask in other ways ("… and my teammate is an SRE. Compare …")
    ((a, b),) = sentences
    found = claims(text[a:b])
    return ([(a + x, a + y) for x, y in found], "") if len(found) > 1 else None
