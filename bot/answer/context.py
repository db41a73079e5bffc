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

# A sentence ends at . ! ? ; or : followed by a space, or at the end of the message (so that
# "devsecopsschool.com" and "3.5" stay whole).
_END = re.compile(r"(?<=[.!?;:])\s+")


@dataclass(frozen=True)
class Separated:
    """A message split into what it asks and what it tells."""

    ask: str
    context: str = ""


def sentences(message: str) -> list[str]:
    """The message's sentences, each with its closing punctuation."""
    return [s.strip() for s in _END.split(message) if s.strip(" .!?;:")]


def separate(message: str, whole: bool = False) -> Separated:
    """The questions of a message of several sentences, apart from the sentences around them.

    Only a message that asks (has a "?") and also tells is split; anything else is all ask, and so
    is the whole message when `whole` (its question points back at the context).
    """
    if whole:
        return Separated(message)
    parts = sentences(message)
    asks = [s for s in parts if s.endswith("?")]
    if not asks or len(asks) == len(parts):
        return Separated(message)
    told = [s for s in parts if not s.endswith("?")]
    return Separated(" ".join(asks), " ".join(told))
