"""The asks of a learner's message: where one question ends and the next begins.

Read from the grammar of questions alone: question words, "and"/"also"/"+" between asks,
numbered lists, and the sentences around the asks that ask nothing (their context).
"""

from __future__ import annotations

import itertools
import re

from index.keywords import normalize, tokenize

# Words that open a question or a request: after "and", "also" or a comma they start a new ask.
ASK = (
    r"(?:what|what's|whats|how|who|who's|whom|whose|which|when|where|why|is|are|was|were|does|do|did"
    r"|can|could|will|would|should|has|have|may|must|tell me|explain|describe|list|name|give me)"
)
_NUMBERED = re.compile(r"^\s*\d[).]\s")
_LISTED = re.compile(r"\s\+\s|(?:^|\s)\d[).]\s.*\s\d[).]\s")
_SENTENCE = re.compile(r"(?<=[?!.])\s+")
_STARTS_ASK = re.compile(rf"^\s*(?:(?:and|also|so|ok(?:ay)?|then|and also),?\s+)?{ASK}\b")
# Where one ask ends and the next begins inside a sentence: "…, and how long…", "…; also what…".
_JOIN = re.compile(
    rf"(?:\s*[,;]\s*(?:and |also |plus |and also )?|\s+(?:and|also|plus|and also)\s+)(?={ASK}\b)"
    # "…, and if I drop out can I…": a condition that leads to an ask of its own
    rf"|\s*,\s*and (?:also )?(?=(?:if|when|once)\b[^,?]*\b{ASK}\b)"
    # "…, and also at the managerial level?": the same ask of something else (read as a follow-up)
    r"|\s*,\s*and also (?=(?:at|for|in|about|on|with)\b)|\s*,\s*and (?=(?:at|for|in|about|on|with) the\b)"
    # "duration + next exam date?", "1) … 2) …"
    r"|\s+\+\s+|\s*[,;]?\s*(?<!\w)\d[).]\s+"
)


def starts_ask(text: str) -> bool:
    """Whether a text opens as a question or a request does ("what…", "is…", "tell me…")."""
    return _STARTS_ASK.match(normalize(text)) is not None


def split_parts(text: str) -> tuple[tuple[str, ...], str]:
    """The separate asks of a message, and the sentences around them that ask nothing.

    Asks are its questions, and asks joined by "and", "also", "+", a comma or a numbered list.
    Sentences that ask nothing ("I'm an SRE.") are the context the asks are read in.
    """
    sentences = [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]
    asks: list[str] = []
    context: list[str] = []
    for sentence in sentences:
        listed = _LISTED.search(sentence) is not None  # "1) … 2) …", "… + …": a list of asks
        if not (sentence.endswith("?") or listed or _STARTS_ASK.match(normalize(sentence))):
            context.append(sentence)
            continue
        asks.extend(_split_sentence(sentence))
    if not asks:
        return (text.strip(),), ""
    return tuple(asks), " ".join(context)


def _split_sentence(sentence: str) -> list[str]:
    """One sentence cut where a new ask begins; a piece that asks nothing joins the one before."""
    norm = normalize(sentence)
    joins = [m for m in _JOIN.finditer(norm) if m.start() > 0]
    cuts = [0, *(m.start() for m in joins), len(norm)]
    # Around "+", and after a number ("1) … 2) …"), every piece is an ask, question word or not.
    listed = {i + 1 for i, m in enumerate(joins) if re.search(r"[+\d]", m.group(0))}
    listed |= {i for i, m in enumerate(joins) if "+" in m.group(0)}
    if _NUMBERED.match(norm):
        listed.add(0)
    pieces: list[str] = []
    lead = ""  # words before the first ask ("If I study properly, …"): context of the ask after them
    for i, (start, end) in enumerate(itertools.pairwise(cuts)):
        piece = sentence[start:end].strip(" ,;+")
        piece = re.sub(r"^(?:\d[).]\s*|and\s+|also\s+|plus\s+)+", "", piece, flags=re.IGNORECASE).strip()
        if not piece:
            continue
        asks = i in listed or _STARTS_ASK.match(normalize(piece)) is not None
        if not pieces and not asks:
            lead = f"{lead}, {piece}" if lead else piece
            continue
        if lead:
            piece, lead = f"{lead}, {piece}", ""
        if pieces and not (tokenize(piece) or asks):
            pieces[-1] += ", " + piece
        else:
            pieces.append(piece)
    return pieces or [sentence]
