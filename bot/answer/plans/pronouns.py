"""What a part's pronoun or "one" stands for, in the words of the part before and its passage:
"who is it for?" after "what is the Certified MLOps Manager?" asks who the Certified MLOps Manager is for."""

from __future__ import annotations

import re

from bot.answer.plans import Found, candidate_of
from bot.answer.plans.catalog import Catalog
from index.keywords import tokenize

_WORDS = re.compile(r"[\w'-]+")
_PRONOUN = re.compile(r"\b(?:it|they|them)\b", re.IGNORECASE)


# "…the SRE path, and what does the security one cover?": "one" stands for a noun said before
# …and "which one" for the kind of thing the part before asked for ("which school…, and which one is for data?")
_ONE_FORM = re.compile(
    r"\b(?:(?:the|that|this)\s+(?:[\w-]+\s+){1,3}?|which\s+)(?P<one>one)s?\b", re.IGNORECASE
)


def one_as_said(part: str, said_before: str, before: Found, quoted: str, catalog: Catalog) -> str:
    """The part with "one" after a modifier ("the security one") as the part before's noun for its passage's kind."""
    m = _ONE_FORM.search(part)
    candidate = candidate_of(before, quoted)
    if m is None or candidate is None:
        return part
    kinds = catalog.kind_words(candidate.number)
    noun = next((w for w in _WORDS.findall(said_before) if tokenize(w) and set(tokenize(w)) <= kinds), None)
    if noun is None and m.group(0).lower().startswith("which") and before.query.shape.which:
        noun = before.query.shape.kind or None  # "which school…, and which one…": the kind picked from
    return part if noun is None else f"{part[: m.start('one')]}{noun}{part[m.end('one') :]}"


def named_again(part: str, before: Found, quoted: str, catalog: Catalog) -> str | None:
    """The part with its pronoun replaced by the words of the part before that the quoted
    passage's headings say of what it is about ("who is it for?" after "what is the Certified
    MLOps Manager" is "who is Certified MLOps Manager for?"); None when no such words or no pronoun."""
    candidate = candidate_of(before, quoted)
    if candidate is None:
        return None
    chunk = candidate.chunk
    if before.query.shape.which and chunk.kind == "section" and (label := catalog.label(chunk)):
        # "Which learning path is that, and which provider teaches it?": "it" is the path picked
        # (its own name: "DataOps Path"), not the kind the part before asked for. (A row picked
        # answers by one of its cells, which its label, the first cell, need not be.)
        named = _PRONOUN.sub(label, part, count=1)
        return named if named != part else None
    # Words as written, not stems: "manage" in the part before does not name a "Manager".
    heading = set(_WORDS.findall(" ".join(catalog.subject_headings(chunk)).casefold()))
    said = [w for w in _WORDS.findall(before.query.text) if tokenize(w) and w.casefold() in heading]
    if not said:
        return None
    kinds = catalog.kind_words(candidate.number)
    if all(set(tokenize(w)) <= kinds for w in said):
        # "who is the top level meant for, and what should they take after it?": "level" only says
        # what kind of thing it is; the heading's own words say which ("Managerial Level").
        own = " ".join(catalog.subject_headings(chunk)[:1])
        said = [
            w for w in _WORDS.findall(own) if tokenize(w) and not set(tokenize(w)) <= catalog.generic
        ] or said
    named = _PRONOUN.sub(" ".join(said), part, count=1)
    return named if named != part else None
