"""The shape of a question: how many asks it holds, what it compares, lists or orders.

Read from the grammar of questions alone (question words, connectives, comparison and ordinal
words), never from the curriculum's wording: the answer planner matches what the shape names
(subjects, a kind of thing, an anchor row) against the corpus's own headings and cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from index.keywords import normalize, tokenize

# Words that open a question or a request: after "and", "also" or a comma they start a new ask.
_ASK = (
    r"(?:what|what's|whats|how|who|who's|whom|whose|which|when|where|why|is|are|was|were|does|do|did"
    r"|can|could|will|would|should|has|have|may|must|tell me|explain|describe|list|name|give me)"
)
_BACK_REFERENCE = re.compile(
    r"^(?:which(?: one)?|what(?:'s| is) the difference|how do they|how are they|what does each|what do they)\b"
)
_SENTENCE = re.compile(r"(?<=[?!.])\s+")
_STARTS_ASK = re.compile(rf"^\s*(?:(?:and|also|so|ok(?:ay)?|then|and also),?\s+)?{_ASK}\b")
# Where one ask ends and the next begins inside a sentence: "…, and how long…", "…; also what…".
_JOIN = re.compile(
    rf"(?:\s*[,;]\s*(?:and |also |plus |and also )?|\s+(?:and|also|plus|and also)\s+)(?={_ASK}\b)"
    # "…, and if I drop out can I…": a condition that leads to an ask of its own
    rf"|\s*,\s*and (?:also )?(?=(?:if|when|once)\b[^,?]*\b{_ASK}\b)"
    # "…, and also at the managerial level?": the same ask of something else (read as a follow-up)
    r"|\s*,\s*and also (?=(?:at|for|in|about|on|with)\b)|\s*,\s*and (?=(?:at|for|in|about|on|with) the\b)"
    # "duration + next exam date?", "1) … 2) …"
    r"|\s+\+\s+|\s*[,;]?\s*(?<!\w)\d[).]\s+"
)

# Comparisons: the subjects are the noun phrases around the connective.
_COMPARE = (
    re.compile(r"\bbetween (?P<a>.+?) (?:and|or) (?P<b>.+)"),
    re.compile(r"\bcompare (?P<a>.+?) (?:and|with|to|vs\.?|versus|against) (?P<b>.+)"),
    re.compile(
        r"\b(?:how|in what way) (?:does|do|is|are) (?P<a>.+?) (?:differ|different|compare|stack up)\w* "
        r"(?:from|to|with|against) (?P<b>.+)"
    ),
    re.compile(r"\b(?:how|in what way) (?:do|does) (?P<a>.+?) and (?P<b>.+?) (?:differ|compare)"),
    # "which providers focus on security versus cost": the subject is what follows the last
    # preposition before the connective.
    re.compile(
        r"(?:.*\b(?:on|about|in|with|for|of|between)\s+|^)(?P<a>[^,]+?) (?:vs\.?|versus|compared (?:to|with)"
        r"|as opposed to) (?P<b>.+)"
    ),
    re.compile(r"(?P<a>.+?) or (?P<b>[^,?]+)[,?]?\s*which\b(?P<rest>.*)"),
    re.compile(r"\bwhich (?:is|one is|would be) (?P<rest>.+?),? (?P<a>[^,]+?) or (?P<b>[^,?]+)"),
    re.compile(r"(?P<a>\b[\w.-]+(?: [\w.-]+)?) and (?P<b>[\w.-]+(?: [\w.-]+)?) (?:each|both|respectively)\b"),
)
# A subject phrase ends where the question goes on to what it asks of it.
_SUBJECT_END = re.compile(
    rf"\s*(?:[,?;!:]|\s-\s|\bin terms of\b|\bwhen it comes to\b|\bregarding\b|\bfor (?:someone|a|an|me)\b"
    rf"|\b(?:that|which|who)\b|\b{_ASK}\b).*"
)
_OF_SUBJECT = "at|for|of|in|on|after|about"  # "the skills at the foundation level": the subject follows
_SUBJECT_WORDS = 5  # a compared subject is a name or a short noun phrase
_LEADING = re.compile(r"^(?:the|a|an|between|both|either|whether|my|your)\s+")
# The words that only make a question a comparison; what is left of it is what it asks of each.
_COMPARISON_WORDS = re.compile(
    r"\b(?:compare[ds]?|comparing|comparison|differ\w*|different|difference\w*|vs\.?|versus|between"
    r"|against|stack up|in terms of|when it comes to|respectively|each|both|either|or|and|from|to|with"
    r"|which one is more|which is more|which one|what is the|what's the|how does|how do|how is|how are"
    r"|the|a|an|at|for|of|in|on|after|about|those|ones|they|them|whats|diff)\b"
)
_COMPARISON_CUE = re.compile(r"\b(?:differ\w*|different|difference\w*|compare\w*|comparison|vs\.?|versus)\b")
# Question words that ask something of each subject on their own ("who they're for").
_ASKS_OF_EACH = re.compile(r"\b(?:who|when|where|why|how long|how much|how many|what)\b")

# Asking for every thing of a kind.
_LISTING = (
    re.compile(r"\b(?:what|which) (?:kinds? of |types? of |sorts? of )?(?P<k>[\w\s/-]+?) (?:are there|exist|are available|are offered|do (?:you|they) (?:have|offer))\b"),
    # a request, at the start of an ask: "list the levels", "can you name all the providers"
    re.compile(
        r"(?:^|[.?!;]\s+)(?:please |pls |can you |could you |quickly )?(?:list|name|enumerate|show me|give me)"
        r" (?:me )?(?:all |every |each )?(?:of )?(?:the |your )?(?P<k>[\w\s/-]+)"
    ),
    re.compile(r"\bwhat are (?:all|each|every one) (?:of )?(?:the )?(?P<k>[\w\s/-]+)"),
    re.compile(r"\bhow many (?P<k>[\w\s/-]+?)(?: (?:are there|exist|are|is|does|do|in)\b|\s*\?|$)"),
    re.compile(r"\b(?:all|every|each) (?:of )?(?:the |its |their )?(?P<k>(?:\w+ )?\w+)"),
)
# A kind is the noun phrase before its first preposition: "options" of "options after foundation".
_KIND_END = re.compile(r"\s+(?:after|before|for|of|in|at|from|on|across|with|to|by|that|which|who|i|you)\b.*")

# "Which tracks…", "what role…": the noun after the question word is the kind asked to pick from.
_WHICH = re.compile(
    rf"\bwhich (?!{_ASK}\b|one\b|ones\b|i\b|you\b|of\b)(?P<k>[a-z][\w-]*(?: (?!{_ASK}\b)[a-z][\w-]*){{0,4}})"
    # "what roles does the table cover?": a plural noun after "what" is a kind to pick from
    rf"|\bwhat (?P<plural>[a-z]+s) (?=(?:do|does|are|did|can|will|would|should|get|gets)\b)"
)
_PRONOUN = re.compile(r"^(?:them|those|these|it|they|one|ones)$")

OrderKind = Literal["first", "last", "after", "before", "all", "nth"]
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
# Position in a sequence: "comes after X", "follows X", "is first", "the last one" ("the first
# level" or "the final stretch" name a thing, they do not ask for a position).
_SEQUENCE_VERB = r"(?:comes?|is|are|goes|go|sits?|falls?)\s+(?:right |directly |immediately |just )?"
_ANCHOR = r"(?:the\s+)?(?P<anchor>[\w/&.-]+(?: [\w/&.-]+)?)"
_AFTER = re.compile(rf"\b(?:{_SEQUENCE_VERB}after|follows?|next after)\s+{_ANCHOR}")
_BEFORE = re.compile(rf"\b(?:{_SEQUENCE_VERB}before|precedes?)\s+{_ANCHOR}")
_POSITION_END = r"(?=\s*(?:$|[?.!,;]|one\b|ones\b|in\b|on\b|of\b|step\b|place\b|position\b|and\b|or\b))"
_FIRST = re.compile(rf"\b(?:(?:first|1st){_POSITION_END}|start with|begin with|earliest)")
_LAST = re.compile(rf"\b(?:(?:last|final){_POSITION_END}|finish with|end with)")
_ALL_ORDER = re.compile(r"\b(?:in (?:what|which|the recommended|recommended|the right|the)? ?order|what order|which order|sequence|ordered|order of)\b")
_NTH = re.compile(r"\b(" + "|".join(_ORDINALS) + rf"){_POSITION_END}")
_YES_NO = re.compile(r"^(?:is|are|was|were|does|do|did|can|could|will|would|should|has|have|may|must)\b")


@dataclass(frozen=True)
class Order:
    """An ordinal or positional ask: the first, the last, the nth, the one after or before an anchor, or all in order."""

    kind: OrderKind
    anchor: str = ""  # the words naming the row it is relative to ("leadership" in "what comes after Leadership?")
    n: int = 0


@dataclass(frozen=True)
class Shape:
    """What a question asks for, as its grammar says."""

    parts: tuple[str, ...]  # the separate asks, in the order asked (one when it asks one thing)
    context: str = ""  # what the message says around its asks ("I'm an SRE with five years.")
    subjects: tuple[str, ...] = ()  # the things compared (two or more when it compares)
    aspect: str = ""  # what it asks of each compared subject ("who they are for"); "" for everything
    kind: str = ""  # the kind of thing it asks to list or pick ("learning paths", "tracks")
    listing: bool = False  # asks for every thing of that kind
    which: bool = False  # asks to pick the things of that kind that have a property
    order: Order | None = None
    yes_no: bool = False

    @property
    def several(self) -> bool:
        return len(self.parts) > 1

    @property
    def compares(self) -> bool:
        return len(self.subjects) > 1


def split_parts(text: str) -> tuple[tuple[str, ...], str]:
    """The separate asks of a message, and the sentences around them that ask nothing.

    Asks are its questions, and asks joined by "and", "also", "+", a comma or a numbered list.
    Sentences that ask nothing ("I'm an SRE.") are the context the asks are read in.
    """
    sentences = [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]
    asks: list[str] = []
    context: list[str] = []
    for sentence in sentences:
        if not (sentence.endswith("?") or _STARTS_ASK.match(normalize(sentence))):
            context.append(sentence)
            continue
        asks.extend(_split_sentence(sentence))
    if not asks:
        return (text.strip(),), ""
    return tuple(asks), " ".join(context)


def _split_sentence(sentence: str) -> list[str]:
    """One sentence cut where a new ask begins.

    A piece that asks nothing of its own joins its neighbour, and so does one that points back at
    a comparison ("SRE path vs DevOps path, which one…?").
    """
    norm = normalize(sentence)
    joins = [m for m in _JOIN.finditer(norm) if m.start() > 0]
    cuts = [0, *(m.start() for m in joins), len(norm)]
    # Around "+", and after a number ("1) … 2) …"), every piece is an ask, question word or not.
    listed = {i + 1 for i, m in enumerate(joins) if re.search(r"[+\d]", m.group(0))}
    listed |= {i for i, m in enumerate(joins) if "+" in m.group(0)}
    pieces: list[str] = []
    lead = ""  # words before the first ask ("If I study properly, …"): context of the ask after them
    for i, (start, end) in enumerate(zip(cuts, cuts[1:], strict=False)):
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
        points_back = _BACK_REFERENCE.match(normalize(piece)) and pieces and compared(f"{pieces[-1]}, {piece}")[0]
        if pieces and (not (tokenize(piece) or asks) or points_back):
            pieces[-1] += ", " + piece
        else:
            pieces.append(piece)
    return pieces or [sentence]


def _subject(phrase: str) -> str:
    phrase = _SUBJECT_END.sub("", phrase.strip())
    phrase = _LEADING.sub("", phrase.strip(" ,.?!"))
    return phrase.strip(" ,.?!")


def _compared_subject(phrase: str, first: bool) -> tuple[str, str]:
    """A compared subject and what is asked of it: "the skills you gain at the foundation level"
    is the foundation level, asked for the skills you gain. The first subject starts after a
    colon ("two learning paths: the DataOps path or…"); the second ends at one."""
    phrase = phrase.strip()
    if first:
        phrase = re.sub(r"^.*:\s*", "", phrase)
    phrase = re.sub(r"^(?:what|how|who|which|where|when)\s+", "", phrase)
    phrase = re.sub(rf"^(?:{_OF_SUBJECT})\s+", "", re.sub(r"'s\b", "", phrase))
    cut = _SUBJECT_END.sub("", phrase)
    if tokenize(_subject(cut)):
        phrase = cut  # else it ended too soon: "the 'who should take it' for the…" holds a "who"
    for cut in (phrase,):
        m = re.match(rf"^(?P<asked>.+?)\s+(?:{_OF_SUBJECT})\s+(?P<subject>(?:(?!\b(?:{_OF_SUBJECT})\b).)+)$", cut)
        if m and tokenize(_subject(m.group("subject"))):
            return _subject(m.group("subject")), m.group("asked")
    return _subject(phrase), ""


def compared(text: str) -> tuple[tuple[str, ...], str]:
    """The subjects a question compares, and what it asks of each ("" when nothing in particular)."""
    norm = normalize(text).strip()
    for pattern in _COMPARE:
        m = pattern.search(norm)
        if not m:
            continue
        (a, asked_a), (b, asked_b) = _compared_subject(m.group("a"), True), _compared_subject(m.group("b"), False)
        a = re.sub(r"^.*\b(?:between|compare|of)\s+", "", a)
        if not a or not b or a == b or not tokenize(a) or not tokenize(b):
            continue
        if max(len(a.split()), len(b.split())) > _SUBJECT_WORDS:
            continue  # a clause, not a name: "…make sure nobody tampers with the models or leaks…"
        aspect = norm
        for subject in (a, b):
            aspect = aspect.replace(subject, " ")
        if asked_a or asked_b:  # what the subjects' own phrases ask of them, once
            aspect = f"{asked_a or asked_b} " + aspect.replace(asked_a or asked_b, " ")
        aspect = " ".join(_COMPARISON_WORDS.sub(" ", re.sub(r"[^\w\s'/-]", " ", aspect)).split())
        if not tokenize(aspect) and not _ASKS_OF_EACH.search(aspect):
            aspect = ""  # nothing asked of each but the comparison itself
        # Only "X and Y <heads>" shares a head noun: "the foundation and professional levels".
        joined = norm[m.end("a") : m.start("b")].strip() == "and"
        return (_share_head(a, b) if joined else (a, b)), aspect
    return (), ""


def _share_head(a: str, b: str) -> tuple[str, str]:
    """ "foundation and professional levels": a bare modifier borrows the other's head noun."""
    a_words, b_words = a.split(), b.split()
    if len(a_words) == 1 and len(b_words) >= 2 and b_words[-1].endswith("s"):
        head = b_words[-1][:-1]
        return f"{a} {head}", " ".join([*b_words[:-1], head])
    if len(b_words) == 1 and len(a_words) >= 2:
        return a, f"{b} {a_words[-1]}"
    return a, b


