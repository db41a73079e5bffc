"""Long messages: the learner's question, told apart from the personal context around it.

"I've been an SRE for six years, mostly Kubernetes and on-call. Our data scientists just handed
us their first model. Is there a way to not do the entry level?" asks one thing; searching the
curriculum with every sentence of it finds passages about Kubernetes and data scientists. The
ask is the message's questions; the rest is context, whose entities (a role, a level, a track)
still steer retrieval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.asks import ASK, asks_indirectly, asks_itself, conditioned_ask
from bot.answer.claims import claims, is_tag
from index.keywords import normalize

# A sentence ends at . ! ? ; or : followed by a space, or at the end of the message (so that
# "devsecopsschool.com" and "3.5" stay whole).
_END = re.compile(r"(?<=[.!?;:])\s+")
# A last sentence that adds an ask with "and"/"also"/"plus", or opens with a question word ("how many
# rows are there? whats the highest number"), asks; a request for the form of the answer ("can you
# name a couple") does not.
_LAST_ASK = re.compile(
    rf"(?:(?:and|also|plus)\s+(?:also\s+)?{ASK}|what|what's|whats|which|who|whose|how|when|where|why)\b"
)
# The words a learner opens a clause about themselves with.
_SPEAKER = r"i|i'm|i’m|im|i've|i’ve|we|we're|we’re|my|our"
# A first-person clause that ends the message after a comma, asking nothing ("…, I'm an SRE").
_TOLD_AFTER = re.compile(rf",\s+(?P<told>(?:{_SPEAKER})\s[^,?]*?[.!]?)\s*$", re.IGNORECASE)
_FIRST_PERSON = re.compile(rf"^(?:{_SPEAKER}|me|us)\b")
ASKER = re.compile(r"\b(?:i|me|my|myself|we|us|our)\b", re.IGNORECASE)  # the one asking, in an ask

# …or that opens it, before the ask ("I already have the AWS ML Specialty, do I still need…?", "As
# a CKA holder, what…?"): told as a sentence of its own would be. It is one clause of the first
# sentence; a condition or an aside by a dash belongs to the ask ("I'm new to this — if I…, what…").
_TOLD_BEFORE = re.compile(
    rf"^(?P<told>(?:{_SPEAKER}|as an?)\s"
    rf"(?:(?!\b(?:if|when|once|whether|unless)\b)[^,?.!;:\u2013\u2014])*?),\s+(?={ASK}\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Separated:
    """A message split into what it asks and what it tells."""

    ask: str
    context: str = ""
    # The told clause that opened the ask's sentence ("I'm studying for the AWS ML Specialty, how
    # many questions…"): context for retrieval, but what the ask may be about for other certifications.
    lead: str = ""


def sentences(message: str) -> list[str]:
    """The message's sentences, each with its closing punctuation."""
    return [s.strip() for s in _END.split(message) if s.strip(" .!?;:")]


def colon_labels(message: str) -> str:
    """The told sentences that end in a colon: labels of what the ask is about ("Databricks ML
    Associate: how many questions?"), rather than things the learner tells of themselves."""
    return " ".join(s for s in sentences(message) if s.endswith(":"))


def separate(message: str, whole: bool = False) -> Separated:
    """The questions of a message of several sentences, apart from the sentences around them.

    Only a message that asks (has a "?") and also tells is split; anything else is all ask, and so
    is the whole message when `whole` (its question points back at the context).
    """
    if whole:
        return Separated(message)
    tail = _TOLD_AFTER.search(message)
    if tail and tail.start() > 0:
        # "outline the exam format for me, I hate surprises on test day": the clause after the ask
        # tells of the learner, as a sentence of its own would.
        head = separate(message[: tail.start()])
        return Separated(head.ask, f"{head.context} {tail.group('told')}".strip(), head.lead)
    lead = _TOLD_BEFORE.match(message)
    if lead:
        rest = separate(message[lead.end() :])
        return Separated(rest.ask, f"{lead.group('told')}. {rest.context}".strip(), lead.group("told"))
    parts = sentences(message)
    # Learners leave off the last question mark ("any prereqs? and what score do i need to pass"):
    # a last sentence asks by its opening (_LAST_ASK), and any sentence by saying what the learner
    # wants to know ("Also I'd love to know the classic mistakes…").
    last = len(parts) - 1
    asked = [
        s.endswith("?")
        # a question that a semicolon joins to the next: "What is the pass mark; is it proctored?"
        or (s.endswith(";") and asks_itself(s))
        or (i == last and _LAST_ASK.match(normalize(s)) is not None)
        or conditioned_ask(s)
        or asks_indirectly(s)
        # claims the next sentence asks to have checked: "… and there are no prereqs. both right?"
        or (i < last and is_tag(parts[i + 1]) and len(claims(s)) > 1)
        or (i > 0 and is_tag(s) and len(claims(parts[i - 1])) > 1)  # …and the tag stays with them
        for i, s in enumerate(parts)
    ]
    # "cloud engineer and platform engineer: same level or no?": a label before a colon names what
    # the ask after it is about, unless it tells of the learner ("I'm an SRE with 5 years: …").
    for i, s in enumerate(parts[:-1]):
        if s.endswith(":") and asked[i + 1] and not _FIRST_PERSON.match(normalize(s)):
            asked[i] = True
    if not any(asked) or all(asked):
        return Separated(message)
    asks = [s for s, ask in zip(parts, asked, strict=True) if ask]
    told = [s for s, ask in zip(parts, asked, strict=True) if not ask]
    return Separated(" ".join(asks), " ".join(told))
