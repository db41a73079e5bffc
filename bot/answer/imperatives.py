"""Requests in the imperative: the verbs that ask for something ("walk me through…", "spell out…"),
and a request for two things at once ("list the skills…, and the common mistakes…")."""

from __future__ import annotations

import re

# A request: "tell me", "give me", "list", "name", "explain", "describe"; a verb with "me" ("remind me
# of", "walk me through"), a phrasal verb ("spell out", "go over") or a verb of summing up or checking.
REQUEST = (
    r"(?:tell me|give me|list|name|explain|describe"
    r"|(?:show|remind|walk|run|fill|let) me|spell out|sum up|go over|go through|break down|lay out"
    r"|summari[sz]e|outline|define|recap|clarify|confirm|enumerate)"
)
# "list the skills the foundation level gives you, and the common mistakes at that level": each thing
# asked for, with words of its own, is an ask. The first must be more than a noun ("name the provider
# and the path for FinOps" asks one thing of FinOps); "between…and", "both…and" and a comparison join
# what they compare.
_OBJECT_JOIN = re.compile(r",?\s+(?:and then|and|then|as well as|plus)\s+(?=(?:the|its|their|any)\s)")
_COMPARED = re.compile(r"\b(?:between|both|compar\w*|differ\w*|versus|vs)\b")
_OBJECT_WORDS = 3  # the first thing asked for has at least this many words after its article


def object_joins(folded: str, start: int) -> list[tuple[int, str]]:
    """Where each further thing a request asks for begins in a folded sentence, with its joining
    words; `start` is where the first thing's words begin (after its article)."""
    if _COMPARED.search(folded):
        return []
    joins = []
    for m in _OBJECT_JOIN.finditer(folded, start):
        if len(folded[start : m.start()].split()) >= _OBJECT_WORDS:
            joins.append((m.start(), m.group(0)))
        start = m.end()
    return joins