def _order(norm: str) -> Order | None:
    m = _AFTER.search(norm)
    if m:
        return Order("after", m.group("anchor"))
    m = _BEFORE.search(norm)
    if m:
        return Order("before", m.group("anchor"))
    if _LAST.search(norm):
        return Order("last")
    m = _NTH.search(norm)
    if m:
        return Order("nth", n=_ORDINALS[m.group(1)])
    if _FIRST.search(norm):
        return Order("first")
    if _ALL_ORDER.search(norm):
        return Order("all")
    return None


def starts_ask(text: str) -> bool:
    """Whether a text opens as a question or a request does ("what…", "is…", "tell me…")."""
    return _STARTS_ASK.match(normalize(text)) is not None


def is_comparison(text: str) -> bool:
    """Whether a text (a heading, an FAQ's question) is itself about how things differ."""
    return _COMPARISON_CUE.search(normalize(text)) is not None


def read_shape(text: str, whole: bool = True) -> Shape:
    """The shape of a learner's message; `whole` false for a reading that is not the learner's
    own words (a follow-up with the earlier topic's words added): one ask, compared or not."""
    parts, context = split_parts(text) if whole else ((text,), "")
    norm = normalize(text).strip()
    subjects, aspect = compared(text) if len(parts) == 1 and whole else ((), "")
    kind, listing = "", False
    for pattern in _LISTING:
        m = pattern.search(norm)
        if m:
            kind, listing = _KIND_END.sub("", _subject(m.group("k"))), True
            break
    which = False
    if not listing:
        m = _WHICH.search(norm)
        if m:
            kind, which = m.group("k") or m.group("plural"), True
    elif _PRONOUN.match(kind):  # "…which providers…? Please give me all of them."
        m = _WHICH.search(norm)
        kind = (m.group("k") or m.group("plural")) if m else kind
    return Shape(
        parts=parts,
        context=context,
        subjects=subjects,
        aspect=aspect,
        kind=kind,
        listing=listing,
        which=which,
        order=_order(norm),
        yes_no=bool(_YES_NO.match(norm)),
    )
